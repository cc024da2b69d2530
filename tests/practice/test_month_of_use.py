"""A month of use: a realistic network, a scripted user, the real reminder service and tray
controller (over the real main window) on a fake clock that jumps straight to the
service's own next wake-up, never stepping by the hour.

What a person would notice is asserted as figures: at most three notifications a day,
nothing said twice, nothing in quiet hours, snoozed people never named, the tray and
Today listing the same people every morning, the closest cooling people first, every new
encounter nudged by the morning after the meeting, and box minutes counted.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time, timedelta
from itertools import pairwise

import pytest

from relmanager.domain.stages import DEFAULT_CADENCE, Stage
from relmanager.services import reminder_pass
from relmanager.services.context import AppContext, make_settings
from relmanager.services.reminders import clamp_interval
from relmanager.store import settings as store_settings
from relmanager.store import timeboxes
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import TimeBoxPlan
from relmanager.ui.shell.main_window import MainWindow
from relmanager.ui.shell.tray import TrayController
from relmanager.ui.today import today_queries as tq

FIRST = ["Ada", "Ben", "Cleo", "Dan", "Eva", "Finn", "Gus", "Hana", "Ines", "Jon", "Kai",
         "Lea", "Mo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vic",
         "Wim", "Xena", "Yara", "Zoe"]
NETWORK = [(Stage.INTIMACY, 4), (Stage.FRIENDSHIP, 10), (Stage.DEVELOPMENT, 16),
           (Stage.RECOGNITION, 14), (Stage.ENCOUNTER, 10), (Stage.INBOX, 4), (Stage.PARKED, 2)]
DAYS = 30


def build_network(clock, rng: random.Random) -> dict[str, int]:
    """~60 contacts known for months or years, each last seen somewhere around its
    stage's rhythm (some warm, some cooling, some cold); stale encounters never followed
    up. Built at their own dates, so due dates count from real history."""
    start = clock.now()
    people: dict[str, int] = {}
    number = 0
    for stage, count in NETWORK:
        for _ in range(count):
            name = f"{FIRST[number % len(FIRST)]} {stage.label}{number // len(FIRST) or ''}"
            number += 1
            clock.set(start - timedelta(days=rng.randint(120, 900)))
            contact = create_contact(clock, name, stage=stage, met_on=clock.now().date(),
                                     sphere=rng.choice(["business", "personal", "both"]))
            people[name] = contact.id
            cadence = DEFAULT_CADENCE.get(stage)
            if cadence is not None and stage is not Stage.ENCOUNTER:
                clock.set(start - timedelta(days=rng.randint(2, int(cadence.max_days * 1.3)),
                                            hours=rng.randint(0, 8)))
                log_interaction(clock, [contact.id], rng.choice(["phone", "video", "one_on_one"]))
    # The closest friend is about to cool: she must come first, before stale strangers.
    clock.set(start - timedelta(days=21, hours=2))
    ivy = create_contact(clock, "Ivy Closest", stage=Stage.INTIMACY, met_on=date_of(clock, 3000))
    log_interaction(clock, [ivy.id], "one_on_one")
    people["Ivy Closest"] = ivy.id
    clock.set(start)
    return people


def date_of(clock, days_ago: int):
    return (clock.now() - timedelta(days=days_ago)).date()


class Script:
    """The scripted user: timed actions, run when the clock reaches them."""

    def __init__(self) -> None:
        self.actions: list[tuple[datetime, int, object]] = []
        self._n = 0

    def at(self, when: datetime, action) -> None:
        self._n += 1
        self.actions.append((when, self._n, action))
        self.actions.sort(key=lambda a: (a[0], a[1]))

    def next_time(self) -> datetime | None:
        return self.actions[0][0] if self.actions else None

    def pop_due(self, now: datetime) -> list:
        due = [a for a in self.actions if a[0] <= now]
        self.actions = [a for a in self.actions if a[0] > now]
        return [a[2] for a in due]


@pytest.fixture
def running(db, db_path, clock, qtbot, tmp_path):
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    tray = TrayController(ctx, window)
    from relmanager.services.reminders import ReminderService

    service = ReminderService(ctx, tray)
    tray.service = service
    yield ctx, window, tray, service
    service.shutdown()
    tray.shutdown()
    window.shutdown()


def menu_ids(tray) -> dict[str, list[int]]:
    """The contact ids each tray submenu lists, read off the real menu."""
    tray.menu.aboutToShow.emit()
    tray.feed.wait()
    result = {}
    for action in tray.menu.actions():
        sub = action.menu()
        if sub is None:
            continue
        key = action.text().rsplit(" (", 1)[0]
        ids = []
        for entry in sub.actions():
            data = entry.data() if entry.menu() is None else entry.menu().menuAction().data()
            if isinstance(data, int):
                ids.append(data)
        result[key] = ids
    return result


def today_ids(now: datetime) -> dict[str, list[int]]:
    """Today's lists (the function the view runs), snoozed people (marked there) left out,
    cut to what the tray shows."""
    data = tq.load(now)

    def live(rows):
        return [cid for cid, columns, _w in rows if "snoozed until" not in " ".join(columns)]

    return {"Going cold": live(data.cold)[:15], "Link while fresh": live(data.fresh)[:15],
            "Follow-ups due": live(data.follow_ups)[:15],
            "Introductions": live(data.intros)[:15]}


def test_a_month_of_use(running, clock):
    _ctx, _window, tray, service = running
    rng = random.Random(26)
    start = clock.now().replace(hour=6, minute=0)
    clock.set(start)
    people = build_network(clock, rng)
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4", start_time="08:30")
    store_settings.set_value("timebox_days", "0,1,2,3,4")
    end = start + timedelta(days=DAYS)
    script = Script()
    shown: list[tuple[datetime, object]] = []
    mornings: list[tuple[datetime, dict, dict]] = []
    first_morning: dict[str, list[int]] = {}
    box_minutes: Counter[str] = Counter()
    encounters: dict[str, datetime] = {}
    snoozed: dict[str, tuple[datetime, datetime]] = {}
    contacted: dict[int, list[datetime]] = {}
    acted: set = set()

    def snooze_friend() -> None:
        """Snooze the person the next digest would name first (not named so far)."""
        said = "\n".join(f"{n.title}\n{n.body}" for _w, n in shown)
        names = {cid: name for name, cid in people.items()}
        item = next(i for i in tray.lists(clock.now())["cold"]
                    if names[i.contact_id] not in said)
        target = item.contact_id
        tray.snooze(item, 7)
        snoozed[names[target]] = (clock.now(), clock.now() + timedelta(days=7))

    script.at(start + timedelta(days=2, hours=4), snooze_friend)
    for day in (5, 12):
        script.at(start + timedelta(days=day, hours=6),
                  lambda: service.snooze_all(1))

    def act_on_box() -> None:
        session = timeboxes.current_session(clock.now())
        recent = store_settings.get_value(reminder_pass.RECENT_KEY, [])
        if session is None or not recent or rng.random() < 0.2:
            return
        log_interaction(clock, [recent[-1][0]], "phone", minutes=10)
        contacted.setdefault(recent[-1][0], []).append(clock.now())
        acted.add(clock.now().date())
        box_minutes[clock.now().strftime("%G-%V")] += 10

    def meet(name: str, follow: bool, log_meeting: bool) -> None:
        contact = create_contact(clock, name, stage=Stage.ENCOUNTER, met_on=clock.now().date(),
                                 where_met="a meetup")
        people[name] = contact.id
        encounters[name] = clock.now()
        if log_meeting:  # the meeting itself, logged: not its follow-up
            log_interaction(clock, [contact.id], "one_on_one", minutes=60)
        if follow:
            script.at(clock.now() + timedelta(days=2, hours=-7),
                      lambda: log_interaction(clock, [contact.id], "email"))

    def morning() -> None:
        mornings.append((clock.now(), menu_ids(tray), today_ids(clock.now())))
        if not first_morning:
            first_morning.update(today_ids(clock.now()))
            first_morning["total"] = [tq.load(clock.now()).cold_total]

    for day in range(DAYS):
        midnight = start.replace(hour=0) + timedelta(days=day)
        script.at(midnight.replace(hour=7, minute=45), morning)
        if midnight.weekday() < 5:
            script.at(midnight.replace(hour=8, minute=33), act_on_box)
        if day % 3 == 1:
            n = day // 3
            script.at(midnight.replace(hour=19), lambda n=n: meet(
                f"New Person{n}", follow=n % 4 != 3, log_meeting=n % 2 == 0))
        if day % 5 == 2:
            dev = [n for n in people if " Development" in n][day % 16]
            due = midnight + timedelta(days=3, hours=9 if day % 2 else 16)
            script.at(midnight.replace(hour=10), lambda dev=dev, due=due: create_follow_up(
                clock, people[dev], "send the article", due))

    service.start()
    wakeups = 0
    while clock.now() < end:
        if service.wake_at is not None:  # the real QTimer is armed for that very moment
            due_ms = (service.wake_at - clock.now()).total_seconds() * 1000 + 50
            assert service.timer.isActive()
            assert service.timer.interval() == clamp_interval(due_ms)
        candidates = [t for t in (service.wake_at, script.next_time(), end) if t is not None]
        target = min(candidates)
        assert target > clock.now()
        clock.set(target)
        for action in script.pop_due(clock.now()):
            action()
        shown += [(clock.now(), n) for n in service.check()]  # the timer's (or debounce's) pass
        wakeups += 1
    assert wakeups < DAYS * 40  # its own wake-ups, not a poll every few minutes

    per_day = Counter(when.date() for when, _n in shown)
    assert max(per_day.values()) <= 3, per_day
    keys = [k for _w, n in shown for k in n.keys]
    assert [k for k, c in Counter(keys).items() if c > 1] == []  # nothing said twice
    assert all(time(7) <= when.time() < time(22) for when, _n in shown)  # quiet hours
    for name, (since, until) in snoozed.items():
        named = [n for when, n in shown if since <= when < until
                 and name in f"{n.title}\n{n.body}"]
        assert named == [], named
    # cooling and cold worded differently; each person's silence said at most twice
    # (a second "is cooling" only after the user was in touch and the rhythm ran out again)
    said: dict[str, list[datetime]] = {}
    for when, n in shown:
        for line in n.body.split("\n"):
            if " is cooling:" in line or " has gone cold:" in line:
                said.setdefault(line.split(":")[0], []).append(when)
    assert len(said) >= 20
    for words, times in said.items():
        for first, second in pairwise(times):
            name = words.replace(" is cooling", "").replace(" has gone cold", "")
            assert any(first < t < second for t in contacted.get(people[name], [])), words
    # tray and Today agree every morning, list by list
    assert len(mornings) == DAYS
    for when, tray_lists, today_lists in mornings:
        assert tray_lists == today_lists, when
    # the closest cooling person first, on the first morning and in the first digest
    stage_of = {cid: name.split(" ")[1].rstrip("0123456789") for name, cid in people.items()}
    stage_of[people["Ivy Closest"]] = "Intimacy"
    order = first_morning["Going cold"]
    assert stage_of[order[0]] == "Intimacy"
    distant = [i for i, cid in enumerate(order)
               if stage_of[cid] in ("Encounter", "Recognition", "Development")]
    assert order.index(people["Ivy Closest"]) < min(distant)  # barely cooling, still first
    digests = [n for _w, n in shown if n.kind == "digest"]
    assert list(digests[0].people) == order[:3]  # the digest names Today's first three
    assert {stage_of[cid] for cid in digests[0].people} <= {"Intimacy", "Friendship"}
    assert f"and {first_morning['total'][0] - 3} more in Today" in digests[0].body
    # every new encounter nudged by the morning after the meeting
    assert len(encounters) >= 9
    for name, met in encounters.items():
        by = datetime.combine(met.date() + timedelta(days=1), time(12))
        assert any(name in n.body and met <= when <= by for when, n in shown), name
    # "log what you did?" exactly on the box days when nothing was logged in the box
    box_days = {(start + timedelta(days=d)).date() for d in range(DAYS)
                if (start + timedelta(days=d)).weekday() < 5}
    prompts = [when.date() for when, n in shown if n.kind == "timebox_end"]
    assert sorted(prompts) == sorted(box_days - acted) and prompts
    assert all("invested this week" in n.body for _w, n in shown if n.kind == "timebox_end")
    # box minutes counted, week by week
    assert sum(box_minutes.values()) >= 100
    for week in sorted(box_minutes):
        monday = datetime.strptime(f"{week}-1", "%G-%V-%u")
        sunday_night = monday + timedelta(days=6, hours=23)
        if sunday_night < end:
            progress = timeboxes.week_progress(sunday_night)
            assert progress.invested_minutes == box_minutes[week], week

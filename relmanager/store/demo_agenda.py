"""The demo's agenda: follow-ups, introductions and time boxes, shaped so that every list
on Today and every kind of reminder has something to show on the first start (a follow-up
overdue and one due later today, introductions at each step that waits on someone, this
week's morning boxes), with texts as varied as a real person's."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from relmanager.domain.introductions import (
    FOLLOW_UP_AFTER_DAYS,
    IntroStatus,
    check_in_pending,
)
from relmanager.domain.stages import Stage
from relmanager.store import demo_names as words

#: The first follow-ups, days from now: two overdue, one due today (at 16:00).
PRESSING_FOLLOW_UPS = (-3, -1, 0)
#: The first introductions' steps: each one Today lists, then the finished kinds.
INTRO_STEPS = (IntroStatus.REQUESTED, IntroStatus.CONSENT_ASKED, IntroStatus.CONSENT_GIVEN,
               IntroStatus.MADE, IntroStatus.FOLLOWED_UP, IntroStatus.CLOSED,
               IntroStatus.DECLINED)


def _path_to(status: IntroStatus) -> list[IntroStatus]:
    """The steps an introduction took to reach ``status``, each an allowed move
    (``domain.introductions.NEXT_STEPS``, held by tests/store/test_demo_network.py):
    declined after being asked, never after agreeing; closed after the follow-up. The
    demo walked the enum's order, so a declined one had said yes first."""
    path = [IntroStatus.REQUESTED]
    happy = (IntroStatus.CONSENT_ASKED, IntroStatus.CONSENT_GIVEN, IntroStatus.MADE,
             IntroStatus.FOLLOWED_UP, IntroStatus.CLOSED)
    for step in happy if status is not IntroStatus.DECLINED else (
            IntroStatus.CONSENT_ASKED, IntroStatus.DECLINED):
        if path[-1] is status:
            break
        path.append(step)
    return path


def follow_ups_and_introductions(conn, rng: random.Random, stages: list[Stage],
                                 first_id: int, now: datetime) -> None:
    active = [first_id + i for i, s in enumerate(stages) if s.maturity >= 2]
    if len(active) < 2:
        return
    follow_ups = []
    chosen = rng.sample(active, min(len(active), max(6, len(active) // 25)))
    for n, cid in enumerate(chosen):
        if n < len(PRESSING_FOLLOW_UPS):
            days = PRESSING_FOLLOW_UPS[n]
            due = datetime.combine(now.date() + timedelta(days=days),
                                   time(16) if days == 0 else time(9))
            done = None
        else:
            due = datetime.combine(now.date() + timedelta(days=rng.randint(-25, 30)),
                                   time(rng.choice((9, 10, 14, 17))))
            done = str(due) if due < now and rng.random() < 0.7 else None
        follow_ups.append((cid, words.FOLLOW_UP_TITLES[n % len(words.FOLLOW_UP_TITLES)],
                           str(due), done, str(now.replace(microsecond=0))))
    conn.executemany("INSERT INTO follow_up (contact_id, title, due_at, done_at, created_at, note) "
                     "VALUES (?,?,?,?,?,'')", follow_ups)
    intros = []
    statuses = list(IntroStatus)
    asks = rng.sample(words.INTRO_ASKS, len(words.INTRO_ASKS))
    offers = rng.sample(words.INTRO_OFFERS, len(words.INTRO_OFFERS))
    for n in range(min(40, max(len(INTRO_STEPS), len(active) // 30))):
        requester, target = rng.sample(active, 2)
        status = INTRO_STEPS[n] if n < len(INTRO_STEPS) else rng.choice(statuses)
        # A made introduction waits for its check-in FOLLOW_UP_AFTER_DAYS later: the
        # first one is due now, so Today shows "close the loop".
        # The ones waiting on a step were asked for lately; finished ones any time.
        requested = now - timedelta(days=(FOLLOW_UP_AFTER_DAYS + 12 if n == 3
                                          else rng.randint(4, 30) if n < 3
                                          else rng.randint(5, 120)))
        dates = dict.fromkeys(statuses)
        moment = requested
        for step in _path_to(status):
            dates[step] = str(min(moment, now).replace(microsecond=0))
            moment += timedelta(days=rng.randint(1, 3))
        if status is IntroStatus.DECLINED:
            rng.randint(1, 3)  # the draw of the agreeing it no longer has: the rest of
            # the demo (and the benchmarks' cached data set) stays as it was
        made = dates[IntroStatus.MADE]
        # Only a made one waits on its check-in: following up or closing clears the day
        # (store.introductions.advance), which the demo kept on every later step.
        follow_due = (str(datetime.fromisoformat(made) + timedelta(days=FOLLOW_UP_AFTER_DAYS))
                      if made and check_in_pending(status) else None)
        intros.append((requester, target, None, asks[n % len(asks)], offers[n % len(offers)],
                       status.value, *[dates[s] for s in statuses], follow_due))
    conn.executemany(
        "INSERT INTO introduction (requester_id, target_id, introducer_id, reason_requester, "
        "reason_target, status, requested_at, consent_asked_at, consent_given_at, declined_at,"
        " made_at, followed_up_at, closed_at, follow_up_due_at, outcome, note) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','')", intros)


def time_boxes(conn, rng: random.Random, stages: list[Stage], first_id: int, now: datetime,
               channel_ids: dict[str, int]) -> None:
    """A weekday-morning plan and this week's boxes so far, each with a call or two logged
    in it, so the Today view's week progress shows a believable figure."""
    if conn.execute("SELECT 1 FROM time_box_plan").fetchone():
        return
    cursor = conn.execute(
        "INSERT INTO time_box_plan (name, size, minutes, weekdays, start_time, active, "
        "created_at) VALUES ('Weekday mornings', 'small', 15, '0,1,2,3,4', '08:30', 1, ?)",
        (str(now),))
    plan_id = cursor.lastrowid
    active = [first_id + i for i, s in enumerate(stages) if s.maturity >= 2]
    monday = datetime.combine(now.date() - timedelta(days=now.weekday()), time(8, 30))
    day = monday
    while day + timedelta(minutes=15) <= now and day.weekday() < 5 and active:
        ended = day + timedelta(minutes=15)
        session = conn.execute(
            "INSERT INTO time_box_session (plan_id, started_at, planned_minutes, ended_at, "
            "manual) VALUES (?, ?, 15, ?, 0)", (plan_id, str(day), str(ended))).lastrowid
        for contact_id in rng.sample(active, min(len(active), rng.randint(1, 2))):
            key = rng.choice(("phone", "instant_message", "email"))
            conn.execute(
                "INSERT INTO interaction (contact_id, occurred_at, channel_id, initiated_by, "
                "exchange, minutes, note, created_at, timebox_session_id) "
                "VALUES (?, ?, ?, 'me', 'give', ?, 'Checked in during the morning box', ?, ?)",
                (contact_id, str(day + timedelta(minutes=2)), channel_ids[key],
                 rng.choice((5, 6, 8)), str(ended), session))
        day += timedelta(days=1)

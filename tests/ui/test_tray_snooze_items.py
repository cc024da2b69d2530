"""The tray's Follow-ups due and Introductions list each reminder with the choices a going
cold person has (Open, Log…, Snooze 1 week / 1 month): they were plain items that only
opened the contact, so a reminder read in the tray could not be snoozed there. A snooze
is filed in the one notification state (``("contact", id)``): Today marks it, the
digest and the menu leave it out. Driven with the keyboard on the real menu."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.introductions import FOLLOW_UP_AFTER_DAYS, IntroStatus
from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.store import follow_ups, introductions, preferences, today_reads
from relmanager.store.contacts import create_contact
from relmanager.ui.shell.main_window import MainWindow
from relmanager.ui.today import today_queries
from tests.ui.tray_menu import choose, menu_texts, open_tray_menu, start_tray


@pytest.fixture
def running(db, db_path, clock, qtbot):
    ctx = AppContext.create(clock, db_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    service, tray = start_tray(window, qtbot)
    yield ctx, service, tray
    ctx.services.shutdown_all()


def _snooze_from(qtbot, tray, title: str, entry: str, choice: str) -> None:
    sub = choose(qtbot, open_tray_menu(qtbot, tray), title, prefix=True)
    item = choose(qtbot, sub, entry, prefix=True)
    assert item is not None, f"{entry!r} has no submenu: {menu_texts(sub)}"
    assert menu_texts(item) == ["Open", "Log…", "Snooze 1 week", "Snooze 1 month"]
    choose(qtbot, item, choice)


def test_a_follow_up_and_an_introduction_are_snoozed_from_the_tray(running, clock, qtbot):
    _ctx, service, tray = running
    # The digest at 21:00: nothing is said (and recorded) while the menu is driven.
    preferences.save(digest_time="21:00")
    people = {n: create_contact(clock, n, stage=Stage.DEVELOPMENT).id
              for n in ("Ana", "Bo", "Cy", "Di")}
    intro = introductions.create_introduction(clock, requester_id=people["Ana"],
                                              target_id=people["Cy"])
    introductions.advance(clock, intro.id, IntroStatus.MADE)
    clock.advance(days=FOLLOW_UP_AFTER_DAYS, hours=1)
    for name in ("Bo", "Di"):
        follow_ups.create_follow_up(clock, people[name], f"send {name} the slides",
                                    clock.now() - timedelta(hours=2))
    texts = menu_texts(open_tray_menu(qtbot, tray))
    assert "Follow-ups due (2)" in texts and "Introductions (1)" in texts

    _snooze_from(qtbot, tray, "Follow-ups due", "Bo: send Bo the slides", "Snooze 1 week")
    _snooze_from(qtbot, tray, "Introductions", "Ana → Cy:", "Snooze 1 month")

    now = clock.now()
    assert today_reads.snoozed_contacts(now) == {people["Bo"]: now + timedelta(days=7),
                                                 people["Cy"]: now + timedelta(days=30)}
    texts = menu_texts(open_tray_menu(qtbot, tray))
    assert "Follow-ups due (1)" in texts and "Introductions (0)" in texts
    tray.menu.hide()
    # Today keeps them, marked; the follow-up of Di, not snoozed, is as it was.
    today = today_queries.load(now)
    marked = {cid: " ".join(cells) for cid, cells, _w in today.follow_ups + today.intros}
    assert "snoozed until" in marked[people["Bo"]] and "snoozed until" in marked[people["Cy"]]
    assert "snoozed until" not in marked[people["Di"]]
    # The evening's digest names Di alone: neither snoozed reminder is said.
    clock.set(clock.now().replace(hour=21, minute=5))
    digests = [n for n in service.compute(clock.now()).notices if n.kind == "digest"]
    assert len(digests) == 1, digests
    said = digests[0].title + "\n" + digests[0].body
    assert "Di" in said and "Bo" not in said and "Cy" not in said, said

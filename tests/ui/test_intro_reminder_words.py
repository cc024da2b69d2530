"""An introduction's reminder as a person would say it and filed under whom it is about
(stranger2's findings 8 and introductions 3): Today said "0 days" for one made today,
"19 days" for a check-in five days overdue, and "followed up: close it"; a followed-up
check-in showed its old due day ("17 Nov") on the Introductions page as if missed; and
"report back to Ben", where the user is the one Ben introduced, opened Cleo's profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.domain.introductions import FOLLOW_UP_AFTER_DAYS, IntroStatus
from relmanager.domain.stages import Stage
from relmanager.store import introductions
from relmanager.store.contacts import create_contact
from relmanager.store.models import Introduction

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _cells(tree) -> dict[str, tuple[str, str]]:
    return {tree.topLevelItem(i).text(0): (tree.topLevelItem(i).text(1),
                                           tree.topLevelItem(i).text(2))
            for i in range(tree.topLevelItemCount())}


def test_today_says_when_in_words_and_opens_the_one_to_report_back_to(open_window, ctx,
                                                                       clock, qtbot):
    ids = {n: create_contact(clock, n, stage=Stage.DEVELOPMENT).id
           for n in ("Ana Ruiz", "Ben Stone", "Cleo Park", "Dev Rao")}
    mine = introductions.create_introduction(clock, requester_id=None,
                                             target_id=ids["Cleo Park"],
                                             introducer_id=ids["Ben Stone"])
    introductions.advance(clock, mine.id, IntroStatus.MADE)
    clock.advance(days=5)
    done = introductions.create_introduction(clock, requester_id=ids["Ana Ruiz"],
                                             target_id=ids["Dev Rao"])
    introductions.advance(clock, done.id, IntroStatus.MADE)
    clock.advance(days=FOLLOW_UP_AFTER_DAYS, minutes=1)
    introductions.advance(clock, done.id, IntroStatus.FOLLOWED_UP)
    fresh = introductions.create_introduction(clock, requester_id=ids["Dev Rao"],
                                              target_id=ids["Cleo Park"])
    window = open_window(ctx)
    window.show_page("today")
    window.today.wait_loaded()
    tree = window.today.intros.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 3)
    assert tree.headerItem().text(2) == "When"
    assert _cells(tree) == {
        "Ben Stone → Cleo Park (for you)": ("report back to Ben Stone on meeting Cleo Park",
                                            "5 days overdue"),
        "Ana Ruiz → Dev Rao": ("you checked in with both: close the introduction", "today"),
        "Dev Rao → Cleo Park": ("ask Cleo Park whether they would like to meet Dev Rao",
                                "today"),
    }
    assert fresh.id
    opened: list[int] = []
    window.today.contact_requested.connect(opened.append)
    row = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if tree.topLevelItem(i).text(0).startswith("Ben Stone"))
    where = tree.visualItemRect(row).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0] == ids["Ben Stone"]  # it opened Cleo, whom the reminder is not about


def test_the_check_in_column_marks_overdue_and_done_not_an_old_date(open_window, ctx,
                                                                     clock, qtbot):
    ids = {n: create_contact(clock, n, stage=Stage.DEVELOPMENT).id
           for n in ("Ana Ruiz", "Ben Stone", "Cleo Park")}
    late = introductions.create_introduction(clock, requester_id=ids["Ana Ruiz"],
                                             target_id=ids["Ben Stone"])
    introductions.advance(clock, late.id, IntroStatus.MADE)
    followed = introductions.create_introduction(clock, requester_id=ids["Ana Ruiz"],
                                                 target_id=ids["Cleo Park"])
    introductions.advance(clock, followed.id, IntroStatus.MADE)
    due = clock.now() + timedelta(days=FOLLOW_UP_AFTER_DAYS)
    clock.advance(days=FOLLOW_UP_AFTER_DAYS + 3)
    introductions.advance(clock, followed.id, IntroStatus.FOLLOWED_UP)
    # As the demo and synced rows have it: the due day stays on a followed-up one.
    Introduction.update(follow_up_due_at=due).where(Introduction.id == followed.id).execute()
    window = open_window(ctx)
    window.show_page("introductions")
    page = window.page_widget("introductions")
    page.show_filter.setCurrentIndex(page.show_filter.findData("all"))
    page.wait_loaded()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    cells = {page.model.rows[r].id: page.model.index(r, 6).data()
             for r in range(page.model.rowCount())}
    assert cells == {late.id: "3 days overdue",
                     followed.id: f"done {clock.now():%-d %b}"}

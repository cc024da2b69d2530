"""An introduction asked through an introducer reads from the one making it on Today
(issue 22, the first hour): "Nia → Ben (for you)", not "you → Ben". One formatter,
``domain.introductions.who_line``, for Today, the tray and the digest."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.domain.introductions import who_line
from relmanager.domain.stages import Stage
from relmanager.store import introductions
from relmanager.store.contacts import create_contact
from relmanager.store.models import Introduction
from tests.ui.conftest import suggested

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_who_line_names_the_introducer_first_and_whom_it_is_for() -> None:
    assert who_line("Ana", "Ben", None) == "Ana → Ben"
    assert who_line(None, "Ben", None) == "you → Ben"
    assert who_line(None, "Ben", "Nia") == "Nia → Ben (for you)"
    assert who_line("Ana", None, "Nia") == "Nia → Ana (for you)"
    assert who_line("Ana", "Ben", "Nia") == "Nia → Ben (for Ana)"


def test_today_shows_an_asked_introduction_through_its_introducer(open_window, ctx, clock,
                                                                  qtbot):
    from relmanager.ui.introductions.intro_dialog import IntroductionDialog

    people = {n: create_contact(clock, n, stage=Stage.DEVELOPMENT).id
              for n in ("Nia Okafor", "Ben Stone", "Ana Ruiz")}
    introductions.create_introduction(clock, requester_id=people["Ana Ruiz"],
                                      target_id=people["Ben Stone"])
    window = open_window(ctx)
    dialog = IntroductionDialog(ctx, window, target_id=people["Ben Stone"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.mode.currentData() == "ask"
    dialog.first.setFocus()
    QTest.keyClicks(dialog.first, "Nia")
    suggested(dialog.first, qtbot)
    QTest.keyClick(dialog.first, Qt.Key.Key_Return)  # chooses Nia and submits
    qtbot.waitUntil(lambda: dialog.created_id is not None)
    intro = Introduction.get_by_id(dialog.created_id)
    assert (intro.requester_id, intro.introducer_id) == (None, people["Nia Okafor"])
    window.show_page("today")
    window.today.wait_loaded()
    tree = window.today.intros.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2)
    rows = sorted(tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount()))
    assert rows == ["Ana Ruiz → Ben Stone", "Nia Okafor → Ben Stone (for you)"]
    steps = {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(1)
             for i in range(tree.topLevelItemCount())}
    assert steps["Nia Okafor → Ben Stone (for you)"] == \
        "ask Nia Okafor to introduce you to Ben Stone"
    assert Introduction.select().count() == 2

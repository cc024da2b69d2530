"""What the tray's messages look like on a real tray (trayer under Xvfb), read off the
screen: Qt's balloon widget and the real pointer.

stranger6 saw two follow-ups due at the same hour said in one reminder pass and only the
second ever on screen (Qt's balloon is solitary: the second replaced the first at once),
and a "Time box started" balloon, shown under the pointer that had just chosen the tray
menu's item, never leave (Qt closes its balloon at its time only when the pointer is not
on it, and never looks again), its text going stale under the window's corner."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.store import preferences
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.ui.shell.main_window import MainWindow
from relmanager.ui.shell.tray_balloons import shown_balloon
from tests.conftest import at
from tests.ui.test_tray import REAL_TRAY
from tests.ui.tray_menu import choose, open_tray_menu, start_tray

pytestmark = [pytest.mark.tray,
              pytest.mark.skipif(not REAL_TRAY, reason="needs trayer under Xvfb")]


def on_screen() -> str | None:
    """The title of the balloon on screen (None: none is)."""
    balloon = shown_balloon()
    if balloon is None:
        return None
    texts = [label.text() for label in balloon.findChildren(QLabel) if label.text()]
    return texts[0] if texts else ""


def watch(qtbot, seconds: float) -> list[str | None]:
    """Every title on screen over ``seconds``, in order, each once per appearance."""
    seen: list[str | None] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        title = on_screen()
        if not seen or seen[-1] != title:
            seen.append(title)
        qtbot.wait(100)
    return seen


@pytest.fixture
def tray_on_screen(db, db_path, clock, qtbot):
    clock.set(at(0, 6))
    preferences.save(digest_time="07:00")
    ctx = AppContext.create(clock, db_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    service, tray = start_tray(window, qtbot)
    qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=5000)
    tray.start()
    yield window, service, tray
    ctx.services.shutdown_all()


def test_two_follow_ups_due_at_one_hour_are_each_on_screen(tray_on_screen, clock, qtbot):
    """Ada's and Bo's follow-ups, both due at 10:00, come in one pass: Ada's balloon is on
    screen first and for its time, then Bo's (before, Bo's replaced Ada's at once)."""
    _window, service, _tray = tray_on_screen
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP)
    clock.set(at(0, 8))
    service.check()  # the morning's digest (or its silence) is behind us
    qtbot.waitUntil(lambda: on_screen() is None, timeout=15_000)
    create_follow_up(clock, ada.id, "Send the slides", at(0, 10))
    create_follow_up(clock, bo.id, "Book the room", at(0, 10))
    clock.set(at(0, 10, 1))
    said = [notice.title for notice in service.check()]
    assert said == ["Follow up with Ada: Send the slides (due today)",
                    "Follow up with Bo: Book the room (due today)"]
    QCursor.setPos(QPoint(5, 700))  # the pointer away from the tray's corner
    seen = [title for title in watch(qtbot, 13) if title]
    assert seen[:2] == said, seen


def test_a_balloon_under_the_resting_pointer_goes_once_the_pointer_leaves(
        tray_on_screen, clock, qtbot):
    """"Start time box" chosen from the tray menu: its balloon opens under the pointer.
    While the pointer rests on it, it stays past its time (being read); once the pointer
    moves away it goes (before, it stayed until clicked)."""
    _window, _service, tray = tray_on_screen
    create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    qtbot.waitUntil(lambda: on_screen() is None, timeout=15_000)
    choose(qtbot, open_tray_menu(qtbot, tray), "Start time box")
    qtbot.waitUntil(lambda: (on_screen() or "").startswith("Time box started"), timeout=5000)
    balloon = shown_balloon()
    assert balloon is not None
    QCursor.setPos(balloon.frameGeometry().center())
    qtbot.wait(9500)  # past its 8 s
    QApplication.processEvents()
    assert (on_screen() or "").startswith("Time box started"), "closed under the pointer"
    QCursor.setPos(QPoint(5, 700))
    qtbot.waitUntil(lambda: on_screen() is None, timeout=4000)

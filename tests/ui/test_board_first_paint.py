"""The board paints once when shown: the capacity hints (shown when a stage holds more
people than most sustain) ask for their paint with Qt's posted UpdateLater events;
delivered after the first paint, they made a second pass over the columns. The board
delivers its widgets' posted events before the first paint (``BoardView._show``), its own
widgets' only (it flushed every posted LayoutRequest and UpdateLater of the application, a
null receiver)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from relmanager.domain.stages import Stage
from relmanager.store import board_cards
from relmanager.store.contacts import create_contact
from relmanager.ui.board.board import BoardView
from relmanager.ui.board.columns import CardList
from tests.ui.settle import settle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class PaintCounter(QObject):
    """Counts the paint events of every board column's cards (installed on the
    application: the board is built when its page is first shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: dict[str, int] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched.parent(), CardList) \
                and watched is watched.parent().viewport():
            stage = watched.parent().stage_model.stage.value
            self.paints[stage] = self.paints.get(stage, 0) + 1
        return False


def test_the_board_paints_its_columns_once_when_shown(ctx, clock, qtbot, open_window):
    for n in range(17):  # past Friendship's ~15: its hint shows
        create_contact(clock, f"Friend {n}", stage=Stage.FRIENDSHIP)
    for n in range(3):
        create_contact(clock, f"New {n}", stage=Stage.INBOX)
    window = open_window(ctx)
    window.resize(1366, 768)
    settle(qtbot)
    counter = PaintCounter()
    app = QApplication.instance()
    app.installEventFilter(counter)
    try:
        window.show_page("board")
        board = window.page_widget("board")
        board.wait_loaded()
        # The columns on screen (the board scrolls sideways past them).
        shown = [s.value for s, c in board.columns.items()
                 if not c.list.viewport().visibleRegion().isEmpty()]
        qtbot.waitUntil(lambda: all(counter.paints.get(s) for s in shown), timeout=10_000)
        settle(qtbot)  # whatever the show asked for has been delivered
    finally:
        app.removeEventFilter(counter)
    assert board.columns[Stage.FRIENDSHIP].hint.isVisible()
    assert Stage.FRIENDSHIP.value in shown and len(shown) >= 4
    assert counter.paints == dict.fromkeys(shown, 1)


class LayoutRequests(QObject):
    """Counts the layout requests delivered to one widget."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_the_board_delivers_only_its_own_posted_events(ctx, clock, qtbot):
    """The board's read, shown, delivers the layout requests posted to its own widgets
    (and their later updates), and leaves another window's to the event loop: it
    delivered every one posted in the application (a null receiver)."""
    for n in range(17):  # past Friendship's ~15: its hint shows, its row lays out again
        create_contact(clock, f"Friend {n}", stage=Stage.FRIENDSHIP)
    board = BoardView(ctx)
    qtbot.addWidget(board)
    board.resize(1280, 700)
    board.show()
    qtbot.waitExposed(board)
    board.wait_loaded()
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    requests = LayoutRequests()
    elsewhere.installEventFilter(requests)
    QCoreApplication.postEvent(elsewhere, QEvent(QEvent.Type.LayoutRequest))
    flt = board.contact_filter()
    try:
        board._show((flt, board_cards.load(flt, clock.now())))  # the worker's answer, shown
        assert requests.count == 0
        assert board.columns[Stage.FRIENDSHIP].hint.isVisible()
        QCoreApplication.sendPostedEvents(elsewhere, QEvent.Type.LayoutRequest)
        assert requests.count == 1  # it was posted, and left for the event loop
    finally:
        elsewhere.removeEventFilter(requests)
        board.shutdown()

"""The board paints once when shown: the capacity hints (shown when a stage holds more
people than most sustain) ask for their paint with Qt's posted UpdateLater events;
delivered after the first paint, they made a second pass over the columns. The board
delivers its hints' events before the first paint (``BoardView._show``), its own widgets
only (it flushed every posted UpdateLater of the application, a null receiver)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
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
    window.grab().save("/work/wt/_shots/shealth2/board-first-paint.png")

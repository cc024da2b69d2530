"""A board column: its card list (drags out, drops in, the keys) and its header.

The keys of a kanban: Up/Down (Qt's) between the cards of a column, Left/Right to the
neighbouring column, Enter opens the card, Ctrl+Left/Right moves the selected cards one
stage. The focused card has a ring and its column a frame in the highlight colour, drawn
once per paint of the list over its cards, never per card: the delegate's paint path
(tuned for ~70 cards a paint) does not change.

Split from ``board.py`` (the page: filters, loading, moving) so each file holds one
responsibility; the list and its frame know nothing of the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
)

from relmanager.domain.stages import CAPACITY_HINT
from relmanager.ui.board.board_model import StageModel, decode_ids
from relmanager.ui.board.card_delegate import CardDelegate

#: A column's least width in average characters (162 px in DejaVu Sans 9 pt): all seven
#: columns fit a 1366-px laptop's window, where at 34 the seventh needed a sideways
#: scroll. The card's days share its third line with the tags, so a name like "Mehmet
#: Barros" and "Juniper Foundation" fit whole at this width; narrower windows scroll.
COLUMN_CHARS = 27
#: The capacity hint's amber ("Past ~150: few people sustain more").
HINT_COLOUR = QColor("#c27c00")


class CardList(QListView):
    """A column's list: starts drags of the selected cards and accepts drops from other
    columns (``dropped`` carries the ids and this column's stage)."""

    dropped = Signal(list, object)  # ids, Stage
    step_requested = Signal(int)  # Ctrl+Left: -1, Ctrl+Right: +1
    column_requested = Signal(int)  # Left: -1, Right: +1 (the focus, not the cards)
    open_requested = Signal(int)  # Enter on a card: its contact id
    focus_changed = Signal(bool)  # the column's frame follows its list's focus
    tabbed_in = Signal()  # the focus came by Tab or Shift+Tab (the board scrolls to it)

    def __init__(self, model: StageModel, delegate: CardDelegate) -> None:
        super().__init__()
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAccessibleName(f"{model.stage.label} column")

    @property
    def stage_model(self) -> StageModel:
        model = self.model()
        assert isinstance(model, StageModel)
        return model

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        return [self.stage_model.ids()[r] for r in rows]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Left / Ctrl+Right move the selected cards one stage (the keyboard's drag);
        Left / Right go to the neighbouring column (Qt's list would move nowhere in a
        one-column list); Enter opens the current card, as a double click does."""
        key, mods = event.key(), event.modifiers()
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
        if key in steps and mods & Qt.KeyboardModifier.ControlModifier:
            self.step_requested.emit(steps[Qt.Key(key)])
        elif key in steps and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.column_requested.emit(steps[Qt.Key(key)])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.stage_model.ids()[self.currentIndex().row()])
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focus_ring(self) -> QRect | None:
        """Where the focused card's ring goes (in the viewport), or None: no focus, or no
        current card. Inside the item's rectangle (the card is inset by 4 and 3 px), so a
        change of current card repaints it with the rows Qt updates anyway; as wide as
        the viewport, as Qt paints a one-column list's items (their ``visualRect`` keeps
        the width from before the scroll bar showed, and the ring's right side was cut)."""
        index = self.currentIndex()
        if not self.hasFocus() or not index.isValid():
            return None
        item = self.visualRect(index)
        return QRect(item.x() + 1, item.y(), self.viewport().width() - 2, item.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """The cards, then one ring around the focused card (nothing per card)."""
        super().paintEvent(event)
        ring = self.focus_ring()
        if ring is None or not event.rect().intersects(ring):
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(ring.adjusted(1, 1, -1, -1), 6, 6)
        painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)  # Qt makes the first card current if none is
        self._focus_moved(True)
        if event.reason() in (Qt.FocusReason.TabFocusReason,
                              Qt.FocusReason.BacktabFocusReason):
            self.tabbed_in.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._focus_moved(False)

    def _focus_moved(self, focused: bool) -> None:
        index = self.currentIndex()
        if index.isValid():
            self.viewport().update(self.visualRect(index))
        self.focus_changed.emit(focused)

    # A drop is handled here, not by the model: the source column must not remove rows
    # itself after a move (the command and the board decide where cards go).
    def _wanted(self, ids: Sequence[int], source: object) -> bool:
        return bool(ids) and source is not self and not all(
            self.stage_model.contains(i) for i in ids)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._wanted(decode_ids(event.mimeData()), event.source()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._wanted(decode_ids(event.mimeData()), event.source()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ids = decode_ids(event.mimeData())
        if not self._wanted(ids, event.source()):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # nothing for the source to remove
        event.accept()
        self.dropped.emit(ids, self.stage_model.stage)


class StageColumn(QFrame):
    """A stage's heading (count, capacity hint) over its card list; framed in the
    highlight colour while its list has the keyboard focus (an empty column too)."""

    def __init__(self, model: StageModel, delegate: CardDelegate) -> None:
        super().__init__()
        self.stage = model.stage
        self.focused = False
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        # A palette, not a style sheet: a widget with a style sheet is polished through
        # QStyleSheetStyle, and re-polished with its tree when the board's strip is put in
        # its scroll area (~5 ms of the board's construction for seven labels).
        hint_palette = self.hint.palette()
        hint_palette.setColor(QPalette.ColorRole.WindowText, HINT_COLOUR)
        self.hint.setPalette(hint_palette)
        self.hint.hide()
        # The hint sits beside the heading, in its row: below it, a band two lines high was
        # kept empty in every column so that the cards would not jump when it appeared
        # (seen by the new users). In the heading's row it takes no height, shown or not,
        # so the list below never moves and nothing is wasted.
        heading = QHBoxLayout()
        heading.setSpacing(6)
        heading.addStretch(1)
        heading.addWidget(self.header)
        heading.addWidget(self.hint)
        heading.addStretch(1)
        self.list = CardList(model, delegate)
        self.list.focus_changed.connect(self._set_focused)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(heading)
        layout.addWidget(self.list, 1)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * COLUMN_CHARS)
        self.update_header()

    def _set_focused(self, focused: bool) -> None:
        if focused != self.focused:
            self.focused = focused
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The frame (around the heading and the list, in the 2-px margin) when focused."""
        super().paintEvent(event)
        if not self.focused:
            return
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()

    def update_header(self) -> None:
        count = self.list.stage_model.total
        self.header.setText(f"{self.stage.label}  ({count:,})")
        limit = CAPACITY_HINT.get(self.stage)
        over = limit is not None and count > limit
        if over:  # the text set before the label shows: no layout or paint of it twice
            self.hint.setText(f"past ~{limit}")
            self.hint.setToolTip(f"Few people sustain more than about {limit} relationships "
                                 f"at {self.stage.label}. This is a hint, not a limit.")
            self.hint.setAccessibleDescription(self.hint.toolTip())
        self.hint.setVisible(over)

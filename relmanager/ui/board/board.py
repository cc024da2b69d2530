"""The stage board: one column per stage, cards dragged between them.

Each column is one QListView over a :class:`~relmanager.ui.board.board_model.StageModel` with a
painting delegate. The keyboard goes between cards (Up/Down) and columns (Left/Right),
opens a card with Enter and moves the selection with Ctrl+Left/Right (``columns``); Tab
goes filter, sphere, tag, then the columns left to right (each scrolled into view), then
on to the window's page list; Shift+Tab the other way. A drop (or Ctrl+Left/Right, or
"Move to") goes through the undoable
MoveStageCommand, so the stage change and its history rows are one transaction and
Ctrl+Z puts the cards back. The moved cards land in their new column at once; the columns
are then re-read on a worker thread, which is also how filters and outside changes apply.
That read brings the first cards' details too (``store.board_cards``): the cards are painted
from memory, never from the database on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.stages import BOARD_ORDER, Stage, neighbour_stage
from relmanager.services.context import AppContext
from relmanager.store import board_cards, board_queries, queries
from relmanager.ui.board.board_model import ID_ROLE, StageModel
from relmanager.ui.board.card_cache import CardCache
from relmanager.ui.board.card_delegate import CardDelegate
from relmanager.ui.board.columns import CardList, StageColumn
from relmanager.ui.board.import_marker import NewFromImportButton
from relmanager.ui.board.scroll_bar import FlatScrollBarStyle, flatten
from relmanager.ui.shared.page_loader import LoaderPage, PageLoader, failure_reason
from relmanager.ui.shared.tag_combo import fill_tag_combo
from relmanager.ui.shared.undo import MoveStageCommand, perform


class BoardView(LoaderPage, QWidget):
    """The Board page. ``ctx.events.open_contact`` fires on double-click."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 read_now: bool = False) -> None:
        """``read_now``: the page is built to be shown at once (the window builds it on
        its first show, ``ui.pages``), so its read starts on the worker while the columns
        are built and the frame painted, not after. Otherwise it reads when shown."""
        super().__init__(parent)
        self.ctx = ctx
        self.loader = PageLoader(self, "the board", self._read, self._show, delay_ms=120)
        self.delegate = CardDelegate(ctx.clock.now, self)
        # The cards' details are read on the loader's worker too (one thread, one
        # connection): never while painting.
        self.cards = CardCache(self.loader.reader, ctx.clock.now, self)
        self.cards.failed.connect(self.loader.fail)
        self.models = {stage: StageModel(stage, ctx.clock.now, self.cards, self.loader.reader)
                       for stage in BOARD_ORDER}
        for model in self.models.values():
            model.read_failed.connect(self.loader.fail, Qt.ConnectionType.QueuedConnection)
        self._build_filters()
        self.imports = NewFromImportButton()  # first in the Inbox: "12 new from import"
        self._read_before_show = read_now  # until the page is first shown
        if read_now:  # the columns' SQL was waited for after the construction
            self.loader.reload()
        self.columns = {stage: StageColumn(self.models[stage], self.delegate)
                        for stage in BOARD_ORDER}
        self.columns[Stage.INBOX].layout().insertWidget(1, self.imports)
        self.imports.toggled.connect(self.reload)
        strip = QWidget()
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for column in self.columns.values():
            row.addWidget(column, 1)
            column.list.dropped.connect(self.move)
            column.list.step_requested.connect(
                lambda step, lst=column.list: self.move_selected(step, lst))
            column.list.doubleClicked.connect(
                lambda index: self.ctx.events.open_contact.emit(index.data(ID_ROLE)))
            column.list.open_requested.connect(self.ctx.events.open_contact.emit)
            column.list.column_requested.connect(
                lambda step, lst=column.list: self.focus_column(lst, step))
            column.list.customContextMenuRequested.connect(
                lambda pos, lst=column.list: self._context_menu(lst, pos))
            # Tab from the tag filter into the Inbox, or Shift+Tab from the page list into
            # Parked, reached a column scrolled out of sight, its focus frame unseen (the
            # scroll area brings a column into view only for Tabs between its columns).
            column.list.tabbed_in.connect(
                lambda col=column: self.scroll.ensureWidgetVisible(col, 0, 0))
        self.scroll = scroll = QScrollArea()
        scroll.setWidget(strip)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Not a stop of its own: Tab from the filters went to the scroll area, which shows
        # no focus, before the first column (seen by a new user).
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Flat scroll bars: Fusion's took ~10 ms of the first paint for seven columns.
        self.bar_style = FlatScrollBarStyle(self)
        for bar in (scroll.horizontalScrollBar(),
                    *(c.list.verticalScrollBar() for c in self.columns.values())):
            flatten(bar, self.bar_style)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.loader.wrap(scroll), 1)
        chain = [self.search, self.sphere, self.tag, self.imports,
                 *(c.list for c in self.columns.values())]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        events = ctx.events
        for signal in (events.contacts_changed, events.contacts_removed,
                       events.interactions_changed):
            signal.connect(lambda _ids: self.loader.changed())

    # -- filters --------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter cards by name, organisation, tag, notes…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter the board")
        self.sphere = QComboBox()
        self.sphere.setAccessibleName("Sphere")
        for text, value in (("Both spheres", None), ("Business", "business"),
                            ("Personal", "personal")):
            self.sphere.addItem(text, value)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Tag")
        self.tag.setMinimumContentsLength(14)
        self._fill_tags([])  # "Any tag" even before (or without) a first load
        self.filter_row = QHBoxLayout()
        self.filter_row.addWidget(self.search, 3)
        self.filter_row.addWidget(self.sphere)
        self.filter_row.addWidget(self.tag)
        # Short enough for one line beside the filters at 1366 px: the longer sentence
        # wrapped into two cramped lines squeezed into the row's height.
        self.drag_hint = QLabel("Drag, or Ctrl+←/→, to change stage")
        self.drag_hint.setEnabled(False)
        self.filter_row.addWidget(self.drag_hint)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._search_timer.start)
        # A closed combo's Up/Down changes its value at each step (Qt's, and a desktop's,
        # way): each step re-read every column, and Down held on Sphere or Tag queued a
        # read per key (stranger3 #5). The loader's change (one read once the steps stop
        # for 120 ms) settles them, as data changes are settled.
        self.sphere.currentIndexChanged.connect(self.loader.changed)
        self.tag.currentIndexChanged.connect(self.loader.changed)

    def _fill_tags(self, names: list[str]) -> None:
        fill_tag_combo(self.tag, names)

    def contact_filter(self) -> queries.ContactFilter:
        return queries.ContactFilter(text=self.search.text(), sphere=self.sphere.currentData(),
                                     tag=self.tag.currentData(),
                                     new_from_import=self.imports.isChecked())

    # -- loading --------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read every column (and the tag list) on the worker thread; newest wins."""
        self.loader.reload()

    def _read(self) -> Callable[[], tuple]:
        flt, now = self.contact_filter(), self.ctx.clock.now()
        return lambda: (flt, board_cards.load(flt, now))

    def _show(self, loaded: tuple[queries.ContactFilter, board_cards.BoardRead]) -> None:
        flt, read = loaded
        if self._read_before_show and not self.isVisible():
            # Read while the page was built (read_now) and answered before it is on
            # screen (a small store, or a page built and not shown): laid out now, at no
            # size yet, the cards would keep that width. The page reads when shown.
            self.loader.stale = True
            return
        self._fill_tags(read.tags)
        self.imports.show_count(read.imported)
        self.cards.replace(read.cards)
        # A selected card stays selected in whichever column it is now, and the keyboard
        # follows the focused column's cards there: after Ctrl+Right then Ctrl+Z the focus
        # stayed in the column the card had left, with no current card, and the next
        # Right went on from there (stranger3's finding 4).
        selected = {i for column in self.columns.values() for i in column.list.selected_ids()}
        focused = self.focused_list()
        followed = set(focused.selected_ids()) if focused is not None else set()
        for stage, column in read.columns.items():
            self.models[stage].set_column(column, flt)
            # The reset's item layout, and the scroll bar it shows, now rather than after
            # the first paint: each had every column paint its cards a second time.
            lst = self.columns[stage].list
            lst.executeDelayedItemsLayout()
            QCoreApplication.sendPostedEvents(lst, QEvent.Type.LayoutRequest)
            # The scroll bars' range changes reach the list as queued calls (Qt's
            # QAbstractScrollArea shows or hides its bars from them): delivered after the
            # first paint, they laid the list out again and repainted every column.
            self._select(stage, [i for i in column.ids if i in selected], focus=False)
            self.columns[stage].update_header()
        if focused is not None and followed and not followed & set(focused.stage_model.ids()):
            there = next((stage for stage, column in read.columns.items()
                          if followed & set(column.ids)), None)
            if there is not None:
                self._select(there, [i for i in read.columns[there].ids if i in followed],
                             focus=True)
        # A capacity hint shown widens its column's heading row (it sits beside the
        # heading), so the column's least width may grow: the strip's layout asks for a
        # new pass with a posted LayoutRequest. Delivered after the first paint, it
        # resized every column and painted them all again (half the runs of
        # tests/ui/test_board_first_paint.py once the hint moved into the heading row).
        self._deliver_posted(QEvent.Type.LayoutRequest)
        # A capacity hint shown asks for its paint with a posted event (Qt's UpdateLater
        # for a child widget that becomes visible): delivered after the first paint, it
        # made a second pass that painted the columns between the hints again. The lists'
        # scroll bars (and their containers) post theirs too: with the hints' alone the
        # board still painted every column twice in about half the runs of
        # tests/ui/test_board_first_paint.py.
        self._deliver_posted(QEvent.Type.UpdateLater)

    def _deliver_posted(self, kind: QEvent.Type) -> None:
        """Deliver the ``kind`` events posted to this page's widgets now, children before
        their parents (a child's layout pass may post its parent's, delivered in turn).
        Only the page's own: the application's other windows and pages keep theirs for
        the event loop (a flush of every receiver delivered them too, from here)."""
        for widget in reversed(self.findChildren(QWidget)):  # pre-order, reversed
            QCoreApplication.sendPostedEvents(widget, kind)
        QCoreApplication.sendPostedEvents(self, kind)

    def showEvent(self, event: QShowEvent) -> None:
        self._read_before_show = False
        self.loader.shown()
        super().showEvent(event)

    # -- moving ---------------------------------------------------------------------
    def move(self, ids: list[int], stage: Stage) -> None:
        """Move cards to ``stage`` (undoable); they land in the target column at once.

        Nothing is read on the UI thread before the write: the cards' stages and sort
        keys are the columns' own (read on the worker with them), and their names the
        card cache's. Ids no column holds (not loaded, or dropped from elsewhere) have
        their keys read on the worker first."""
        keys = self._keys_in_memory(ids)
        if len(keys) == len(set(ids)):
            self._move_with(ids, stage, keys)
            return
        self.loader.reader.submit(lambda: board_queries.sort_keys(ids),
                                  lambda read: self._move_with(ids, stage, read),
                                  lambda error: self.ctx.events.write_failed.emit(
                                      f"Not moved to {stage.label}: {failure_reason(error)}"),
                                  key=("move", tuple(ids), stage))

    def _keys_in_memory(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """(stage, sort key) of the ids the columns hold."""
        found: dict[int, tuple[str, str]] = {}
        for model in self.models.values():
            found.update((i, (model.stage.value, key)) for i, key in model.keys_of(ids).items())
        return found

    def _move_with(self, ids: list[int], stage: Stage, keys: dict[int, tuple[str, str]]
                   ) -> None:
        # Every card asked for goes to the store, which compares with what is stored:
        # the columns may be a moment behind another process's write (a card shown in
        # the target column may no longer be there), and a move it skips costs nothing.
        moving = [i for i in ids if i in keys]
        if not moving:
            return
        first = moving[:2] if len(moving) == 2 else moving[:1]
        cards = [self.cards.get(i) for i in first]
        names = [c.display_name for c in cards if c is not None]
        command = MoveStageCommand(self.ctx, moving, stage,
                                   names=names if len(names) == len(first) else None)
        if not perform(self.ctx, command):
            return  # nothing moved: the cards stay where they are, the banner says why
        for model in self.models.values():
            if model.stage is not stage:
                model.take(moving, sum(1 for i in moving if keys[i][0] == model.stage.value))
        target = self.models[stage]
        target.put([(i, keys[i][1]) for i in moving])
        for column in self.columns.values():
            column.update_header()
        self.ctx.events.status_message.emit(
            f"Moved {command.who} to {stage.label} (Ctrl+Z to undo)")
        # Cards past the column's loaded part come with its next pages, read on the
        # worker up to the last of them; they are selected once there.
        target.load_through(max(keys[i][1] for i in moving),
                            lambda: self._select(stage, moving, focus=True))

    def move_selected(self, step: int, lst: CardList | None = None) -> None:
        lst = lst or self.focused_list()
        if lst is None:
            return
        target = neighbour_stage(lst.stage_model.stage, step)
        ids = lst.selected_ids()
        if target is not None and ids:
            self.move(ids, target)

    def focus_column(self, lst: CardList, step: int) -> None:
        """Left/Right: the keyboard goes to the neighbouring column, to the card level
        with the current one (or the last card, in a shorter column); the selection goes
        with it, so that Ctrl+Left/Right then moves the card that has the ring. An empty
        column takes the focus too (its frame shows it), so the next key goes on."""
        stage = neighbour_stage(lst.stage_model.stage, step)
        if stage is None:
            return
        target = self.columns[stage].list
        current = lst.currentIndex()
        y = lst.visualRect(current).center().y() if current.isValid() else 0
        rows = target.stage_model.rowCount()
        index = target.indexAt(QPoint(target.viewport().width() // 2, max(y, 0)))
        if not index.isValid() and rows:
            index = target.stage_model.index(rows - 1 if y > 0 else 0)
        lst.selectionModel().clearSelection()
        if index.isValid():
            target.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            target.scrollTo(index)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(self.columns[stage])

    def focused_list(self) -> CardList | None:
        for column in self.columns.values():
            if column.list.hasFocus():
                return column.list
        return None

    def _select(self, stage: Stage, ids: Sequence[int], focus: bool) -> None:
        lst = self.columns[stage].list
        model = self.models[stage]
        selection = lst.selectionModel()
        selection.clearSelection()
        first = None
        for contact_id in ids:
            row = model.row_of(contact_id)
            if row is None:
                continue
            index = model.index(row)
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
            first = index if first is None else first
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            lst.scrollTo(first)
            if focus:
                lst.setFocus()
                self.scroll.ensureWidgetVisible(self.columns[stage])  # moved off screen

    def _context_menu(self, lst: CardList, pos: QPoint) -> None:
        index = lst.indexAt(pos)
        if index.isValid():
            self.context_menu(lst, index.row()).popup(lst.viewport().mapToGlobal(pos))

    def context_menu(self, lst: CardList, row: int) -> QMenu:
        """Open profile, Log interaction, Move to (the selection, or the card at ``row``)."""
        model = lst.stage_model
        index = model.index(row)
        if not lst.selectionModel().isSelected(index):
            lst.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        ids = lst.selected_ids()
        contact_id = model.ids()[row]
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("Open profile", lambda: self.ctx.events.open_contact.emit(contact_id))
        menu.addAction("Log interaction…", lambda: self.ctx.events.request_log.emit(contact_id))
        move_to = menu.addMenu("Move to")
        for stage in BOARD_ORDER:
            action = move_to.addAction(stage.label, lambda s=stage: self.move(ids, s))
            action.setEnabled(stage is not model.stage)
        return menu

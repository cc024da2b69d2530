"""A contact's past: interactions newest first, and where the relationship has been.

Both are item views over what the profile read on its worker (a long history is added a
batch per event-loop turn); notes are shown as
plain text in a read-only box under the list (never in a rich-text tooltip).

A group event shows its other participants ("Ann Lee, Bo Chen"). Deleting one (Delete,
or the context menu) asks whether it goes for everyone or only for this person: a dinner
the user logged with the wrong friend is corrected for that friend alone, the others still
met (:func:`relmanager.store.event_edits.event_rows`). Undo puts back the very same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.channels import richness_text
from relmanager.domain.clock import Clock
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.services.writer import Change
from relmanager.store import event_edits, history_reads
from relmanager.ui.shared.display import plural, relative_day, stage_label
from relmanager.ui.shared.icons import channel_icon
from relmanager.ui.shared.palette import richness_color
from relmanager.ui.shared.plain import contact_tip, menu_text, one_line, tip, visible
from relmanager.ui.shared.text_box import TextBox
from relmanager.ui.shared.undo import StoreCommand, perform

if TYPE_CHECKING:
    from relmanager.services.context import AppContext

EXCHANGE_LABELS = {
    Exchange.GIVE.value: "Give", Exchange.ASK.value: "Ask",
    Exchange.RECEIVE.value: "Receive", Exchange.NEUTRAL.value: "—",
}


#: What the Note column keeps when the names need the room: its first line is only a
#: hint, the note itself is in the box under the table.
NOTE_MIN = 24
#: The Channel column's least width, elided below its name and richness.
CHANNEL_MIN = 110
#: Interactions made into rows per turn of the event loop (~10 ms, ~30 under load): a
#: long history fills in while the window stays responsive.
BATCH = 100


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setAccessibleName(name)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return tree


def fit_to_contents(tree: QTreeWidget) -> None:
    """Every column but the last as wide as its widest entry or header (fixed widths cut
    "2024-10-05 (17 months ago)" and long channel names); the last takes the rest."""
    tree.header().setMinimumSectionSize(NOTE_MIN)  # the note column may shrink: it has a box
    for column in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(column)


class DeleteEventCommand(StoreCommand):
    """Delete an event from one profile, for everyone or only this person; undo puts the
    very same rows back (ids, group key, capture and follow-up links)."""

    def __init__(self, ctx: AppContext, interaction_id: int, everyone: bool,
                 text: str) -> None:
        super().__init__(ctx, text)
        self.interaction_id, self.everyone = interaction_id, everyone
        self.deleted: event_edits.DeletedRows | None = None

    def apply(self) -> None:
        self.deleted = event_edits.delete_event(self.interaction_id, self.everyone)

    def revert(self) -> None:
        if self.deleted is not None:
            event_edits.restore_rows(self.deleted)

    def applied(self) -> Change:
        rows = self.deleted.rows if self.deleted is not None else ()
        return Change.of_interactions(sorted({row["contact"] for row in rows}))


class InteractionHistory(QWidget):
    """Every interaction with one contact, newest first, with the selected note below."""

    WITH_COLUMN = 4
    CHANNEL_COLUMN = 1

    def __init__(self, clock: Clock, parent: QWidget | None = None, *,
                 ctx: AppContext | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.ctx = ctx  # None: read only (no delete)
        self.contact_id: int | None = None
        self.contact_name = ""
        self.tree = _tree(["When", "Channel", "Exchange", "Min", "With", "Note"],
                          "Interaction history")
        # In a narrow profile it scrolls sideways rather than cut a channel or a time.
        self.tree.setProperty("scrolls_sideways", True)
        self.note = TextBox(readOnly=True)
        self.note.setAccessibleName("Note of the selected interaction")
        self.note.setPlaceholderText("Select an interaction to read its note")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.note)
        splitter.setSizes([300, 90])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.tree.currentItemChanged.connect(self._show_note)
        self._with_wanted = 0  # the With column's width to contents, from the last load
        self._channel_wanted = 0
        self._rows: Sequence[history_reads.InteractionEntry] = ()
        self._next = 0
        self._adding = QTimer(self, singleShot=True, interval=0)
        self._adding.timeout.connect(self._add_batch)
        self.tree.viewport().installEventFilter(self)
        if ctx is not None:
            self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            self.tree.customContextMenuRequested.connect(self._menu)
            QShortcut(QKeySequence.StandardKey.Delete, self.tree, self.delete_selected,
                      context=Qt.ShortcutContext.WidgetShortcut)

    def show_rows(self, contact_id: int | None, name: str,
             rows: Sequence[history_reads.InteractionEntry]) -> None:
        """Show ``rows`` (read on the profile's worker). A contact with tens of thousands
        of interactions must not stall the window: the items are made a batch per turn
        of the event loop (:data:`BATCH`), from the next turn on."""
        self._adding.stop()
        self.tree.clear()
        self.note.clear()
        self.contact_id = contact_id
        self.contact_name = one_line(name) if contact_id else ""  # for the questions
        self._rows, self._next = rows, 0
        if contact_id is None:
            self.summary.clear()
            return
        minutes = sum(row.minutes or 0 for row in rows)
        self.summary.setText(f"{plural(len(rows), 'interaction')}, {minutes:,} minutes in all"
                             if rows else "No interactions logged yet (Ctrl+L logs one)")
        if rows:  # from the next turn: the profile shows the rest of the contact first
            self._adding.start()
        else:
            fit_to_contents(self.tree)

    @property
    def loading(self) -> bool:
        """Rows are still being added (a long history, a batch per event-loop turn)."""
        return self._next < len(self._rows)

    def _add_batch(self) -> None:
        now = self.clock.now()
        batch = self._rows[self._next:self._next + BATCH]
        self._next += len(batch)
        self.tree.addTopLevelItems([self._item(row, now) for row in batch])
        if self._next == len(batch):  # the first batch: the columns fit their contents
            fit_to_contents(self.tree)
            self._with_wanted = self.tree.columnWidth(self.WITH_COLUMN)
            self._channel_wanted = self.tree.columnWidth(self.CHANNEL_COLUMN)
            self._cap_with_column()
        if self.loading:
            self._adding.start()

    def _item(self, row: history_reads.InteractionEntry, now: datetime) -> QTreeWidgetItem:
        first_line = row.note.strip().splitlines()[0] if row.note.strip() else ""
        who = " (they reached out)" if row.initiated_by == Initiator.THEM.value else ""
        channel = " · ".join(p for p in (row.channel_name, richness_text(
            row.channel_kind, bool(row.two_way), with_kind=False)) if p)
        item = QTreeWidgetItem([
            f"{row.occurred_at:%Y-%m-%d %H:%M}",
            channel,
            EXCHANGE_LABELS.get(row.exchange, row.exchange),
            str(row.minutes or ""),
            ", ".join(one_line(name) for name in row.others),  # the display rule, cut
            one_line(first_line),
        ])
        item.setIcon(1, channel_icon(row.channel_key, richness_color(row.richness)))
        # Elided when the names need the room (1366 px): said whole in the tooltip.
        item.setToolTip(1, tip(channel))
        item.setToolTip(self.WITH_COLUMN, contact_tip(row.with_text))
        item.setToolTip(5, contact_tip(first_line))  # elided in a narrow profile
        item.setToolTip(0, relative_day(row.occurred_at, now) + who)
        item.setData(0, Qt.ItemDataRole.UserRole, row.note)
        item.setData(0, Qt.ItemDataRole.UserRole + 1, row.id)
        # As shown: the question and the command's text (the Edit menu, the status bar)
        # named them as stored, ESC and overrides included.
        item.setData(0, Qt.ItemDataRole.UserRole + 2, [one_line(n) for n in row.others])
        return item

    def _cap_with_column(self) -> None:
        """The names come first: the With column gets the width it needs, the Channel
        column what is left up to its own (elided, the tooltip says it whole), the note
        the rest (its first line is a hint; the note is in the box below). A long list
        of names is elided too, with every name in the tooltip: no sideways scroll."""
        width = self.tree.viewport().width()
        fixed = sum(self.tree.columnWidth(c) for c in range(self.WITH_COLUMN)
                    if c != self.CHANNEL_COLUMN)
        room = max(0, width - fixed - NOTE_MIN)
        names = min(self._with_wanted, max(120, room - CHANNEL_MIN))
        channel = max(CHANNEL_MIN, min(self._channel_wanted, room - names))
        self.tree.setColumnWidth(self.CHANNEL_COLUMN, channel)
        self.tree.setColumnWidth(self.WITH_COLUMN, names)
        last = self.tree.columnCount() - 1  # the note stretches into what is left
        self.tree.setColumnWidth(last, max(NOTE_MIN, width - fixed - channel - names))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The tree resized (the splitter, the window): the names get what room there is."""
        if (watched is self.tree.viewport() and event.type() == QEvent.Type.Resize
                and self._with_wanted):
            self._cap_with_column()
        return super().eventFilter(watched, event)

    def _show_note(self, item: QTreeWidgetItem | None) -> None:
        # Read-only, so shown by the display rule (its lines kept): an ESC or an override
        # in a logged or captured note is not the note's text.
        self.note.setPlainText(visible(item.data(0, Qt.ItemDataRole.UserRole), lines=True)
                               if item else "")

    # -- deleting ------------------------------------------------------------------------
    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction("&Change minutes or note…", self.edit_selected)
        menu.addAction("&Delete interaction…", self.delete_selected)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def delete_selected(self) -> None:
        """Delete the selected interaction; for a group event, ask for whom first."""
        item = self.tree.currentItem()
        if item is None or self.ctx is None:
            return
        interaction_id = int(item.data(0, Qt.ItemDataRole.UserRole + 1))
        others = list(item.data(0, Qt.ItemDataRole.UserRole + 2) or [])
        everyone = self.ask_for_whom(others, "Delete")
        if everyone is None:
            return
        who = self.contact_name or "this contact"
        text = (f"Delete interaction with {', '.join([who, *others])}" if everyone
                and others else f"Delete interaction with {who}")
        perform(self.ctx, DeleteEventCommand(self.ctx, interaction_id, everyone, text))

    def edit_selected(self) -> None:
        """Change the selected interaction's minutes and note; for a group event, ask
        for whom first (only this person: they get an event of their own)."""
        from relmanager.ui.contacts.history_edit import EditEventCommand, EditEventDialog

        item = self.tree.currentItem()
        if item is None or self.ctx is None:
            return
        interaction_id = int(item.data(0, Qt.ItemDataRole.UserRole + 1))
        dialog = EditEventDialog(int(item.text(3) or 0),
                                 item.data(0, Qt.ItemDataRole.UserRole) or "", self)
        if dialog.exec() != EditEventDialog.DialogCode.Accepted:
            return
        others = list(item.data(0, Qt.ItemDataRole.UserRole + 2) or [])
        everyone = self.ask_for_whom(others, "Change")
        if everyone is None:
            return
        who = self.contact_name or "this contact"
        perform(self.ctx, EditEventCommand(
            self.ctx, interaction_id, everyone, f"Change interaction with {who}",
            minutes=dialog.minutes.value(), note=dialog.note.toPlainText()))

    def ask_for_whom(self, others: list[str], verb: str = "Delete") -> bool | None:
        """True: for everyone; False: only this person; None: cancelled. A one-person
        event needs no question (it is undoable)."""
        if not others:
            return True
        who = self.contact_name or "this contact"
        people = [who, *others]
        everyone_text = ", ".join(people[:-1]) + " and " + people[-1]
        keep = ("The others keep it in their history." if verb == "Delete" else
                f"Only for {who}: the others' event stays as it was.")
        box = QMessageBox(QMessageBox.Icon.Question, f"{verb} a group interaction",
                          f"This interaction was with {everyone_text}.\n\n"
                          f"{verb} it for everyone, or only for {who}? {keep}",
                          parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        everyone = box.addButton("For &everyone", QMessageBox.ButtonRole.DestructiveRole)
        only = box.addButton(f"&Only {menu_text(who)}", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(only)
        box.setObjectName("delete_group_question")
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is everyone else False if clicked is only else None


class StageHistory(QTreeWidget):
    """Every placement of a contact, newest first: moves back and skips included."""

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.setHeaderLabels(["When", "From", "To"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAccessibleName("Stage history")
        self.setColumnWidth(0, 170)
        self.setColumnWidth(1, 120)

    def show_rows(self, rows: Sequence[history_reads.StageEntry]) -> None:
        """Show ``rows`` (read on the profile's worker; a few per contact)."""
        self.clear()
        now = self.clock.now()
        for row in rows:
            item = QTreeWidgetItem([
                f"{row.changed_at:%Y-%m-%d} ({relative_day(row.changed_at, now)})",
                stage_label(row.from_stage) or "(added)",
                stage_label(row.to_stage),
            ])
            self.addTopLevelItem(item)
        fit_to_contents(self)

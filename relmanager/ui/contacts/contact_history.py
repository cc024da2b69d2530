"""A contact's past: interactions newest first, and where the relationship has been.

Both are item views over at most a few hundred rows per contact; notes are shown as
plain text in a read-only box under the list (never in a rich-text tooltip).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.channels import richness_text
from relmanager.domain.clock import Clock
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.store import history_reads
from relmanager.ui.shared.display import plural, relative_day, stage_label
from relmanager.ui.shared.icons import channel_icon
from relmanager.ui.shared.palette import richness_color
from relmanager.ui.shared.plain import tip

EXCHANGE_LABELS = {
    Exchange.GIVE.value: "Give", Exchange.ASK.value: "Ask",
    Exchange.RECEIVE.value: "Receive", Exchange.NEUTRAL.value: "—",
}


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
    tree.header().setMinimumSectionSize(40)  # the note column may shrink: it has a box
    for column in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(column)


class InteractionHistory(QWidget):
    """Every interaction with one contact, newest first, with the selected note below."""

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.tree = _tree(["When", "Channel", "Exchange", "Min", "Note"], "Interaction history")
        # In a narrow profile it scrolls sideways rather than cut a channel or a time.
        self.tree.setProperty("scrolls_sideways", True)
        self.note = QPlainTextEdit(readOnly=True)
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

    def load(self, contact_id: int | None) -> None:
        self.tree.clear()
        self.note.clear()
        if contact_id is None:
            self.summary.clear()
            return
        now = self.clock.now()
        items = []
        minutes = 0
        for row in history_reads.interactions(contact_id):
            first_line = row.note.strip().splitlines()[0] if row.note.strip() else ""
            who = " (they reached out)" if row.initiated_by == Initiator.THEM.value else ""
            item = QTreeWidgetItem([
                f"{row.occurred_at:%Y-%m-%d %H:%M}",
                " · ".join(p for p in (row.channel_name, richness_text(
                    row.channel_kind, bool(row.two_way), with_kind=False)) if p),
                EXCHANGE_LABELS.get(row.exchange, row.exchange),
                str(row.minutes or ""),
                first_line,
            ])
            item.setIcon(1, channel_icon(row.channel_key, richness_color(row.richness)))
            item.setToolTip(4, tip(first_line))  # elided in a narrow profile
            item.setToolTip(0, relative_day(row.occurred_at, now) + who)
            item.setData(0, Qt.ItemDataRole.UserRole, row.note)
            item.setData(0, Qt.ItemDataRole.UserRole + 1, row.id)
            items.append(item)
            minutes += row.minutes or 0
        self.tree.addTopLevelItems(items)
        fit_to_contents(self.tree)
        self.summary.setText(f"{plural(len(items), 'interaction')}, {minutes:,} minutes in all"
                             if items else "No interactions logged yet (Ctrl+L logs one)")

    def _show_note(self, item: QTreeWidgetItem | None) -> None:
        self.note.setPlainText(item.data(0, Qt.ItemDataRole.UserRole) if item else "")


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

    def load(self, contact_id: int | None) -> None:
        self.clear()
        if contact_id is None:
            return
        now = self.clock.now()
        for row in history_reads.stage_changes(contact_id):
            item = QTreeWidgetItem([
                f"{row.changed_at:%Y-%m-%d} ({relative_day(row.changed_at, now)})",
                stage_label(row.from_stage) or "(added)",
                stage_label(row.to_stage),
            ])
            self.addTopLevelItem(item)
        fit_to_contents(self)

"""What a capture would write, shown before anything is written: interactions for whom,
what was left out and why, sources that could not be read, and the people the user often
writes with who are not contacts, each with a checkbox ("add to Inbox?"). Nobody is
added unless the user ticks them and presses the button.

Past runs are listed below with Undo, which removes exactly one run's interactions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.capture import MAIL, left_out, unread_lines
from relmanager.domain.wording import plural
from relmanager.services.background import BackgroundReader
from relmanager.services.capture_sources import Preview
from relmanager.services.context import AppContext
from relmanager.services.writer import Change, NotWritten
from relmanager.store import capture
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.plain import contact_tip, one_line, tip, visible

MAX_PEOPLE_SHOWN = 500
MAX_UNKNOWN_SHOWN = 200
#: Where an item of the "not contacts" list keeps the header's display name.
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
#: "Often": at least this many messages or events with someone not a contact.
OFTEN = 2


def unknown_words(address: str, source: str, count: int) -> str:
    what = (f"{count} e-mail{'s' * (count != 1)}" if source == MAIL
            else f"{count} meeting{'s' * (count != 1)}")
    verb = "exchanged" if source == MAIL else "had"
    return f"You {verb} {what} with {address}: add to Inbox?"


def _plain(text: str) -> QTableWidgetItem:
    """A cell of names from mail headers, calendars and contacts: by the display rule
    (no control or bidi override shown), never markup in its tooltip."""
    item = QTableWidgetItem(one_line(text))
    item.setToolTip(contact_tip(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


PRESS_PREVIEW = ("Press Preview to see what would be captured. Nothing is written before "
                 "you press Capture.")
#: Past runs' note while they are read, and when there are none (an empty table alone
#: did not say which).
READING_RUNS = "Reading past runs…"
NO_RUNS = "No capture run yet: each Capture is listed here, and can be undone."


class PreviewPanel(QTabWidget):
    """Tabs: Preview (people, left out, not contacts) and Past runs."""

    undone = Signal(int)
    added = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary = QLabel(PRESS_PREVIEW)
        self.summary.setObjectName("capture_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.people = QTableWidget(0, 2)
        self.people.setHorizontalHeaderLabels(["Person", "Interactions"])
        self.people.verticalHeader().hide()
        self.people.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.people.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.people.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        self.unknown = QListWidget()
        self.unknown.setObjectName("capture_unknown")
        self.add_checked = QPushButton("Add ticked people to the &Inbox")
        self.add_checked.setEnabled(False)
        self.add_checked.clicked.connect(self.add_ticked)
        self.unknown.itemChanged.connect(self._ticks_changed)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(self.people)
        below = QWidget()
        right = QVBoxLayout(below)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel("Not contacts (never added on their own):"))
        right.addWidget(self.unknown, 1)
        right.addWidget(self.add_checked)
        lists.addWidget(below)
        lists.setChildrenCollapsible(False)
        layout.addWidget(lists, 1)
        self.addTab(page, "Preview")

        self.runs = QTableWidget(0, 5)
        self.runs.setObjectName("capture_runs")
        self.runs.setHorizontalHeaderLabels(["#", "When", "Interactions", "State", "From"])
        self.runs.verticalHeader().hide()
        self.runs.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.runs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.runs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.runs.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.undo = QPushButton("&Undo this run")
        self.undo.clicked.connect(self.undo_selected)
        self.runs_note = QLabel("")
        self.runs_note.setWordWrap(True)
        runs_page = QWidget()
        runs_layout = QVBoxLayout(runs_page)
        runs_layout.addWidget(self.runs, 1)
        row = QHBoxLayout()
        row.addWidget(self.runs_note, 1)
        row.addWidget(self.undo)
        runs_layout.addLayout(row)
        self.addTab(runs_page, "Past runs")
        self._reader = BackgroundReader(self)
        self.fill_runs()

    # -- preview ----------------------------------------------------------------------
    def show_preview(self, preview: Preview, verb: str = "would be captured") -> None:
        per_contact = preview.per_contact
        lines = [f"{plural(preview.interactions, 'interaction')} with "
                 f"{plural(len(per_contact), 'person', 'people')} {verb} from "
                 f"{plural(len(preview.plans), 'source')}."]
        strangers = len({address for address, _source in preview.unknown})
        if strangers:
            lines.append(f"{plural(strangers, 'person', 'people')} skipped: not contacts "
                         f"(those seen at least {OFTEN} times are listed below).")
        if preview.already:
            lines.append(f"{preview.already:,} captured by an earlier run (not again).")
        if preview.skipped:
            lines.append("Left out: " + "; ".join(left_out(preview.skipped)) + ".")
        lines += unread_lines((p.location, problem) for p in preview.plans
                              for problem in p.problems)
        for source, error in preview.failures:
            said = error if source.location and source.location in error \
                else f"{source.label}: {error}"
            lines.append(f"Not read: {said.rstrip('.')}. Nothing from it is written.")
        # A file's name, a server's answer: shown by the display rule too.
        self.summary.setText("\n".join(visible(line) for line in lines))
        ranked = sorted(per_contact.items(),
                        key=lambda kv: (-kv[1], preview.names.get(kv[0], "")))
        self.people.setRowCount(0)
        self.people.setRowCount(min(len(ranked), MAX_PEOPLE_SHOWN))
        for row, (cid, count) in enumerate(ranked[:MAX_PEOPLE_SHOWN]):
            self.people.setItem(row, 0, _plain(preview.names.get(cid, f"#{cid}")))
            self.people.setItem(row, 1, _plain(str(count)))
        self.unknown.blockSignals(True)
        self.unknown.clear()
        often = sorted(((k, n) for k, n in preview.unknown.items() if n >= OFTEN),
                       key=lambda kv: (-kv[1], kv[0]))
        named = preview.unknown_names
        for (address, source), count in often[:MAX_UNKNOWN_SHOWN]:
            name = named.get(address, "")
            said = f"{one_line(name)} <{one_line(address)}>" if name else one_line(address)
            item = QListWidgetItem(unknown_words(said, source, count))
            item.setData(Qt.ItemDataRole.UserRole, address)
            item.setData(NAME_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(tip(item.text()))
            self.unknown.addItem(item)
        self.unknown.blockSignals(False)
        self._ticks_changed()
        self.setCurrentIndex(0)

    def show_failure(self, message: str) -> None:
        self.clear_preview(message)

    def clear_preview(self, message: str) -> None:
        """An empty preview with ``message``: a new read must not show the last one's
        people as if they were its own."""
        self.summary.setText(message)
        self.people.setRowCount(0)
        self.unknown.clear()
        self._ticks_changed()
        self.setCurrentIndex(0)

    def ticked(self) -> list[str]:
        return [address for address, _name in self._ticked_people()]

    def _ticked_people(self) -> list[tuple[str, str]]:
        items = [self.unknown.item(row) for row in range(self.unknown.count())]
        return [(item.data(Qt.ItemDataRole.UserRole), item.data(NAME_ROLE) or "")
                for item in items if item.checkState() == Qt.CheckState.Checked]

    def _ticks_changed(self, *_args: object) -> None:
        self.add_checked.setEnabled(bool(self.ticked()))

    def add_ticked(self) -> None:
        people = self._ticked_people()
        if not people:
            return
        addresses = [address for address, _name in people]
        clock = self.ctx.clock
        try:
            ids = self.ctx.writer.write(plural(len(people), "new contact"),
                                        lambda: capture.add_to_inbox(clock, people),
                                        Change.of_contacts)
        except NotWritten:
            return
        for row in reversed(range(self.unknown.count())):
            if self.unknown.item(row).data(Qt.ItemDataRole.UserRole) in addresses:
                self.unknown.takeItem(row)
        self._ticks_changed()
        self.summary.setText(self.summary.text() + f"\nAdded {len(ids)} to the Inbox.")
        self.added.emit(len(ids))

    # -- past runs --------------------------------------------------------------------
    def fill_runs(self) -> None:
        """Past runs, read on the worker (they were read on the UI thread); the note says
        so meanwhile, unless it reports an undo just made."""
        if self.runs_note.text() in self._read_notes():
            self.runs_note.setText(READING_RUNS)
        self._reader.submit(capture.batches, self._show_runs, self._runs_failed, key="runs")

    def _read_notes(self) -> tuple[str, ...]:
        """The note's texts that only say the read's state (an undo's report is kept)."""
        failed = self.runs_note.text().startswith("Could not read past runs")
        return ("", READING_RUNS, NO_RUNS, self.runs_note.text() if failed else NO_RUNS)

    def _runs_failed(self, error: BaseException) -> None:
        """Not an empty "no runs": the table is emptied and the reason said."""
        self.runs.setRowCount(0)
        self.undo.setEnabled(False)
        self.runs_note.setText(f"Could not read past runs: {failure_reason(error)}")

    def shutdown(self) -> None:
        self._reader.shutdown()

    def _show_runs(self, batches: list[capture.CaptureBatch]) -> None:
        rows = list(reversed(batches))
        self.runs.setRowCount(len(rows))
        for row, batch in enumerate(rows):
            state = f"undone {batch.undone_at:%Y-%m-%d}" if batch.undone_at else "active"
            where = f"{batch.source}: {batch.location}"
            for column, text in enumerate((str(batch.id), f"{batch.created_at:%Y-%m-%d %H:%M}",
                                           f"{batch.captured} with {batch.people}", state,
                                           where)):
                self.runs.setItem(row, column, _plain(text))
        self.undo.setEnabled(bool(rows))
        if self.runs_note.text() in self._read_notes():
            self.runs_note.setText("" if rows else NO_RUNS)

    def undo_selected(self) -> None:
        selected = self.runs.selectedItems()
        if not selected:
            self.runs_note.setText("Choose a run first.")
            return
        batch_id = int(self.runs.item(selected[0].row(), 0).text())
        clock = self.ctx.clock
        try:
            undone = self.ctx.writer.write(
                f"undo of capture {batch_id}", lambda: capture.undo_capture(clock, batch_id),
                Change(contacts=(), interactions=()), tell=False)
        except NotWritten as error:
            self.runs_note.setText(f"Not undone: {error}")
            return
        self.runs_note.setText(f"Capture {undone.batch_id} undone: "
                               f"{plural(undone.removed, 'interaction')} removed.")
        self.fill_runs()
        self.undone.emit(batch_id)

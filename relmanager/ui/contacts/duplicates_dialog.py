"""Find duplicates: groups of contacts that look like one person, reviewed one by one.

The search runs on a background reader (100,000 contacts take about a second), with a
Cancel that closes the dialog; a failed search says so and offers Retry rather than
showing an empty, reassuring list. Each group has Merge… (the Merge dialog) and Not
duplicates (remembered, undoable with Ctrl+Z). From the keyboard: arrows choose a group,
Enter merges it, Alt+N says they are different people, Esc closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.duplicates import Group
from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.store import duplicates
from relmanager.store.merge import names_of
from relmanager.ui.contacts.merge_dialog import merge_contacts_ui
from relmanager.ui.shared.display import plural
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.plain import one_line, tip


class DuplicatesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Find duplicates")
        self.groups: list[Group] = []
        self.names: dict[int, str] = {}
        layout = QVBoxLayout(self)
        self.status = QLabel("Looking for duplicates…")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["People", "Why they look alike", ""])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.table.doubleClicked.connect(lambda _index: self.merge_current())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton("&Merge…", QDialogButtonBox.ButtonRole.ActionRole)
        self.dismiss_button = buttons.addButton("&Not duplicates",
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button = buttons.addButton("&Retry", QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button = close
        for button in (self.dismiss_button, self.retry_button, close):
            button.setAutoDefault(False)
        self.merge_button.setDefault(True)  # Enter merges the selected group
        self.merge_button.clicked.connect(self.merge_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.retry_button.clicked.connect(self.search)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.reader = BackgroundReader(self)
        self.finished.connect(lambda _code: self.reader.shutdown())  # closed mid-search
        self.resize(820, 480)
        self.search()

    # -- searching ------------------------------------------------------------------
    def search(self) -> None:
        if self.reader.closed:
            self.reader = BackgroundReader(self)
        self.status.setText("Looking for duplicates… (Close stops the search)")
        self.retry_button.hide()
        self._enable(False)
        self.reader.submit(self._read, self._show, self._failed, key="find")

    @staticmethod
    def _read() -> tuple[list[Group], dict[int, str]]:
        found = duplicates.find()
        return found, names_of([i for g in found for i in g.ids])

    def wait_loaded(self) -> None:
        """Block until the search answered (tests, screenshots)."""
        from PySide6.QtCore import QCoreApplication

        self.reader.wait()
        QCoreApplication.processEvents()

    def _failed(self, error: BaseException) -> None:
        self.reader.shutdown()  # its thread and connection end with the answer
        self.table.setRowCount(0)
        self.status.setText(f"Could not look for duplicates: {failure_reason(error)}")
        self.retry_button.show()

    def _show(self, answer: tuple[list[Group], dict[int, str]]) -> None:
        self.reader.shutdown()  # its thread and connection end with the answer
        groups, names = answer
        # The names as shown (the display rule, cut for one line)
        self.groups, self.names = groups, {cid: one_line(n) for cid, n in names.items()}
        self.table.setRowCount(0)
        for group in self.groups:
            self._add_row(group)
        self.table.resizeRowsToContents()
        for row in range(self.table.rowCount()):
            cell = self.table.cellWidget(row, 2)
            self.table.setRowHeight(row, max(self.table.rowHeight(row),
                                             cell.sizeHint().height()))
        if self.groups:
            self.table.selectRow(0)
            self.table.setFocus()
        self._say()

    def _say(self) -> None:
        if not self.groups:
            self.status.setText("No likely duplicates: no two contacts share an e-mail "
                                "address or phone number, or have a similar name at the "
                                "same organisation.")
            self._enable(False)
            return
        self.status.setText(f"{plural(len(self.groups), 'group')} of contacts that may be "
                            "one person. Merge them, or say they are different people "
                            "(remembered).")
        self._enable(True)

    def _enable(self, on: bool) -> None:
        self.merge_button.setEnabled(on)
        self.dismiss_button.setEnabled(on)

    def _add_row(self, group: Group) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        people = "\n".join(f"{self.names.get(i, '?')} (#{i})" for i in group.ids)
        reasons = "\n".join(one_line(reason) for reason in group.reasons)
        for column, text in ((0, people), (1, reasons)):
            item = QTableWidgetItem(text)  # plain text: an item never renders markup
            item.setToolTip(tip(text))  # a tooltip would render markup: escaped
            self.table.setItem(row, column, item)
        cell = QWidget()
        line = QHBoxLayout(cell)
        line.setContentsMargins(4, 2, 4, 2)
        for text, slot in (("Merge…", self._merge_group), ("Not duplicates",
                                                          self._dismiss_group)):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard uses the row
            button.clicked.connect(lambda _=False, g=group, act=slot: act(g))
            line.addWidget(button)
        self.table.setCellWidget(row, 2, cell)
        # A cell widget does not size its column or row by itself.
        hint = cell.sizeHint()
        self.table.setColumnWidth(2, max(self.table.columnWidth(2), hint.width()))
        self.table.setRowHeight(row, max(self.table.rowHeight(row), hint.height()))

    # -- acting on a group ------------------------------------------------------------
    def current_group(self) -> Group | None:
        row = self.table.currentRow()
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def merge_current(self) -> None:
        group = self.current_group()
        if group is not None:
            self._merge_group(group)

    def dismiss_current(self) -> None:
        group = self.current_group()
        if group is not None:
            self._dismiss_group(group)

    def _merge_group(self, group: Group) -> None:
        if merge_contacts_ui(self, self.ctx, group.ids):
            self._drop(group)

    def _dismiss_group(self, group: Group) -> None:
        from relmanager.ui.contacts.merge_command import DismissDuplicatesCommand
        from relmanager.ui.shared.undo import perform

        if perform(self.ctx, DismissDuplicatesCommand(self.ctx, group.ids)):
            self.ctx.events.status_message.emit(
                f"Not duplicates: {', '.join(self.names.get(i, '?') for i in group.ids)} "
                "(Ctrl+Z takes it back)")
            self._drop(group)

    def _drop(self, group: Group) -> None:
        row = self.groups.index(group)
        self.groups.pop(row)
        self.table.removeRow(row)
        if self.groups:
            self.table.selectRow(min(row, len(self.groups) - 1))
        self._say()


def find_duplicates_ui(parent: QWidget, ctx: AppContext) -> DuplicatesDialog:
    dialog = DuplicatesDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

"""A profile tab: the contact's follow-ups, open ones first, with a quick add row and a
checkbox to mark each done (or undone). Its rows are read on a worker
(:mod:`relmanager.ui.contacts.tab_reads`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from functools import partial

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.services.writer import FOLLOW_UPS, NotWritten
from relmanager.store import follow_ups
from relmanager.store.errors import ValidationError
from relmanager.store.follow_ups import FollowUpRow
from relmanager.ui.contacts.tab_reads import TabRead
from relmanager.ui.shared.display import due_text
from relmanager.ui.shared.plain import contact_tip, one_line
from relmanager.ui.shared.time_typing import type_whole

ID_ROLE = Qt.ItemDataRole.UserRole


class FollowUpsPanel(TabRead, QWidget):
    KEY = "profile-follow-ups"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 reader: BackgroundReader | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._setup_reads(reader, "the follow-ups")
        self.setEnabled(False)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Follow-up", "Due", "Done"])
        self.list.setRootIsDecorated(False)
        self.list.setAccessibleName("Follow-ups")
        self.list.setUniformRowHeights(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemChanged.connect(self._toggled)
        self.title = QLineEdit(placeholderText="New follow-up, e.g. send the article")
        self.title.setAccessibleName("New follow-up")
        self.title.returnPressed.connect(self.add)
        now = ctx.clock.now()
        self.due = QDateEdit(QDate(now.year, now.month, now.day).addDays(7))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setAccessibleName("Due")
        type_whole(self.due)
        # Enter anywhere in the row adds, as in the title: the date edit's own line edit
        # says returnPressed (the edit itself ignores Enter), and the button takes Enter.
        self.due.lineEdit().returnPressed.connect(self.add)
        self.add_button = QPushButton("Add", autoDefault=True)
        self.add_button.clicked.connect(self.add)
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        row.addWidget(self.due)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.failure)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        # A change reloads the list from the event loop, not inside the signal that
        # made it: ticking a box writes, the write announces the change, and a reload
        # right there deleted the very item Qt was still emitting itemChanged for (a
        # crash, now and then, in the follow-ups tab's test).
        self._reload_soon = QTimer(self, singleShot=True, interval=0)
        self._reload_soon.timeout.connect(self.reload)
        ctx.events.follow_ups_changed.connect(self._reload_soon.start)
        if not self.fed:  # a follow-up logged with an interaction
            ctx.events.interactions_changed.connect(lambda _ids: self._reload_soon.start())

    def _work(self, contact_id: int) -> Callable[[], tuple[FollowUpRow, ...]]:
        return partial(follow_ups.rows_for_contact, contact_id)

    def _show(self, rows: tuple[FollowUpRow, ...] | None) -> None:
        self.setEnabled(self.contact_id is not None)
        self.list.blockSignals(True)
        self.list.clear()
        if rows is not None:
            now = self.ctx.clock.now()
            for follow_up in rows:
                due = due_text(follow_up.due_at, now, follow_up.done_at)
                item = QTreeWidgetItem([one_line(follow_up.title), due, ""])
                item.setData(0, ID_ROLE, follow_up.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(2, Qt.CheckState.Checked if follow_up.done_at
                                   else Qt.CheckState.Unchecked)
                item.setToolTip(0, contact_tip(follow_up.note or follow_up.title))
                item.setToolTip(1, f"Due {follow_up.due_at:%-d %b %Y}")
                self.list.addTopLevelItem(item)
        self.list.blockSignals(False)

    def add(self) -> bool:
        if self.contact_id is None:
            return False
        day = self.due.date().toPython()
        contact_id, title = self.contact_id, self.title.text()
        try:
            self.ctx.writer.write(f"follow-up '{title}'", lambda: follow_ups.create_follow_up(
                self.ctx.clock, contact_id, title, datetime.combine(day, time(9, 0))),
                FOLLOW_UPS, form=True)
        except ValidationError as error:  # what was typed: said briefly, under the field
            self.ctx.events.status_message.emit(str(error))
            return False
        except NotWritten:  # nothing saved (the writer said why): the title stays
            return False
        self.title.clear()
        return True

    def _toggled(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 2:
            return
        done = item.checkState(2) == Qt.CheckState.Checked
        follow_up_id = int(item.data(0, ID_ROLE))
        try:
            self.ctx.writer.write("follow-up done" if done else "follow-up reopened",
                                  lambda: follow_ups.set_done(self.ctx.clock, follow_up_id,
                                                              done), FOLLOW_UPS)
        except NotWritten:  # the box shows what is stored, not what was clicked
            self._reload_soon.start()

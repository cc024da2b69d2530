"""The contact list's actions on its selection: bulk moves, tags, archive, delete and
merge through the undo stack, and the context menu that offers them.

Kept apart from the list itself (querying, paging, selection, keys from the search
field), which had grown past 450 lines with additions from several branches: a mixin of
:class:`~relmanager.ui.contacts.contact_list.ContactListView`, so the window's Edit menu
and the tests call the same methods on the list as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.store import tag_reads
from relmanager.ui.shared.display import plural
from relmanager.ui.shared.page_loader import failure_reason

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from relmanager.services.context import AppContext
    from relmanager.ui.contacts.contact_model import ContactTableModel
    from relmanager.ui.shared.page_loader import PageLoader

Confirm = Callable[[QWidget, str, str], bool]


def ask_delete(parent: QWidget, title: str, text: str) -> bool:
    """Ask before deleting, Cancel the default. The text is plain: it names contacts, and
    ``QMessageBox.question`` rendered a name like "<b>Ana</b>" as markup. The buttons say
    what they do (Delete, Cancel), where Yes and No made the user reread the question."""
    # Imported when first asked: its Python type brings four enums, ~1 ms of the window's
    # start that nothing before the first question needs (bench/README.md, "Cold start").
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.button(QMessageBox.StandardButton.Yes).setText("&Delete")
    box.button(QMessageBox.StandardButton.No).setText("Cancel")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


#: The bulk tag dialog's read of the known tags on the list's worker (newest wins).
KNOWN_TAGS_KEY = "bulk tags"


class ListActions:
    """The selection's actions, for a widget with ``ctx``, ``table``, ``model``,
    ``loader``, ``listed_archived``, ``confirm``, ``activated`` and ``selected_ids()``
    (the contact list)."""

    ctx: AppContext
    table: QTableView
    loader: PageLoader
    confirm: Confirm
    activated: SignalInstance
    model: ContactTableModel
    #: The archived filter of the list shown (None: both); set by the list on each read.
    listed_archived: bool | None

    def selected_ids(self) -> list[int]:
        raise NotImplementedError

    def selected_archived_states(self) -> set[bool]:
        """Which archived states the selection has, without a read: all alike where the
        list shows only active or only archived people, else from the rows it holds;
        both when a selected row's page is not in memory (the menus then offer both)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows:
            return set()
        if self.listed_archived is not None:
            return {self.listed_archived}
        known = self.model.known_archived(rows)
        return {False, True} if known is None else known

    def move_selected(self, stage: Stage) -> None:
        from relmanager.ui.shared.undo import MoveStageCommand, perform  # not at start-up

        ids = self.selected_ids()
        command = MoveStageCommand(self.ctx, ids, stage) if ids else None
        if command is not None and perform(self.ctx, command):
            self.ctx.events.status_message.emit(f"Moved {command.who} to {stage.label} "
                                                "(Ctrl+Z to undo)")

    def tag_selected(self, remove: bool = False) -> None:
        """Ask for tags to add to (or remove from) the selection, completing from the
        known tags. Every tag's name is read on the list's worker, not on the UI thread
        (it was); the dialog opens when the read lands, so it offers them from its first
        keystroke instead of an empty completion filling in, and a failed read opens it
        saying so (tags can still be typed in full) rather than waiting for ever."""
        ids = self.selected_ids()
        if not ids:
            return
        self.loader.reader.submit(
            tag_reads.known_tags,
            lambda known: self._ask_tags(ids, remove, known, None),
            lambda error: self._ask_tags(ids, remove, [], failure_reason(error)),
            key=KNOWN_TAGS_KEY)

    def _ask_tags(self, ids: list[int], remove: bool, known: list[str],
                  not_read: str | None) -> None:
        from relmanager.ui.contacts.form_fields import ask_tags
        from relmanager.ui.shared.undo import TagContactsCommand

        title = "Remove tag" if remove else "Add tag"
        names = ask_tags(self, title, f"{title} for {plural(len(ids), 'contact')}:", known,
                         not_read=not_read)
        if names:
            self.ctx.undo_stack.push(TagContactsCommand(self.ctx, ids, names, remove=remove))

    def archive_selected(self, archived: bool = True) -> None:
        from relmanager.ui.shared.undo import ArchiveContactsCommand

        ids = self.selected_ids()
        if ids:
            self.ctx.undo_stack.push(ArchiveContactsCommand(self.ctx, ids, archived))

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            return False
        from relmanager.ui.shared.undo import DeleteContactsCommand, perform

        # The command reads whom it is about ("Delete Ana Lopez", "Delete Ana Lopez and
        # 2 others"): the question names the people, as the undo entry does, where
        # "Delete 1 contact?" left the user to check the selection behind the dialog.
        command = DeleteContactsCommand(self.ctx, ids)
        text = (f"{command.text()} with all their interactions, stage history and "
                "follow-ups?\n\nYou can undo this with Edit > Undo (Ctrl+Z).")
        title = "Delete contacts" if len(ids) > 1 else "Delete contact"
        if not self.confirm(self, title, text):
            return False
        done = command.text().removeprefix("Delete ")
        if not perform(self.ctx, command):
            return False
        self.ctx.events.status_message.emit(f"Deleted {done} (Ctrl+Z to undo)")
        return True

    def bulk_menu(self, menu: QMenu) -> None:
        """Fill ``menu`` with the actions on the selection (context menu, Edit menu)."""
        from relmanager.ui.contacts import contact_menu  # with the contact store's writes

        move = menu.addMenu("&Move to stage")
        for number, stage in enumerate(BOARD_ORDER, start=1):
            action = move.addAction(f"&{number} {stage.label}")
            action.triggered.connect(lambda _=False, s=stage: self.move_selected(s))
        menu.addAction("&Tag…", self.tag_selected)
        menu.addAction("Remove ta&g…", lambda: self.tag_selected(remove=True))
        contact_menu.add_archive_actions(menu, self.selected_archived_states(),
                                         self.archive_selected)
        delete = QAction("&Delete…", menu)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.triggered.connect(self.delete_selected)
        menu.addAction(delete)
        merge = menu.addAction("Me&rge…", self.merge_selected)
        merge.setEnabled(len(self.selected_ids()) >= 2)

    def merge_selected(self) -> bool:
        """Merge the selected contacts into one (the Merge dialog, then undoable)."""
        from relmanager.ui.contacts.merge_dialog import merge_contacts_ui  # not at start-up

        return merge_contacts_ui(self, self.ctx, self.selected_ids())

    def _context_menu(self, pos) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        ids = self.selected_ids()
        if len(ids) == 1:  # Open and Log are about one person
            from relmanager.ui.contacts import contact_menu

            contact_menu.add_person_actions(menu, ids[0], self.activated.emit,
                                            self.ctx.events.request_log.emit)
        self.bulk_menu(menu)
        menu.exec(self.table.viewport().mapToGlobal(pos))

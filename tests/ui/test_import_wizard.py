"""The import wizard driven like a person would: choose a file, read it in the
background, review and change the proposed actions, import, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from relmanager.services.context import AppContext
from relmanager.store import importer
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact, ImportBatch
from relmanager.ui.import_export.import_model import ACTION_COLUMN
from relmanager.ui.import_export.import_wizard import CHOOSE, DONE, PREVIEW, ImportWizard

FIXTURES = Path(__file__).parents[1] / "interchange" / "fixtures"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def wizard(db, db_path, clock, qtbot):
    ctx = AppContext.create(clock, db_path)
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _read(wizard, qtbot, name: str) -> None:
    wizard.path.setText(str(FIXTURES / name))
    assert wizard.next.isEnabled() and wizard.next.text() == "Read file"
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() != 1, timeout=5000)


def _answer(button: QMessageBox.StandardButton) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)
    QTimer.singleShot(20, press)


def test_review_change_actions_import_and_undo(wizard, clock, qtbot):
    existing = create_contact(clock, "Hedy (work)", emails=["hedy@example.com"])
    _read(wizard, qtbot, "vcard30_apple.vcf")
    assert wizard.pages.currentIndex() == PREVIEW
    model = wizard.preview.model
    assert model.rowCount() == 2
    assert model.index(0, 4).data() == "Hedy (work) (same email hedy@example.com)"
    assert model.index(0, ACTION_COLUMN).data() == "Merge into existing"
    assert wizard.next.text() == "Import: add 1, merge 1"
    assert Contact.select().count() == 1  # nothing written while reviewing
    # untick Tesla from the keyboard (Space toggles the focused checkbox), then import
    wizard.preview.table.setFocus()
    wizard.preview.table.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(wizard.preview.table, Qt.Key.Key_Space)
    assert not model.plan.candidates[1].include
    assert wizard.next.text() == "Import: add 0, merge 1"
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == DONE, timeout=5000)
    assert "0 added to the Inbox, 1 merged" in wizard.result.text()
    assert not Contact.select().where(Contact.display_name == "Nikola Tesla").exists()
    assert Contact.get_by_id(existing.id).title == "Inventor"
    _answer(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(wizard.undo_this, Qt.MouseButton.LeftButton)
    assert Contact.get_by_id(existing.id).title == ""
    assert ImportBatch.get().undone_at is not None
    assert not wizard.undo_this.isEnabled()


def test_action_can_be_changed_to_add_through_the_editor(wizard, clock, qtbot):
    create_contact(clock, "Hedy Lamarr", emails=["hedy@example.com"])
    _read(wizard, qtbot, "vcard30_apple.vcf")
    index = wizard.preview.model.index(0, ACTION_COLUMN)
    wizard.preview.table.edit(index)
    editor = wizard.preview.table.findChild(QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "Add as new", "Merge into existing", "Skip"]
    editor.setCurrentIndex(editor.findData(importer.ADD))
    wizard.preview.table.commitData(editor)
    wizard.preview.table.closeEditor(editor, wizard.preview.table.itemDelegate().EndEditHint.NoHint)
    assert wizard.plan.candidates[0].action == importer.ADD
    assert wizard.next.text() == "Import: add 2, merge 0"


def test_bad_file_says_why_and_stays_on_the_first_page(wizard, qtbot):
    _answer(QMessageBox.StandardButton.Ok)
    _read(wizard, qtbot, "junk.bin")
    assert wizard.pages.currentIndex() == CHOOSE
    assert Contact.select().count() == 0


def test_problems_are_listed_and_readable_cards_still_offered(wizard, qtbot):
    _read(wizard, qtbot, "truncated.vcf")
    assert wizard.preview.model.rowCount() == 2
    assert "card 3 (line 10): the file ends before END:VCARD" in \
        wizard.preview.problems.toPlainText()


def test_the_preview_says_how_many_group_cards_were_left_out(wizard, qtbot, tmp_path):
    """An Apple export holds its groups as cards too: they are no contacts, and the
    preview says why the file's two cards gave one contact. Before the fix the group
    'Family' was a second row, to be imported as a person."""
    path = tmp_path / "apple-export.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Family\r\nFN:Family\r\n"
        b"X-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:g-1\r\n"
        b"END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nN:Hopper;Grace;;;\r\n"
        b"FN:Grace Hopper\r\nUID:g-1\r\nEND:VCARD\r\n")
    wizard.path.setText(str(path))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == PREVIEW, timeout=5000)
    assert wizard.preview.model.rowCount() == 1
    assert wizard.preview.model.index(0, 1).data() == "Grace Hopper"
    assert wizard.preview.found.text().endswith(
        "Untick anyone you do not want. 1 address book group card was left out: a group "
        "lists members, it is not a person.")
    assert wizard.next.text() == "Import: add 1, merge 0"

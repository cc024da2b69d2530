"""File > Export and File > Restore from backup, driven through their dialogs."""

from __future__ import annotations

import stat

import pytest
from PySide6.QtCore import Qt

from relmanager.domain.stages import Stage
from relmanager.store import backups
from relmanager.store.contacts import create_contact
from relmanager.ui.import_export.export_dialog import ExportDialog
from relmanager.ui.shell.backup_actions import RestoreDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_export_selected_contacts_as_csv(ctx, clock, qtbot, tmp_path):
    ids = [create_contact(clock, n, stage=Stage.FRIENDSHIP).id for n in ("Ada", "Bo", "Cy")]
    dialog = ExportDialog(ctx, None, selected_ids=ids[:2])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.scope.currentData() == "selected"
    assert dialog.scope.currentText() == "The 2 selected contacts"
    next(b for b in dialog.kinds.buttons() if b.property("kind") == "csv").click()
    assert dialog.path.text().endswith(".csv")
    target = tmp_path / "two.csv"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    text = target.read_text(encoding="utf-8-sig")
    assert "Ada" in text and "Bo" in text and "Cy" not in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_one_selected_contact_is_named_in_the_singular(ctx, clock, qtbot):
    """"The 1 selected contacts" (stranger2's finding 6): one is "the selected contact"."""
    ada = create_contact(clock, "Ada")
    dialog = ExportDialog(ctx, None, selected_ids=[ada.id])
    qtbot.addWidget(dialog)
    assert dialog.scope.currentData() == "selected"
    assert dialog.scope.currentText() == "The selected contact"


def test_export_into_a_missing_folder_says_so(ctx, clock, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "missing" / "x.vcf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert shown and "does not exist" in shown[0]


def test_restore_dialog_checks_the_chosen_backup(ctx, db_path, clock, qtbot, tmp_path):
    create_contact(clock, "Ada")
    made = backups.backup_now(db_path, clock)
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 1
    assert dialog.chosen == made and dialog.restore_button.isEnabled()
    assert "1 contact, 0 interactions; checked and whole" in dialog.details.text()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\x00" * 4096)
    assert not dialog.check(junk)
    assert "cannot be restored" in dialog.details.text()
    assert not dialog.restore_button.isEnabled()


def _export_to(dialog, qtbot, target):
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def test_export_over_an_existing_file_asks_and_cancel_keeps_it(ctx, clock, qtbot, tmp_path):
    """The pre-filled name is the same all day (and for the demo): pressing Export on it
    must not replace an earlier export unasked; Cancel (the default) keeps the file."""
    create_contact(clock, "Ada")
    target = tmp_path / "relmanager-today.vcf"
    target.write_text("an earlier export, kept\n", encoding="utf-8")
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _export_to(dialog, qtbot, target)
    box = dialog.replace_box
    assert box is not None and box.isVisible()
    assert target.name in box.text() and str(tmp_path) in box.text()
    assert box.defaultButton() is box.escapeButton()
    box.escapeButton().click()
    qtbot.waitUntil(lambda: dialog.replace_box is None)
    assert target.read_text(encoding="utf-8") == "an earlier export, kept\n"
    assert dialog.isVisible() and dialog.task is None


def test_export_over_an_existing_file_replaces_it_when_told(ctx, clock, qtbot, tmp_path):
    create_contact(clock, "Ada")
    target = tmp_path / "relmanager-today.vcf"
    target.write_text("an earlier export\n", encoding="utf-8")
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _export_to(dialog, qtbot, target)
    box = dialog.replace_box
    assert box is not None
    replace = next(b for b in box.buttons() if b.text() == "Replace")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        replace.click()
    assert "FN:Ada" in target.read_text(encoding="utf-8")

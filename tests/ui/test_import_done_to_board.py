"""After an import, the done page's "Triage the newcomers on the Board" comes with a way
there (the first hour, seen from outside: it named the Board and left the user in the
dialog): "Open the Board" closes the wizard on the Board, the newcomers in its Inbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from relmanager.ui.import_export.import_wizard import DONE, ImportWizard

FIXTURES = Path(__file__).parents[1] / "interchange" / "fixtures"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_open_the_board_after_an_import(open_window, ctx, qtbot):
    window = open_window(ctx)
    window.show_page("contacts")
    wizard = ImportWizard(ctx, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.path.setText(str(FIXTURES / "vcard30_apple.vcf"))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.next.text().startswith("Import"), timeout=5000)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == DONE, timeout=5000)
    assert "on the Board" in wizard.result.text()
    assert wizard.to_board.isVisible()
    with qtbot.waitSignal(wizard.accepted, timeout=2000):
        qtbot.mouseClick(wizard.to_board, Qt.MouseButton.LeftButton)
    assert window.current_page() == "board"


def _import(ctx, window, qtbot, path: Path) -> ImportWizard:
    wizard = ImportWizard(ctx, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.path.setText(str(path))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.next.text().startswith("Import"), timeout=5000)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == DONE, timeout=5000)
    return wizard


def test_an_import_that_only_merged_sends_nobody_to_the_board(open_window, ctx, qtbot):
    """The same file again merges everyone: "0 added to the Inbox" used to come with
    "Triage the newcomers on the Board" and its button (stranger3's finding 9)."""
    window = open_window(ctx)
    first = _import(ctx, window, qtbot, FIXTURES / "vcard30_apple.vcf")
    assert first.summary.added > 0
    first.accept()
    again = _import(ctx, window, qtbot, FIXTURES / "vcard30_apple.vcf")
    assert again.summary.added == 0 and again.summary.merged > 0
    text = again.result.text()
    assert "0 added" in text
    assert "Board" not in text and "newcomers" not in text
    assert "Nobody new" in text
    assert not again.to_board.isVisible()
    assert again.undo_this.isEnabled()

"""The import wizard keeps another app's properties and says when a card has too many to
keep: a file of Apple, Google, Thunderbird and khard cards and one card of 10,000 unknown
properties, imported through the wizard. The preview names that card and why; the other
cards are kept (store.kept_cards) and an export writes their lines back. On the code
before this nothing was kept and the preview said nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from relmanager.interchange.vcard_keep import KEPT_TOO_BIG
from relmanager.store.contacts import find_contact
from relmanager.store.kept_cards import card_of
from relmanager.ui.import_export.import_wizard import DONE
from tests.store import other_apps
from tests.ui.test_import_limits import open_preview

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

HUGE = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve Many\r\n"
        + "".join(f"X-UNKNOWN-{n}:value {n}\r\n" for n in range(10_000)) + "END:VCARD\r\n")


def test_the_wizard_keeps_the_cards_and_says_which_one_was_too_big(db, db_path, clock, qtbot,
                                                                   tmp_path):
    source = tmp_path / "from-other-apps.vcf"
    source.write_bytes((other_apps.FILE + HUGE).encode("utf-8"))
    wizard = open_preview(qtbot, clock, db_path, source)
    shown = " ".join(wizard.preview.problems.toPlainText().split())
    line = other_apps.FILE.count("\n") + 1
    assert f"card 5 (line {line}): {KEPT_TOO_BIG}" in shown, shown
    shots = os.environ.get("RELMANAGER_SHOTS")
    if shots:
        wizard.grab().save(str(Path(shots) / "import-preview-kept-too-big.png"))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == DONE, timeout=10_000)
    for name, kept in other_apps.KEPT.items():
        card = card_of(find_contact(name).id)
        assert card is not None and all(line in card for line in kept), name
    assert card_of(find_contact("Eve Many").id) is None

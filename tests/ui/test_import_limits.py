"""The import wizard's preview says what the app's limits cut (issue 19), and the photo
that reaches the database is a small thumbnail made in the worker, never the file's blob."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from relmanager.domain import limits
from relmanager.services.context import AppContext
from relmanager.store.models import Contact
from relmanager.ui.import_export.import_wizard import DONE, PREVIEW, ImportWizard

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _jpeg(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 95)
    return bytes(data.data())


def open_preview(qtbot, clock, db_path: Path, source: Path) -> ImportWizard:
    """The import wizard at 1366x768, ``source`` chosen and its preview shown."""
    wizard = ImportWizard(AppContext.create(clock, db_path))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    wizard.path.setText(str(source))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == PREVIEW, timeout=10_000)
    return wizard


def test_preview_reports_the_cuts_and_only_a_thumbnail_is_stored(db, db_path, clock, qtbot,
                                                                  tmp_path):
    photo = _jpeg(3000, 2000) + os.urandom(200_000)  # trailing junk: still a JPEG
    payload = base64.b64encode(photo).decode("ascii")
    lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:" + "Ada " * 100, "NOTE:" + "n" * 150_000,
             *(f"EMAIL:ada{i}@example.org" for i in range(1000)),
             "CATEGORIES:" + ",".join(f"t{i}" for i in range(500)),
             "PHOTO;ENCODING=b;TYPE=JPEG:" + payload, "END:VCARD", ""]
    source = tmp_path / "ada.vcf"
    source.write_text("\r\n".join(lines), encoding="ascii")
    wizard = open_preview(qtbot, clock, db_path, source)
    shown = wizard.preview.problems.toPlainText()
    assert f"name cut to {limits.MAX_NAME} characters" in shown
    assert f"notes cut to {limits.MAX_TEXT:,} characters" in shown
    assert f"950 e-mail addresses beyond the first {limits.MAX_EMAILS} skipped" in shown
    assert f"400 tags beyond the first {limits.MAX_TAGS} skipped" in shown
    shots = os.environ.get("RELMANAGER_SHOTS")
    if shots:
        wizard.grab().save(str(Path(shots) / "import-preview-cuts.png"))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == DONE, timeout=10_000)
    stored = Contact.get().photo
    assert stored is not None and len(stored) < 64 * 1024 and stored != photo
    thumb = QImage.fromData(stored)
    assert not thumb.isNull()
    assert max(thumb.width(), thumb.height()) == limits.PHOTO_SIDE
    assert thumb.width() == 256 and thumb.height() in (170, 171)  # 3:2 kept

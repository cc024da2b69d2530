"""Screenshot of Settings > Privacy (encryption at rest) with a keyring present (run under
Xvfb): writes docs/screenshots/privacy.png."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RELMANAGER_HOME", tempfile.mkdtemp())

from relmanager.domain.clock import SystemClock  # noqa: E402
from relmanager.services.context import AppContext  # noqa: E402
from relmanager.store import db as store_db  # noqa: E402
from relmanager.ui.settings.encryption_page import EncryptionPage  # noqa: E402
from relmanager.ui.settings.settings_dialog import SettingsDialog  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402
from tools.screenshots.target import out_dir, release  # noqa: E402


def main() -> None:
    import keyring

    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv)
    clock = SystemClock()
    db_path = Path(os.environ["RELMANAGER_HOME"]) / "shot.sqlite3"
    store_db.init_db(db_path, clock=clock)
    ctx = AppContext.create(clock, db_path)
    dialog = SettingsDialog(ctx)
    dialog.add_page("Privacy", EncryptionPage(ctx))
    dialog.pages.setCurrentRow(dialog.pages.count() - 1)
    dialog.show()
    app.processEvents()
    out = out_dir() / "privacy.png"
    dialog.grab().save(str(out))
    print(out)
    release(app, dialog)


if __name__ == "__main__":
    main()

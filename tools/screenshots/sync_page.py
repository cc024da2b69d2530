"""Screenshot of Settings > Sync with an account set up against a throw-away Radicale
server and one conflict to decide (run under Xvfb): writes docs/screenshots/sync.png."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RELMANAGER_HOME", tempfile.mkdtemp())

from relmanager.domain.clock import SystemClock  # noqa: E402
from relmanager.services.context import AppContext  # noqa: E402
from relmanager.services.sync import SyncService  # noqa: E402
from relmanager.store import db as store_db  # noqa: E402
from relmanager.store.contacts import create_contact  # noqa: E402
from relmanager.store.models import SyncConflict  # noqa: E402
from relmanager.sync import account, engine  # noqa: E402
from relmanager.ui.settings.settings_dialog import SettingsDialog  # noqa: E402
from relmanager.ui.settings.sync_page import SyncPage  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402
from tools.screenshots.target import out_dir, release  # noqa: E402


def main() -> None:
    import keyring

    keyring.set_keyring(MemoryKeyring())
    home = Path(os.environ["RELMANAGER_HOME"])
    (home / "users").write_text("ada:secret\n")
    server = subprocess.Popen([sys.executable, "-m", "radicale", "--config", "",
                               "--server-hosts", "127.0.0.1:5299",
                               "--storage-filesystem-folder", str(home / "dav"),
                               "--auth-type", "htpasswd", "--auth-htpasswd-filename",
                               str(home / "users"), "--auth-htpasswd-encryption", "plain"],
                              stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        app = QApplication(sys.argv)
        clock = SystemClock()
        db_path = home / "shot.sqlite3"
        store_db.init_db(db_path, clock=clock)
        grace = create_contact(clock, "Grace Hopper", notes="met at the compiler meetup")
        account.set_up("http://127.0.0.1:5299/", "ada", "secret")
        engine.sync(clock)
        SyncConflict.create(kind="contact", local_id=grace.id, field="notes",
                            local_json='"met at the compiler meetup"',
                            remote_json='"met at the COBOL standards meeting, 1959"',
                            found_at=clock.now())
        ctx = AppContext.create(clock, db_path)
        ctx.services.sync = SyncService(ctx, first_sync_ms=10**9)
        dialog = SettingsDialog(ctx)
        dialog.add_page("Sync", SyncPage(ctx))
        dialog.pages.setCurrentRow(dialog.pages.count() - 1)
        dialog.resize(760, 560)
        dialog.show()
        app.processEvents()
        out = out_dir() / "sync.png"
        dialog.grab().save(str(out))
        print(out)
        release(app, dialog)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

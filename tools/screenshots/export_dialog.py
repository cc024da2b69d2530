"""Screenshots of File > Export (docs/screenshots/export.png) and File > Restore from
backup (docs/screenshots/restore.png) on the demo network."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RELMANAGER_HOME", tempfile.mkdtemp())

from PySide6.QtWidgets import QApplication  # noqa: E402

from relmanager.domain.clock import FakeClock  # noqa: E402
from relmanager.services.context import AppContext  # noqa: E402
from relmanager.store import backups, demo  # noqa: E402
from relmanager.store import db as store_db  # noqa: E402
from relmanager.ui.import_export.export_dialog import ExportDialog  # noqa: E402
from relmanager.ui.shell.backup_actions import RestoreDialog  # noqa: E402
from tools.screenshots.target import out_dir  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    home = Path(os.environ["RELMANAGER_HOME"])
    clock = FakeClock(datetime(2026, 11, 24, 10, 30))
    db_path = home / "shot.sqlite3"
    store_db.init_db(db_path, clock=clock)
    demo.generate(400, 5000, clock.now())
    for _ in range(3):
        backups.backup_now(db_path, clock)
        clock.advance(days=1)
    ctx = AppContext.create(clock, db_path)
    out = out_dir()
    dialog = ExportDialog(ctx, None, selected_ids=[1, 2, 3])
    dialog.path.setText("/home/you/Documents/relmanager-2026-11-24.vcf")
    dialog.show()
    for _ in range(5):
        app.processEvents()
    dialog.grab().save(str(out / "export.png"))
    restore = RestoreDialog(ctx)
    restore.show()
    for _ in range(5):
        app.processEvents()
    restore.grab().save(str(out / "restore.png"))
    print(out / "export.png")


if __name__ == "__main__":
    main()

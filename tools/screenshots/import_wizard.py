"""Screenshots of the import wizard: the preview of a Google Contacts export into the demo
network (docs/screenshots/import-wizard.png) and the finished page (import-done.png)."""

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
from relmanager.store import db as store_db  # noqa: E402
from relmanager.store import demo  # noqa: E402
from relmanager.store.contacts import create_contact  # noqa: E402
from relmanager.ui.import_export.import_wizard import DONE, PREVIEW, ImportWizard  # noqa: E402
from tools.screenshots.target import out_dir  # noqa: E402

FIXTURES = ROOT / "tests" / "interchange" / "fixtures"


def main() -> None:
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    home = Path(os.environ["RELMANAGER_HOME"])
    clock = FakeClock(datetime(2026, 11, 24, 10, 30))
    store_db.init_db(home / "shot.sqlite3", clock=clock)
    demo.generate(400, 5000, clock.now())
    create_contact(clock, "Ngozi Okonjo", emails=["ngozi@example.org"], organisation="WTO")
    ctx = AppContext.create(clock, home / "shot.sqlite3")
    wizard = ImportWizard(ctx)
    wizard.show()
    wizard.path.setText(str(FIXTURES / "outlook_com.csv"))
    wizard.read_file()
    while wizard.pages.currentIndex() != PREVIEW:
        app.processEvents()
    out = out_dir()
    for _ in range(5):
        app.processEvents()
    wizard.grab().save(str(out / "import-wizard.png"))
    wizard.write_import()
    while wizard.pages.currentIndex() != DONE:
        app.processEvents()
    for _ in range(5):
        app.processEvents()
    wizard.grab().save(str(out / "import-done.png"))
    print(out / "import-wizard.png")


if __name__ == "__main__":
    main()

"""Screenshots of the window's dialogs on the demo network, at 1280x800 (run under Xvfb):
the profile, the log dialog, the new-contact dialog and About."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RELMANAGER_HOME", tempfile.mkdtemp())

from PySide6.QtWidgets import QApplication  # noqa: E402

from relmanager.domain.clock import FakeClock  # noqa: E402
from relmanager.services.context import AppContext  # noqa: E402
from relmanager.store import db as store_db  # noqa: E402
from relmanager.store import demo  # noqa: E402
from relmanager.store.models import Contact  # noqa: E402
from tools.screenshots.pages import NOW, settle  # noqa: E402
from tools.screenshots.target import out_dir, window_size  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    home = Path(os.environ["RELMANAGER_HOME"])
    clock = FakeClock(NOW)
    store_db.init_db(home / "shot.sqlite3", clock=clock)
    demo.generate(400, 5000, NOW)
    ctx = AppContext.create(clock, home / "shot.sqlite3")
    from relmanager.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(*window_size())
    window.show()
    out = out_dir()
    friend = Contact.select().where(Contact.stage == "friendship").first()
    window.show_contact(friend.id)
    settle()
    window.grab().save(str(out / "profile.png"))
    log = window.open_log_dialog(friend.id)
    log.channel.setCurrentIndex(log.channel.findData("email"))
    settle(200)
    log.grab().save(str(out / "log-dialog.png"))
    log.reject()
    new = window.open_new_contact_dialog()
    new.name.setText(friend.display_name)
    new.check_duplicates()
    settle(200)
    new.grab().save(str(out / "new-contact.png"))
    new.reject()
    about = window.show_about()
    settle(200)
    about.grab().save(str(out / "about.png"))
    about.close()
    window.close()
    print(out / "profile.png")


if __name__ == "__main__":
    main()

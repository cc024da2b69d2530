"""Screenshots of the introductions page, the new-introduction dialog and the profile's
follow-up and give-and-take tabs on the demo network, at 1280x800 (run under Xvfb):
``python tools/screenshots/introductions.py``. Writes docs/screenshots/introductions.png,
introduction-dialog.png and give-and-take.png."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RELMANAGER_HOME", tempfile.mkdtemp())

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget  # noqa: E402

from relmanager.domain.clock import FakeClock  # noqa: E402
from relmanager.domain.introductions import IntroStatus  # noqa: E402
from relmanager.services.context import AppContext  # noqa: E402
from relmanager.store import db as store_db  # noqa: E402
from relmanager.store import demo, follow_ups, introductions  # noqa: E402
from relmanager.store.models import Contact  # noqa: E402
from tools.screenshots.target import out_dir, window_size  # noqa: E402

NOW = datetime(2026, 11, 24, 10, 30)


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def made_without_consent(clock: FakeClock) -> int:
    """One introduction that skipped the consent step, so the warning shows."""
    first, second = (c.id for c in Contact.select().order_by(Contact.id).limit(2))
    intro = introductions.create_introduction(
        clock, requester_id=first, target_id=second, reason_requester="wants a mentor in design",
        reason_target="looking for a junior to coach")
    introductions.advance(clock, intro.id, IntroStatus.MADE)
    follow_ups.create_follow_up(clock, second, "Send the portfolio link",
                                NOW + timedelta(days=3), introduction_id=intro.id)
    return intro.id


def main() -> None:
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    db_path = Path(os.environ["RELMANAGER_HOME"]) / "shot.sqlite3"
    clock = FakeClock(NOW)
    store_db.init_db(db_path, clock=clock)
    demo.generate(400, 5000, NOW)
    intro_id = made_without_consent(clock)
    ctx = AppContext.create(clock, db_path)
    from relmanager.ui.contacts.follow_ups_panel import FollowUpsPanel
    from relmanager.ui.contacts.reciprocity_panel import ReciprocityPanel
    from relmanager.ui.introductions.intro_dialog import IntroductionDialog
    from relmanager.ui.shell.main_window import MainWindow

    out = out_dir()
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(ctx)
    window.resize(*window_size())
    window.show()
    window.show_page("introductions")
    settle()
    view = _introductions_view(window)
    view.show_filter.setCurrentIndex(view.show_filter.findData("all"))
    settle()
    for row in range(view.model.rowCount()):
        if view.model.rows[row].id == intro_id:
            view.table.selectRow(row)
    settle()
    window.grab().save(str(out / "introductions.png"))

    dialog = IntroductionDialog(ctx, window, target_id=Contact.get_by_id(3).id)
    dialog.mode.setCurrentIndex(dialog.mode.findData("ask"))
    dialog.reason_first.setPlainText("Knows the hiring lead from their old team")
    dialog.reason_second.setPlainText("I could help with the data migration they mentioned")
    dialog.show()
    settle()
    dialog.grab().save(str(out / "introduction-dialog.png"))
    dialog.close()

    tabs = QWidget()
    row = QHBoxLayout(tabs)
    second = Contact.select().order_by(Contact.id).limit(2)[1].id
    for panel in (FollowUpsPanel(ctx), ReciprocityPanel(ctx)):
        panel.set_contact(second)
        panel.wait_loaded()
        row.addWidget(panel)
    tabs.resize(900, 320)
    tabs.show()
    settle()
    tabs.grab().save(str(out / "give-and-take.png"))


def _introductions_view(window: QWidget):
    from relmanager.ui.introductions.introductions import IntroductionsView

    return window.findChild(IntroductionsView)


if __name__ == "__main__":
    main()

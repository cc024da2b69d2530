"""Nothing leaks: private file modes, a planted secret found nowhere but the keyring after
a full session, and notes shown literally (never as rich text) everywhere."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import keyring
import pytest

from relmanager import secrets
from relmanager.cli import main
from relmanager.domain.stages import Stage
from relmanager.paths import backup_dir, config_dir, data_dir, log_dir
from relmanager.services.context import AppContext
from relmanager.services.logs import setup_logging
from relmanager.store import backups, exporter
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.db import close_db, init_db
from tests.ui.conftest import profile_shown

PLANTED = "pl4nted-S3CRET-value-7d1f"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_modes_for_data_backups_exports_and_logs(clock, tmp_path, capsys):
    db = data_dir() / "relmanager.sqlite3"
    assert main(["add", "--db", str(db), "Ada"], clock=clock) == 0
    assert main(["backup", "--db", str(db)], clock=clock) == 0
    out = tmp_path / "out.vcf"
    assert main(["export", "--db", str(db), "vcard", str(out)], clock=clock) == 0
    close_db()
    log = setup_logging()
    assert _mode(data_dir()) == 0o700 and _mode(db) == 0o600
    backup = next(backup_dir(db).glob("*.sqlite3"))
    assert _mode(backup_dir(db)) == 0o700 and _mode(backup) == 0o600
    assert _mode(out) == 0o600
    assert _mode(log_dir()) == 0o700 and _mode(log) == 0o600


def test_a_planted_secret_is_found_nowhere_but_the_keyring(db, db_path, clock, tmp_path,
                                                           qtbot):
    ctx = AppContext.create(clock, db_path)
    ada = create_contact(clock, "Ada", emails=["ada@example.org"], stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone", note="called about the server")
    secrets.set_secret("carddav", "ada@dav.example", PLANTED)
    ctx.settings.setValue("sync/url", "https://dav.example/")
    ctx.settings.setValue("sync/user", "ada@dav.example")
    ctx.settings.sync()
    log_path = setup_logging()
    import logging

    logging.getLogger("relmanager.test").info("session with sync configured")
    exports = tmp_path / "exports"
    exports.mkdir()
    exporter.export_contacts("vcard", exports / "all.vcf", [ada.id])
    exporter.export_contacts("csv", exports / "all.csv", [ada.id])
    exporter.export_calendar(exports / "plan.ics", clock.now())
    backups.backup_now(db_path, clock)
    close_db()
    assert keyring.get_password("relmanager:carddav", "ada@dav.example") == PLANTED
    places = [db_path.parent, config_dir(), log_path.parent, exports]
    files = [p for place in places for p in place.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert PLANTED.encode() not in path.read_bytes(), path
    init_db(db_path, clock=clock)


def test_notes_render_literally_in_profile_history_and_today(db, db_path, clock, qtbot):
    from relmanager.ui.shell.main_window import MainWindow

    ctx = AppContext.create(clock, db_path)
    markup = '<img src="http://tracker.example/p.gif"><a href="http://evil.example">x</a>'
    ada = create_contact(clock, markup, notes=markup, stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone", note=markup,
                    follow_up=(markup, clock.now() + timedelta(days=1)))
    clock.advance(days=60)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    name = window.profile.header.name  # one line, elided in the middle when too long
    assert name.full_text() == markup
    assert name.text() == markup or name.toolTip().startswith(
        "<p style='white-space:pre-wrap'>&lt;img src=")  # the whole of it, escaped
    assert window.profile.header.name.textFormat().name == "PlainText"
    assert window.profile.form.notes.toPlainText() == markup
    window.show_page("today")
    window.today.refresh()
    window.today.wait_loaded()
    assert window.today.cold.tree.topLevelItem(0).text(0) == markup
    assert window.today.follow_ups.tree.topLevelItem(0).text(1) == markup
    window.shutdown()

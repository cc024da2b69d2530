"""``relmanager sync`` and Settings > Sync against a real Radicale: set up, sync, status,
a wrong password reported in one line, the page's buttons and the status bar."""

from __future__ import annotations

from relmanager.services.context import AppContext, make_settings
from relmanager.services.sync import SyncService
from relmanager.store.contacts import create_contact
from relmanager.store.models import SyncConflict, SyncItem
from relmanager.sync import account
from tests.sync.conftest import PASSWORD, USER


def test_cli_sets_up_syncs_and_reports(cli, radicale, isolated_home):
    a, b = isolated_home / "a.sqlite3", isolated_home / "b.sqlite3"
    code, _out, err = cli(a, "sync", "--setup", radicale.url, "--user", USER,
                          "--password-stdin", stdin="wrong\n")
    assert code == 1 and "user name or password" in err and "Traceback" not in err
    assert err.count("\n") == 1 and "wrong" not in err
    code, out, _ = cli(a, "sync", "--status")
    assert out.strip() == "sync is not set up"
    for db in (a, b):
        code, out, err = cli(db, "sync", "--setup", radicale.url, "--user", USER,
                             "--password-stdin", stdin=PASSWORD + "\n")
        assert code == 0, err
        assert "keyring" in out and PASSWORD not in out
    cli(a, "add", "Ada Lovelace", "--email", "ada@example.org", "--stage", "friendship")
    cli(a, "log", "ada@example.org", "--channel", "phone", "--minutes", "20")
    code, out, _ = cli(a, "sync")
    assert code == 0 and out.strip() == "Synced: uploaded 2, downloaded 0"
    code, out, _ = cli(b, "sync")
    assert code == 0 and out.strip() == "Synced: uploaded 0, downloaded 2"
    code, out, _ = cli(b, "list", "--json")
    assert '"Ada Lovelace"' in out and '"friendship"' in out
    code, out, _ = cli(b, "sync", "--status")
    assert "last sync: 2026-03-02T09:00:00" in out and "conflicts: 0" in out
    radicale.stop()
    code, _out, err = cli(b, "sync")
    assert code == 1 and "cannot reach 127.0.0.1" in err and "Traceback" not in err
    code, out, _ = cli(b, "sync", "--off")
    assert code == 0
    code, out, _ = cli(b, "sync", "--status")
    assert out.strip() == "sync is not set up"


def _ctx(db_path, clock, tmp_path):
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))


def test_settings_page_tests_saves_and_syncs(qtbot, db, db_path, clock, radicale, tmp_path):
    from PySide6.QtCore import Qt

    from relmanager.ui.settings.sync_page import SyncPage

    ctx = _ctx(db_path, clock, tmp_path)
    service = SyncService(ctx, first_sync_ms=10**9)
    ctx.services.sync = service
    service.start()
    create_contact(clock, "Grace Hopper", emails=["grace@navy.mil"])
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert not page.sync_button.isEnabled() and not page.conflicts.isVisible()
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert "Enter the server address" in page.result.text()
    page.url.setText(radicale.url)
    page.user.setText(USER)
    page.password.setText("wrong")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused the user name or password" in page.result.text())
    page.password.setText(PASSWORD)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text().startswith("Connected as alice"))
    assert account.load() is None  # testing stores nothing
    with qtbot.waitSignal(service.synced, timeout=15000) as synced:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert synced.args[0].pushed == 1
    assert page.password.text() == "" and account.load().user == USER
    assert SyncItem.select().count() == 1
    qtbot.waitUntil(lambda: page.status.text() == "Synced 09:00")
    assert page.result.text() == "Synced: uploaded 1, downloaded 0"
    service.shutdown()


def test_conflicts_are_listed_and_resolved_from_the_page(qtbot, db, db_path, clock,
                                                          tmp_path):
    from PySide6.QtCore import Qt

    from relmanager.store.contacts import find_contact
    from relmanager.ui.settings.sync_page import SyncPage

    ada = create_contact(clock, "Ada Lovelace", notes="mine")
    SyncConflict.create(kind="contact", local_id=ada.id, field="notes",
                        local_json='"mine"', remote_json='"theirs"', found_at=clock.now())
    ctx = _ctx(db_path, clock, tmp_path)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.conflicts.isVisible() and page.conflicts.topLevelItemCount() == 1
    row = page.conflicts.topLevelItem(0)
    assert [row.text(i) for i in range(4)] == ["Ada Lovelace", "Notes", "mine", "theirs"]
    assert not page.theirs_button.isEnabled()
    page.conflicts.setCurrentItem(row)
    with qtbot.waitSignal(ctx.events.contacts_changed):
        qtbot.mouseClick(page.theirs_button, Qt.MouseButton.LeftButton)
    assert find_contact("Ada Lovelace").notes == "theirs"
    assert SyncConflict.select().count() == 0 and not page.conflicts.isVisible()


def test_status_bar_shows_progress_and_failure(qtbot, db, db_path, clock, tmp_path,
                                                radicale):
    from PySide6.QtWidgets import QMainWindow

    from relmanager.ui.settings.sync_page import show_sync_status

    account.set_up(radicale.url, USER, PASSWORD)
    ctx = _ctx(db_path, clock, tmp_path)
    service = SyncService(ctx, first_sync_ms=10**9)
    window = QMainWindow()
    qtbot.addWidget(window)
    label = show_sync_status(service, window)
    window.show()
    assert label.text() == "Not synced yet"
    with qtbot.waitSignal(service.synced, timeout=15000):
        service.sync_now()
    assert label.text() == "Synced 09:00"
    radicale.stop()
    with qtbot.waitSignal(service.failed, timeout=15000):
        service.sync_now()
    assert label.toolTip().startswith("Sync failed: cannot reach 127.0.0.1")
    service.shutdown()


def test_status_names_conflicts_waiting(db, db_path, clock, tmp_path, radicale):
    account.set_up(radicale.url, USER, PASSWORD)
    ada = create_contact(clock, "Ada Lovelace")
    service = SyncService(_ctx(db_path, clock, tmp_path), first_sync_ms=10**9)
    from relmanager.sync.engine import sync

    sync(clock)
    assert service.status_text() == "Synced 09:00"
    SyncConflict.create(kind="contact", local_id=ada.id, field="notes", local_json='"a"',
                        remote_json='"b"', found_at=clock.now())
    assert service.status_text() == "Synced 09:00 · 1 conflict to look at (Settings > Sync)"

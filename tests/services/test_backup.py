"""The daily backup with a fake clock: due after a day, made on a worker thread, rotated
to the newest few; and the store's backup checks."""

from __future__ import annotations

import stat

import pytest

from relmanager.services.backup import BackupService
from relmanager.services.context import AppContext
from relmanager.store import backups
from relmanager.store.contacts import create_contact
from relmanager.store.errors import NewerSchemaError, NotADatabaseError


def test_daily_backup_is_made_when_due_and_rotated(db, db_path, clock, qtbot):
    create_contact(clock, "Ada")
    service = BackupService(AppContext.create(clock, db_path), first_check_ms=0)
    assert service.due()
    with qtbot.waitSignal(service.backed_up, timeout=5000) as made:
        service.start()
    first = backups.list_backups(db_path)
    assert [b.path.name for b in first] == [made.args[0].rsplit("/", 1)[1]]
    assert stat.S_IMODE(first[0].path.stat().st_mode) == 0o600
    assert not service.due()
    service.check()  # not due: nothing runs
    assert len(backups.list_backups(db_path)) == 1
    for day in range(1, 10):
        clock.advance(hours=23)
        assert not service.due()
        clock.advance(hours=1, seconds=1)
        assert service.due()
        with qtbot.waitSignal(service.backed_up, timeout=5000):
            service.check()
        assert len(backups.list_backups(db_path)) == min(day + 1, backups.DEFAULT_KEEP)
    service.shutdown()


def test_check_refuses_damaged_foreign_and_newer_files(db, db_path, clock, tmp_path):
    good = backups.backup_now(db_path, clock)
    assert backups.check_backup(good).contacts == 0
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(NotADatabaseError):
        backups.check_backup(junk)
    other = tmp_path / "other.sqlite3"
    import sqlite3

    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(NotADatabaseError, match="not a Relmanager database"):
        backups.check_backup(other)
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(good.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    with pytest.raises(NewerSchemaError):
        backups.check_backup(newer)


def test_shutdown_stops_the_first_check_too(db, db_path, clock, qtbot):
    """A service shut down before its first check never runs it (it fired on a store
    already closed, raising into the next test's event loop)."""
    create_contact(clock, "Ada")
    service = BackupService(AppContext.create(clock, db_path), first_check_ms=50)
    service.start()
    service.shutdown()
    with qtbot.assertNotEmitted(service.backed_up, wait=300):
        pass
    assert backups.list_backups(db_path) == []

"""One window per database: a second launch raises the first and exits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtNetwork import QLocalServer

from relmanager.services.single_instance import (
    SingleInstance,
    claim_single_instance,
    server_name,
)


def test_second_launch_asks_the_first_to_show_itself(tmp_path, qtbot):
    raised: list[bool] = []
    first = claim_single_instance(tmp_path / "a.sqlite3", lambda: raised.append(True))
    assert first is not None
    try:
        assert claim_single_instance(tmp_path / "a.sqlite3", lambda: None) is None
        qtbot.waitUntil(lambda: raised == [True], timeout=3000)
        other = claim_single_instance(tmp_path / "b.sqlite3", lambda: None)
        assert other is not None  # another database is another instance
        other.shutdown()
    finally:
        first.shutdown()
    again = claim_single_instance(tmp_path / "a.sqlite3", lambda: None)
    assert again is not None  # after the first quit, the next launch runs
    again.shutdown()


def test_a_name_left_by_a_crashed_instance_is_taken_over(tmp_path, qtbot):
    name = server_name(tmp_path / "c.sqlite3")
    crashed = QLocalServer()
    assert crashed.listen(name)
    stale = crashed.fullServerName()
    crashed.close()  # closing removes the socket file; put a stale one back, as a crash would
    Path(stale).touch()
    guard = SingleInstance(name, lambda: None)
    assert guard.listen()
    guard.shutdown()


def test_the_lock_holds_before_the_window_listens(tmp_path, qtbot):
    """The app takes the lock at once and listens only after its first paint: a launch in
    between still finds it running (and exits), and once it listens it is raised."""
    raised: list[bool] = []
    first = claim_single_instance(tmp_path / "d.sqlite3", lambda: raised.append(True),
                                  listen=False)
    assert first is not None and first.server is None  # QtNetwork not even imported for it
    try:
        assert claim_single_instance(tmp_path / "d.sqlite3", lambda: None) is None
        assert raised == []
        first.start()
        assert claim_single_instance(tmp_path / "d.sqlite3", lambda: None) is None
        qtbot.waitUntil(lambda: raised == [True], timeout=3000)
    finally:
        first.shutdown()
    again = claim_single_instance(tmp_path / "d.sqlite3", lambda: None)
    assert again is not None
    again.shutdown()


def test_a_lock_file_we_cannot_open_falls_back_to_the_server(tmp_path, qtbot, monkeypatch):
    """Another user may own a file of that name in a shared /tmp: no crash, the local
    server decides alone, as it does where there is no flock."""
    from relmanager.services import single_instance

    blocked = tmp_path / "not-a-file"
    blocked.mkdir()  # opening a directory for appending fails like a foreign file would
    monkeypatch.setattr(single_instance, "_lock_path", lambda _name: blocked)
    first = claim_single_instance(tmp_path / "e.sqlite3", lambda: None)
    assert first is not None and first.server is not None and first.server.isListening()
    try:
        assert claim_single_instance(tmp_path / "e.sqlite3", lambda: None) is None
    finally:
        first.shutdown()


def test_launches_in_different_environments_share_the_lock(tmp_path, qtbot, monkeypatch):
    """A desktop session and an ssh or cron shell see different XDG_RUNTIME_DIRs: the
    lock beside the database is the same for both, so the second launch defers to the
    first instead of taking its server name over."""
    db = tmp_path / "f.sqlite3"
    raised: list[str] = []
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    first = claim_single_instance(db, lambda: raised.append("first"), listen=False)
    assert first is not None
    first.start()
    try:
        monkeypatch.delenv("XDG_RUNTIME_DIR")
        assert claim_single_instance(db, lambda: raised.append("second")) is None
        qtbot.waitUntil(lambda: raised == ["first"], timeout=3000)
    finally:
        first.shutdown()


def test_a_lock_file_owned_by_someone_else_is_not_trusted(tmp_path, qtbot):
    """Whoever owns the lock file could hold it forever: one that is not ours is ignored
    and the local server decides."""
    import os

    import pytest

    from relmanager.services import single_instance

    if os.getuid() != 0:
        pytest.skip("giving a file to another user needs root")
    db = tmp_path / "g.sqlite3"
    lock = single_instance._lock_path(db)
    lock.touch()
    os.chown(lock, 65534, 65534)  # nobody
    guard = claim_single_instance(db, lambda: None)
    assert guard is not None and guard.server is not None and guard.server.isListening()
    guard.shutdown()


def test_a_hard_link_to_the_database_is_the_same_database(tmp_path, qtbot):
    """One file, two names (a hard link in the same folder or in another): the second
    launch defers to the window already on that file."""
    import os

    db = tmp_path / "h.sqlite3"
    db.write_bytes(b"")
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    beside, away = tmp_path / "link.sqlite3", elsewhere / "h.sqlite3"
    os.link(db, beside)
    os.link(db, away)
    raised: list[bool] = []
    first = claim_single_instance(db, lambda: raised.append(True))
    assert first is not None
    try:
        assert claim_single_instance(beside, lambda: None) is None
        assert claim_single_instance(away, lambda: None) is None
        qtbot.waitUntil(lambda: len(raised) == 2, timeout=3000)
        other = tmp_path / "i.sqlite3"
        other.write_bytes(b"")
        second = claim_single_instance(other, lambda: None)
        assert second is not None
        second.shutdown()
    finally:
        first.shutdown()


def test_the_very_first_launch_holds_the_lock_before_its_folder_exists(tmp_path, qtbot):
    """A new user's first launch: the data folder does not exist yet when the guard is
    claimed. It must still hold the lock, so a second launch (once the store has made the
    folder and the database) finds it running instead of opening a second window."""
    db = tmp_path / "home" / ".local" / "share" / "relmanager" / "relmanager.sqlite3"
    first = claim_single_instance(db, lambda: None, listen=False)
    assert first is not None
    try:
        db.parent.mkdir(parents=True, exist_ok=True)  # what the store does next
        db.touch()
        assert claim_single_instance(db, lambda: None) is None
        assert (db.parent.stat().st_mode & 0o777) == 0o700  # made private, by the guard
    finally:
        first.shutdown()
    again = claim_single_instance(db, lambda: None)
    assert again is not None
    again.shutdown()

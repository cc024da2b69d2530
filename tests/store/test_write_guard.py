"""A write from the window while another program writes (store.write_guard): it goes
through when the other lets go within the bounded wait, else it fails in about a second
with a "locked" reason and the database unchanged; the connection's usual 5 s patience
for the command line and workers is given back either way."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from relmanager.store import write_guard
from relmanager.store.contacts import create_contact
from relmanager.store.errors import DatabaseLockedError, StoreError
from relmanager.store.models import Contact, database


def _names() -> list[str]:
    return sorted(c.display_name for c in Contact.select())


def _hold_lock(db_path: Path, seconds: float) -> threading.Timer:
    """Another program takes the write lock now and commits after ``seconds``."""
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")

    def release() -> None:
        other.execute("COMMIT")
        other.close()

    timer = threading.Timer(seconds, release)
    timer.start()
    return timer


def _busy_timeout() -> int:
    return database.execute_sql("PRAGMA busy_timeout").fetchone()[0]


def test_a_write_waits_for_a_short_lock_and_is_saved(db, db_path, clock):
    usual = _busy_timeout()
    timer = _hold_lock(db_path, 0.3)
    started = time.monotonic()
    made = write_guard.guarded_write(lambda: create_contact(clock, "Ada Lovelace"))
    waited = time.monotonic() - started
    timer.join()
    assert made.display_name == "Ada Lovelace"
    assert _names() == ["Ada Lovelace"]
    assert 0.2 < waited < write_guard.UI_WAIT_SECONDS + 0.5
    assert _busy_timeout() == usual  # the CLI's and workers' patience given back


def test_a_long_lock_fails_the_write_in_about_a_second_and_changes_nothing(db, db_path,
                                                                         clock):
    create_contact(clock, "Ada Lovelace")
    usual = _busy_timeout()
    timer = _hold_lock(db_path, 3.0)
    started = time.monotonic()
    with pytest.raises(DatabaseLockedError):
        write_guard.guarded_write(lambda: create_contact(clock, "Grace Hopper"))
    waited = time.monotonic() - started
    timer.join()
    # Not the connection's 5 s: the window is back within about the bounded wait.
    assert write_guard.UI_WAIT_SECONDS - 0.1 < waited < 2.5
    assert _names() == ["Ada Lovelace"]
    assert _busy_timeout() == usual


def test_a_failure_inside_the_write_undoes_all_of_it(db, clock):
    def two_then_fail() -> None:
        create_contact(clock, "Ada Lovelace")
        create_contact(clock, "Grace Hopper")
        database.execute_sql("INSERT INTO no_such_table VALUES (1)")

    with pytest.raises(StoreError, match="no_such_table"):
        write_guard.guarded_write(two_then_fail)
    assert _names() == []
    assert not database.in_transaction()


def test_a_write_inside_a_transaction_joins_it(db, clock):
    with pytest.raises(RuntimeError), database.atomic():
        write_guard.guarded_write(lambda: create_contact(clock, "Ada Lovelace"))
        assert _names() == ["Ada Lovelace"]
        raise RuntimeError("the outer transaction rolls back")
    assert _names() == []  # it was the outer transaction's, not one of its own


def test_the_most_specific_reason_in_a_chain_is_said():
    """SQLite rolls back on a full disk; the rollback that follows fails with "no such
    savepoint", which must not hide the full disk."""
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError("no such savepoint: s1") from None
    except sqlite3.OperationalError as error:
        said = write_guard.explain(error)
    assert "full" in str(said).lower() or "room" in str(said).lower()
    assert type(said) is not StoreError

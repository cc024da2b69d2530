"""Writes of other processes reach the window once, and the window's own writes are not
taken for them: before, the watcher's worker connection saw every commit of ours too and
each write caused a second "everything changed" reload ~2 s later. The watcher's looks
are made by hand here (its timer is slow), so each test says exactly what one look saw."""

from __future__ import annotations

import pytest

from relmanager.services.context import AppContext, make_settings
from relmanager.services.outside_writes import OutsideWrites
from relmanager.services.writer import Change
from relmanager.store.contacts import create_contact
from tests.reliability.live_app import run_cli


@pytest.fixture
def ctx(db, db_path, clock, tmp_path):
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))


@pytest.fixture
def watcher(ctx, qtbot):
    watcher = OutsideWrites(ctx, interval_ms=3_600_000)
    watcher.start()
    _look(qtbot, watcher)
    yield watcher
    watcher.shutdown()


def _reloads(ctx: AppContext) -> list[list[int]]:
    """Each contacts_changed signal: what makes the pages reload."""
    seen: list[list[int]] = []
    ctx.events.contacts_changed.connect(seen.append)
    return seen


def _look(qtbot, watcher: OutsideWrites, times: int = 1) -> None:
    """One look of the watcher, answered, ``times`` times."""
    for _ in range(times):
        answered = watcher.announced
        watcher.check()
        watcher.wait()
        qtbot.wait(30)  # the queued answer
        assert watcher.announced >= answered


def test_one_write_of_the_window_is_one_reload(ctx, clock, watcher, qtbot):
    seen = _reloads(ctx)
    made = ctx.writer.write("add", lambda: create_contact(clock, "Ada Lovelace"),
                            lambda c: Change.of_contacts([c.id]))
    _look(qtbot, watcher, 3)
    assert seen == [[made.id]], "the watcher took the window's own commit for another's"
    assert watcher.announced == 0


def test_a_write_of_another_process_is_one_reload(ctx, clock, db_path, watcher, qtbot):
    seen = _reloads(ctx)
    done = run_cli(db_path, "add", "Bea Other")
    assert done.returncode == 0, done.stderr
    _look(qtbot, watcher, 3)
    assert seen == [[]], "a command's commit is announced once, as 'many or unknown'"


def test_the_windows_write_does_not_hide_anothers_within_one_look(ctx, clock, db_path,
                                                                    watcher, qtbot):
    seen = _reloads(ctx)
    done = run_cli(db_path, "add", "Dee Other")
    assert done.returncode == 0, done.stderr
    made = ctx.writer.write("add", lambda: create_contact(clock, "Eve Ours"),
                            lambda c: Change.of_contacts([c.id]))
    _look(qtbot, watcher, 2)
    assert seen == [[made.id], []]
    assert watcher.announced == 1

"""The log file: private (0600), one handler however often it is set up, and the fast
start's plain handler swapped for the rotating one without losing a line."""

from __future__ import annotations

import logging
import logging.handlers
import stat

import pytest

from relmanager.services.logs import MAX_BYTES, setup_logging, start_rotation


@pytest.fixture(autouse=True)
def _restore_handlers():
    """Each test starts with no handler (earlier tests' homes leave theirs behind) and
    the logger is put back as it was after."""
    root = logging.getLogger("relmanager")
    before = list(root.handlers)
    root.handlers[:] = []
    yield
    for handler in root.handlers:
        if handler not in before:
            handler.close()
    root.handlers[:] = before


def _file_handlers() -> list[logging.FileHandler]:
    return [h for h in logging.getLogger("relmanager").handlers
            if isinstance(h, logging.FileHandler)]


def test_fast_start_then_rotation_keeps_every_line(isolated_home):
    path = setup_logging(rotate=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [type(h) for h in _file_handlers()] == [logging.FileHandler]
    logging.getLogger("relmanager.test").warning("before the swap")
    start_rotation(path)
    handlers = _file_handlers()
    assert len(handlers) == 1
    assert isinstance(handlers[0], logging.handlers.RotatingFileHandler)
    assert handlers[0].maxBytes == MAX_BYTES
    logging.getLogger("relmanager.test").warning("after the swap")
    start_rotation(path)  # twice: nothing changes
    assert _file_handlers() == handlers
    text = path.read_text()
    assert "before the swap" in text and "after the swap" in text


def test_set_up_twice_is_one_handler_and_console_is_optional(isolated_home):
    path = setup_logging()
    assert setup_logging() == path
    assert len(_file_handlers()) == 1
    setup_logging(console=True)
    streams = [h for h in logging.getLogger("relmanager").handlers
               if type(h) is logging.StreamHandler]
    assert len(streams) == 1


def test_the_command_line_rotates_a_full_log_only(isolated_home):
    """``rotate=None`` (the command line's): a plain file handler while the log has
    room, so a command pays nothing for ``logging.handlers``; once the log has reached
    its size, the next command rotates it at its first line."""
    path = setup_logging(rotate=None)
    assert [type(h) for h in _file_handlers()] == [logging.FileHandler]
    logging.getLogger("relmanager.test").warning("a line with room to spare")
    assert "a line with room to spare" in path.read_text()
    for handler in _file_handlers():
        logging.getLogger("relmanager").removeHandler(handler)
        handler.close()
    path.write_text("x" * MAX_BYTES)
    assert setup_logging(rotate=None) == path
    assert [type(h) for h in _file_handlers()] == [logging.handlers.RotatingFileHandler]
    logging.getLogger("relmanager.test").warning("the first line after the limit")
    assert path.with_name(path.name + ".1").read_text() == "x" * MAX_BYTES
    assert "the first line after the limit" in path.read_text()

"""A message in the status bar or the banner goes once its cause is gone (stranger3 #6
and the task's finding): "Not closed: a field of this contact is wrong" stayed for 15 s
after Revert, "Still on this contact: correct the fields..." after Save, and "Not saved:
Move Ada Lovelace to Development" in the banner after the same move, retried once the
other program let go of the database, had gone through. Driven through the real window:
clicks, keys, a second process holding the write lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relmanager.domain.stages import Stage
from tests.ui.test_failed_writes import (
    _banner_text,
    another_process_writing,
    board_window,  # noqa: F401
    stage_in_file,
)
from tests.ui.test_profile_leave_with_errors import _on_lucas

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _status(window) -> str:
    return window.statusBar().currentMessage()


def test_not_closed_goes_once_the_wrong_field_is_reverted(ctx, open_window, clock, qtbot):
    window, _lucas, _laila = _on_lucas(ctx, open_window, clock, qtbot)
    profile = window.profile
    qtbot.keyClicks(profile.form.birthday, "2026-02-31")
    assert not window.close()  # refused: the field is wrong
    assert _status(window).startswith("Not closed: a field of this contact is wrong")
    assert _banner_text(window).startswith("Not closed:")
    qtbot.mouseClick(profile.revert_button, Qt.MouseButton.LeftButton)
    assert _status(window) == "" and _banner_text(window) == ""


def test_a_failed_move_retried_and_done_leaves_no_not_saved_banner(
        board_window, ctx, db_path, qtbot):  # noqa: F811
    window, board, ada = board_window
    with another_process_writing(db_path):
        board.move([ada], Stage.DEVELOPMENT)
        assert _banner_text(window).startswith("Not saved: Move Ada Lovelace to Development.")
    board.wait_loaded()
    board.move([ada], Stage.DEVELOPMENT)  # the lock is gone: the same move goes through
    assert stage_in_file(db_path, ada) == "development"
    assert _banner_text(window) == "", _banner_text(window)


def test_a_different_write_done_leaves_the_failure_said(
        board_window, ctx, db_path, qtbot):  # noqa: F811
    """Only the write that failed, done, resolves its failure: another one says nothing
    about it, so the banner stays."""
    window, board, ada = board_window
    with another_process_writing(db_path):
        board.move([ada], Stage.DEVELOPMENT)
    board.wait_loaded()
    board.move([ada], Stage.FRIENDSHIP)
    assert stage_in_file(db_path, ada) == "friendship"
    assert _banner_text(window).startswith("Not saved: Move Ada Lovelace to Development.")


def test_a_failed_re_read_is_said_until_the_next_read_lands(ctx, open_window, clock, qtbot,
                                                             monkeypatch):
    """The profile's re-read fails once (the disk, say): said in the status bar; the next
    re-read lands (a write elsewhere triggers it) and the line goes."""
    import sqlite3

    from relmanager.store.contacts import update_contact
    from relmanager.ui.contacts import avatar

    window, lucas, _laila = _on_lucas(ctx, open_window, clock, qtbot)
    real = avatar.read_profile
    failing = [True]

    def read(cid, now):
        if failing.pop() if failing else False:
            raise sqlite3.OperationalError("disk I/O error")
        return real(cid, now)

    monkeypatch.setattr(avatar, "read_profile", read)
    window.profile.reload()
    qtbot.waitUntil(lambda: _status(window).startswith("The profile was not re-read:"),
                    timeout=5000)
    update_contact(clock, lucas.id, organisation="Vertex")
    ctx.events.contacts_changed.emit([lucas.id])  # as the writer says a change
    qtbot.waitUntil(lambda: window.profile.header.isVisible()
                    and not _status(window).startswith("The profile was not re-read:"),
                    timeout=5000)

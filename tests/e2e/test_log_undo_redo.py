"""Log with two people and a follow-up by keyboard in the real app, then Ctrl+Z and
Ctrl+Shift+Z several times, with another program writing between them: each redo puts
back the very event (ids, uid, time, group, follow-up), read back with sqlite3 and the
command line as any other program would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import AppProcess
from tests.e2e.test_followups_and_filters import _focus_on, follow_ups_tab

pytestmark = pytest.mark.slow

SHOTS = os.environ.get("RELMANAGER_SHOTS")
EVENT = ("SELECT id, contact_id, occurred_at, group_key, note, uid FROM interaction "
         "ORDER BY id")
FOLLOW = "SELECT id, contact_id, interaction_id, title, due_at, done_at FROM follow_up"


def _shot(app: AppProcess, name: str) -> None:
    if SHOTS:
        app.screenshot(Path(SHOTS) / f"{name}.png")


def _last_contact(app: AppProcess) -> dict[str, object]:
    return {c["name"]: c["last_interaction_at"] for c in app.contacts()}


def _log_by_keys(app: AppProcess, who: str, others: tuple[str, ...] = (), note: str = "",
                 follow_up: str = "") -> None:
    """Ctrl+L, the people picked from their completions, the note and a follow-up typed,
    Enter; returns once the write is an undo entry."""
    app.key("ctrl+l")
    app.wait_for("dialog", state="active", title="Log an interaction")
    for keys, name in (("", who), *(("alt+i", other) for other in others)):
        if keys:
            app.key(keys)
        app.type(name)
        app.wait_for("popup", state="opened")
        app.key("Down", "Return")
        app.wait_for("popup", state="closed")
    if note:
        app.key("alt+n")
        app.type(note)
    app.key("alt+f")
    app.wait_for("focus", name="Follow-up")
    app.type(follow_up)
    _shot(app, "01-log-dialog")
    app.key("Return")
    app.wait_for("dialog", state="closed", title="Log an interaction")
    app.wait_for("undo_index", index=1)


def test_log_undo_redo_by_keyboard_with_another_program_between(app: AppProcess):
    for name in ("Ada Lovelace", "Grace Hopper", "Charles Babbage"):
        app.cli("add", name, "--stage", "friendship")
    app.start()
    _log_by_keys(app, "Lovelace", ("Hopper",), "coffee at the station", "send the article")
    logged, follow = app.sql(EVENT), app.sql(FOLLOW)
    assert len(logged) == 2 and logged[0]["group_key"] == logged[1]["group_key"]
    assert len(follow) == 1 and follow[0]["interaction_id"] == logged[0]["id"]
    warm = _last_contact(app)
    assert warm["Ada Lovelace"] and warm["Grace Hopper"] and not warm["Charles Babbage"]
    _shot(app, "02-logged")

    for round_ in range(3):
        app.key("ctrl+z")
        app.wait_for("undo_index", index=0)
        assert [r["note"] for r in app.sql(EVENT)] == ["meanwhile"] * bool(round_)
        assert app.sql(FOLLOW) == []
        warmth = _last_contact(app)
        assert not warmth["Ada Lovelace"] and not warmth["Grace Hopper"]
        if round_ == 0:
            _shot(app, "03-undone")
            app.cli("log", "Charles Babbage", "--channel", "phone", "--note", "meanwhile")
        app.key("ctrl+shift+z")
        app.wait_for("undo_index", index=1)
        rows = app.sql(EVENT)
        assert [r for r in rows if r["note"] != "meanwhile"] == logged
        assert [r["note"] for r in rows].count("meanwhile") == 1
        assert app.sql(FOLLOW) == follow
        assert {k: v for k, v in _last_contact(app).items() if k != "Charles Babbage"} == {
            k: v for k, v in warm.items() if k != "Charles Babbage"}
    _shot(app, "04-redone")

    # Another program merges Grace away between the undo and the redo: the redo says
    # why (the banner, in the screenshot) and writes nothing.
    app.key("ctrl+z")
    app.wait_for("undo_index", index=0)
    app.cli("merge", "Grace Hopper", "Charles Babbage", "--keep", "Charles Babbage")
    app.key("ctrl+shift+z", "ctrl+2")  # the page's event: the keys before it were handled
    app.wait_for("page", name="contacts")
    _shot(app, "05-redo-refused")
    assert [r["note"] for r in app.sql(EVENT)] == ["meanwhile"]
    assert app.sql(FOLLOW) == []
    assert sorted(c["name"] for c in app.contacts()) == ["Ada Lovelace", "Charles Babbage"]


def test_a_follow_up_ticked_done_before_the_undo_comes_back_done(app: AppProcess):
    """Logged from Ctrl+L with a follow-up, ticked done in the profile's Follow-ups tab
    (a write of its own, not an undo entry), then Ctrl+Z and Ctrl+Shift+Z: the event and
    its follow-up come back as they were at the undo, done, and the tab shows it so."""
    app.cli("add", "Ada Lovelace", "--stage", "friendship")
    app.start()
    _log_by_keys(app, "Lovelace", follow_up="send the slides")
    tab = follow_ups_tab(app, "lovelace")
    [row] = tab["rows"]
    mark = app.mark()
    app.xdo("mousemove", "--sync", str(row["check"][0] + 60), str(row["check"][1] + 40))
    app.click(*row["check"])
    app.wait_for("write", what="follow_ups_changed", since=mark)
    done = app.sql(FOLLOW)
    assert done[0]["done_at"] is not None
    event = app.sql(EVENT)
    for _ in range(2):
        app.key("ctrl+z")
        app.wait_for("undo_index", index=0)
        assert app.sql(FOLLOW) == [] and app.sql(EVENT) == []
        app.key("ctrl+shift+z")
        app.wait_for("undo_index", index=1)
        assert app.sql(FOLLOW) == done and app.sql(EVENT) == event
    app.key("shift+Tab")
    back = _focus_on(app, "Follow-ups")
    assert back["rows"][0]["checked"] is True
    _shot(app, "07-follow-up-done-redone")

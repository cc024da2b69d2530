"""A new user's journeys through the real app, one test each: real X key presses and
mouse moves (xdotool), waits on the app's event lines, results read back with the CLI and
sqlite3. See conftest.py for the harness."""

from __future__ import annotations

import subprocess

import pytest

from tests.e2e.conftest import AppProcess

pytestmark = pytest.mark.slow


def _seed(app: AppProcess, *people: tuple[str, ...]) -> None:
    for name, *options in people:
        app.cli("add", name, *options)


def test_first_start_on_an_empty_database(app: AppProcess):
    app.start()
    ready = app.events("ready")[0]
    assert ready["db"] == str(app.db)
    assert app.contacts() == []
    # The first thing a new user does: Ctrl+N, a name, Enter.
    app.key("ctrl+n")
    app.wait_for("dialog", state="active", title="New contact")
    app.type("Ada Lovelace")
    app.key("Return")
    app.wait_for("dialog", state="closed", title="New contact")
    app.wait_for("write", what="contacts_changed")
    assert [c["name"] for c in app.contacts()] == ["Ada Lovelace"]


def test_first_start_on_the_demo_network(app: AppProcess):
    app.db = app.db.parent / "home" / "data" / "demo.sqlite3"
    app.start("--demo")
    assert app.events("ready")[0]["db"].endswith("demo.sqlite3")
    # The title the window manager and the task list show (Qt adds the application's
    # display name there): it read "Relmanager — demo — Relmanager".
    shown = subprocess.run(["xprop", "-id", app.window, "_NET_WM_NAME"], env=app.env,
                           capture_output=True, text=True, check=True, timeout=30).stdout
    assert shown.strip() == '_NET_WM_NAME(UTF8_STRING) = "Relmanager — demo"', shown
    people = app.contacts()
    assert len(people) >= 100
    assert app.events("ready")[0]["page"] == "today"
    # Every other page opens with its key (Ctrl+2 .. Ctrl+5); the Board is a board with
    # cards in it, not the placeholder a page that failed to load shows.
    for number, page in enumerate(("contacts", "board", "timeline", "introductions"),
                                  start=2):
        app.key(f"ctrl+{number}")
        app.wait_for("page", name=page)
    columns = app.wait_for("board")["columns"]
    assert len(columns) == 7 and sum(len(c["cards"]) for c in columns) >= 10


def test_search_and_open_a_contact_with_the_keyboard_only(app: AppProcess):
    _seed(app, ("Ada Lovelace",), ("Grace Hopper", "--org", "Navy"), ("Grace Kelly",))
    grace = next(c for c in app.contacts() if c["name"] == "Grace Hopper")
    app.start()
    app.key("ctrl+f")
    app.wait_for("page", name="contacts")
    app.wait_for("focus", name="Search contacts")
    app.type("hopper")
    app.key("Down", "Return")
    opened = app.wait_for("contact_opened")
    assert opened["id"] == grace["id"]
    app.wait_for("focus", cls="QTabBar")  # the keyboard is in the profile now


def test_log_an_interaction_with_enter(app: AppProcess):
    _seed(app, ("Ada Lovelace", "--stage", "friendship"))
    app.start()
    app.key("ctrl+l")
    app.wait_for("dialog", state="active", title="Log an interaction")
    app.type("Lovelace")
    app.wait_for("popup", state="opened")  # the completions
    app.key("Down", "Return")  # picks Ada; Enter in the list does not submit
    app.wait_for("popup", state="closed")
    app.key("alt+n")  # the note
    app.type("talked about the engine")
    app.key("alt+f")  # add a follow-up; the focus moves to its title
    app.wait_for("focus", name="Follow-up")
    app.type("send the notes")
    app.key("Return")
    app.wait_for("dialog", state="closed", title="Log an interaction")
    app.wait_for("write", what="interactions_changed")
    rows = app.sql("SELECT i.note, c.display_name FROM interaction i "
                   "JOIN contact c ON c.id = i.contact_id")
    assert rows == [{"note": "talked about the engine", "display_name": "Ada Lovelace"}]
    assert app.sql("SELECT title FROM follow_up") == [{"title": "send the notes"}]
    assert app.contacts()[0]["last_interaction_at"] is not None


def test_create_a_contact_with_enter(app: AppProcess):
    app.start()
    app.key("ctrl+n")
    app.wait_for("dialog", state="active", title="New contact")
    app.type("Grace Hopper")
    app.key("Tab")
    app.type("grace@navy.example")
    app.key("Return")
    app.wait_for("dialog", state="closed", title="New contact")
    people = app.contacts()
    assert [(c["name"], c["emails"]) for c in people] == [("Grace Hopper",
                                                           ["grace@navy.example"])]


def test_drag_a_card_on_the_board_and_undo_with_ctrl_z(app: AppProcess):
    _seed(app, ("Ada Lovelace", "--stage", "encounter"), ("Grace Hopper", "--stage", "recognition"))
    ada = next(c for c in app.contacts() if c["name"] == "Ada Lovelace")
    app.start()
    app.key("ctrl+3")
    board = {c["stage"]: c for c in app.wait_for("board")["columns"]}
    card = next(c for c in board["encounter"]["cards"] if c["id"] == ada["id"])
    x, y, w, h = board["recognition"]["rect"]
    target = (x + w // 2, y + h - 40)
    sx, sy = card["at"]
    # A real drag: press, several moves past the drag distance, release on the column.
    steps = [(sx + (target[0] - sx) * i // 8, sy + (target[1] - sy) * i // 8)
             for i in range(1, 9)]
    moves: list[str] = []
    for px, py in steps:
        moves += ["mousemove", "--sync", str(px), str(py), "sleep", "0.05"]
    app.xdo("mousemove", "--sync", str(sx), str(sy), "mousedown", "1", "sleep", "0.1",
            *moves, "sleep", "0.2", "mouseup", "1")
    app.wait_for("undo_index", index=1, undo="Recognition")
    app.wait_for("status", text="Moved Ada Lovelace to Recognition")  # by name (issue 22)
    assert next(c for c in app.contacts() if c["id"] == ada["id"])["stage"] == "recognition"
    assert app.sql(f"SELECT to_stage FROM stage_change WHERE contact_id = {ada['id']} "
                   "ORDER BY id DESC LIMIT 1") == [{"to_stage": "recognition"}]
    app.key("ctrl+z")
    app.wait_for("undo_index", index=0)
    app.wait_for("status", text="Undone: Move Ada Lovelace to Recognition")
    assert next(c for c in app.contacts() if c["id"] == ada["id"])["stage"] == "encounter"

"""The first hour's keys under real X input (issue 22): Esc in the Log dialog asks before a
typed note is lost, and Enter on the New-contact dialog's duplicate warning opens the
existing contact instead of saving a second one. xdotool presses the keys; the app's
event log and the database (read by sqlite3) say what happened."""

from __future__ import annotations

from tests.e2e.conftest import AppProcess


def test_esc_asks_before_dropping_a_typed_note(app: AppProcess):
    app.cli("add", "Ada Lovelace", "--stage", "friendship")
    app.start()
    app.key("ctrl+l")
    app.wait_for("dialog", state="active", title="Log an interaction")
    app.key("alt+n")
    app.wait_for("focus", name="Note")
    app.type("promised the slides")
    mark = app.mark()
    app.key("Escape")
    app.wait_for("focus", name="Keep editing")  # the question, its safe answer focused
    app.ensure_not_logged("dialog", since=mark, state="closed")
    app.key("Return")  # keep editing: back in the note
    app.wait_for("focus", name="Note")
    app.key("Escape")
    app.wait_for("focus", name="Keep editing")
    app.key("alt+d")  # Discard
    app.wait_for("dialog", state="closed", title="Log an interaction")
    assert app.sql("SELECT count(*) AS n FROM interaction") == [{"n": 0}]


def test_esc_asks_before_dropping_a_typed_new_contact(app: AppProcess):
    """As for the note: Esc in New contact closed it and the typed name was gone."""
    app.start()
    app.key("ctrl+n")
    app.wait_for("dialog", state="active", title="New contact")
    app.type("Grace Hopper")
    mark = app.mark()
    app.key("Escape")
    app.wait_for("focus", name="Keep editing")  # the question, its safe answer focused
    app.ensure_not_logged("dialog", since=mark, state="closed")
    app.key("Return")  # keep editing: back in the name
    app.wait_for("focus", name="Name")
    app.key("Escape")
    app.wait_for("focus", name="Keep editing")
    app.key("alt+d")  # Discard
    app.wait_for("dialog", state="closed", title="New contact")
    assert app.contacts() == []


def test_enter_on_the_duplicate_warning_opens_the_existing_contact(app: AppProcess):
    app.cli("add", "Grace Hopper", "--org", "Navy")
    grace = app.contacts()[0]
    app.start()
    app.key("ctrl+n")
    app.wait_for("dialog", state="active", title="New contact")
    app.type("Grace Hopper")
    app.key("Return")  # points the duplicate out
    mark = app.mark()
    app.key("Return")  # the safe default: open her
    app.wait_for("dialog", state="closed", title="New contact")
    app.ensure_not_logged("write", since=mark, what="contacts_changed")
    assert [c["id"] for c in app.contacts()] == [grace["id"]]


def test_the_board_from_the_keyboard_right_then_enter_opens_the_card(app: AppProcess):
    """Seen by a new user: on the Board, Right after a click did nothing and Return did
    nothing. Right now goes to the next column and Enter opens the card there."""
    app.cli("add", "Ada Lovelace", "--stage", "encounter")
    app.cli("add", "Grace Hopper", "--stage", "recognition")
    app.start()
    app.key("ctrl+3")
    board = {c["stage"]: c for c in app.wait_for("board")["columns"]}
    app.click(*board["encounter"]["cards"][0]["at"])
    app.wait_for("focus", name="Encounter column")
    app.key("Right")
    app.wait_for("focus", name="Recognition column")
    mark = app.mark()
    app.key("Return")
    app.wait_for("page", name="contacts", since=mark)
    grace = next(c for c in app.contacts() if c["name"] == "Grace Hopper")
    assert grace["stage"] == "recognition"  # opened, not moved
    app.ensure_not_logged("write", since=mark)

"""The one rule for a user's edit of a captured interaction (``event_edits.write_event_fields``,
used by History's edit and by sync's pull), pinned against mutmut's survivors: each field
the user can change makes the row the user's, an edit that changes nothing does not, only
the rows it changes let go of their capture, and the capture item stays (so the next
run does not bring the interaction back)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.capture import Candidate
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.domain.stages import Stage
from relmanager.store import activity, capture, event_edits
from relmanager.store.capture_models import CaptureItem
from relmanager.store.contacts import create_contact
from relmanager.store.models import Channel, Interaction


@pytest.fixture
def captured(db, clock) -> list[int]:
    """Three captured mails, one to each of Ada, Bob and Cy (three rows, three items;
    5, 6 and 7 minutes)."""
    for name in ("Ada", "Bob", "Cy"):
        create_contact(clock, name, emails=[f"{name.lower()}@x.example"],
                       stage=Stage.FRIENDSHIP)
    capture.add_me(["me@x.example"])
    mails = [Candidate(f"<m{n}@x.example>", clock.now() - timedelta(days=3), "email",
                       (f"{name}@x.example",), minutes=5 + n, note="as captured")
             for n, name in enumerate(("ada", "bob", "cy"))]
    capture.apply_capture(capture.plan_capture("mail", "box", mails, read=3), clock)
    return [i for (i,) in Interaction.select(Interaction.id).order_by(Interaction.id).tuples()]


def _held() -> list[int | None]:
    """Each item's interaction, by item: None where it let go."""
    return [i for (i,) in CaptureItem.select(CaptureItem.interaction_id)
            .order_by(CaptureItem.id).tuples()]


def _edits(clock) -> dict[str, object]:
    return {"occurred_at": clock.now() - timedelta(days=1),
            "channel": Channel.get(Channel.key == "phone"), "minutes": 40,
            "exchange": Exchange.GIVE.value, "initiated_by": Initiator.THEM.value,
            "note": "Agreed to send the proposal"}


@pytest.mark.parametrize("name", event_edits.EVENT_FIELDS)
def test_any_field_the_user_changes_makes_that_row_the_users(captured, clock, name):
    ada, bob, cy = captured
    value = _edits(clock)[name]
    event_edits.write_event_fields([bob], {name: value})
    row = Interaction.get_by_id(bob)
    assert getattr(row, name) == value
    assert _held() == [ada, None, cy]  # Bob's item stays, holding nothing
    assert capture.undo_capture(clock).removed == 2
    assert [i.id for i in Interaction.select()] == [bob]


def test_an_edit_that_changes_nothing_leaves_the_rows_the_captures(captured, clock):
    ada, _bob, _cy = captured
    event_edits.write_event_fields([ada], {"minutes": 5, "note": "as captured"})
    assert _held() == captured


def test_only_the_rows_an_edit_changes_let_go(captured, clock):
    """One edit for everyone at an event: Bob's row had those minutes already."""
    _ada, bob, _cy = captured
    event_edits.write_event_fields(captured, {"minutes": 6})
    assert [r.minutes for r in Interaction.select().order_by(Interaction.id)] == [6, 6, 6]
    assert _held() == [None, bob, None]
    assert CaptureItem.select().count() == 3


def test_an_undone_history_edit_gives_the_rows_back_to_their_capture(captured, clock):
    """Ctrl+Z of History's edit: the edit did not happen, so undo-capture takes the rows
    again (it left them, as the user's, for good)."""
    ada, bob, cy = captured
    edit = event_edits.edit_event_undoable(bob, True, note="mine")
    assert _held() == [ada, None, cy]
    event_edits.undo_edit_event(edit)
    assert _held() == captured
    assert capture.undo_capture(clock).removed == 3


def test_an_undone_edit_for_one_person_of_a_captured_group_gives_it_back(db, clock):
    """"Only this person" takes Bob's row out of the captured group mail; undone, the
    row rejoins the group and its capture."""
    for name in ("Ada", "Bob"):
        create_contact(clock, name, emails=[f"{name.lower()}@x.example"])
    capture.add_me(["me@x.example"])
    mail = Candidate("<g@x.example>", clock.now() - timedelta(days=1), "email",
                     ("ada@x.example", "bob@x.example"))
    capture.apply_capture(capture.plan_capture("mail", "box", [mail], read=1), clock)
    ada, bob = [i for (i,) in Interaction.select(Interaction.id).order_by(Interaction.id)
                .tuples()]
    edit = event_edits.edit_event_undoable(bob, False, note="only Bob's")
    assert _held() == [ada, None]
    event_edits.undo_edit_event(edit)
    assert _held() == [ada, bob]
    assert Interaction.get_by_id(bob).group_key == Interaction.get_by_id(ada).group_key


def test_an_undone_edit_of_a_row_deleted_since_links_nothing(captured, clock):
    ada, bob, cy = captured
    edit = event_edits.edit_event_undoable(bob, True, minutes=30)
    activity.delete_interactions([bob])
    event_edits.undo_edit_event(edit)
    assert _held() == [ada, None, cy]

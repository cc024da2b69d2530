"""A captured interaction the user edits is the user's, on every device (branch rwrite3).

History's edit let a captured meeting go from its capture run, so undo-capture left it;
the same edit made on another device and pulled by sync did not: undo-capture here then
deleted the meeting with the note written on the other device. Both paths now go through
one rule (``event_edits.write_event_fields``): a captured row whose fields an edit changes
is the user's; a row sync brings back unchanged stays the capture's. Against Radicale and
Xandikos, through the real sync (``engine.sync``) between two databases.
"""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.capture import Candidate
from relmanager.store import capture, event_edits
from relmanager.store.contacts import create_contact
from relmanager.store.models import Interaction
from relmanager.sync import engine

NOTE = "Agreed to send the proposal"


def _capture_meeting(clock) -> None:
    """Device A: Ada and Bo at a captured meeting (a group event, one row each)."""
    create_contact(clock, "Ada Lovelace", emails=["ada@example.org"], uid="uid-ada")
    create_contact(clock, "Bo Chen", emails=["bo@example.org"], uid="uid-bo")
    capture.add_me(["me@example.org"])
    meeting = Candidate("coffee@example.org", clock.now() - timedelta(days=2), "meeting",
                        ("ada@example.org", "bo@example.org"), minutes=60)
    capture.apply_capture(capture.plan_capture("calendar", "work.ics", [meeting], read=1),
                          clock)
    assert Interaction.select().count() == 2


def test_an_edit_pulled_from_another_device_is_kept_by_undo_capture(devices, clock):
    with devices.a:
        _capture_meeting(clock)
        engine.sync(clock)
    with devices.b:  # the other device edits the meeting, for everyone at it
        engine.sync(clock)
        (lead, *_others) = [i.id for i in Interaction.select().order_by(Interaction.id)]
        event_edits.edit_event(lead, True, note=NOTE)
        engine.sync(clock)
    with devices.a:
        engine.sync(clock)
        assert [i.note for i in Interaction.select()] == [NOTE, NOTE]
        undone = capture.undo_capture(clock)
        assert undone.removed == 0
        assert [i.note for i in Interaction.select()] == [NOTE, NOTE]
        # Still known as captured: the same run again does not double the meeting.
        meeting = Candidate("coffee@example.org", clock.now() - timedelta(days=2),
                            "meeting", ("ada@example.org", "bo@example.org"), minutes=60)
        plan = capture.plan_capture("calendar", "work.ics", [meeting], read=1)
        assert (plan.interactions, plan.already) == (0, 2)


def test_a_captured_interaction_synced_unchanged_stays_the_captures(devices, clock):
    with devices.a:
        _capture_meeting(clock)
        engine.sync(clock)
    with devices.b:  # pulled and sent back as it was: nobody edited it
        engine.sync(clock)
        engine.sync(clock)
    with devices.a:
        engine.sync(clock)
        assert capture.undo_capture(clock).removed == 2
        assert Interaction.select().count() == 0

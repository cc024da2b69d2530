"""A deletion here that is undone never costs another client's properties, against a real
server (Radicale and Xandikos): the card (or task) goes back patched into the text the
server last had, every line Relmanager does not model byte for byte, whether

* the deletion was synced (the entry DELETEd there) before the undo;
* the card was one whose revival (deleted there, edited here: sync5) had not gone up
  because the server went away, and was then deleted here and undone.

Before the fix both went up as new entries built from Relmanager's fields alone: the
iPhone's NICKNAME, its Apple label group, the task's alarm and categories were lost for
every client (the deletion forgot the server's text: sync dropped it with the pairing,
and the deletion triggers emptied ``sync_left``). The undo is the snapshot the Delete
command, a merge and the undo of a new contact keep (``store.snapshots``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relmanager.store import db as store_db
from relmanager.store import sync_state
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact, find_contact
from relmanager.store.event_edits import delete_event, restore_rows
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import FollowUp, database
from relmanager.store.snapshots import delete_contacts, restore_snapshot
from relmanager.sync import account, engine
from relmanager.sync.dav import DavError
from tests.sync.conftest import PASSWORD, USER
from tests.sync.rewriting_proxy import Proxy, rewriting_proxy
from tests.sync.server_cards import account_client, put_card
from tests.sync.test_foreign_bytes import CARD, _physical, _stored
from tests.sync.test_revival_leftovers import (
    UID,
    _held,
    _revival_href,
    deleted_there_and_edited_here,
)
from tests.sync.test_revived_bytes import TASK_EXTRA


def _put_over(href: str, text: str) -> None:
    """Another client's edit of an entry (a phone's calendar adding an alarm)."""
    client = account_client()
    try:
        client.put(href, text, "text/calendar", client.etag(href))
    finally:
        client.close()


def test_a_card_and_task_deleted_synced_and_undone_come_back_whole(devices, clock):
    with devices.a:
        href = put_card("grace.vcf", CARD)
        assert engine.sync(clock).pulled == 1
        grace = find_contact("Grace Hopper")
        create_follow_up(clock, grace.id, "ask about COBOL", clock.now())
        engine.sync(clock)
        task_href = sync_state.item_for("follow_up", FollowUp.get().id).href
        task = _stored(task_href)
        _put_over(task_href, task.replace("END:VTODO", TASK_EXTRA + "END:VTODO"))
        assert engine.sync(clock).pulled == 1
        card_before, task_before = _stored(href), _stored(task_href)
        assert "BEGIN:VALARM" in task_before

        undo = delete_contacts([grace.id])
        report = engine.sync(clock)
        assert report.deleted_there == 2, report.summary()
        assert not _held(href) and not _held(task_href)
        restore_snapshot(undo)
        report = engine.sync(clock)
        assert report.pushed == 2, report.summary()
        card_href = sync_state.item_for("contact", grace.id).href
        task_href = sync_state.item_for("follow_up", FollowUp.get().id).href
        card, task = _stored(card_href), _stored(task_href)
        assert engine.sync(clock).pushed == 0  # both sides agree
    assert _physical(card) == _physical(card_before)  # NICKNAME, the Apple label...
    assert "X-RELMANAGER" not in card
    assert _physical(task, ("DTSTAMP",)) == _physical(task_before, ("DTSTAMP",))


def test_an_undone_delete_not_yet_synced_keeps_its_pairing(devices, clock):
    """Deleted and undone between two syncs: paired again, nothing sent, and no text kept
    for a revival (it would be kept for ever)."""
    with devices.a:
        href = put_card("grace.vcf", CARD)
        engine.sync(clock)
        grace = find_contact("Grace Hopper")
        restore_snapshot(delete_contacts([grace.id]))
        assert sync_state.left_behind("contact", UID) is None  # still paired
        report = engine.sync(clock)
        assert (report.pushed, report.deleted_there) == (0, 0), report.summary()
        assert sync_state.item_for("contact", grace.id).href == href
        assert sync_state.left_behind("contact", UID) is None


def test_a_failed_revival_deleted_and_undone_keeps_the_other_clients_lines(
        devices, dav_server, clock):
    with devices.a:
        before = deleted_there_and_edited_here(clock)
        stopped: list[bool] = []

        def server_goes_away() -> bool:
            """After the pull kept the card's text, before its revival goes up."""
            if not stopped and sync_state.left_behind("contact", UID) is not None:
                dav_server.stop()
                stopped.append(True)
            return False

        with pytest.raises(DavError):
            engine.sync(clock, cancelled=server_goes_away)
        assert stopped and not _held_after_restart(dav_server)
        undo = delete_contacts([find_contact("Grace Hopper").id])
        with database.atomic():
            assert sync_state.left_behind("contact", UID) is None  # the trigger's
        restore_snapshot(undo)
        report = engine.sync(clock)
        assert report.pushed == 1, report.summary()
        assert sync_state.item_for("contact", find_contact("Grace Hopper").id).href == \
            _revival_href()
        stored = _stored(_revival_href())
    assert _physical(stored, ("NOTE",)) == _physical(before)
    assert "NOTE:COBOL\r\n" in stored and "X-RELMANAGER" not in stored


def _held_after_restart(server) -> bool:
    server.start()
    return _held(_revival_href())


#: What another client (a phone's calendar) added to the journal entry of an event.
EVENT_EXTRA = ("CATEGORIES:Research,Compilers\r\nX-APPLE-SORT-ORDER:712345678\r\n"
               "ATTENDEE;CN=Room 4:urn:uuid:0d7c9e56-4a43-4c35-9d1e-9b1c6c0f7a11\r\n")


def test_an_event_deleted_synced_and_undone_comes_back_whole(devices, clock):
    """An event deleted from a profile's History (DeleteEventCommand) and undone after
    the deletion was synced."""
    with devices.a:
        put_card("grace.vcf", CARD)
        engine.sync(clock)
        grace = find_contact("Grace Hopper")
        event = log_interaction(clock, [grace.id], "phone", note="talked about COBOL")
        engine.sync(clock)
        event_id = event.interaction_ids[0]
        href = sync_state.item_for("interaction", event_id).href
        _put_over(href, _stored(href).replace("END:VJOURNAL", EVENT_EXTRA + "END:VJOURNAL"))
        assert engine.sync(clock).pulled == 1
        before = _stored(href)

        undo = delete_event(event_id, everyone=True)
        assert engine.sync(clock).deleted_there == 1
        assert not _held(href)
        restore_rows(undo)
        assert engine.sync(clock).pushed == 1
        stored = _stored(sync_state.item_for("interaction", event_id).href)
    assert _physical(stored, ("DTSTAMP",)) == _physical(before, ("DTSTAMP",))


def test_an_undone_delete_meets_the_revival_a_second_device_sent(devices, clock):
    """Deleted here and synced; the second device, which had edited the card, sends it
    back (sync5's revival, at the href of its UID); the undo here then meets that card
    and merges three-way with the base the undo kept: both edits, the phone's lines, no
    conflict."""
    from relmanager.store.contacts import update_contact

    with devices.a:
        href = put_card("grace.vcf", CARD)
        engine.sync(clock)
        before = _stored(href)
    with devices.b:
        engine.sync(clock)
    with devices.a:
        grace = find_contact("Grace Hopper")
        update_contact(clock, grace.id, notes="COBOL")
        undo = delete_contacts([grace.id])
        assert engine.sync(clock).deleted_there == 1
    with devices.b:
        update_contact(clock, find_contact("Grace Hopper").id, title="Rear admiral")
        report = engine.sync(clock)
        assert report.pushed == 1, report.summary()  # the revival
    with devices.a:
        restore_snapshot(undo)
        report = engine.sync(clock)
        assert report.conflicts == 0, report.summary()
        grace = find_contact("Grace Hopper")
        assert (grace.title, grace.notes) == ("Rear admiral", "COBOL")
        assert sync_state.item_for("contact", grace.id).href == _revival_href()
        stored = _stored(_revival_href())
        assert engine.sync(clock).pushed == 0
    assert _physical(stored, ("NOTE", "TITLE", "X-RELMANAGER-")) == _physical(before)
    assert "NOTE:COBOL\r\n" in stored and "TITLE:Rear admiral\r\n" in stored


@pytest.fixture
def proxied(dav_server) -> Iterator[Proxy]:
    with rewriting_proxy(dav_server.url) as proxy:
        yield proxy


def test_a_delete_undone_while_its_request_is_on_its_way_comes_back_whole(
        isolated_home, clock, proxied):
    """The window's undo lands while the sync's DELETE is on the wire (the server has
    taken it, the pairing is not forgotten yet): the sync keeps the text for the row's
    revival rather than forgetting it with the pairing."""
    store_db.init_db(isolated_home / "device.sqlite3", clock=clock)
    try:
        account.set_up(proxied.url, USER, PASSWORD)
        href = put_card("grace.vcf", CARD)
        engine.sync(clock)
        before = _stored(href)
        undo = delete_contacts([find_contact("Grace Hopper").id])
        undone: list[str] = []

        def undo_on_the_way(method: str, path: str, _body: bytes, data: bytes) -> bytes:
            if method == "DELETE" and not undone:  # in the proxy's thread, after the server
                try:
                    restore_snapshot(undo)
                finally:
                    database.close()
                undone.append(path)
            return data

        proxied.rewrite = undo_on_the_way
        report = engine.sync(clock)  # the revival goes up in the same run
        assert (report.deleted_there, report.pushed) == (1, 1), report.summary()
        assert undone and not _held(href)
        assert engine.sync(clock).pushed == 0
        stored = _stored(_revival_href())
    finally:
        store_db.close_db()
    assert _physical(stored) == _physical(before) and "X-RELMANAGER" not in stored


def test_a_logged_event_undone_and_redone_after_sync_comes_back_whole(
        devices, clock, qapp, tmp_path):
    """Logged with a follow-up, synced, added to by another client (the event's
    categories and a room, the task's alarm), undone here (Ctrl+Z: both DELETEd there),
    then redone (Ctrl+Shift+Z): the same event and task go back, patched into the texts
    the server had. Before, redo logged a new event: a new entry built from Relmanager's
    fields, the other client's lines lost for everyone."""
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store.models import Interaction
    from relmanager.ui.shared.undo import LogInteractionCommand, perform

    with devices.a:
        put_card("grace.vcf", CARD)
        engine.sync(clock)
        grace = find_contact("Grace Hopper")
        ctx = AppContext.create(clock, devices.paths["a"],
                                settings=make_settings(tmp_path / "ui.ini"))
        assert perform(ctx, LogInteractionCommand(
            ctx, [grace.id], "phone", note="talked about COBOL",
            follow_up=("send the notes", clock.now())))
        assert engine.sync(clock).pushed == 2
        event_id, task_id = Interaction.get().id, FollowUp.get().id
        event_href = sync_state.item_for("interaction", event_id).href
        task_href = sync_state.item_for("follow_up", task_id).href
        _put_over(event_href, _stored(event_href).replace(
            "END:VJOURNAL", EVENT_EXTRA + "END:VJOURNAL"))
        _put_over(task_href, _stored(task_href).replace("END:VTODO", TASK_EXTRA + "END:VTODO"))
        assert engine.sync(clock).pulled == 2
        event_before, task_before = _stored(event_href), _stored(task_href)

        ctx.undo_stack.undo()
        assert engine.sync(clock).deleted_there == 2
        assert not _held(event_href) and not _held(task_href)
        ctx.undo_stack.redo()
        assert (Interaction.get().id, FollowUp.get().id) == (event_id, task_id)
        report = engine.sync(clock)
        assert report.pushed == 2, report.summary()
        event = _stored(sync_state.item_for("interaction", event_id).href)
        task = _stored(sync_state.item_for("follow_up", task_id).href)
        assert engine.sync(clock).pushed == 0  # both sides agree
    assert _physical(event, ("DTSTAMP",)) == _physical(event_before, ("DTSTAMP",))
    assert _physical(task, ("DTSTAMP",)) == _physical(task_before, ("DTSTAMP",))


def test_an_introduction_step_undone_and_redone_after_sync_comes_back_whole(devices, clock):
    """"Introduction made" logs an event with both sides; synced, added to by another
    client, undone (its event DELETEd there) and redone: that event goes back patched
    into the server's text. Before, the redo made the introduction again, a new event
    built from our fields."""
    from relmanager.domain.introductions import IntroStatus
    from relmanager.store import introductions
    from relmanager.store.contacts import create_contact
    from relmanager.store.models import Interaction

    with devices.a:
        ana, ben = (create_contact(clock, n).id for n in ("Ana Silva", "Ben Okafor"))
        intro = introductions.create_introduction(clock, requester_id=ana, target_id=ben)
        made = introductions.advance(clock, intro.id, IntroStatus.MADE)
        engine.sync(clock)
        event_id = min(made.interaction_ids)  # the group's lead carries its entry
        href = sync_state.item_for("interaction", event_id).href
        _put_over(href, _stored(href).replace("END:VJOURNAL", EVENT_EXTRA + "END:VJOURNAL"))
        assert engine.sync(clock).pulled == 1
        before = _stored(href)

        undone = introductions.undo_step(intro.id, IntroStatus.MADE, made)
        assert engine.sync(clock).deleted_there == 1
        introductions.redo_step(intro.id, made, undone)
        assert sorted(i.id for i in Interaction.select()) == sorted(made.interaction_ids)
        report = engine.sync(clock)
        assert report.pushed >= 1, report.summary()
        stored = _stored(sync_state.item_for("interaction", event_id).href)
        assert engine.sync(clock).pushed == 0
    assert _physical(stored, ("DTSTAMP",)) == _physical(before, ("DTSTAMP",))


def test_a_group_event_logged_undone_and_redone_with_syncs_between_agrees_on_two_devices(
        devices, clock, qapp, tmp_path):
    """Log (two people, a follow-up), sync, Ctrl+Z, sync, Ctrl+Shift+Z, sync on device A,
    device B syncing after each step: B has the event and task, then neither, then the
    same ones again (one entry each, the same uids), and no conflict on either side."""
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store.models import Interaction
    from relmanager.ui.shared.undo import LogInteractionCommand, perform

    def state() -> tuple[list[tuple], list[tuple]]:
        return (sorted((i.contact.uid, i.note, i.uid or "", i.occurred_at.replace(
                    microsecond=0)) for i in Interaction.select()),
                sorted((f.contact.uid, f.title, f.uid) for f in FollowUp.select()))

    with devices.a:
        put_card("grace.vcf", CARD)
        engine.sync(clock)
        grace = find_contact("Grace Hopper")
        ada = create_contact(clock, "Ada Lovelace").id
        engine.sync(clock)
        ctx = AppContext.create(clock, devices.paths["a"],
                                settings=make_settings(tmp_path / "ui.ini"))
        assert perform(ctx, LogInteractionCommand(
            ctx, [grace.id, ada], "one_on_one", note="tea",
            follow_up=("send the notes", clock.now())))
    seen = []
    for step in ("logged", "undone", "redone"):
        with devices.a:
            if step == "undone":
                ctx.undo_stack.undo()
            elif step == "redone":
                ctx.undo_stack.redo()
            report = engine.sync(clock)
            assert report.conflicts == 0, report.summary()
            mine = state()
        with devices.b:
            report = engine.sync(clock)
            assert report.conflicts == 0, report.summary()
            theirs = state()
        seen.append(mine)
        assert ([(c, n, t) for c, n, _u, t in theirs[0]], theirs[1]) == (
            [(c, n, t) for c, n, _u, t in mine[0]], mine[1]), step
    assert seen[0] == seen[2] and seen[1] == ([], [])
    assert len(seen[2][0]) == 2 and len(seen[2][1]) == 1  # one event, one task
    with devices.a:
        assert engine.sync(clock).pushed == 0  # both sides agree

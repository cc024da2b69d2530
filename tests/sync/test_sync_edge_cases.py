"""Sync edge cases found in review (each was a bug: lost edits, duplicates, a sync that
failed for good, a conflict landing on the wrong contact...); now regression tests."""

from __future__ import annotations

import threading

from relmanager.store import sync_conflicts, sync_state
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact, find_contact, update_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import Channel, Contact, FollowUp, Interaction, SyncConflict
from relmanager.store.snapshots import delete_contacts, restore_snapshot
from relmanager.sync import account, engine
from relmanager.sync.dav import DavClient
from tests.sync.conftest import PASSWORD, USER, phone_rewrites


def _sync(clock) -> engine.SyncReport:
    return engine.sync(clock)


def _pull_edit_send(clock, name: str, notes: str) -> None:
    """On the device in use: take what the server has, edit a contact's notes, send."""
    _sync(clock)
    update_contact(clock, find_contact(name).id, notes=notes)
    _sync(clock)


def test_edit_made_while_its_put_is_in_flight_is_sent_next(devices, clock,
                                                                   monkeypatch):
    """The worker reads the fields, PUTs them, then clears the change queue: an edit the
    UI thread commits during the PUT is dropped from the queue and never pushed."""
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", notes="v1")
        _sync(clock)
    with devices.b:
        _sync(clock)
    with devices.a:
        update_contact(clock, ada.id, notes="v2")
        original = DavClient.put
        edited = []

        def put_while_user_edits(self, *args, **kwargs):
            etag = original(self, *args, **kwargs)
            if not edited:  # the user saves the form on the UI thread meanwhile
                thread = threading.Thread(target=lambda: update_contact(
                    clock, ada.id, notes="v3 (typed during the sync)"))
                thread.start()
                thread.join()
                edited.append(True)
            return etag

        monkeypatch.setattr(DavClient, "put", put_while_user_edits)
        _sync(clock)
        monkeypatch.setattr(DavClient, "put", original)
        assert find_contact("Ada Lovelace").notes == "v3 (typed during the sync)"
        _sync(clock)
    with devices.b:
        _sync(clock)
        assert find_contact("Ada Lovelace").notes == "v3 (typed during the sync)"


def test_sync_off_and_on_again_duplicates_nothing(devices, clock, dav_server):
    """Interactions and follow-ups have no uid of their own: once the pairings are
    forgotten (sync switched off, then on again) every one is pulled as new *and* pushed
    as new."""
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        log_interaction(clock, [ada.id], "phone", note="one call")
        create_follow_up(clock, ada.id, "write back", clock.now())
        _sync(clock)
        account.remove()
        account.set_up(dav_server.url, USER, PASSWORD)
        _sync(clock)
        _sync(clock)
        assert Contact.select().count() == 1
        assert Interaction.select().count() == 1
        assert FollowUp.select().count() == 1


def test_undo_delete_then_edit_there_is_taken(devices, clock):
    """A deletes and undoes (same id and uid back, pairing left 'deleted'); B edits. A's
    pull creates the contact anew with the same uid: UNIQUE constraint, uncaught, and the
    token is never stored, so every later sync fails the same way."""
    with devices.a:
        create_contact(clock, "Ada Lovelace", notes="v1")
        _sync(clock)
    with devices.b:
        _pull_edit_send(clock, "Ada Lovelace", "edited on B")
    with devices.a:
        snap = delete_contacts([find_contact("Ada Lovelace").id])
        restore_snapshot(snap)  # Edit > Undo delete
        _sync(clock)
        assert find_contact("Ada Lovelace").notes == "edited on B"


def test_conflict_goes_with_its_contact(devices, clock):
    """SyncConflict rows were never removed with their contact; SQLite reused the highest
    id, so the conflict (and 'use theirs') then applied to an unrelated contact. Ids are
    no longer reused (AUTOINCREMENT, issue 22), and the conflict still goes."""
    with devices.a:
        create_contact(clock, "Alan Turing", notes="met at Bletchley")
        _sync(clock)
    with devices.b:
        _pull_edit_send(clock, "Alan Turing", "B's note")
    with devices.a:
        alan = find_contact("Alan Turing")
        update_contact(clock, alan.id, notes="A's note")
        assert _sync(clock).conflicts == 1
        delete_contacts([alan.id])
        grace = create_contact(clock, "Grace Hopper", notes="COBOL")
        assert grace.id > alan.id  # the id is not given again
        leftover = list(SyncConflict.select())
        if leftover:
            sync_conflicts.resolve_conflict(clock, leftover[0].id, use_theirs=True)
        assert Contact.get_by_id(grace.id).notes == "COBOL"
        assert SyncConflict.select().count() == 0


def test_refused_entry_is_retried(devices, clock):
    """The skip message says 'add the channel and sync again', but the collection token is
    stored past the refused entry, which is not kept as pending: it never comes."""
    with devices.b:
        Channel.create(key="signal", name="Signal", kind="text", richness=5)
    with devices.a:
        create_contact(clock, "Ada Lovelace")
        _sync(clock)
    with devices.b:
        _sync(clock)
        log_interaction(clock, [find_contact("Ada Lovelace").id], "signal", note="hi")
        _sync(clock)
    with devices.a:
        report = _sync(clock)
        assert any("signal" in s for s in report.reasons)
        assert report.skipped == ["interaction with Ada Lovelace"]
        Channel.create(key="signal", name="Signal", kind="text", richness=5)
        _sync(clock)
        assert Interaction.select().count() == 1


def test_server_without_sync_collection_falls_back_to_listing(devices, clock,
                                                                       monkeypatch):
    """A server without the sync-collection report answers it with 403 + supported-report
    (RFC 3253 3.6); request() turns every 403 but valid-sync-token into DavAuthError, so
    the promised ETag-listing fallback never runs: every sync after the first fails."""
    import http.client

    original = DavClient._connection

    class NoSyncCollection:
        def __init__(self, conn):
            self.conn, self.fake = conn, False

        def request(self, method, target, body=None, headers=None):
            self.fake = method == "REPORT" and b"sync-collection" in (body or b"")
            if not self.fake:
                self.conn.request(method, target, body=body, headers=headers)

        def getresponse(self):
            if not self.fake:
                return self.conn.getresponse()

            class Raw:
                status = 403
                left = (b'<?xml version="1.0"?><d:error xmlns:d="DAV:">'
                        b"<d:supported-report/></d:error>")

                def getheaders(self):
                    return [("Content-Type", "application/xml")]

                def read1(self, _size=-1):  # the body is read as it arrives
                    piece, self.left = self.left, b""
                    return piece

                read = read1
            return Raw()

        def close(self):
            self.conn.close()

    def connection(self, url):
        conn = original(self, url)
        return conn if isinstance(conn, NoSyncCollection) else NoSyncCollection(conn)

    monkeypatch.setattr(DavClient, "_connection", connection)
    assert http.client  # (the real transport still serves every other request)
    with devices.a:
        create_contact(clock, "Ada Lovelace")
        _sync(clock)
    with devices.b:
        create_contact(clock, "Grace Hopper")
        _sync(clock)
    with devices.a:
        _sync(clock)  # the token (now stale) is sent in a sync-collection REPORT
        assert Contact.select().count() == 2


def test_bad_address_from_the_server_blocks_nothing(devices, clock):
    """Another client stores a card this app refuses (skipped, token moves on). A later
    local edit: PUT with the old ETag -> 412 -> refetch -> refused again -> retried once
    -> gives up without clearing the queue; every sync repeats this and neither side's
    change ever reaches the other."""
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        _sync(clock)
        phone_rewrites(ada, "EMAIL:ada at home\r\n")
        first = _sync(clock)
        update_contact(clock, ada.id, notes="a local edit")
        puts = []
        original = DavClient.put

        def counting(self, *args, **kwargs):
            puts.append(args[0])
            return original(self, *args, **kwargs)

        DavClient.put = counting
        try:
            for _ in range(3):
                _sync(clock)
        finally:
            DavClient.put = original
        # The address this app cannot keep is taken out, and kept visible as a conflict
        # (the other device's value), instead of refusing the whole card.
        assert first.conflicts == 1
        assert "ada at home" in SyncConflict.get(SyncConflict.field == "emails").remote_json
        assert len(puts) <= 1, f"{len(puts)} PUTs in 3 syncs"
        assert sync_state.changed_ids("contact") == []


def test_unsynced_interaction_keeps_its_contact_deleted_there(devices,
                                                                                clock):
    """A deletes a contact; B has logged a call with them (not yet synced). B's pull sees
    the card removed and its fields unchanged, deletes the contact and, by cascade, the
    call that never reached the server: silently gone, unlike the 'changed there: the
    change wins' rule for contacts."""
    with devices.a:
        create_contact(clock, "Ada Lovelace")
        _sync(clock)
    with devices.b:
        _sync(clock)
        log_interaction(clock, [find_contact("Ada Lovelace").id], "phone",
                        note="she agreed to review the paper")
    with devices.a:
        delete_contacts([find_contact("Ada Lovelace").id])
        _sync(clock)
    with devices.b:
        _sync(clock)
        assert Interaction.select().count() == 1


def test_stale_conflict_never_reverts_a_newer_value(devices, clock):
    """A conflict row is never revisited: after the field moves on (B edits again, A takes
    it cleanly), 'use theirs' still writes B's *old* value over the newer one."""
    with devices.a:
        create_contact(clock, "Alan Turing", notes="v0")
        _sync(clock)
    with devices.b:
        _pull_edit_send(clock, "Alan Turing", "B1")
    with devices.a:
        update_contact(clock, find_contact("Alan Turing").id, notes="A1")
        assert _sync(clock).conflicts == 1
    with devices.b:
        _pull_edit_send(clock, "Alan Turing", "B2 (newest)")  # its pull takes A1, cleanly
    with devices.a:
        _sync(clock)
        assert find_contact("Alan Turing").notes == "B2 (newest)"
        for row in list(SyncConflict.select()):
            sync_conflicts.resolve_conflict(clock, row.id, use_theirs=True)
        assert find_contact("Alan Turing").notes == "B2 (newest)"


def test_uid_with_reserved_characters_round_trips(devices, clock):
    """Imported Google/iCloud cards have uids like 'abc@google.com'."""
    with devices.a:
        create_contact(clock, "Ada Lovelace", uid="c0ffee@google.com")
        _sync(clock)
        first = sync_state.item_for("contact", find_contact("Ada Lovelace").id).href
    with devices.b:
        _pull_edit_send(clock, "Ada Lovelace", "from B")
    with devices.a:
        _sync(clock)
        assert find_contact("Ada Lovelace").notes == "from B"
        reports = [_sync(clock) for _ in range(2)]
        assert [len(r.unchanged) for r in reports] == [2, 2], (first, reports)


def test_phone_rewrite_without_related_keeps_the_introducer(devices, clock):
    """Same phone as test_phone_edits_without_our_fields_keep_them (drops what it does not
    know): stage and intent are protected, the introducer (RELATED) is not."""
    with devices.a:
        mentor = create_contact(clock, "Barbara Liskov")
        ada = create_contact(clock, "Ada Lovelace", introduced_by=mentor.id)
        _sync(clock)
        phone_rewrites(ada)
        _sync(clock)
        ada = find_contact("Ada King")
        assert ada.introduced_by_id == mentor.id


def test_sync_switched_off_during_a_run_stays_off(devices, clock, monkeypatch):
    with devices.a:
        create_contact(clock, "Ada Lovelace")
        original = DavClient.put

        def put_then_switch_off(self, *args, **kwargs):
            etag = original(self, *args, **kwargs)
            account.remove()  # `relmanager sync --off` from a shell meanwhile
            return etag

        monkeypatch.setattr(DavClient, "put", put_then_switch_off)
        _sync(clock)
        assert account.load() is None

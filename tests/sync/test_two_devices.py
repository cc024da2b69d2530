"""Two devices syncing through a real Radicale server: they converge after edits on both,
a conflict surfaces with both values, deletions propagate both ways, a wrong password is
reported and stores nothing, and a server stopped mid-sync leaves both sides consistent."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from relmanager import secrets
from relmanager.domain.stages import Stage
from relmanager.store import sync_conflicts, sync_state
from relmanager.store.activity import delete_interactions, log_interaction, move_stage
from relmanager.store.contacts import create_contact, find_contact, tags_of, update_contact
from relmanager.store.follow_ups import create_follow_up, set_done
from relmanager.store.models import Contact, FollowUp, Interaction, SyncConflict, SyncItem
from relmanager.store.snapshots import delete_contacts
from relmanager.sync import account, engine
from relmanager.sync.dav import DavAuthError, DavClient, DavError
from tests.sync.conftest import PASSWORD, USER, phone_rewrites


def _sync(clock) -> engine.SyncReport:
    return engine.sync(clock)


def _snapshot() -> dict:
    """Everything sync carries, in a comparable form keyed by contact uid."""
    people = {}
    for uid, fields in (sync_state.local_fields("contact", [c.id for c in
                        Contact.select().order_by(Contact.sort_name)]).values()):
        people[uid] = fields
    journal = sorted(tuple(sorted(f.items())) for _u, f in sync_state.local_fields(
        "interaction", [i.id for i in Interaction.select(Interaction.id)]).values())
    tasks = sorted(tuple(sorted(f.items())) for _u, f in sync_state.local_fields(
        "follow_up", [f.id for f in FollowUp.select(FollowUp.id)]).values())
    return {"contacts": people, "journal": journal, "tasks": tasks}


def test_two_devices_converge_after_edits_on_both(devices, clock):
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", emails=["ada@engines.org"],
                             organisation="Analytical Engines", stage=Stage.DEVELOPMENT,
                             intent="co-write the notes on the engine", sphere="business",
                             tags=["mathematics", "engines"], how_met="a salon",
                             cadence_days=21)
        create_contact(clock, "Charles Babbage", phones=[("+44 20 7946 0000", "work")])
        log_interaction(clock, [ada.id], "one_on_one", minutes=45, exchange="give",
                        note="talked about Bernoulli numbers")
        create_follow_up(clock, ada.id, "send the translation", clock.now() + timedelta(days=3))
        report = _sync(clock)
        assert report.pushed == 4 and report.pulled == 0
    with devices.b:
        report = _sync(clock)
        assert report.pulled == 4
        ada_b = find_contact("ada@engines.org")
        assert (ada_b.stage, ada_b.intent, ada_b.cadence_days, ada_b.how_met) == \
            ("development", "co-write the notes on the engine", 21, "a salon")
        assert sorted(tags_of(ada_b.id)) == ["engines", "mathematics"]
        assert ada_b.last_interaction_at is not None  # warmth follows the synced coffee
        clock.advance(hours=1)
        move_stage(clock, [ada_b.id], Stage.FRIENDSHIP)
        update_contact(clock, ada_b.id, title="Countess")
        log_interaction(clock, [ada_b.id], "video", minutes=30, exchange="receive")
        _sync(clock)
    with devices.a:
        clock.advance(hours=1)
        update_contact(clock, ada.id, notes="prefers letters")  # a field B did not touch
        follow_up = FollowUp.get()
        set_done(clock, follow_up.id)
        _sync(clock)
        ada_a = find_contact("ada@engines.org")
        assert (ada_a.stage, ada_a.title, ada_a.notes) == ("friendship", "Countess",
                                                            "prefers letters")
        assert Interaction.select().count() == 2
        history = [c.to_stage for c in ada_a.stage_changes]
        assert history[-1] == "friendship"  # the move came with its history row
        seen_a = _snapshot()
    with devices.b:
        _sync(clock)
        assert _snapshot() == seen_a
        assert SyncConflict.select().count() == 0


def test_unchanged_server_costs_one_request_per_collection(devices, clock, monkeypatch):
    with devices.a:
        create_contact(clock, "Grace Hopper")
        _sync(clock)
        calls = []
        original = DavClient.request

        def counting(self, method, url, *args, **kwargs):
            calls.append(method)
            return original(self, method, url, *args, **kwargs)

        monkeypatch.setattr(DavClient, "request", counting)
        report = _sync(clock)
        assert calls == ["PROPFIND", "PROPFIND"]  # address book and calendar tokens
        assert report.pulled == report.pushed == 0 and len(report.unchanged) == 2


def test_a_conflict_keeps_both_values_visible(devices, clock):
    with devices.a:
        create_contact(clock, "Alan Turing", notes="met at Bletchley")
        _sync(clock)
    with devices.b:
        _sync(clock)
        alan = find_contact("Alan Turing")
        update_contact(clock, alan.id, notes="loves long-distance running")
        _sync(clock)
    with devices.a:
        alan = find_contact("Alan Turing")
        update_contact(clock, alan.id, notes="working on morphogenesis")
        report = _sync(clock)
        assert report.conflicts == 1
        conflict = SyncConflict.get()
        assert conflict.field == "notes"
        assert "morphogenesis" in conflict.local_json
        assert "long-distance" in conflict.remote_json
        assert find_contact("Alan Turing").notes == "working on morphogenesis"  # mine kept
        sync_conflicts.resolve_conflict(clock, conflict.id, use_theirs=True)
        assert find_contact("Alan Turing").notes == "loves long-distance running"
        assert SyncConflict.select().count() == 0
        _sync(clock)
    with devices.b:
        _sync(clock)
        assert find_contact("Alan Turing").notes == "loves long-distance running"


def test_tags_added_on_both_devices_are_both_kept(devices, clock):
    with devices.a:
        create_contact(clock, "Hedy Lamarr", tags=["film"])
        _sync(clock)
    with devices.b:
        _sync(clock)
        hedy = find_contact("Hedy Lamarr")
        from relmanager.store.contacts import add_tags

        add_tags([hedy.id], ["radio"])
        _sync(clock)
    with devices.a:
        from relmanager.store.contacts import add_tags

        add_tags([find_contact("Hedy Lamarr").id], ["inventors"])
        report = _sync(clock)
        assert report.conflicts == 0
        assert sorted(tags_of(find_contact("Hedy Lamarr").id)) == ["film", "inventors",
                                                                    "radio"]


def test_deletions_propagate_both_ways(devices, clock):
    with devices.a:
        keep = create_contact(clock, "Katherine Johnson")
        gone = create_contact(clock, "Dorothy Vaughan")
        log_interaction(clock, [gone.id], "phone")
        log_interaction(clock, [keep.id], "email")
        log_interaction(clock, [keep.id], "phone")
        _sync(clock)
    with devices.b:
        _sync(clock)
        assert Interaction.select().count() == 3
        delete_interactions([Interaction.select().where(
            Interaction.contact == find_contact("Katherine Johnson").id).first().id])
        report = _sync(clock)
        assert report.deleted_there == 1
    with devices.a:
        delete_contacts([gone.id])
        report = _sync(clock)
        assert report.deleted_here == 1  # the interaction B deleted
        assert Interaction.select().count() == 1
    with devices.b:
        report = _sync(clock)
        names = [c.display_name for c in Contact.select().order_by(Contact.sort_name)]
        assert names == ["Katherine Johnson"]
        assert Interaction.select().count() == 1
        assert SyncItem.select().where(SyncItem.state != "synced").count() == 0


def test_wrong_password_is_reported_and_stores_nothing(isolated_home, clock, radicale, db,
                                                       db_path):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(DavAuthError, match="user name or password"):
        account.set_up(radicale.url, USER, "wrong")
    assert account.load() is None
    assert secrets.get_secret(account.SECRET, f"{USER}@{radicale.url}") is None
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_a_password_changed_on_the_server_fails_cleanly(devices, clock, dav_server):
    if dav_server.kind == "xandikos":
        pytest.skip("Xandikos checks no passwords (a proxy in front of it does)")
    with devices.a:
        create_contact(clock, "Margaret Hamilton")
        acct = account.load()
        secrets.set_secret(account.SECRET, acct.keyring_account, "stale")
        with pytest.raises(DavAuthError):
            _sync(clock)
        assert SyncItem.select().count() == 0 and account.load().last_sync is None
        secrets.set_secret(account.SECRET, acct.keyring_account, PASSWORD)
        assert _sync(clock).pushed == 1


def test_server_stopped_mid_sync_leaves_both_sides_consistent(devices, clock, dav_server,
                                                              monkeypatch):
    with devices.a:
        for n in range(60):
            create_contact(clock, f"Person {n:02d}", emails=[f"p{n}@example.org"])
        original = DavClient.put
        sent = []

        def put_then_die(self, *args, **kwargs):
            if len(sent) == 25:
                dav_server.stop()
            etag = original(self, *args, **kwargs)
            sent.append(etag)
            return etag

        monkeypatch.setattr(DavClient, "put", put_then_die)
        with pytest.raises(DavError, match=r"cannot reach|closed the connection"):
            _sync(clock)
        monkeypatch.setattr(DavClient, "put", original)
        # What the server confirmed is paired; the rest is still queued, nothing lost
        # (a few PUTs run at once, so a few more than 25 may have gone through).
        confirmed = len(sent)
        assert 25 <= confirmed < 60
        assert SyncItem.select().count() == confirmed
        assert len(sync_state.changed_ids("contact")) == 60 - confirmed
        assert account.load().last_sync is None
        dav_server.start()
        report = _sync(clock)
        assert report.pushed == 60 - confirmed
    with devices.b:
        _sync(clock)
        assert Contact.select().count() == 60
    with devices.a:
        assert _sync(clock).pushed == 0


def test_phone_edits_without_our_fields_keep_them(devices, clock, dav_server):
    """A phone rewrites the card without X-RELMANAGER-*: the stage and intent stay."""
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP, intent="mentor")
        _sync(clock)
        phone_rewrites(ada, "TEL;TYPE=CELL:+44 7700 900000\r\n")
        report = _sync(clock)
        assert report.pulled == 1 and report.conflicts == 0
        ada = find_contact("Ada King")
        assert (ada.stage, ada.intent) == ("friendship", "mentor")
        assert [p.number for p in ada.phones] == ["+44 7700 900000"]


def test_cleared_fields_and_introducers_travel(devices, clock):
    with devices.a:
        mentor = create_contact(clock, "Barbara Liskov")
        ada = create_contact(clock, "Ada Lovelace", cadence_days=21, how_met="a salon",
                             introduced_by=mentor.id)
        _sync(clock)
    with devices.b:
        _sync(clock)
        ada_b = find_contact("Ada Lovelace")
        assert ada_b.introduced_by.display_name == "Barbara Liskov"
        update_contact(clock, ada_b.id, cadence_days=None, how_met="")
        _sync(clock)
    with devices.a:
        _sync(clock)
        ada = find_contact("Ada Lovelace")
        assert (ada.cadence_days, ada.how_met) == (None, "")
        assert SyncConflict.select().count() == 0


def test_archiving_travels(devices, clock):
    from relmanager.store.contacts import set_archived

    with devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        _sync(clock)
    with devices.b:
        _sync(clock)
        set_archived(clock, [find_contact("Ada Lovelace").id], True)
        _sync(clock)
    with devices.a:
        _sync(clock)
        assert Contact.get_by_id(ada.id).archived
        set_archived(clock, [ada.id], False)
        _sync(clock)
    with devices.b:
        _sync(clock)
        assert not find_contact("Ada Lovelace").archived

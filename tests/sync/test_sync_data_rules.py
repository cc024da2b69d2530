"""Sync never damages data: a contact deleted on one device and edited on the other comes
back with its history; a refused or unreceived entry is skipped, named, and retried while
the rest syncs; the report is truthful; both devices learn of a conflict and the command
line settles it; times carry their time zone; stage moves keep their time."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.domain.stages import Stage
from relmanager.store import db as store_db
from relmanager.store.activity import log_interaction, move_stage
from relmanager.store.contacts import create_contact, find_contact, update_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import Contact, FollowUp, Interaction, StageChange, SyncConflict
from relmanager.store.snapshots import delete_contacts
from relmanager.sync import account, engine
from relmanager.sync.dav import DavClient, DavError
from tests.sync.conftest import PASSWORD, USER, Devices, Radicale


def _sync(clock) -> engine.SyncReport:
    return engine.sync(clock)


def _server_counts() -> tuple[int, int]:
    acc = account.load()
    client = acc.client()
    try:
        return (len(client.changes(acc.addressbook, None).changed),
                len(client.changes(acc.calendar, None).changed))
    finally:
        client.close()


@pytest.mark.parametrize("first", ["deleting device", "editing device"])
def test_deleted_on_one_device_edited_on_the_other_comes_back_with_its_history(
        devices, clock, first):
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        log_interaction(clock, [ada.id], "phone", note="the first call")
        create_follow_up(clock, ada.id, "send the notes", clock.now() + timedelta(days=2))
        _sync(clock)
    with devices.b:
        _sync(clock)
    with devices.a:
        delete_contacts([ada.id])
    with devices.b:
        update_contact(clock, find_contact("Ada Lovelace").id, notes="edited on B")
    order = "abab" if first == "deleting device" else "baba"
    for name in order:
        with devices.open(name):
            clock.advance(minutes=1)
            _sync(clock)
    for name in "ab":
        with devices.open(name):
            assert find_contact("Ada Lovelace").notes == "edited on B"
            assert [i.note for i in Interaction.select()] == ["the first call"], name
            assert [f.title for f in FollowUp.select()] == ["send the notes"], name
            assert _server_counts() == (1, 2)


def test_refused_entry_is_skipped_by_name_and_retried_while_the_rest_syncs(
        isolated_home, clock, tmp_path):
    server = Radicale(tmp_path / "small")
    server.args += ["--server-max-content-length", "20000"]
    server.start()
    try:
        device = Devices(isolated_home, clock)
        with device.a:
            account.set_up(server.url, USER, PASSWORD)
            create_contact(clock, "Ada Lovelace")
            bertha = create_contact(clock, "Big Bertha", notes="x" * 30000)
            create_contact(clock, "Zoe Last")
            report = _sync(clock)
            assert report.pushed == 2 and report.skipped == ["Big Bertha"], report
            assert "skipped 1 (Big Bertha)" in report.summary()
            assert "413" in report.reasons[0] and "http" not in report.reasons[0]
            assert _server_counts() == (2, 0)
            report = _sync(clock)  # retried (and refused) again, nothing else resent
            assert (report.pushed, report.skipped) == (0, ["Big Bertha"])
            update_contact(clock, bertha.id, notes="shorter now")
            report = _sync(clock)
            assert (report.pushed, report.skipped) == (1, [])
            assert _server_counts() == (3, 0)
    finally:
        server.stop()


def test_entries_the_server_did_not_send_are_reported_and_fetched_next_time(
        devices, clock, monkeypatch):
    with devices.a:
        for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Hedy Lamarr"):
            create_contact(clock, name)
        _sync(clock)
    original = DavClient.multiget

    def loses_two(self, collection, hrefs, calendar):
        found = original(self, collection, hrefs, calendar)
        for href in sorted(found)[:2]:
            del found[href]
        return found

    with devices.b:
        monkeypatch.setattr(DavClient, "multiget", loses_two)
        report = _sync(clock)
        assert report.pulled == 2 and len(report.skipped) == 2, report
        assert "skipped 2" in report.summary()
        monkeypatch.setattr(DavClient, "multiget", original)
        report = _sync(clock)
        assert report.pulled == 2 and not report.skipped
        assert Contact.select().count() == 4


def test_summary_counts_uploads_and_an_error_after_uploads_does_not_say_nothing_changed(
        devices, clock, monkeypatch):
    with devices.a:
        for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper"):
            create_contact(clock, name)
        original, calls = DavClient.put, []

        def fails_third(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 3:
                raise DavError("the server had an error (HTTP 500); try again later; "
                               "nothing was changed")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(DavClient, "put", fails_third)
        with pytest.raises(DavError) as error:
            _sync(clock)
        assert "nothing was changed" not in str(error.value)
        assert "uploaded 2" in str(error.value)
        monkeypatch.setattr(DavClient, "put", original)
        assert _sync(clock).summary() == "Synced: uploaded 1, downloaded 0"


@pytest.fixture
def cli(capsys, monkeypatch, clock):
    def call(db: Path, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main([argv[0], "--db", str(db), *argv[1:]], clock=clock)
        store_db.close_db()
        out, err = capsys.readouterr()
        return code, out, err
    return call


def test_both_devices_learn_of_a_conflict_and_the_cli_resolves_it(devices, clock, cli,
                                                                  monkeypatch):
    with devices.a:
        create_contact(clock, "Ada Lovelace")
        _sync(clock)
    with devices.b:
        _sync(clock)
        update_contact(clock, find_contact("Ada Lovelace").id, title="Countess")
        _sync(clock)
    with devices.a:
        update_contact(clock, find_contact("Ada Lovelace").id, title="Mathematician")
        assert _sync(clock).conflicts == 1  # A syncs second and notices
    with devices.b:
        report = _sync(clock)
        assert report.conflicts == 1  # B, which synced first, learns of it too
        assert find_contact("Ada Lovelace").title == "Mathematician"  # one value everywhere
    code, out, _ = cli(devices.paths["b"], "sync", "conflicts")
    assert code == 0 and "Ada Lovelace\ttitle" in out and '"Countess"' in out
    conflict_id = out.split("\t", 1)[0]
    code, out, err = cli(devices.paths["b"], "sync", "resolve", conflict_id, "--keep",
                         "remote")
    assert code == 0, err
    code, out, _ = cli(devices.paths["b"], "sync", "conflicts")
    assert out.strip() == "no conflicts"
    with devices.b:
        assert find_contact("Ada Lovelace").title == "Countess"
        _sync(clock)
    with devices.a:
        _sync(clock)
        assert find_contact("Ada Lovelace").title == "Countess"
        assert SyncConflict.select().count() == 0  # resolved on B: gone here too
    code, _out, err = cli(devices.paths["a"], "sync", "resolve", "999", "--keep", "local")
    assert code == 1 and "no conflict with id 999" in err


@contextmanager
def local_time(zone: str) -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


BERLIN, NEW_YORK = "CET-1CEST,M3.5.0,M10.5.0/3", "EST+5EDT,M3.2.0,M11.1.0"


def test_a_call_at_ten_in_berlin_is_at_four_in_new_york(devices, clock):
    with local_time(BERLIN), devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        log_interaction(clock, [ada.id], "phone", occurred_at=datetime(2026, 3, 1, 10, 0))
        create_follow_up(clock, ada.id, "call back", datetime(2026, 3, 3, 10, 0))
        _sync(clock)
    with local_time(NEW_YORK), devices.b:
        _sync(clock)
        assert Interaction.get().occurred_at == datetime(2026, 3, 1, 4, 0)
        assert FollowUp.get().due_at == datetime(2026, 3, 3, 4, 0)
        assert _sync(clock).pushed == 0
    with local_time(BERLIN), devices.a:
        assert _sync(clock).pushed == 0
        assert Interaction.get().occurred_at == datetime(2026, 3, 1, 10, 0)


def test_a_stage_move_arriving_by_sync_keeps_its_time_and_history(devices, clock):
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", stage=Stage.INBOX)
        _sync(clock)
    with devices.b:
        _sync(clock)
    with devices.a:
        clock.advance(hours=1)
        moved_at = clock.now()
        move_stage(clock, [ada.id], Stage.DEVELOPMENT)
        clock.advance(hours=1)
        move_stage(clock, [ada.id], Stage.FRIENDSHIP)
        _sync(clock)
    clock.advance(days=3)
    with devices.b:
        _sync(clock)
        b_ada = find_contact("Ada Lovelace")
        history = [(c.from_stage, c.to_stage, c.changed_at) for c in StageChange.select()
                   .where(StageChange.contact == b_ada.id).order_by(StageChange.changed_at)]
        assert history[-2:] == [("inbox", "development", moved_at),
                                ("development", "friendship", moved_at + timedelta(hours=1))]


def test_introductions_sync_with_their_steps_and_times(devices, clock):
    from relmanager.domain.introductions import IntroStatus
    from relmanager.store.introductions import advance, create_introduction
    from relmanager.store.models import Introduction

    with devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        charles = create_contact(clock, "Charles Babbage")
        intro = create_introduction(clock, requester_id=ada.id, target_id=charles.id,
                                    reason_requester="wants to see the engine")
        clock.advance(hours=2)
        advance(clock, intro.id, IntroStatus.CONSENT_ASKED)
        asked_at = clock.now()
        _sync(clock)
    clock.advance(days=1)
    with devices.b:
        _sync(clock)
        row = Introduction.get()
        assert (row.requester.display_name, row.target.display_name, row.status,
                row.consent_asked_at, row.reason_requester) == (
            "Ada Lovelace", "Charles Babbage", "consent_asked", asked_at,
            "wants to see the engine")
        advance(clock, row.id, IntroStatus.CONSENT_GIVEN)
        given_at = clock.now()
        _sync(clock)
    clock.advance(hours=1)
    with devices.a:
        _sync(clock)
        row = Introduction.get()
        assert (row.status, row.consent_given_at) == ("consent_given", given_at)
        assert Introduction.select().count() == 1


def test_an_entry_the_server_finds_invalid_is_skipped_by_name(devices, clock,
                                                              monkeypatch):
    """Radicale answers an invalid card with 400, Xandikos with 412 naming
    valid-address-data (which is no 'changed meanwhile'): skipped either way."""
    from relmanager.sync import outgoing

    original = outgoing.contact_text

    def broken_for_one(uid, fields, *args):
        text = original(uid, fields, *args)
        return text.replace("END:VCARD", "BROKEN LINE\r\nEND:VCARD") \
            if fields["display_name"] == "Bad Card" else text

    monkeypatch.setattr(outgoing, "contact_text", broken_for_one)
    with devices.a:
        for name in ("Ada Lovelace", "Bad Card", "Zoe Last"):
            create_contact(clock, name)
        report = _sync(clock)
        assert (report.pushed, report.skipped) == (2, ["Bad Card"]), report
        assert "refused by the server" in report.reasons[0]
        monkeypatch.setattr(outgoing, "contact_text", original)
        report = _sync(clock)
        assert (report.pushed, report.skipped) == (1, [])
        assert _server_counts() == (3, 0)

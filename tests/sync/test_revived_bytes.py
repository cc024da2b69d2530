"""A card (or task) another client deleted while it was edited here comes back (the edit
wins) with every property that client wrote, byte for byte: khard deletes Ada's card,
which carries khard's and an iPhone's lines Relmanager does not model, while her notes
are edited here; the next sync puts the card back under the same UID, patched into the
text the server last had, not rebuilt from Relmanager's fields. Likewise a task todoman
deleted while its note was edited here. Before the fix the pairing's text was forgotten
with it and both went up rebuilt: NICKNAME, the photo, the address, the Apple label,
khard's private X- property, the task's alarm and categories were lost for every client,
on Radicale and on Xandikos alike. A contact unchanged here since the last sync is
deleted here, as before."""

from __future__ import annotations

import json
import re
from pathlib import Path

from relmanager.domain.stages import Stage
from relmanager.store import sync_state
from relmanager.store.contacts import create_contact, find_contact, update_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import Contact, FollowUp
from relmanager.sync import engine
from tests.sync.test_foreign_bytes import (
    KHARD_EDIT,
    OTHER_CLIENT,
    _physical,
    _stored,
)
from tests.sync.test_revival_leftovers import deleted_there_and_edited_here
from tests.sync.test_vdirsyncer_round_trip import Clients

#: What a phone's calendar added to the task: lines of no field of Relmanager's.
TASK_EXTRA = ("CATEGORIES:Research,Engines\r\nPRIORITY:1\r\n"
              "X-APPLE-SORT-ORDER:712345678\r\n"
              "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\n"
              "TRIGGER:-PT15M\r\nEND:VALARM\r\n")


def _file_of(folder: Path, pattern: str, says: bytes) -> Path:
    return next(p for p in folder.glob(pattern) if says in p.read_bytes())


def _bystanders(clock) -> None:
    """A card and a task no one deletes: vdirsyncer refuses to empty a collection."""
    charles = create_contact(clock, "Charles Babbage")
    create_follow_up(clock, charles.id, "ask about the engine", clock.now())


def _khard_card(clients: Clients, khard) -> None:
    """Ada's card as khard and a phone leave it: the phone's lines, then khard's edit."""
    card_file = _file_of(clients.book(), "*.vcf", b"Ada Lovelace")
    card_file.write_bytes(card_file.read_bytes().replace(
        b"END:VCARD", OTHER_CLIENT.encode() + b"END:VCARD"))
    clients.sync()
    khard.write_text(khard.read_text() + "[vcard]\nprivate_objects = Jabber, Skype\n")
    (clients.root / "edit.py").write_text(KHARD_EDIT)
    clients.run(clients.khard, "-c", khard, "edit", "Ada")


def _task_with_extras(clients: Clients) -> None:
    task_file = _file_of(clients.calendar(), "*.ics", b"send the notes")
    task_file.write_bytes(task_file.read_bytes().replace(
        b"END:VTODO", TASK_EXTRA.encode() + b"END:VTODO"))


def test_a_card_and_task_deleted_there_and_edited_here_come_back_whole(
        dav_server, isolated_home, clock, devices, tmp_path):
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", emails=["ada@engines.example"],
                             stage=Stage.DEVELOPMENT)
        create_follow_up(clock, ada.id, "send the notes", clock.now())
        _bystanders(clock)
        engine.sync(clock)
        uid = ada.uid
        card_href = sync_state.item_for("contact", ada.id).href
        task_href = sync_state.item_for("follow_up", FollowUp.get(
            FollowUp.title == "send the notes").id).href
    clients = Clients(tmp_path / "foreign", dav_server.url)
    clients.sync()
    khard = clients.khard_conf()
    _khard_card(clients, khard)
    _task_with_extras(clients)
    clients.sync()
    with devices.a:
        assert engine.sync(clock).pulled == 2
    card_before, task_before = _stored(card_href), _stored(task_href)
    assert "NICKNAME:Enchantress of Numbers\r\n" in card_before and "ADR;" in card_before
    assert "BEGIN:VALARM" in task_before

    # khard and todoman delete both; meanwhile both are edited here
    clients.run(clients.khard, "-c", khard, "remove", "--force", "Ada")
    todo = clients.todo_conf()
    tasks = json.loads(clients.run(clients.todo, "-c", todo, "--porcelain", "list"))
    task_id = next(t["id"] for t in tasks if t["summary"].startswith("send the notes"))
    clients.run(clients.todo, "-c", todo, "delete", "--yes", str(task_id))
    clients.sync()
    with devices.a:
        ada = find_contact("Ada Lovelace")
        update_contact(clock, ada.id, notes="met at the Analytical Society")
        follow_up = FollowUp.get(FollowUp.title == "send the notes")
        FollowUp.update(note="with the table of Bernoulli numbers").where(
            FollowUp.id == follow_up.id).execute()
        report = engine.sync(clock)
        assert report.pushed == 2 and report.deleted_here == 0, report.summary()
        ada = find_contact("Ada Lovelace")
        assert ada.uid == uid
        card_href = sync_state.item_for("contact", ada.id).href
        task_href = sync_state.item_for("follow_up", follow_up.id).href
    card, task = _stored(card_href), _stored(task_href)
    assert _physical(card) == _physical(card_before)  # all but NOTE, byte for byte
    assert "NOTE:met at the Analytical Society\r\n" in card
    assert re.search(r"(?<!\r)\n", card) is None
    assert _physical(task, ("DESCRIPTION",)) == _physical(task_before, ("DESCRIPTION",))
    assert "DESCRIPTION:with the table of Bernoulli numbers\r\n" in task
    clients.sync()
    shown = clients.run(clients.khard, "-c", khard, "show", "Ada")
    assert "Enchantress of Numbers" in shown and "met at the Analytical Society" in shown


def test_a_card_deleted_there_and_unchanged_here_is_deleted_here(
        dav_server, isolated_home, clock, devices, tmp_path):
    with devices.a:
        create_contact(clock, "Ada Lovelace", emails=["ada@engines.example"])
        _bystanders(clock)
        engine.sync(clock)
    clients = Clients(tmp_path / "foreign", dav_server.url)
    clients.sync()
    khard = clients.khard_conf()
    _khard_card(clients, khard)
    clients.sync()
    with devices.a:
        assert engine.sync(clock).pulled == 1
    clients.run(clients.khard, "-c", khard, "remove", "--force", "Ada")
    clients.sync()
    with devices.a:
        report = engine.sync(clock)
        assert report.deleted_here == 1 and report.pushed == 0, report.summary()
        assert [c.display_name for c in Contact.select()] == ["Charles Babbage"]
        assert engine.sync(clock).pushed == 0  # nothing kept to send back later


def test_a_phone_card_deleted_there_comes_back_without_our_properties(devices, clock):
    """A card that never carried Relmanager's properties (an iPhone's) comes back with
    only the edited line changed, at a new href under its own UID: the revival is
    patched against what both sides last agreed on, as any edit, so this device's
    defaults (a stage, a sphere) are not written into it."""
    with devices.a:
        before = deleted_there_and_edited_here(clock)
        report = engine.sync(clock)
        assert report.pushed == 1 and report.deleted_here == 0, report.summary()
        revived = sync_state.item_for("contact", find_contact("Grace Hopper").id).href
        stored = _stored(revived)
    assert revived.endswith("/7e2f1c4a-0f4b-4c1e-9c55-1b2e3d4f5a6b.vcf")  # not grace.vcf
    assert _physical(stored, ("NOTE",)) == _physical(before)
    assert "NOTE:COBOL\r\n" in stored and "X-RELMANAGER" not in stored

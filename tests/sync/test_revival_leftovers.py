"""What becomes of a card another client deleted while it was edited here (sync5's
revival: it goes back under its UID, patched into the text kept in ``sync_left``) when the
revival does not go up as planned, against a real server (Radicale and Xandikos):

* its upload fails and the contact is then deleted here: nothing is sent back, and the
  kept text goes with the row (it stayed in ``sync_left`` for ever);
* the href it goes to was taken meanwhile (another client put the card back: 412 on
  ``If-None-Match: *``): the server's card is merged three-way with the kept base, so the
  other client's change and this device's are both kept (merged without a base, every
  difference was a conflict and the other client's change went unsent).
"""

from __future__ import annotations

import pytest

from relmanager.store import sync_state
from relmanager.store.contacts import find_contact, update_contact
from relmanager.store.errors import OperationCancelledError
from relmanager.store.models import Contact, SyncConflict
from relmanager.store.snapshots import delete_contacts
from relmanager.sync import account, engine
from tests.sync.server_cards import account_client, put_card
from tests.sync.test_foreign_bytes import CARD, _physical, _stored

UID = "7e2f1c4a-0f4b-4c1e-9c55-1b2e3d4f5a6b"  # CARD's


def deleted_there_and_edited_here(clock) -> str:
    """Grace's card (an iPhone's, at grace.vcf) is pulled, deleted on the server by
    another client, and her notes are edited here; returns the card as the server
    stored it before."""
    href = put_card("grace.vcf", CARD)
    before = _stored(href)  # Radicale rewrites a card it is sent, in its own order
    assert engine.sync(clock).pulled == 1
    client = account_client()
    try:
        client.delete(href, None)
    finally:
        client.close()
    update_contact(clock, find_contact("Grace Hopper").id, notes="COBOL")
    return before


def _revival_href() -> str:
    return account.load().addressbook.rstrip("/") + f"/{UID}.vcf"


def _held(href: str) -> bool:
    client = account_client()
    try:
        return client.etag(href) is not None
    finally:
        client.close()


def test_a_revival_that_did_not_go_up_is_dropped_with_its_contact(devices, clock):
    with devices.a:
        deleted_there_and_edited_here(clock)
        # the run stops once the pull has kept the card's text: its revival never goes up
        with pytest.raises(OperationCancelledError):
            engine.sync(clock, cancelled=lambda: sync_state.left_behind(
                "contact", UID) is not None)
        delete_contacts([find_contact("Grace Hopper").id])
        report = engine.sync(clock)
        assert report.pushed == 0 and report.deleted_there == 0, report.summary()
        assert sync_state.left_behind("contact", UID) is None
        assert not _held(_revival_href())
        assert Contact.select().count() == 0


def test_a_revival_whose_href_was_taken_merges_with_the_kept_base(devices, clock):
    back = CARD.replace("END:VCARD", "TITLE:Rear admiral\r\nEND:VCARD")
    with devices.a:
        deleted_there_and_edited_here(clock)
        href = _revival_href()
        put_back: list[str] = []  # the href, then the card as the server stored it

        def phone_puts_it_back() -> bool:
            """After the pull, before the push: the phone restores Grace's card, with
            a new title, at the href the revival goes to."""
            if not put_back and sync_state.left_behind("contact", UID) is not None:
                put_back.append(put_card(f"{UID}.vcf", back))
                put_back.append(_stored(href))
            return False

        report = engine.sync(clock, cancelled=phone_puts_it_back)
        assert put_back[0] == href
        assert report.pushed == 1 and report.conflicts == 0, report.summary()
        grace = find_contact("Grace Hopper")
        assert (grace.title, grace.notes) == ("Rear admiral", "COBOL")
        assert SyncConflict.select().count() == 0
        assert sync_state.left_behind("contact", UID) is None
        assert sync_state.item_for("contact", grace.id).href == href
        stored = _stored(href)
        assert engine.sync(clock).pushed == 0  # both sides agree
    assert "NOTE:COBOL\r\n" in stored and "X-RELMANAGER" not in stored
    assert _physical(stored, ("NOTE",)) == _physical(put_back[1])  # TITLE, NICKNAME...


def _ada_with_a_call_on_both(devices, clock) -> None:
    """Ada and a logged call, made on device A, synced to B."""
    from relmanager.store.activity import log_interaction
    from relmanager.store.contacts import create_contact

    with devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        log_interaction(clock, [ada.id], "phone", note="the engine's notes")
        engine.sync(clock)
    with devices.b:
        engine.sync(clock)


def test_a_card_deleted_on_another_device_comes_back_with_its_history(devices, clock):
    """Device B deletes Ada (her card and her call's journal entry go from the server)
    while her notes are edited on device A: A's next sync brings the card back, and the
    call with it, unchanged here but hers (pull's ``_removed_there``: a revived contact's
    entries are kept, not deleted here); B then gets both back. mutmut's ``revived =
    None`` in that function survived the tests against a server."""
    from relmanager.store.models import Interaction

    _ada_with_a_call_on_both(devices, clock)
    with devices.b:
        delete_contacts([find_contact("Ada Lovelace").id])
        assert engine.sync(clock).deleted_there == 2
    with devices.a:
        update_contact(clock, find_contact("Ada Lovelace").id, notes="Bernoulli numbers")
        report = engine.sync(clock)
        assert report.deleted_here == 0 and report.pushed == 2, report.summary()
        assert Interaction.select().count() == 1
    with devices.b:
        engine.sync(clock)
        ada = find_contact("Ada Lovelace")
        assert ada.notes == "Bernoulli numbers"
        assert [i.note for i in Interaction.select()] == ["the engine's notes"]


def test_cards_deleted_there_and_unchanged_here_are_deleted_and_forgotten(devices, clock):
    """Two cards another client deleted, unchanged here: both are deleted here (counted
    as two), and their pairings go with them (kept, the same sync sent a DELETE for
    each card already gone). mutmut's ``deleted_here = 1`` and ``forget(None)`` in pull's
    ``_removed_there`` survived the tests against a server."""
    second = CARD.replace(UID, "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5").replace(
        "Grace Hopper", "Grace Brewster").replace("Hopper;Grace", "Brewster;Grace")
    with devices.a:
        hrefs = [put_card("grace.vcf", CARD), put_card("brewster.vcf", second)]
        assert engine.sync(clock).pulled == 2
        client = account_client()
        try:
            for href in hrefs:
                client.delete(href, None)
        finally:
            client.close()
        report = engine.sync(clock)
        assert (report.deleted_here, report.deleted_there) == (2, 0), report.summary()
        assert Contact.select().count() == 0
        assert [sync_state.item_by_href(href) for href in hrefs] == [None, None]
        report = engine.sync(clock)
        assert (report.deleted_there, report.pushed) == (0, 0), report.summary()


def test_a_contact_deleted_here_and_edited_there_comes_back_with_its_history(devices,
                                                                             clock):
    """Ada is deleted here while device B edits her card: the edit wins, she comes back
    here from B's card, and her call's journal entry is fetched back rather than DELETEd
    on the server (pull's ``_take`` marks her revived; ``state != "deleted"`` there
    survived the tests against a server)."""
    from relmanager.store.models import Interaction

    _ada_with_a_call_on_both(devices, clock)
    with devices.a:
        delete_contacts([find_contact("Ada Lovelace").id])
    with devices.b:
        update_contact(clock, find_contact("Ada Lovelace").id, notes="Bernoulli numbers")
        assert engine.sync(clock).pushed == 1
    with devices.a:
        report = engine.sync(clock)
        assert report.deleted_there == 0, report.summary()
        assert find_contact("Ada Lovelace").notes == "Bernoulli numbers"
        assert [i.note for i in Interaction.select()] == ["the engine's notes"]
    with devices.b:
        engine.sync(clock)
        assert [i.note for i in Interaction.select()] == ["the engine's notes"]

"""Cards and journal entries written by other clients survive Relmanager: it patches the
properties it owns and leaves every other line as the server had it, never uploads a
foreign card just to add its own defaults, and uses safe resource names. Against Radicale
and Xandikos (the ``devices`` fixture runs each test on both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relmanager.domain.stages import Stage
from relmanager.interchange.content_lines import split_lines
from relmanager.store import sync_state
from relmanager.store.activity import move_stage
from relmanager.store.contacts import create_contact, update_contact
from relmanager.store.models import Contact
from relmanager.sync import account, engine
from tests.sync.server_cards import account_client as _client
from tests.sync.server_cards import put_card as _put

CARDS = Path(__file__).parent / "cards"
#: Properties a stage move and a title change may touch; every other line must stay.
OWNED_HERE = {"TITLE"}


def _get(href: str, calendar: bool = False) -> tuple[str, str]:
    acc = account.load()
    client = _client()
    try:
        found = client.multiget(acc.calendar if calendar else acc.addressbook, [href],
                                calendar=calendar)
    finally:
        client.close()
    return found[href]


def _foreign_lines(text: str) -> list[str]:
    return [line.unfolded for line in split_lines(text) if line.name not in OWNED_HERE
            and not line.name.startswith("X-RELMANAGER-")]


@pytest.mark.parametrize("card", ["khard", "apple", "google", "davx5"])
def test_foreign_card_round_trip_keeps_every_foreign_line(devices, clock, card):
    text = (CARDS / f"{card}.vcf").read_bytes().decode("utf-8")
    with devices.a:
        href = _put(f"{card}-card.vcf", text)
        before = _get(href)
        report = engine.sync(clock)
        assert report.pulled == 1 and report.pushed == 0, report.summary()
        # Pulled, given a stage here, but not uploaded: the server's copy is untouched.
        assert _get(href) == before
        contact = Contact.get()
        move_stage(clock, [contact.id], Stage.DEVELOPMENT)
        update_contact(clock, contact.id, title="Visiting professor")
        report = engine.sync(clock)
        assert report.pushed == 1, report.summary()
        after = _get(href)[1]
    assert _foreign_lines(after) == _foreign_lines(before[1])
    assert "X-RELMANAGER-STAGE:development" in after and "Visiting professor" in after
    with devices.b:
        engine.sync(clock)
        other = Contact.get()
        assert (other.stage, other.title) == ("development", "Visiting professor")
        update_contact(clock, other.id, notes="met at the conference")
        engine.sync(clock)
    final = _get(href)[1]
    assert [line for line in _foreign_lines(final) if not line.startswith("NOTE")] == \
        [line for line in _foreign_lines(before[1]) if not line.startswith("NOTE")]


def test_edited_email_keeps_the_other_emails_and_their_labels(devices, clock):
    text = (CARDS / "davx5.vcf").read_text()
    with devices.a:
        href = _put("davx5.vcf", text)
        before = _get(href)[1]
        engine.sync(clock)
        contact = Contact.get()
        phones = [list(p) for p in sync_state.local_fields("contact", [contact.id])
                  [contact.id][1]["phones"]]
        update_contact(clock, contact.id, phones=[tuple(p) for p in phones]
                       + [("+1 310 555 0000", "fax")])
        engine.sync(clock)
        after = _get(href)[1]
    kept = [line for line in _foreign_lines(before) if "TEL" in line or "X-ABLabel" in line]
    assert all(line in _foreign_lines(after) for line in kept)
    assert "+1 310 555 0000" in after


@pytest.mark.parametrize("uid", ["5AD380FD-B2DE-4261:ABPerson",
                                 "https://contacts.example/people/7", "a/b c?d"])
def test_uids_with_separators_get_safe_resource_names(devices, clock, uid):
    with devices.a:
        create_contact(clock, "Zed Before")
        odd = create_contact(clock, "Odd Uid", uid=uid)
        create_contact(clock, "Zed After")
        report = engine.sync(clock)
        assert report.pushed == 3 and not report.skipped, report.summary()
        href = sync_state.item_for("contact", odd.id).href
        name = href.rsplit("/", 1)[-1]
        assert all(c.isalnum() or c in "-_." for c in name), href
        assert f"{uid}" in _get(href)[1].replace("\r\n ", "")
    with devices.b:
        engine.sync(clock)
        assert Contact.get(Contact.display_name == "Odd Uid").uid == uid


def test_journal_entry_keeps_properties_other_calendar_clients_added(devices, clock):
    from relmanager.store.activity import log_interaction
    from relmanager.store.models import Interaction

    with devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        log_interaction(clock, [ada.id], "phone", note="first call")
        engine.sync(clock)
        href = sync_state.item_for("interaction", Interaction.get().id).href
        etag, text = _get(href, calendar=True)
        # another calendar client adds its own properties to the entry
        text = text.replace("END:VJOURNAL", "CATEGORIES:Calls,Work\r\nLOCATION:Office\r\n"
                            "X-OTHER-APP-FLAG:starred\r\nEND:VJOURNAL")
        client = _client()
        try:
            client.put(href, text, "text/calendar", etag)
        finally:
            client.close()
        before = _get(href, calendar=True)[1]
        engine.sync(clock)
        Interaction.update(note="first call, about the engine").execute()
        assert engine.sync(clock).pushed == 1
        after = _get(href, calendar=True)[1]
    assert [line for line in _foreign_lines(after) if not line.startswith("DESCRIPTION")] \
        == [line for line in _foreign_lines(before) if not line.startswith("DESCRIPTION")]
    assert "about the engine" in after and "X-OTHER-APP-FLAG:starred" in after


def test_entry_paired_by_an_older_version_is_fetched_before_its_first_patch(devices,
                                                                          clock):
    """Pairings made before the text of entries was kept have none: the first edit
    fetches it rather than rebuilding the card from Relmanager's fields."""
    from relmanager.store.models import database

    with devices.a:
        href = _put("khard.vcf", (CARDS / "khard.vcf").read_text())
        engine.sync(clock)
        before = _get(href)[1]
        with database.atomic():
            database.execute_sql("DELETE FROM sync_raw")
        move_stage(clock, [Contact.get().id], Stage.FRIENDSHIP)
        assert engine.sync(clock).pushed == 1
        after = _get(href)[1]
    assert _foreign_lines(after) == _foreign_lines(before)
    assert "NICKNAME:Amazing Grace" in after


def test_entries_named_by_an_older_version_keep_their_href(devices, clock, monkeypatch):
    """An older version named entries by their percent-encoded uid: those stay where they
    are (a rename would duplicate them for every other client); only new ones get safe
    names."""
    from urllib.parse import quote, unquote

    from relmanager.sync import engine as engine_module

    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", uid="c0ffee@google.com")
        monkeypatch.setattr(engine_module, "resource_name",
                            lambda uid, suffix: quote(uid, safe="") + suffix)
        engine.sync(clock)
        monkeypatch.undo()
        old_href = sync_state.item_for("contact", ada.id).href
        assert old_href.endswith("/c0ffee%40google.com.vcf")
        update_contact(clock, ada.id, notes="edited after the upgrade")
        assert engine.sync(clock).pushed == 1
        # The same resource (Xandikos lists it with the @ unescaped, and the pairing
        # takes the server's spelling), not renamed to a new one.
        assert unquote(sync_state.item_for("contact", ada.id).href) == unquote(old_href)
        client = _client()
        try:
            listing = client.changes(account.load().addressbook, None).changed
        finally:
            client.close()
        assert [unquote(h) for h in listing] == [unquote(old_href)]
        assert "edited after the upgrade" in _get(next(iter(listing)))[1]

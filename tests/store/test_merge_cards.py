"""The stored card texts a merge edits (no server needed: the pairings and texts are
what a sync left behind)."""

from __future__ import annotations

import json

from relmanager.store import merge, merge_cards, sync_pairs, sync_state
from relmanager.store.models import SyncItem
from tests.store.merge_fixture import dump, plan_merge, two_annas

SURVIVOR = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u1\r\nFN:Anna Berg\r\nNICKNAME:Annie\r\n"
            "EMAIL:anna@acme.example\r\nEND:VCARD\r\n")
OTHER = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u2\r\nFN:Anna Berg-Olsen\r\nNICKNAME:Annie\r\n"
         "item1.EMAIL:anna@home.example\r\nitem1.X-ABLabel:home\r\n"
         "item1.X-ABRELATEDNAMES:Bo\r\nitem1.X-ABLabel:_$!<Spouse>!$_\r\n"
         "item2.ADR:;;1 Road;Town;;1;SE\r\nitem2.X-ABADR:se\r\n"
         "X-RELMANAGER-STAGE:friendship\r\nIMPP:xmpp:anna@chat.example\r\n"
         "REV:20260101T000000Z\r\nEND:VCARD\r\n")


def _pair(contact_id: int, uid: str, raw: str | None) -> None:
    sync_state.enable_tracking()
    sync_pairs.record_pairing("contact", contact_id, uid, f"/book/{uid}.vcf", "e1",
                              {"display_name": "x"}, raw=raw)


def test_foreign_lines_of_the_merged_away_card_come_to_the_survivor(db, clock):
    p = two_annas(clock)
    _pair(p.anna, "u1", SURVIVOR)
    _pair(p.anna2, "u2", OTHER)
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    text = sync_pairs.raw_of("/book/u1.vcf")
    assert text.startswith(SURVIVOR[:-len("END:VCARD\r\n")])  # the survivor's lines as were
    added = text[len(SURVIVOR) - len("END:VCARD\r\n"):]
    # the ADR group whole, in a group the card does not use; IMPP; not: the group holding
    # an EMAIL (merged as a field), the NICKNAME it has, REV, UID, our own properties
    assert added == ("item1.ADR:;;1 Road;Town;;1;SE\r\nitem1.X-ABADR:se\r\n"
                     "IMPP:xmpp:anna@chat.example\r\nEND:VCARD\r\n")
    base = json.loads(SyncItem.get(SyncItem.href == "/book/u1.vcf").base_json)
    assert base[merge_cards.MERGED_MARK] == ["u2"]
    merge.undo_merge(record)
    after = dump()
    # The queue of changes to send, and the merged-away card's pairing (marked deleted;
    # the next sync pairs it again by uid, tests/sync/test_merge_sync.py) aside, every
    # row is back, the survivor's stored card text and base included.
    for table in ("sync_change", "sync_item"):
        after.pop(table), before.pop(table)
    assert after == before
    assert SyncItem.get(SyncItem.uid == "u1").base_json == json.dumps({"display_name": "x"})


def test_nothing_to_carry(db, clock):
    p = two_annas(clock)
    assert merge_cards.carry_foreign(p.anna, [p.anna2]) is None  # never synced
    _pair(p.anna, "u1", "not a card at all")
    assert merge_cards.carry_foreign(p.anna, [p.anna2]) is None  # unreadable text
    _pair(p.anna, "u1", SURVIVOR)
    assert merge_cards.carry_foreign(p.anna, [p.anna2]) is None  # other: no pairing
    _pair(p.anna2, "u2", "BEGIN:VCARD\r\nbroken")
    assert merge_cards.carry_foreign(p.anna, [p.anna2]) is None  # other: unreadable
    _pair(p.anna2, "u2", SURVIVOR.replace("UID:u1", "UID:u2"))
    assert merge_cards.carry_foreign(p.anna, [p.anna2]) is None  # nothing new


def test_undo_after_a_sync_takes_the_carried_lines_off_what_the_server_has_now(db, clock):
    """Synced since the merge (a plain base again) and edited there by another client:
    that client's text stays, less the lines the merge carried over (they are back on
    their own card with the undo), and the survivor is queued to send it. Before, the
    carried lines stayed on the survivor's card for good."""
    p = two_annas(clock)
    _pair(p.anna, "u1", SURVIVOR)
    _pair(p.anna2, "u2", OTHER)
    before = merge_cards.carry_foreign(p.anna, [p.anna2])
    assert before is not None
    ring = "X-PHONE-RINGTONE:marimba\r\nEND:VCARD"
    sync_pairs.set_raw("/book/u1.vcf", sync_pairs.raw_of("/book/u1.vcf").replace(
        "END:VCARD", ring))  # another client's edit after the sync
    SyncItem.update(base_json=json.dumps({"display_name": "y"})).where(
        SyncItem.href == "/book/u1.vcf").execute()  # a sync sent it: a plain base again
    sync_state.clear_changed("contact", [p.anna])
    merge_cards.put_back(before)
    assert sync_pairs.raw_of("/book/u1.vcf") == SURVIVOR.replace("END:VCARD", ring)
    assert sync_state.changed_ids_among("contact", [p.anna]) == [p.anna]
    assert merge_cards.MERGED_MARK in SyncItem.get(SyncItem.uid == "u1").base_json
    merge_cards.put_back(None)


def test_undo_after_a_sync_leaves_a_carried_line_someone_changed(db, clock):
    """A carried group one of whose lines another client changed since is theirs now:
    it stays whole, and the lines still as carried go."""
    p = two_annas(clock)
    _pair(p.anna, "u1", SURVIVOR)
    _pair(p.anna2, "u2", OTHER)
    before = merge_cards.carry_foreign(p.anna, [p.anna2])
    raw = sync_pairs.raw_of("/book/u1.vcf")
    assert "X-ABADR:se" in raw
    sync_pairs.set_raw("/book/u1.vcf", raw.replace("X-ABADR:se", "X-ABADR:no"))
    SyncItem.update(base_json=json.dumps({"display_name": "y"})).where(
        SyncItem.href == "/book/u1.vcf").execute()
    merge_cards.put_back(before)
    after = sync_pairs.raw_of("/book/u1.vcf")
    assert "IMPP" not in after and "ADR:;;1 Road" in after and "X-ABADR:no" in after


def test_the_contact_with_a_card_on_the_server_is_kept_by_default(db, clock):
    p = two_annas(clock)
    assert plan_merge([p.anna, p.anna2]).survivor == p.anna  # more history
    _pair(p.anna2, "u2", OTHER)
    assert plan_merge([p.anna, p.anna2]).survivor == p.anna2


def test_other_apps_related_lines_come_to_the_survivor_but_not_the_introducer(db, clock):
    """A spouse or muse another app linked on the merged-away card is that app's data: it
    goes to the kept card; the merged-away card's introducer line is ours (a field)."""
    p = two_annas(clock)
    _pair(p.anna, "u1", SURVIVOR)
    other = OTHER.replace(
        "REV:", "RELATED;TYPE=muse:urn:uuid:0b9a3f1e-1111-4c2b-9a7d-1c2d3e4f5a6b\r\n"
                "RELATED;TYPE=contact:urn:uuid:0b9a3f1e-2222-4c2b-9a7d-1c2d3e4f5a6b\r\nREV:")
    _pair(p.anna2, "u2", other)
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    text = sync_pairs.raw_of("/book/u1.vcf")
    assert "RELATED;TYPE=muse:urn:uuid:0b9a3f1e-1111-4c2b-9a7d-1c2d3e4f5a6b\r\n" in text
    assert "0b9a3f1e-2222" not in text


def test_a_second_fn_or_title_of_the_merged_away_card_comes_to_the_survivor(db, clock):
    """Relmanager reads a card's first FN and TITLE; another script's name and a second
    job are another client's lines, and travel like any foreign line (the first ones are
    merged as fields)."""
    p = two_annas(clock)
    _pair(p.anna, "u1", SURVIVOR)
    _pair(p.anna2, "u2", "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u2\r\nFN:Anna Berg-Olsen\r\n"
          "FN;LANGUAGE=ru:\u0410\u043d\u043d\u0430 \u0411\u0435\u0440\u0433\r\n"
          "TITLE:Engineer\r\nTITLE;TYPE=home:Choir leader\r\nEND:VCARD\r\n")
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    text = sync_pairs.raw_of("/book/u1.vcf")
    assert text.endswith("FN;LANGUAGE=ru:\u0410\u043d\u043d\u0430 \u0411\u0435\u0440\u0433\r\n"
                         "TITLE;TYPE=home:Choir leader\r\nEND:VCARD\r\n")
    assert "FN:Anna Berg-Olsen" not in text and "TITLE:Engineer" not in text


def test_undo_after_a_sync_with_nothing_left_to_take_off_sends_nothing(db, clock):
    """Another client already took the carried lines off: the undo leaves the text and
    the queue alone (mutmut: `and` to `or` in put_back queued a needless PUT)."""
    p = two_annas(clock)
    _pair(p.anna, "u1", SURVIVOR)
    _pair(p.anna2, "u2", OTHER)
    before = merge_cards.carry_foreign(p.anna, [p.anna2])
    sync_pairs.set_raw("/book/u1.vcf", SURVIVOR)
    SyncItem.update(base_json=json.dumps({"display_name": "y"})).where(
        SyncItem.href == "/book/u1.vcf").execute()
    sync_state.clear_changed("contact", [p.anna])
    merge_cards.put_back(before)
    assert sync_pairs.raw_of("/book/u1.vcf") == SURVIVOR
    assert sync_state.changed_ids_among("contact", [p.anna]) == []
    assert SyncItem.get(SyncItem.uid == "u1").base_json == json.dumps({"display_name": "y"})


"""A merge syncs as one contact: the survivor's card is edited (its foreign lines byte
for byte, plus the foreign lines only the merged-away card had), the other card is
deleted on the server, and the merged-away contact's journal entries now name the
survivor. Against Radicale and Xandikos (the ``devices`` fixture runs each test on both)."""

from __future__ import annotations

from relmanager.interchange.content_lines import split_lines
from relmanager.store import merge, sync_state
from relmanager.store.activity import log_interaction
from relmanager.store.models import Contact, Interaction
from relmanager.sync import account, engine
from tests.store.merge_fixture import plan_merge
from tests.sync.server_cards import account_client as _client
from tests.sync.server_cards import put_card as _put

KEPT_UID = "8f7c2a2e-3b1c-4c55-9a67-0d3c1b2e4f11"
GONE_UID = "5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE"
KEPT = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//khard//khard 0.19.1//EN\r\n"
        f"UID:{KEPT_UID}\r\nFN:Anna Berg\r\nN:Berg;Anna;;;\r\n"
        "NICKNAME:Annie\r\nEMAIL;TYPE=WORK:anna@acme.example\r\n"
        "ADR;TYPE=HOME:;;1 Harbour Road;Gothenburg;;41104;Sweden\r\nORG:Acme\r\n"
        "ANNIVERSARY:20100615\r\nX-JABBER:anna@jabber.example\r\nEND:VCARD\r\n")
GONE = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.4//EN\r\n"
        "N:Berg-Olsen;Anna;;;\r\nFN:Anna Berg-Olsen\r\nORG:Acme\r\nTITLE:Engineer\r\n"
        "item1.EMAIL;type=INTERNET;type=pref:anna@home.example\r\n"
        "item1.X-ABLabel:_$!<Other>!$_\r\nTEL;type=CELL:+46 70 123 45 67\r\n"
        "NICKNAME:Annie\r\n"
        "item3.X-ABRELATEDNAMES;type=pref:Bo Berg\r\nitem3.X-ABLabel:_$!<Spouse>!$_\r\n"
        "IMPP;X-SERVICE-TYPE=Skype;type=HOME:skype:anna.berg\r\n"
        f"X-ABUID:{GONE_UID}:ABPerson\r\nUID:{GONE_UID}\r\nEND:VCARD\r\n")
#: What the merge rewrites in the kept card (Relmanager's fields).
REWRITTEN = ("EMAIL", "TEL", "TITLE", "NOTE", "CATEGORIES", "FN", "N", "ORG")




def _get(hrefs: list[str], calendar: bool = False) -> dict[str, tuple[str, str]]:
    acc = account.load()
    client = _client()
    try:
        return client.multiget(acc.calendar if calendar else acc.addressbook, hrefs,
                               calendar=calendar)
    finally:
        client.close()


def _ungrouped(line) -> str:
    return line.unfolded.split(".", 1)[1] if line.group else line.unfolded


def _lines(text: str) -> list[str]:
    """The content lines, whatever line ends the server hands back."""
    return [line.text.rstrip("\r\n") for line in split_lines(text)]


def test_merge_puts_the_survivor_deletes_the_other_and_keeps_foreign_lines(devices, clock):
    with devices.a:
        kept_href, gone_href = _put("anna.vcf", KEPT), _put("anna-home.vcf", GONE)
        assert engine.sync(clock).pulled == 2
        kept = Contact.get(Contact.uid == KEPT_UID)
        gone = Contact.get(Contact.uid == GONE_UID)
        log_interaction(clock, [gone.id], "phone", note="called her at home")
        engine.sync(clock)
        entry_href = sync_state.item_for("interaction", Interaction.get().id).href
        stored = _get([kept_href, gone_href])  # as the server keeps them (Radicale
        before, gone_card = stored[kept_href][1], stored[gone_href][1]  # rewrites cards)

        merge.merge_contacts(clock, plan_merge([kept.id, gone.id], keep=kept.id))
        report = engine.sync(clock)
        assert report.deleted_there == 1, report.summary()
        found = _get([kept_href, gone_href])
        assert gone_href not in found  # the merged-away card is deleted on the server
        after = found[kept_href][1]
        entry = _get([entry_href], calendar=True)[entry_href][1]
    # Every line of the kept card that Relmanager does not rewrite stays byte for byte.
    untouched = [line for line in split_lines(before) if line.name not in REWRITTEN]
    assert all(line.text.rstrip("\r\n") in _lines(after) for line in untouched), after
    # What only the merged-away card had comes along, as the server had it: IMPP, the
    # related name with its label (in a group of its own)...
    impp = next(line for line in split_lines(gone_card) if line.name == "IMPP")
    assert impp.unfolded in _lines(after), after
    related = [line for line in split_lines(after) if line.name == "X-ABRELATEDNAMES"]
    source = next(line for line in split_lines(gone_card) if line.name == "X-ABRELATEDNAMES")
    assert [_ungrouped(line) for line in related] == [_ungrouped(source)]
    label = [line for line in split_lines(after) if line.group == related[0].group
             and line.name == "X-ABLABEL"]
    assert [_ungrouped(line) for line in label] == [_ungrouped(line) for line in split_lines(
        gone_card) if line.group == source.group and line.name == "X-ABLABEL"]
    # ...but not its identity, nor what is already there (one NICKNAME).
    assert GONE_UID not in after and after.count("NICKNAME") == 1
    # The fields merged: both addresses, the phone, the title filled.
    assert "anna@acme.example" in after and "anna@home.example" in after
    assert "+46 70 123 45 67" in after and "TITLE:Engineer" in after
    assert f"X-RELMANAGER-CONTACT:{KEPT_UID}" in entry.replace("\r\n ", "")

    with devices.b:  # the other device ends up with one Anna, with the call
        engine.sync(clock)
        assert [c.uid for c in Contact.select()] == [KEPT_UID]
        anna = Contact.get()
        assert sorted(e.email for e in anna.emails) == ["anna@acme.example",
                                                        "anna@home.example"]
        assert Interaction.get().contact_id == anna.id


def test_a_merge_undone_before_syncing_leaves_the_server_as_it_was(devices, clock):
    with devices.a:
        kept_href, gone_href = _put("anna.vcf", KEPT), _put("anna-home.vcf", GONE)
        engine.sync(clock)
        before = _get([kept_href, gone_href])
        kept = Contact.get(Contact.uid == KEPT_UID)
        gone = Contact.get(Contact.uid == GONE_UID)
        record = merge.merge_contacts(clock, plan_merge([kept.id, gone.id], keep=kept.id))
        merge.undo_merge(record)
        report = engine.sync(clock)
        assert report.deleted_there == 0 and report.pushed == 0, report.summary()
        assert _get([kept_href, gone_href]) == before
        assert sync_state.item_for("contact", gone.id).state == "synced"


def test_foreign_lines_alone_are_enough_to_send_the_survivor(devices, clock):
    """The merged-away card adds nothing Relmanager models (same name, same address),
    only another client's lines: the survivor's card must still be sent with them."""
    twin = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:twin-of-anna\r\nFN:Anna Berg\r\n"
            "N:Berg;Anna;;;\r\nEMAIL;TYPE=WORK:anna@acme.example\r\nORG:Acme\r\n"
            "X-PHONE-APP-RINGTONE:marimba\r\nEND:VCARD\r\n")
    with devices.a:
        kept_href, twin_href = _put("anna.vcf", KEPT), _put("twin.vcf", twin)
        engine.sync(clock)
        kept = Contact.get(Contact.uid == KEPT_UID)
        other = Contact.get(Contact.uid == "twin-of-anna")
        merge.merge_contacts(clock, plan_merge([kept.id, other.id], keep=kept.id))
        report = engine.sync(clock)
        assert report.pushed == 1 and report.deleted_there == 1, report.summary()
        found = _get([kept_href, twin_href])
        assert twin_href not in found
        assert "X-PHONE-APP-RINGTONE:marimba" in _lines(found[kept_href][1])
        assert engine.sync(clock).pushed == 0  # sent once, then settled


def test_an_undone_merge_brings_the_merged_away_card_back_whole(devices, clock):
    """Merged, synced (the other card DELETEd there), undone, synced: the merged-away
    card goes back under its UID with every line the Mac wrote (the undo's snapshot keeps
    the server's text). Before the fix it went up built from Relmanager's fields: its
    IMPP, related name, labels and X-ABUID were gone for every client."""
    from relmanager.store.merge_undo import undo_merge
    from tests.sync.test_foreign_bytes import _physical, _stored

    with devices.a:
        kept_href, gone_href = _put("anna.vcf", KEPT), _put("anna-home.vcf", GONE)
        engine.sync(clock)
        kept_card, gone_card = _stored(kept_href), _stored(gone_href)
        kept = Contact.get(Contact.uid == KEPT_UID)
        gone = Contact.get(Contact.uid == GONE_UID)
        record = merge.merge_contacts(clock, plan_merge([kept.id, gone.id], keep=kept.id))
        assert engine.sync(clock).deleted_there == 1
        undo_merge(record)
        report = engine.sync(clock)
        assert report.pushed >= 1 and report.conflicts == 0, report.summary()
        back_href = sync_state.item_for("contact", gone.id).href
        back, kept_after = _stored(back_href), _stored(kept_href)
        assert engine.sync(clock).pushed == 0
    assert back_href.endswith(f"/{GONE_UID}.vcf")
    assert _physical(back) == _physical(gone_card)
    # The survivor's card loses the lines the merge carried over from the other one
    # (they are back on their own card): as it was, but for what Relmanager rewrote.
    skip = (*REWRITTEN, "X-RELMANAGER-")
    assert _physical(kept_after, skip) == _physical(kept_card, skip)

"""The merge's reads and moves, one rule each (written against mutmut's survivors in
``store.merge``, ``store.merge_moves`` and ``store.merge_undo``): what the dialog and
``--dry-run`` are told before a merge is what the merge then does, and an undo puts
back every row it moved."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, introductions, merge, sync_pairs, sync_state
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactRelation,
    ContactTag,
    StageChange,
    SyncItem,
    TieOverride,
)
from tests.store.merge_fixture import dump, plan_merge, two_annas


def test_the_preview_counts_what_the_merge_moves(db, clock):
    """The numbers shown before a merge: the merged-away contact's interactions, stage
    changes, follow-ups and introductions, and the survivor's lists after the union."""
    p = two_annas(clock)
    introductions.create_introduction(clock, requester_id=p.carl, target_id=p.anna)  # not moved
    shown = merge.preview(plan_merge([p.anna, p.anna2]))
    assert shown == merge.Preview(interactions=2, stage_changes=2, follow_ups=2,
                                  introductions=3, tags=2, emails=2, phones=2, links=1)


def test_candidates_keep_the_order_given_without_repeats_and_say_who_is_synced(db, clock):
    p = two_annas(clock)
    SyncItem.insert(kind="contact", local_id=p.anna2, href="/c/a2.vcf", uid="a2",
                    state="synced").execute()
    SyncItem.insert(kind="contact", local_id=p.anna, href="/c/a.vcf", uid="a",
                    state="new").execute()
    found = merge.candidates([p.anna2, p.anna, p.anna2])
    assert [c.id for c in found] == [p.anna2, p.anna]
    assert [c.synced for c in found] == [True, False]  # a card not yet synced is not one
    assert [c.interactions for c in found] == [2, 3]
    assert found[0].created_at == Contact.get_by_id(p.anna2).created_at
    assert found[0].values["name"] == ("Anna Berg-Olsen", "Anna", "Berg-Olsen")
    assert found[0].values["title"] == "Engineer" and found[0].values["introduced_by"] is None
    assert merge.candidates([p.carl])[0].values["introduced_by"] == p.anna2
    with pytest.raises(NotFoundError, match="no contact with id 9999"):
        merge.candidates([p.anna, 9999])


def test_the_synced_contact_is_kept_by_default(db, clock):
    p = two_annas(clock)
    SyncItem.insert(kind="contact", local_id=p.anna2, href="/c/a2.vcf", uid="a2",
                    state="synced").execute()
    assert plan_merge([p.anna, p.anna2]).survivor == p.anna2


def test_names_say_who_is_merged_into_whom(db, clock):
    p = two_annas(clock)
    assert merge.names_of([p.anna, p.carl]) == {p.anna: "Anna Berg", p.carl: "Carl Nyström"}


def test_a_contact_merged_into_itself_or_twice_is_refused_and_nothing_changes(db, clock):
    p = two_annas(clock)
    plan = plan_merge([p.anna, p.anna2])
    before = dump()
    plan.others = [p.anna2, p.anna2]
    with pytest.raises(ValidationError, match="merged only once"):
        merge.merge_contacts(clock, plan)
    plan.others = []
    with pytest.raises(NotFoundError, match="no longer exists"):
        merge.merge_contacts(clock, plan)
    assert dump() == before


def test_a_stage_change_by_the_merge_is_recorded_and_a_kept_stage_records_none(db, clock):
    p = two_annas(clock)
    plan = plan_merge([p.anna, p.anna2])
    plan.values["stage"] = Stage.RECOGNITION.value  # the survivor's own stage
    record = merge.merge_contacts(clock, plan)
    assert record.stage_change_id is None
    merge.undo_merge(record)
    plan = plan_merge([p.anna, p.anna2])
    record = merge.merge_contacts(clock, plan)
    change = StageChange.get_by_id(record.stage_change_id)
    assert (change.contact_id, change.from_stage, change.to_stage, change.changed_at) == (
        p.anna, "recognition", "friendship", clock.now())


def test_the_survivor_does_not_become_its_own_introducer(db, clock):
    p = two_annas(clock)
    contacts.update_contact(clock, p.anna, introduced_by=p.anna2)
    plan = plan_merge([p.anna, p.anna2])
    plan.values["introduced_by"] = p.anna2
    merge.merge_contacts(clock, plan)
    assert Contact.get_by_id(p.anna).introduced_by_id is None


def test_relations_move_to_the_survivor_once_and_one_between_the_merged_goes(db, clock):
    """Whom the merged-away contact knows, the survivor knows (once, with the time of the
    merge); a relation between the two merged records is dropped; undo removes the
    copies and the merged-away rows come back."""
    p = two_annas(clock)
    dora = contacts.create_contact(clock, "Dora").id
    eve = contacts.create_contact(clock, "Eve").id
    early = clock.now()
    for a, b in ((p.anna, dora), (p.anna2, dora), (p.anna2, eve), (p.anna, p.anna2)):
        ContactRelation.insert(contact=min(a, b), other=max(a, b), kind="colleague",
                               created_at=early).execute()
    ContactRelation.insert(contact=min(p.anna2, eve), other=max(p.anna2, eve), kind="friend",
                           created_at=early).execute()
    before = dump()
    clock.advance(timedelta(hours=1))
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    rows = sorted(ContactRelation.select(ContactRelation.contact, ContactRelation.other,
                                         ContactRelation.kind).tuples())
    assert rows == sorted([(min(p.anna, dora), max(p.anna, dora), "colleague"),
                           (min(p.anna, eve), max(p.anna, eve), "colleague"),
                           (min(p.anna, eve), max(p.anna, eve), "friend")])
    assert len(record.created_relations) == 2
    made = ContactRelation.get_by_id(record.created_relations[0])
    assert made.created_at == clock.now()
    merge.undo_merge(record)
    assert dump() == before


def test_a_tie_strength_set_by_hand_comes_along_unless_the_survivor_has_one(db, clock):
    """The newest override of the merged-away contacts is taken when the survivor has
    none; undo removes it again. A survivor's own override is left alone."""
    p = two_annas(clock)
    third = contacts.create_contact(clock, "Anna B.", emails=["anna@acme.example"]).id
    TieOverride.insert(contact=p.anna2, score=90, set_at=clock.now()).execute()
    TieOverride.insert(contact=third, score=20,
                       set_at=clock.now() - timedelta(days=1)).execute()
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2, third]))
    assert record.created_override is True
    assert TieOverride.get(TieOverride.contact == p.anna).score == 90
    merge.undo_merge(record)
    assert dump() == before
    TieOverride.insert(contact=p.anna, score=50, set_at=clock.now()).execute()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    assert record.created_override is False
    assert TieOverride.get(TieOverride.contact == p.anna).score == 50
    merge.undo_merge(record)
    assert TieOverride.get(TieOverride.contact == p.anna).score == 50


def test_the_tags_are_a_union_and_come_back_as_they_were(db, clock):
    p = two_annas(clock)
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    assert sorted(contacts.tags_of(p.anna)) == ["climbing", "parents"]
    merge.undo_merge(record)
    assert contacts.tags_of(p.anna) == ["climbing"]
    assert ContactTag.select().where(ContactTag.contact == p.anna2).count() == 2


def test_undo_leaves_the_survivors_bookkeeping_as_it_was_when_nothing_was_edited(db, clock):
    """Without an edit since, undo also puts back the survivor's updated_at (the merge
    is as if it never happened); the record says nothing was kept."""
    p = two_annas(clock)
    updated = Contact.get_by_id(p.anna).updated_at
    clock.advance(timedelta(days=2))
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    assert Contact.get_by_id(p.anna).updated_at != updated
    merge.undo_merge(record)
    assert Contact.get_by_id(p.anna).updated_at == updated and record.kept_edits == []


def test_a_list_edited_after_the_merge_is_kept_by_undo_and_named(db, clock):
    p = two_annas(clock)
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    contacts.update_contact(clock, p.anna, phones=[("+1 555 0100", "work")])
    merge.undo_merge(record)
    assert [ph.number for ph in contacts.get_contact(p.anna).phones] == ["+1 555 0100"]
    assert "contact_phone" in record.kept_edits
    assert [e.email for e in contacts.get_contact(p.anna).emails] == ["anna@acme.example"]


def test_a_stage_edited_after_the_merge_keeps_the_merges_stage_change(db, clock):
    p = two_annas(clock)
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    change = record.stage_change_id
    activity.move_stage(clock, [p.anna], Stage.DEVELOPMENT)
    merge.undo_merge(record)
    assert "stage" in record.kept_edits and record.stage_change_id is None
    assert StageChange.get_or_none(StageChange.id == change) is not None


def test_a_list_the_merge_did_not_change_is_not_named_as_kept_when_edited_after(db, clock):
    """Undo names what it kept because of a later edit only where the merge had changed
    it: a list the merge left as it was is just the user's, and not reported."""
    keep = contacts.create_contact(clock, "Ann", emails=["a@x.example"], phones=["+1 555 1"],
                                   tags=["t"]).id
    other = contacts.create_contact(clock, "Ann L", emails=["b@x.example"]).id
    record = merge.merge_contacts(clock, plan_merge([keep, other], keep=keep))
    contacts.update_contact(clock, keep, phones=[("+1 555 2", "")])
    contacts.set_tags(keep, ["u"])
    merge.undo_merge(record)
    assert "contact_phone" not in record.kept_edits
    assert "contact_tag" not in record.kept_edits
    assert [ph.number for ph in contacts.get_contact(keep).phones] == ["+1 555 2"]


def test_a_foreign_line_the_survivor_has_under_another_group_is_not_copied(db, clock):
    """Foreign grouped lines are compared without their group name: item1.ADR on one
    card is item12.ADR on the other."""
    p = two_annas(clock)
    head = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{0}\r\nFN:Anna\r\n"
    mine = head.format("a") + "item12.ADR:;;1 Road;;;;\r\nitem12.X-ABADR:se\r\nEND:VCARD\r\n"
    theirs = head.format("b") + "item1.ADR:;;1 Road;;;;\r\nitem1.X-ABADR:se\r\nEND:VCARD\r\n"
    sync_state.enable_tracking()
    for cid, uid, raw in ((p.anna, "a", mine), (p.anna2, "b", theirs)):
        sync_pairs.record_pairing("contact", cid, uid, f"/book/{uid}.vcf", "e1",
                                  {"display_name": "x"}, raw=raw)
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    assert sync_pairs.raw_of("/book/a.vcf") == mine


def test_undo_puts_back_the_name_a_merge_chose_for_a_later_survivor(db, clock):
    """The survivor need not be the first contact: undo reads and writes that contact's
    row. A name chosen from the other record is put back whole; a field edited since is
    the one thing named as kept."""
    p = two_annas(clock)
    plan = plan_merge([p.anna, p.anna2], keep=p.anna2)
    plan.values["name"] = ("Anna Berg", "Anna", "Berg")
    record = merge.merge_contacts(clock, plan)
    merge.undo_merge(record)
    back = Contact.get_by_id(p.anna2)
    assert (back.display_name, back.first_name, back.last_name) == (
        "Anna Berg-Olsen", "Anna", "Berg-Olsen")
    assert record.kept_edits == []
    record = merge.merge_contacts(clock, plan)
    contacts.update_contact(clock, p.anna2, notes="new words")
    merge.undo_merge(record)
    assert record.kept_edits == ["notes"]
    assert Contact.get_by_id(p.anna2).display_name == "Anna Berg-Olsen"


def test_a_list_edited_after_the_merge_does_not_stop_the_others_coming_back(db, clock):
    p = two_annas(clock)
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    contacts.update_contact(clock, p.anna, phones=[("+1 555 0100", "work")])
    merge.undo_merge(record)
    assert contacts.tags_of(p.anna) == ["climbing"]
    assert contacts.get_contact(p.anna).links == []


def test_a_name_and_a_field_edited_after_the_merge_both_stay_and_the_rest_comes_back(db, clock):
    """A name part edited after the merge keeps the whole name; the other edited field
    is named as kept too, and a field only the merge changed still goes back."""
    p = two_annas(clock)
    plan = plan_merge([p.anna, p.anna2], keep=p.anna2)
    plan.values["name"] = ("Anna Berg", "Anna", "Berg")
    plan.values["title"] = "Boss"
    record = merge.merge_contacts(clock, plan)
    contacts.update_contact(clock, p.anna2, notes="new words", first_name="Annie")
    merge.undo_merge(record)
    assert {"notes", "display_name", "last_name"} <= set(record.kept_edits)
    back = Contact.get_by_id(p.anna2)
    assert (back.first_name, back.last_name, back.notes) == ("Annie", "Berg", "new words")
    assert back.title == "Engineer"


def _shown(model, contact_id: int, *columns) -> list[tuple]:
    """A contact's list in the order the window shows it (by position)."""
    return list(model.select(*columns).where(model.contact == contact_id)
                .order_by(model.position).tuples())


def test_the_merged_lists_keep_the_order_each_record_showed(db, clock):
    """The survivor's e-mails, phones and links come first in the order it showed them,
    then the merged-away record's in its order, even where that order is not the order
    the rows were written in (a list reordered since); undo gives each list back in the
    order it was shown."""
    keep = contacts.create_contact(
        clock, "Ann", emails=["a@x.example", "b@x.example"], phones=["+1 555 1", "+1 555 2"],
        links=[("web", "https://a.example"), ("web", "https://b.example")]).id
    other = contacts.create_contact(
        clock, "Ann L", emails=["c@x.example", "d@x.example"],
        phones=["+1 555 3", "+1 555 4"],
        links=[("web", "https://c.example"), ("web", "https://d.example")]).id
    for model in (ContactEmail, ContactPhone, ContactLink):  # each list shown reversed
        model.update(position=1 - model.position).execute()
    before = {m: _shown(m, keep, m.id) for m in (ContactEmail, ContactPhone, ContactLink)}
    record = merge.merge_contacts(clock, plan_merge([keep, other], keep=keep))
    assert [e for (e,) in _shown(ContactEmail, keep, ContactEmail.email)] == [
        "b@x.example", "a@x.example", "d@x.example", "c@x.example"]
    assert [n for (n,) in _shown(ContactPhone, keep, ContactPhone.number)] == [
        "+1 555 2", "+1 555 1", "+1 555 4", "+1 555 3"]
    assert [u for (u,) in _shown(ContactLink, keep, ContactLink.url)] == [
        "https://b.example", "https://a.example", "https://d.example", "https://c.example"]
    merge.undo_merge(record)
    assert {m: _shown(m, keep, m.id) for m in before} == before
    assert record.kept_edits == []


def test_undo_puts_back_the_survivors_card_when_its_pairing_is_not_the_first(db, clock):
    """Undo finds the survivor's own pairing (by its address on the server), not just any:
    with another contact's card paired first, the survivor's stored card and base still
    come back as they were before the merge."""
    p = two_annas(clock)
    sync_state.enable_tracking()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{0}\r\nFN:{1}\r\n{2}END:VCARD\r\n"
    sync_pairs.record_pairing("contact", p.carl, "c", "/book/c.vcf", "e1",
                              {"display_name": "Carl"}, raw=card.format("c", "Carl", ""))
    mine = card.format("a", "Anna", "")
    sync_pairs.record_pairing("contact", p.anna, "a", "/book/a.vcf", "e1",
                              {"display_name": "Anna"}, raw=mine)
    sync_pairs.record_pairing("contact", p.anna2, "b", "/book/b.vcf", "e1",
                              {"display_name": "Anna B"},
                              raw=card.format("b", "Anna B", "NICKNAME:Annie\r\n"))
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    assert "NICKNAME:Annie" in sync_pairs.raw_of("/book/a.vcf")
    merge.undo_merge(record)
    assert sync_pairs.raw_of("/book/a.vcf") == mine
    assert json.loads(SyncItem.get(SyncItem.href == "/book/a.vcf").base_json) == {
        "display_name": "Anna"}
    # and only its base: the other contacts' pairings keep theirs
    assert json.loads(SyncItem.get(SyncItem.href == "/book/c.vcf").base_json) == {
        "display_name": "Carl"}


def test_what_relmanager_merges_as_fields_is_never_copied_as_a_second_line(db, clock):
    """The merged-away card's name, organisation, title, note, tags, birthday, photo,
    phones, links, kind and identity (version, product, Apple's uid) are merged as fields
    or belong to that card: none of them is copied onto the kept card as a second line;
    only what Relmanager does not model (here an IMPP handle) is."""
    p = two_annas(clock)
    sync_state.enable_tracking()
    mine = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Anna Berg\r\nN:Berg;Anna;;;\r\n"
            "END:VCARD\r\n")
    theirs = ("BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//Other App//EN\r\nUID:b\r\n"
              "KIND:individual\r\nFN:Anna Berg-Olsen\r\nN:Berg-Olsen;Anna;;;\r\nORG:Acme\r\n"
              "TITLE:Engineer\r\nNOTE:Has two kids.\r\nCATEGORIES:parents\r\n"
              "BDAY:19900102\r\nPHOTO:data:image/png;base64,iVBORw0KGgo=\r\n"
              "TEL:+46 70 123 45 67\r\nURL:https://anna.example\r\n"
              "X-SOCIALPROFILE;TYPE=linkedin:https://linkedin.example/in/anna\r\n"
              "X-ABUID:5A1B:ABPerson\r\nIMPP:xmpp:anna@chat.example\r\nEND:VCARD\r\n")
    for cid, uid, raw in ((p.anna, "a", mine), (p.anna2, "b", theirs)):
        sync_pairs.record_pairing("contact", cid, uid, f"/book/{uid}.vcf", "e1",
                                  {"display_name": "x"}, raw=raw)
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    assert sync_pairs.raw_of("/book/a.vcf") == mine.replace(
        "END:VCARD", "IMPP:xmpp:anna@chat.example\r\nEND:VCARD")


def test_undo_leaves_a_card_a_sync_replaced_without_a_base_or_dropped_as_the_server_has_it(
        db, clock):
    """Between a merge and its undo a sync may have replaced the survivor's pairing (a
    newer text waiting to be read in, with no base yet) or dropped it (the card was
    deleted on the server): the server's state is the truth then, and undo neither
    writes the old text back nor brings a dropped card back."""
    from relmanager.store import merge_cards

    p = two_annas(clock)
    sync_state.enable_tracking()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{0}\r\nFN:{1}\r\n{2}END:VCARD\r\n"
    sync_pairs.record_pairing("contact", p.anna2, "b", "/book/b.vcf", "e1",
                              {"display_name": "B"},
                              raw=card.format("b", "Anna B", "NICKNAME:Annie\r\n"))
    newer = card.format("a", "Anna (server)", "")
    for replace in (True, False):
        sync_pairs.record_pairing("contact", p.anna, "a", "/book/a.vcf", "e1",
                                  {"display_name": "A"}, raw=card.format("a", "Anna", ""))
        before = merge_cards.carry_foreign(p.anna, [p.anna2])
        assert before is not None
        if replace:
            sync_pairs.record_pairing("contact", None, "a", "/book/a.vcf", "", None,
                                      "pending", raw=newer)
        else:
            sync_pairs.forget("/book/a.vcf")
        merge_cards.put_back(before)
        assert sync_pairs.raw_of("/book/a.vcf") == (newer if replace else None)
        item = SyncItem.get_or_none(SyncItem.href == "/book/a.vcf")
        assert (item.base_json if replace else item) is None


def test_each_merged_away_card_gives_its_lines_though_another_has_no_readable_text(db, clock):
    """Merging three records: one never synced (no card) and one whose card another
    client damaged give nothing, and the third card's foreign lines still come to the
    kept card. A kept card paired without a stored text is not edited (and the merge
    goes through)."""
    p = two_annas(clock)
    third = contacts.create_contact(clock, "Anna B.").id
    fourth = contacts.create_contact(clock, "A. Berg").id
    sync_state.enable_tracking()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{0}\r\nFN:Anna\r\n{1}END:VCARD\r\n"
    mine = card.format("a", "")
    pairs = ((p.anna, "a", mine), (third, "t", "BEGIN:VCARD\r\nbroken"),
             (fourth, "f", card.format("f", "IMPP:xmpp:anna@chat.example\r\n")))
    for cid, uid, raw in pairs:
        sync_pairs.record_pairing("contact", cid, uid, f"/book/{uid}.vcf", "e1",
                                  {"display_name": "x"}, raw=raw)
    plan = plan_merge([p.anna, p.anna2, third, fourth], keep=p.anna)
    assert plan.others == [p.anna2, third, fourth]
    record = merge.merge_contacts(clock, plan)
    assert sync_pairs.raw_of("/book/a.vcf") == mine.replace(
        "END:VCARD", "IMPP:xmpp:anna@chat.example\r\nEND:VCARD")
    merge.undo_merge(record)
    assert sync_pairs.raw_of("/book/a.vcf") == mine
    sync_pairs.forget("/book/a.vcf")
    sync_pairs.record_pairing("contact", p.anna, "a", "/book/a.vcf", "e1",
                              {"display_name": "x"})  # paired, its text not stored
    merge.merge_contacts(clock, plan)
    assert sync_pairs.raw_of("/book/a.vcf") is None


def test_a_group_comes_whole_when_all_of_it_is_foreign_and_alone_too(db, clock):
    """A grouped property another app wrote is copied as its whole group, also when the
    group has one line; a group holding something Relmanager merges as a field (a phone
    under a label written before it) is not copied at all."""
    p = two_annas(clock)
    sync_state.enable_tracking()
    mine = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Anna\r\nEND:VCARD\r\n"
    theirs = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b\r\nFN:Anna\r\n"
              "item5.X-ABLabel:work\r\nitem5.TEL:+1 555 9\r\n"
              "item6.IMPP:xmpp:solo@chat.example\r\nEND:VCARD\r\n")
    for cid, uid, raw in ((p.anna, "a", mine), (p.anna2, "b", theirs)):
        sync_pairs.record_pairing("contact", cid, uid, f"/book/{uid}.vcf", "e1",
                                  {"display_name": "x"}, raw=raw)
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    assert sync_pairs.raw_of("/book/a.vcf") == mine.replace(
        "END:VCARD", "item1.IMPP:xmpp:solo@chat.example\r\nEND:VCARD")


@pytest.mark.parametrize("base", [{"display_name": "x"}, None])
def test_lines_two_merged_away_cards_share_come_once_and_the_base_keeps_what_was_agreed(
        db, clock, base):
    """Two merged-away cards holding the same address (under different group names) and
    the same IMPP handle give the kept card one copy of each. The kept card's base keeps
    what both sides last agreed on, with the merged uids added (a pairing without a base
    gets just the mark): the next sync sends the card, nothing else looks changed."""
    p = two_annas(clock)
    third = contacts.create_contact(clock, "Anna B.").id
    sync_state.enable_tracking()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{0}\r\nFN:Anna\r\n{1}END:VCARD\r\n"
    mine = card.format("a", "")
    extra = "{0}.ADR:;;1 Road;Town;;;\r\n{0}.X-ABADR:se\r\nIMPP:xmpp:anna@chat.example\r\n"
    for cid, uid, raw, agreed in ((p.anna, "a", mine, base),
                                  (p.anna2, "b", card.format("b", extra.format("item1")),
                                   {"display_name": "b"}),
                                  (third, "t", card.format("t", extra.format("item7")),
                                   {"display_name": "t"})):
        sync_pairs.record_pairing("contact", cid, uid, f"/book/{uid}.vcf", "e1", agreed,
                                  raw=raw)
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2, third], keep=p.anna))
    assert sync_pairs.raw_of("/book/a.vcf") == mine.replace(
        "END:VCARD", extra.format("item1") + "END:VCARD")
    assert json.loads(SyncItem.get(SyncItem.href == "/book/a.vcf").base_json) == {
        **(base or {}), "merged_from": ["b", "t"]}


def test_copying_foreign_lines_queues_the_kept_card_to_be_sent(db, clock):
    """The kept card got lines its fields do not show: it is queued as a contact change
    even when none of its fields changed, so the next sync sends the card."""
    from relmanager.store import merge_cards
    from relmanager.store.models import database

    p = two_annas(clock)
    sync_state.enable_tracking()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{0}\r\nFN:Anna\r\n{1}END:VCARD\r\n"
    for cid, uid, extra in ((p.anna, "a", ""), (p.anna2, "b", "NICKNAME:Annie\r\n")):
        sync_pairs.record_pairing("contact", cid, uid, f"/book/{uid}.vcf", "e1",
                                  {"display_name": "x"}, raw=card.format(uid, extra))
    database.execute_sql("DELETE FROM sync_change")
    assert merge_cards.carry_foreign(p.anna, [p.anna2]) is not None
    assert database.execute_sql("SELECT * FROM sync_change").fetchall() == [
        ("contact", p.anna)]


def _relations() -> set[tuple[int, int, str]]:
    return set(ContactRelation.select(ContactRelation.contact, ContactRelation.other,
                                      ContactRelation.kind).tuples())


def test_relations_move_whichever_side_of_the_pair_each_person_is_stored_on(db, clock):
    """A relation is stored once, the lower id first, so the survivor or a merged-away
    record may be either side: whom any of the merged records knows, the survivor knows
    once (two merged-away records knowing Eve give one relation); relations between
    other people are not touched; a relation between two merged records goes."""
    dora = contacts.create_contact(clock, "Dora").id  # a lower id than everyone merged
    p = two_annas(clock)
    third = contacts.create_contact(clock, "Anna B.").id
    eve = contacts.create_contact(clock, "Eve").id
    survivor, gone = p.anna2, p.anna  # the survivor has the higher id
    rows = [(dora, survivor, "colleague"), (dora, gone, "colleague"), (dora, gone, "friend"),
            (gone, survivor, "colleague"), (gone, eve, "colleague"),
            (third, eve, "colleague"), (p.carl, eve, "friend")]
    for a, b, kind in rows:
        ContactRelation.insert(contact=a, other=b, kind=kind, created_at=clock.now()).execute()
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([survivor, gone, third],
                                                    keep=survivor))
    assert _relations() == {(dora, survivor, "colleague"), (dora, survivor, "friend"),
                            (survivor, eve, "colleague"), (p.carl, eve, "friend")}
    assert len(record.created_relations) == 2
    merge.undo_merge(record)
    assert dump() == before


def test_the_newest_tie_strength_of_the_merged_away_records_comes_with_its_time(db, clock):
    """Of the strengths set by hand on the merged-away records, the newest is the
    survivor's, with the moment it was set (not the merge's); a strength set on someone
    else, however new, is not taken."""
    p = two_annas(clock)
    third = contacts.create_contact(clock, "Anna B.").id
    now = clock.now()
    TieOverride.insert(contact=p.anna, score=90, set_at=now - timedelta(days=2)).execute()
    TieOverride.insert(contact=third, score=20, set_at=now - timedelta(days=1)).execute()
    TieOverride.insert(contact=p.carl, score=70, set_at=now).execute()
    clock.advance(timedelta(hours=5))
    merge.merge_contacts(clock, plan_merge([p.anna2, p.anna, third], keep=p.anna2))
    taken = TieOverride.get(TieOverride.contact == p.anna2)
    assert (taken.score, taken.set_at) == (20, now - timedelta(days=1))


def test_seats_and_captured_messages_move_once_and_other_peoples_stay(db, clock):
    """The merged-away records' seats at coming meetings and captured messages become the
    survivor's, one per meeting and per message (two merged-away records at one meeting,
    or captured from one message, give one); Carl's seat and message stay his; undo puts
    every row back."""
    from relmanager.store.capture_models import CaptureBatch, CaptureItem
    from relmanager.store.models import Interaction
    from relmanager.store.upcoming_models import UpcomingEvent, UpcomingParticipant

    p = two_annas(clock)
    third = contacts.create_contact(clock, "Anna B.").id
    activity.log_interaction(clock, [third], "email")
    start = clock.now() + timedelta(days=1)
    meetings = [UpcomingEvent.create(source="cal.ics", event_key=f"m{n}", starts_at=start,
                                     ends_at=start, channel="meeting").id for n in range(3)]
    for event, who in ((meetings[0], p.anna2), (meetings[1], p.anna2), (meetings[2], third),
                       (meetings[2], p.anna2), (meetings[0], p.carl)):
        UpcomingParticipant.create(event=event, contact=who, email=f"{who}@x.example")
    batch = CaptureBatch.create(source="mail", location="inbox.mbox").id
    for who, key in ((p.anna2, "<m@x>"), (third, "<m@x>"), (third, "<t@x>"),
                     (p.carl, "<c@x>")):
        share = Interaction.select(Interaction.id).where(Interaction.contact == who).first()
        CaptureItem.create(batch=batch, interaction=share.id, contact=who, source_key=key)
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2, third],
                                                    keep=p.anna))
    seats = sorted(UpcomingParticipant.select(UpcomingParticipant.event,
                                              UpcomingParticipant.contact).tuples())
    assert seats == sorted([(meetings[0], p.anna), (meetings[1], p.anna),
                            (meetings[2], p.anna), (meetings[0], p.carl)])
    items = sorted(CaptureItem.select(CaptureItem.contact, CaptureItem.source_key).tuples())
    assert items == sorted([(p.anna, "<m@x>"), (p.anna, "<t@x>"), (p.carl, "<c@x>")])
    merge.undo_merge(record)
    assert dump() == before


def test_every_moved_message_of_a_shared_event_names_the_kept_share(db, clock):
    """Messages captured for the merged-away record's share of an event the survivor was
    at too name the survivor's share after the merge, each of them, also when a message
    the survivor already had (which stays behind) was captured first."""
    from relmanager.store.capture_models import CaptureBatch, CaptureItem

    p = two_annas(clock)
    kept_share, gone_share = p.shared_event[0], p.shared_event[1]
    batch = CaptureBatch.create(source="mail", location="inbox.mbox").id
    CaptureItem.create(batch=batch, interaction=kept_share, contact=p.anna,
                       source_key="<both@x>")
    CaptureItem.create(batch=batch, interaction=gone_share, contact=p.anna2,
                       source_key="<both@x>")  # stays: anna has this message
    moved = [CaptureItem.create(batch=batch, interaction=gone_share, contact=p.anna2,
                                source_key=key).id for key in ("<a2-1@x>", "<a2-2@x>")]
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    assert sorted(CaptureItem.select(CaptureItem.contact, CaptureItem.interaction)
                  .where(CaptureItem.id.in_(moved)).tuples()) == [(p.anna, kept_share)] * 2


def test_an_event_two_merged_away_records_shared_keeps_its_follow_ups_on_the_kept_share(
        db, clock):
    """Two merged-away records at one event (the survivor was not) give the survivor one
    share of it, and a follow-up of the share that goes points at the share that stays;
    someone else's interactions are not touched."""
    from relmanager.store import follow_ups
    from relmanager.store.models import FollowUp, Interaction

    p = two_annas(clock)
    third = contacts.create_contact(clock, "Anna B.").id
    carls = activity.log_interaction(clock, [p.carl], "phone").interaction_ids[0]
    event = activity.log_interaction(clock, [p.anna2, third], "meeting").interaction_ids
    note = follow_ups.create_follow_up(clock, third, "notes", clock.now() + timedelta(days=1))
    FollowUp.update(interaction=event[1]).where(FollowUp.id == note.id).execute()
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2, third],
                                                    keep=p.anna))
    assert Interaction.get_by_id(event[0]).contact_id == p.anna
    assert Interaction.get_or_none(Interaction.id == event[1]) is None
    after = FollowUp.get_by_id(note.id)
    assert (after.contact_id, after.interaction_id) == (p.anna, event[0])
    assert Interaction.get_by_id(carls).contact_id == p.carl
    merge.undo_merge(record)
    assert dump() == before


def test_a_record_with_thousands_of_rows_gives_the_survivor_every_one(db, clock):
    """The moves go in chunks of 900 ids (SQLite's variable limit): a merged-away record
    with 1,850 follow-ups and 1,850 captured messages gives the survivor all of them,
    the last chunk too."""
    from relmanager.store.capture_models import CaptureBatch, CaptureItem
    from relmanager.store.models import FollowUp

    p = two_annas(clock)
    due = clock.now() + timedelta(days=1)
    FollowUp.insert_many([{"contact": p.anna2, "title": f"bulk {n}", "due_at": due,
                           "created_at": clock.now()} for n in range(1850)]).execute()
    batch = CaptureBatch.create(source="mail", location="inbox.mbox").id
    CaptureItem.insert_many([{"batch": batch, "interaction": p.shared_event[0],
                              "contact": p.anna2, "source_key": f"<{n}@x>"}
                             for n in range(1850)]).execute()
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    assert FollowUp.select().where(FollowUp.title.startswith("bulk ")
                                   & (FollowUp.contact == p.anna)).count() == 1850
    assert CaptureItem.select().where(CaptureItem.contact == p.anna).count() == 1850


def test_introductions_move_whatever_role_the_merged_away_record_had(db, clock):
    """An introduction that named the merged-away record as the one to meet or as the
    introducer names the survivor after the merge (written after one between two of
    the merged records, which goes); the other people in it stay; undo puts it back."""
    from relmanager.store.models import Introduction

    p = two_annas(clock)
    dora = contacts.create_contact(clock, "Dora").id
    to_meet = introductions.create_introduction(clock, requester_id=p.carl,
                                                target_id=p.anna2).id
    made_by = introductions.create_introduction(clock, requester_id=p.carl, target_id=dora,
                                                introducer_id=p.anna2).id
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    row = Introduction.get_by_id(to_meet)
    assert (row.requester_id, row.target_id, row.introducer_id) == (p.carl, p.anna, None)
    row = Introduction.get_by_id(made_by)
    assert (row.requester_id, row.target_id, row.introducer_id) == (p.carl, dora, p.anna)
    merge.undo_merge(record)
    assert dump() == before


def test_the_merge_sets_the_chosen_name_and_introducer_and_only_the_merged_tags(db, clock):
    """The name chosen in the dialog is the survivor's, every part of it; an introducer
    from outside the merge is kept, and one of the merged records (the survivor itself)
    becomes none instead of an error; the tags are the merged records' only; a record
    with no interactions is said to have none; a refused merge says exactly why."""
    p = two_annas(clock)
    dora = contacts.create_contact(clock, "Dora", tags=["chess"]).id
    assert merge.candidates([dora])[0].interactions == 0
    plan = plan_merge([p.anna, p.anna2], keep=p.anna)
    plan.values["name"] = ("Annie Berg", "Annie", "Berg")
    plan.values["introduced_by"] = p.carl
    record = merge.merge_contacts(clock, plan)
    kept = Contact.get_by_id(p.anna)
    assert (kept.display_name, kept.first_name, kept.last_name) == ("Annie Berg", "Annie",
                                                                    "Berg")
    assert kept.introduced_by_id == p.carl
    assert sorted(contacts.tags_of(p.anna)) == ["climbing", "parents"]
    merge.undo_merge(record)
    plan.values["introduced_by"] = p.anna
    merge.merge_contacts(clock, plan)
    assert Contact.get_by_id(p.anna).introduced_by_id is None
    plan.others = [p.anna, dora]
    with pytest.raises(ValidationError,
                       match=r"^each contact can be merged only once, and not into itself$"):
        merge.merge_contacts(clock, plan)
    plan.others = [p.anna2]  # merged away already
    with pytest.raises(NotFoundError, match=r"^one of the contacts to merge no longer exists$"):
        merge.merge_contacts(clock, plan)


def test_the_dialogs_opening_read_names_the_contacts_and_their_introducers(db, clock):
    people = two_annas(clock)
    dan = contacts.create_contact(clock, "Dan Roe").id
    contacts.update_contact(clock, people.anna, introduced_by=dan)
    ids = [people.anna2, people.anna, people.anna2]  # asked twice: listed once, in order
    found, names = merge.opening(ids)
    assert [c.id for c in found] == [people.anna2, people.anna]
    assert [c.interactions for c in found] == [2, 3]
    # The two merged, and whoever introduced one of them (Anna, by Anna Berg-Olsen, is
    # already named; Dan is read for the Introduced by choice).
    assert names == {people.anna: "Anna Berg", people.anna2: "Anna Berg-Olsen",
                     dan: "Dan Roe"}
    with pytest.raises(NotFoundError):
        merge.opening([people.anna, 999])

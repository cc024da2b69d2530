"""Relations travel in vCard RELATED with a type: exported on both people's cards,
read back into another database as the same relations (found by uid), undone with the
import that brought them."""

from __future__ import annotations

from pathlib import Path

from relmanager.domain.relations import RelationKind
from relmanager.interchange import parse_file
from relmanager.store import contacts, exporter, importer, relations
from relmanager.store.db import close_db, init_db


def test_relations_go_out_as_typed_related_and_come_back(db, clock, tmp_path: Path):
    ann = contacts.create_contact(clock, "Ann Lee").id
    bob = contacts.create_contact(clock, "Bob Ray").id
    cleo = contacts.create_contact(clock, "Cleo Park").id
    relations.relate(clock, ann, bob, RelationKind.PARTNER)
    relations.relate(clock, bob, cleo, RelationKind.KNOWS)
    relations.relate(clock, cleo, ann, RelationKind.INTRODUCED_BY)
    uids = {c.id: c.uid for c in contacts.Contact.select()}
    out = tmp_path / "all.vcf"
    exporter.export_contacts("vcard", out, exporter.select_ids())
    text = out.read_text()
    assert f"RELATED;TYPE=sweetheart:urn:uuid:{uids[bob]}" in text  # on Ann's card
    assert f"RELATED;TYPE=sweetheart:urn:uuid:{uids[ann]}" in text  # and on Bob's
    assert f"RELATED;TYPE=acquaintance:urn:uuid:{uids[cleo]}" in text
    assert f"RELATED;TYPE=contact:urn:uuid:{uids[ann]}" in text  # Cleo's introducer

    close_db()
    init_db(tmp_path / "other.sqlite3", clock=clock)
    summary = importer.apply_plan(importer.plan_import(parse_file(out), out.name), clock)
    assert summary.added == 3
    by_name = {c.display_name: c.id for c in contacts.Contact.select()}
    assert [r.describe() for r in relations.relations_of(by_name["Bob Ray"])] == [
        "partner of Ann Lee", "knows Cleo Park"]
    assert [r.describe() for r in relations.relations_of(by_name["Cleo Park"])] == [
        "introduced by Ann Lee", "knows Bob Ray"]
    importer.undo_import(summary.batch_id, clock)
    assert relations.typed_relations(list(by_name.values())) == {}


def test_relations_of_cards_merged_into_existing_contacts_are_linked_and_undone(
        db, clock, tmp_path: Path):
    """Issue 22, item 18: an import that merges a card into a contact already there
    links that card's relations too (it used to drop them), and its undo takes them."""
    ann = contacts.create_contact(clock, "Ann Lee", emails=["ann@example.org"]).id
    bob = contacts.create_contact(clock, "Bob Ray", emails=["bob@example.org"]).id
    cleo = contacts.create_contact(clock, "Cleo Park").id
    relations.relate(clock, ann, bob, RelationKind.PARTNER)
    relations.relate(clock, bob, cleo, RelationKind.KNOWS)
    uids = {c.display_name: c.uid for c in contacts.Contact.select()}
    out = tmp_path / "all.vcf"
    exporter.export_contacts("vcard", out, exporter.select_ids())

    close_db()
    init_db(tmp_path / "other.sqlite3", clock=clock)
    for name, email in (("Ann Lee", "ann@example.org"), ("Bob Ray", "bob@example.org")):
        made = contacts.create_contact(clock, name, emails=[email]).id
        contacts.Contact.update(uid=uids[name]).where(contacts.Contact.id == made).execute()
    summary = importer.apply_plan(importer.plan_import(parse_file(out), out.name), clock)
    assert (summary.added, summary.merged) == (1, 2)
    by_name = {c.display_name: c.id for c in contacts.Contact.select()}
    assert [r.describe() for r in relations.relations_of(by_name["Bob Ray"])] == [
        "partner of Ann Lee", "knows Cleo Park"]
    assert [r.describe() for r in relations.relations_of(by_name["Ann Lee"])] == [
        "partner of Bob Ray"]
    importer.undo_import(summary.batch_id, clock)
    assert relations.typed_relations([by_name["Ann Lee"], by_name["Bob Ray"]]) == {}

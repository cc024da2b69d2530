"""Entered relations sync: each person's card lists the pair as one of our typed RELATED
lines, so a relation made on one device reaches the other and a removal travels back.
Other apps' RELATED lines (a spouse, a muse, a link by name, the introducer's own line)
stay byte for byte. Against Radicale and Xandikos (the ``devices`` fixture runs each
test on both)."""

from __future__ import annotations

from relmanager.domain.relations import RelationKind
from relmanager.interchange.content_lines import split_lines
from relmanager.store import relations, sync_state
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact
from relmanager.sync import account, engine

ADA_UID = "0b9a3f1e-9999-4c2b-9a7d-1c2d3e4f5a6b"
SPOUSE = "0b9a3f1e-1111-4c2b-9a7d-1c2d3e4f5a6b"
MUSE = "0b9a3f1e-3333-4c2b-9a7d-1c2d3e4f5a6b"
#: Another app's card, with RELATED lines that are not ours in every form.
FOREIGN = ("BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//Other App//EN\r\n"
           f"UID:urn:uuid:{ADA_UID}\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
           f"RELATED;TYPE=spouse:urn:uuid:{SPOUSE}\r\n"
           f'RELATED;TYPE="muse,x-inspiration":urn:uuid:{MUSE}\r\n'
           "RELATED;TYPE=friend;VALUE=text:Mary Somerville\r\n"
           "RELATED;TYPE=co-worker;VALUE=text:Charles Babbage\r\n"
           "X-OTHER-APP-COLOUR:teal\r\nEND:VCARD\r\n")
SPOUSE_CARD = (f"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:{SPOUSE}\r\nFN:William King\r\n"
               "N:King;William;;;\r\nEND:VCARD\r\n")


def _kinds(contact_id: int) -> list[tuple[str, str]]:
    return sorted((r.kind.value, r.other_name) for r in relations.relations_of(contact_id))


def _client():
    return account.load().client()


def _card(href: str) -> str:
    client = _client()
    try:
        return client.multiget(account.load().addressbook, [href], calendar=False)[href][1]
    finally:
        client.close()


def _related(text: str) -> list[str]:
    return [line.text.rstrip("\r\n") for line in split_lines(text) if line.name == "RELATED"]


def test_a_relation_made_on_one_device_reaches_the_other_and_its_removal_comes_back(
        devices, clock):
    with devices.a:
        ann = create_contact(clock, "Ann Lee")
        bob = create_contact(clock, "Bob Ray")
        cy = create_contact(clock, "Cy Noor")
        engine.sync(clock)
        relations.relate(clock, ann.id, bob.id, RelationKind.COLLEAGUE)
        relations.relate(clock, cy.id, ann.id, RelationKind.FRIEND)
        report = engine.sync(clock)
        assert report.pushed == 3, report.summary()  # Ann, Bob and Cy: each card lists it
        assert engine.sync(clock).pushed == 0  # settled
    with devices.b:
        engine.sync(clock)
        ann_b = Contact.get(Contact.uid == ann.uid)
        assert _kinds(ann_b.id) == [("colleague", "Bob Ray"), ("friend", "Cy Noor")]
        assert engine.sync(clock).pushed == 0  # taking it over sends nothing back
        bob_b = Contact.get(Contact.uid == bob.uid)
        assert relations.unrelate(clock, bob_b.id, ann_b.id, RelationKind.COLLEAGUE)
        report = engine.sync(clock)
        assert report.pushed == 2, report.summary()  # both people's cards
    with devices.a:
        engine.sync(clock)
        assert _kinds(ann.id) == [("friend", "Cy Noor")]
        assert _kinds(bob.id) == []
        assert engine.sync(clock).pushed == 0


def test_both_devices_change_relations_of_one_person_and_both_changes_stay(devices, clock):
    """Relations are a set: one device adds, the other removes, no conflict."""
    with devices.a:
        ann, bob = create_contact(clock, "Ann Lee"), create_contact(clock, "Bob Ray")
        cy = create_contact(clock, "Cy Noor")
        relations.relate(clock, ann.id, bob.id, RelationKind.FAMILY)
        engine.sync(clock)
    with devices.b:
        engine.sync(clock)
        ann_b = Contact.get(Contact.uid == ann.uid).id
        bob_b = Contact.get(Contact.uid == bob.uid).id
        relations.unrelate(clock, ann_b, bob_b, RelationKind.FAMILY)
        engine.sync(clock)
    with devices.a:
        relations.relate(clock, ann.id, cy.id, RelationKind.KNOWS)
        report = engine.sync(clock)
        assert report.conflicts == 0, report.summary()
        assert _kinds(ann.id) == [("knows", "Cy Noor")]
    with devices.b:
        engine.sync(clock)
        assert _kinds(Contact.get(Contact.uid == ann.uid).id) == [("knows", "Cy Noor")]


def test_other_apps_related_lines_survive_byte_for_byte(devices, clock):
    with devices.a:
        href = account.load().addressbook.rstrip("/") + "/ada.vcf"
        client = _client()
        try:  # the spouse is a contact here too: her line must still not be taken as ours
            client.put(href, FOREIGN, "text/vcard", None)
            client.put(href.replace("ada", "william"), SPOUSE_CARD, "text/vcard", None)
        finally:
            client.close()
        engine.sync(clock)
        before = _card(href)  # as the server keeps it
        foreign = _related(before)
        assert len(foreign) == 4
        ada = Contact.get(Contact.uid == ADA_UID)
        # Another app's typed lines are not taken for entered relations.
        assert sync_state.local_fields("contact", [ada.id])[ada.id][1]["relations"] == []
        bob = create_contact(clock, "Bob Ray")
        relations.relate(clock, ada.id, bob.id, RelationKind.COLLEAGUE)
        engine.sync(clock)
        after = _card(href)
        ours = f"RELATED;TYPE=colleague:urn:uuid:{bob.uid}"
        assert _related(after) == [*foreign, ours], after
        kept = [line.text.rstrip("\r\n") for line in split_lines(before)
                if line.name not in ("RELATED", "X-RELMANAGER-CONFLICT")]
        assert all(line in after.splitlines() for line in kept), after
    with devices.b:
        engine.sync(clock)
        ada_b = Contact.get(Contact.uid == ADA_UID)
        assert _kinds(ada_b.id) == [("colleague", "Bob Ray")]
        relations.unrelate(clock, ada_b.id, Contact.get(Contact.uid == bob.uid).id,
                           RelationKind.COLLEAGUE)
        engine.sync(clock)
        assert _related(_card(href)) == foreign  # ours gone, theirs as they were
    with devices.a:
        engine.sync(clock)
        assert _kinds(ada.id) == []

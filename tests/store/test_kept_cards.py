"""A file import keeps another app's properties: cards exported by Apple Contacts, Google,
Thunderbird and khard, imported, go back out of an export with every line Relmanager does
not read byte for byte, after an edit here too (name, phone, stage), and importing the
file again (a merge) adds none of them twice. On the code before, an export wrote only
Relmanager's fields: every line of KEPT was lost."""

from __future__ import annotations

import base64

from relmanager.domain.stages import Stage
from relmanager.interchange import parse_file
from relmanager.interchange.content_lines import split_lines
from relmanager.store import exporter, importer
from relmanager.store.activity import move_stage
from relmanager.store.contacts import find_contact, update_contact
from relmanager.store.models import Contact
from tests.store import other_apps


def _import(tmp_path, clock, text: str = other_apps.FILE, name: str = "contacts.vcf"):
    source = tmp_path / name
    source.write_bytes(text.encode("utf-8"))
    result = parse_file(source)
    assert not result.fatal, result.problems
    plan = importer.plan_import(result, name)
    return importer.apply_plan(plan, clock), result


def _export(tmp_path, name: str = "out.vcf") -> dict[str, str]:
    """The exported cards by their FN."""
    target = tmp_path / name
    ids = [c.id for c in Contact.select(Contact.id).order_by(Contact.id)]
    exporter.export_contacts("vcard", target, ids)
    text = target.read_bytes().decode("utf-8")
    cards = {}
    for card in text.split("END:VCARD\r\n")[:-1]:
        fn = next(line.text for line in split_lines(card) if line.name == "FN")
        cards[fn.split(":", 1)[1].strip()] = card + "END:VCARD\r\n"
    return cards


def _lines(card: str) -> list[str]:
    return [line.text for line in split_lines(card)]


def test_an_export_writes_back_every_line_another_app_wrote(db, clock, tmp_path):
    _import(tmp_path, clock)
    cards = _export(tmp_path)
    for name, kept in other_apps.KEPT.items():
        lines = _lines(cards[name])
        missing = [line for line in kept if line not in lines]
        assert missing == [], name
        assert len(lines) == len(set(lines)), name  # nothing twice
    ada = cards["Ada Lovelace"]
    # The photo is the contact's field (not kept twice), written back inline as 3.0 has it.
    assert "PHOTO;ENCODING=b;TYPE=JPEG:" in ada
    assert base64.b64decode("".join(
        next(line for line in split_lines(ada) if line.name == "PHOTO").unfolded
        .split(":", 1)[1].split())) == Contact.get(Contact.display_name == "Ada Lovelace").photo
    # Relmanager's own fields travel too: the stage a new contact got.
    assert "X-RELMANAGER-STAGE:inbox\r\n" in ada
    # The export reads back as the same contacts.
    assert "UID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson\r\n" in ada


def test_an_edit_here_keeps_them_and_writes_the_new_values(db, clock, tmp_path):
    _import(tmp_path, clock)
    grace = find_contact("Grace Hopper")
    update_contact(clock, grace.id, first_name="Amazing", last_name="Hopper",
                   display_name="Amazing Grace Hopper",
                   phones=[("+1 202 555 0199", "mobile")])
    move_stage(clock, [grace.id], Stage.FRIENDSHIP)
    card = _export(tmp_path)["Amazing Grace Hopper"]
    lines = _lines(card)
    kept = [line for line in other_apps.KHARD_KEPT if not line.startswith("N:")]
    assert [line for line in kept if line not in lines] == []
    # the N line keeps its other components (khard's additional name and prefix)
    assert "N:Hopper;Amazing;Brewster Murray;Rear Admiral;\r\n" in lines
    assert "+1 202 555 0199" in card and "+1 202 555 0100" not in card
    assert "X-RELMANAGER-STAGE:friendship\r\n" in lines
    assert "FN:Amazing Grace Hopper\r\n" in lines


def test_importing_the_same_file_again_adds_nothing_twice_and_undo_puts_it_back(
        db, clock, tmp_path):
    _import(tmp_path, clock)
    before = _export(tmp_path, "before.vcf")
    summary, _result = _import(tmp_path, clock, name="again.vcf")
    assert summary.merged == 4 and summary.added == 0
    assert _export(tmp_path, "after.vcf") == before
    # A newer export of one of them from its app, with a line more: that line is added.
    newer = other_apps.KHARD.replace("END:VCARD", "X-SIGNAL:+1 202 555 0100\r\nEND:VCARD")
    summary, _result = _import(tmp_path, clock, newer, "newer.vcf")
    assert summary.merged == 1
    grace = _lines(_export(tmp_path, "newer-out.vcf")["Grace Hopper"])
    assert grace.count("X-SIGNAL:+1 202 555 0100\r\n") == 1
    assert grace.count("NICKNAME:Amazing Grace\r\n") == 1
    importer.undo_import(summary.batch_id, clock)
    assert "X-SIGNAL" not in _export(tmp_path, "undone.vcf")["Grace Hopper"]


def test_a_card_imported_into_a_contact_made_here_is_named_by_its_uid(db, clock, tmp_path):
    """A contact typed here and then found in another app's export (the same e-mail):
    the card kept for it names the contact here, not the other app's UID."""
    from relmanager.store.contacts import create_contact
    from relmanager.store.kept_cards import card_of

    mine = create_contact(clock, "Barbara Liskov", emails=["barbara@liskov.example"])
    summary, _result = _import(tmp_path, clock, other_apps.THUNDERBIRD)
    assert summary.merged == 1
    card = card_of(mine.id)
    assert card is not None and f"UID:{mine.uid}\r\n" in card
    assert "UID:e1c5b2a4" not in card
    exported = _export(tmp_path)["Barbara Liskov"]
    assert f"UID:{mine.uid}\r\n" in exported and "GEO:geo:42.3616,-71.0906\r\n" in exported


def test_a_deleted_contact_comes_back_with_its_card(db, clock, tmp_path):
    """Delete and undo: the kept card goes with the contact (ON DELETE CASCADE) and
    comes back with it; on the code before this the undone contact's card was gone."""
    from relmanager.store import snapshots
    from relmanager.store.kept_cards import card_of

    _import(tmp_path, clock)
    ada = find_contact("Ada Lovelace")
    card = card_of(ada.id)
    assert card is not None and "X-ABShowAs:PERSON\r\n" in card
    snap = snapshots.delete_contacts([ada.id])
    assert card_of(ada.id) is None
    snapshots.restore_snapshot(snap)
    assert card_of(ada.id) == card


def test_a_merge_of_two_contacts_brings_the_merged_away_card_and_undo_takes_it_back(
        db, clock, tmp_path):
    from relmanager.store import merge
    from relmanager.store.contacts import create_contact
    from relmanager.store.kept_cards import card_of
    from tests.store.merge_fixture import plan_merge

    _import(tmp_path, clock, other_apps.KHARD)
    grace = find_contact("Grace Hopper")
    create_contact(clock, "Someone Between")  # the ids apart: a card kept under a wrong id shows
    other = create_contact(clock, "Grace B. Hopper", emails=["amazing@navy.example"])
    record = merge.merge_contacts(clock, plan_merge([grace.id, other.id], keep=other.id))
    card = card_of(other.id)
    assert card is not None and f"UID:{other.uid}\r\n" in card
    assert "ANNIVERSARY:19300615\r\n" in card and "UID:8f7c2a2e" not in card
    assert "ANNIVERSARY:19300615\r\n" in _export(tmp_path)["Grace B. Hopper"]
    merge.undo_merge(record)
    assert card_of(other.id) is None
    assert "ANNIVERSARY:19300615\r\n" in card_of(grace.id)


def test_khard_reads_the_exported_cards_and_shows_what_the_other_apps_wrote(
        db, clock, tmp_path):
    """khard (a real process, from scripts/foreign-tools) reads the export: the nickname,
    address, full name and private object another app wrote, and the phone changed
    here. On the code before this khard showed none of the kept fields."""
    import os
    import subprocess

    from tests.sync.conftest import foreign_tool

    khard = foreign_tool("khard")
    _import(tmp_path, clock)
    grace = find_contact("Grace Hopper")
    update_contact(clock, grace.id, phones=[("+1 202 555 0199", "mobile")])
    book = tmp_path / "book"
    book.mkdir()
    for contact in Contact.select():  # khard reads one card a file, as vdirsyncer writes
        exporter.export_contacts("vcard", book / f"{contact.id}.vcf", [contact.id])
    conf = tmp_path / "khard.conf"
    conf.write_text(f"[addressbooks]\n[[main]]\npath = {book}/\n"
                    "[vcard]\nprivate_objects = Skype, Jabber\n")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def show(name: str) -> str:
        done = subprocess.run([str(khard), "-c", str(conf), "show", name], env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    shown = show("Grace")
    for wanted in ("Amazing Grace", "1 Navy Yard", "Rear Admiral Grace Brewster Murray",
                   "grace.hopper.the.first.compiler.of.the.navy.with.a.handle.that.folds"
                   ".at.seventy.five", "+1 202 555 0199"):
        assert wanted in shown, (wanted, shown)
    assert "+1 202 555 0100" not in shown
    shown = show("Liskov")
    assert "Barb" in shown and "32 Vassar St" in shown
    shown = show("Lovelace")
    assert "12 St James Square" in shown and "SW1Y 4JH London" in shown


def test_a_vcard_2_1_card_is_imported_with_its_fields_only(db, clock, tmp_path):
    """An old phone's 2.1 card (QUOTED-PRINTABLE, bare types) is not kept: CardDAV
    servers take 3.0 and 4.0, and Relmanager's lines are not 2.1's."""
    from relmanager.store.kept_cards import card_of

    card = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
            "M=C3=BCller;J=C3=BCrgen\r\nTEL;CELL:+49 30 1234567\r\n"
            "X-NOKIA-FAVORITE:1\r\nEND:VCARD\r\n")
    _import(tmp_path, clock, card)
    contact = find_contact("Jürgen Müller")
    assert contact is not None and card_of(contact.id) is None


def test_a_kept_card_names_the_contact_by_its_uid(db):
    from relmanager.store.kept_cards import with_uid

    card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:abc\r\nFN:Ann\r\nEND:VCARD\r\n"
    assert with_uid(card, "abc") is card
    assert with_uid(card.replace("UID:urn:uuid:abc", "UID:abc"), "abc") == \
        card.replace("UID:urn:uuid:abc", "UID:abc")
    assert with_uid(card, "def") == card.replace("UID:urn:uuid:abc\r\nFN", "UID:def\r\nFN")
    bare = "BEGIN:VCARD\nFN:Ann\nVERSION:3.0\nX-A:b\nEND:VCARD\n"
    assert with_uid(bare, "def") == "BEGIN:VCARD\nFN:Ann\nVERSION:3.0\nUID:def\nX-A:b\nEND:VCARD\n"
    assert with_uid("BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n", "d") == \
        "BEGIN:VCARD\r\nUID:d\r\nFN:Ann\r\nEND:VCARD\r\n"
    two = "BEGIN:VCARD\r\nUID:abc\r\nFN:Ann\r\nUID:abc\r\nEND:VCARD\r\n"
    assert with_uid(two, "abc") == "BEGIN:VCARD\r\nUID:abc\r\nFN:Ann\r\nEND:VCARD\r\n"
    first = "BEGIN:VCARD\r\nUID:x\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n"
    assert with_uid(first, "y") == "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:y\r\nFN:Ann\r\nEND:VCARD\r\n"


def test_a_merge_of_two_imported_contacts_and_its_undo(db, clock, tmp_path):
    """Both have kept cards: the survivor's takes the other's lines it lacks, and the
    undo gives the survivor its own card back as it was."""
    from relmanager.store import merge
    from relmanager.store.kept_cards import card_of
    from tests.store.merge_fixture import plan_merge

    _import(tmp_path, clock, other_apps.KHARD + other_apps.THUNDERBIRD)
    grace, barbara = find_contact("Grace Hopper"), find_contact("Barbara Liskov")
    before = card_of(barbara.id)
    record = merge.merge_contacts(clock, plan_merge([grace.id, barbara.id], keep=barbara.id))
    card = card_of(barbara.id)
    assert "ANNIVERSARY:19300615\r\n" in card and "GEO:geo:42.3616,-71.0906\r\n" in card
    assert card.count("NICKNAME:") == 2 and f"UID:{barbara.uid}\r\n" in card
    merge.undo_merge(record)
    assert card_of(barbara.id) == before
    assert "ANNIVERSARY:19300615\r\n" in card_of(grace.id)

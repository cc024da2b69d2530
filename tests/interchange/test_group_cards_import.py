"""An address book group card (Apple's ``X-ADDRESSBOOKSERVER-KIND:group``, vCard 4's
``KIND:group``) is a list of members, not a person: a vCard file import leaves it out
and says how many it left out, by the same rule sync uses to leave it alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.interchange.vcard_in import parse_vcard_bytes
from relmanager.store.db import close_db
from relmanager.sync.entries import EntryError, parse_contact
from tests.sync.server_cards import APPLE_GROUP, VCARD4_GROUP

PERSON = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Hopper;Grace;;;\r\nFN:Grace Hopper\r\n"
          "UID:7e2f1c4a-0f4b-4c1e-9c55-1b2e3d4f5a6b\r\nEND:VCARD\r\n")
GROUPS = [APPLE_GROUP, VCARD4_GROUP, VCARD4_GROUP.replace("KIND:group", "kind: Group "),
          APPLE_GROUP.replace("X-ADDRESSBOOKSERVER-KIND:", "item1.X-ADDRESSBOOKSERVER-KIND;"
                              "VALUE=text:")]
PEOPLE = [PERSON, VCARD4_GROUP.replace("KIND:group", "KIND:individual"),
          VCARD4_GROUP.replace("KIND:group", "KIND:org"),
          PERSON.replace("END:VCARD", "NOTE:KIND:group is what a group says\r\nEND:VCARD")]


@pytest.mark.parametrize("card", GROUPS)
def test_a_group_card_is_left_out_by_file_import_and_by_sync_alike(card: str) -> None:
    result = parse_vcard_bytes((PERSON + card).encode(), "groups.vcf")
    assert [c.display_name for c in result.contacts] == ["Grace Hopper"]
    assert result.groups == 1 and result.problems == []
    with pytest.raises(EntryError, match="address book group"):
        parse_contact(card, "x.vcf")


@pytest.mark.parametrize("card", PEOPLE)
def test_a_card_of_another_kind_is_a_contact_for_both(card: str) -> None:
    assert len(parse_vcard_bytes(card.encode(), "people.vcf").contacts) == 1
    assert parse_contact(card, "x.vcf").fields["display_name"]


def test_the_import_command_leaves_group_cards_out_and_says_so(isolated_home: Path, clock,
                                                              capsys) -> None:
    """Before the fix 'Family' and 'Book club' were imported as two more contacts."""
    path = isolated_home / "apple-export.vcf"
    path.write_bytes((APPLE_GROUP + PERSON + VCARD4_GROUP).encode())
    db = isolated_home / "relmanager.sqlite3"
    try:
        assert main(["import", "--db", str(db), str(path)], clock=clock) == 0
        out = capsys.readouterr().out
        assert main(["list", "--db", str(db)], clock=clock) == 0
        listed = capsys.readouterr().out
    finally:
        close_db()
    assert "1 contact found" in out
    assert "2 address book group cards were left out" in out
    assert "Grace Hopper" in listed
    assert "Family" not in listed and "Book club" not in listed

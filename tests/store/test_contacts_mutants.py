"""Writing contacts, pinned against mutmut's survivors in store/contacts.py: setting one
contact's tags leaves everyone else's alone; an edit's undo record holds the phones,
links and derived names it replaced; a too-long field is refused naming that field;
phones and links are written as given."""

from __future__ import annotations

import pytest

from relmanager.store import contacts
from relmanager.store.errors import ValidationError
from relmanager.store.validation import MAX_TEXT


def test_setting_one_contacts_tags_leaves_the_others_alone(db, clock):
    ada = contacts.create_contact(clock, "Ada", tags=["chess"])
    bo = contacts.create_contact(clock, "Bo", tags=["chess", "work"])
    contacts.set_tags(ada.id, ["go"])
    assert contacts.tags_of(ada.id) == ["go"]
    assert contacts.tags_of(bo.id) == ["chess", "work"]


def test_an_edit_returns_the_phones_links_and_derived_names_it_replaced(db, clock):
    """What undo puts back: the phones and links in their order with labels, and first
    and last name when a rename derived them anew."""
    ann = contacts.create_contact(clock, "Ann Lee", phones=[("+1 555 0100", "work"), "0200"],
                                  links=[("web", "https://ann.example")])
    assert [(p.number, p.label) for p in ann.phones] == [("+1 555 0100", "work"), ("0200", "")]
    before = contacts.update_contact(clock, ann.id, display_name="Ann Brook",
                                     phones=["0300"], links=[])
    assert before == {"display_name": "Ann Lee", "first_name": "Ann", "last_name": "Lee",
                      "phones": [("+1 555 0100", "work"), ("0200", "")],
                      "links": [("web", "https://ann.example")]}
    again = contacts.get_contact(ann.id)
    assert (again.first_name, again.last_name) == ("Ann", "Brook")
    assert [p.number for p in again.phones] == ["0300"] and list(again.links) == []


@pytest.mark.parametrize(("field", "words"), [
    ("notes", "notes"), ("how_met", "how met"), ("where_met", "where met"),
    ("organisation", "organisation"), ("title", "title"), ("intent", "intent"),
    ("first_name", "first name"), ("last_name", "last name"),
])
def test_a_too_long_field_is_refused_naming_it(db, clock, field, words):
    ann = contacts.create_contact(clock, "Ann Lee")
    with pytest.raises(ValidationError) as error:
        contacts.update_contact(clock, ann.id, **{field: "x" * (MAX_TEXT + 1)})
    assert str(error.value) == f"{words} is at most {MAX_TEXT:,} characters"
    assert getattr(contacts.get_contact(ann.id), field) != "x" * (MAX_TEXT + 1)

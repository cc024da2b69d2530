"""What a contact picker is told for a typed text (store.picker_reads, read on its
host's worker): the first matches in the list's name order, those excluded set apart
with their names (so Enter can say why it picked nobody), each with its organisation."""

from __future__ import annotations

from relmanager.store import contacts, picker_reads


def test_the_suggestions_come_in_name_order_with_the_excluded_set_apart(db, clock):
    ids = {name: contacts.create_contact(clock, name, organisation=org).id
           for name, org in (("Hannah Lindqvist", "Willow"), ("Hannah Linden", ""),
                             ("Hannah Ek", "Oak"), ("Bo Chen", "Hannah & Co"))}
    answer = picker_reads.suggestions("Hannah", {ids["Hannah Ek"]}, clock.now(), 15)
    assert answer.text == "Hannah"
    assert answer.offered == [(ids["Bo Chen"], "Bo Chen", "Hannah & Co"),
                              (ids["Hannah Linden"], "Hannah Linden", ""),
                              (ids["Hannah Lindqvist"], "Hannah Lindqvist", "Willow")]
    assert answer.excluded == [(ids["Hannah Ek"], "Hannah Ek")]


def test_the_limit_counts_the_offered_not_the_excluded(db, clock):
    ids = [contacts.create_contact(clock, f"Ann {n}").id for n in range(5)]
    answer = picker_reads.suggestions("Ann", set(ids[:2]), clock.now(), 2)
    assert [i for i, _name, _org in answer.offered] == ids[2:4]
    assert [i for i, _name in answer.excluded] == ids[:2]
    assert picker_reads.suggestions("Zed", set(), clock.now(), 2).offered == []


def test_archived_contacts_are_offered_too(db, clock):
    """A picker names whoever the user types, archived or not (an introducer, a meeting's
    other person): the list's default filter hides the archived, the picker's does not."""
    kept = contacts.create_contact(clock, "Ann Active").id
    gone = contacts.create_contact(clock, "Ann Archived").id
    contacts.set_archived(clock, [gone], True)
    answer = picker_reads.suggestions("Ann", set(), clock.now(), 5)
    assert [i for i, _name, _org in answer.offered] == [kept, gone]


def test_the_read_stops_after_the_limit_and_the_excluded(db, clock):
    """A text matching 100,000 contacts reads limit + len(exclude) of them, not all: an
    excluded contact further down the name order is not read, so not named either."""
    ids = [contacts.create_contact(clock, f"Ann {n}").id for n in range(6)]
    answer = picker_reads.suggestions("Ann", {ids[0], ids[5]}, clock.now(), 2)
    assert [i for i, _name, _org in answer.offered] == ids[1:3]
    assert answer.excluded == [(ids[0], "Ann 0")]  # Ann 5 is past the 4 read


def test_the_names_read_are_only_those_asked_for(db, clock):
    """(The second read, by id: every contact's name at 100,000 contacts gave the same
    answer a hundred times slower.)"""
    ann = contacts.create_contact(clock, "Ann", organisation="Oak").id
    contacts.create_contact(clock, "Bo")
    assert picker_reads._names([ann]) == {ann: ("Ann", "Oak")}
    assert picker_reads._names([]) == {}

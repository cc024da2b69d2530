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

"""Entered relations and hand-set tie strengths at the edges mutation testing found open:
a synced card changes only its own contact's relations, "introduced by" undoes to the one
it replaced, a hand-set strength is 0 to 100 and read back as set, relations read in name
order with the introducer's direction, cards link people by uid or by exact name but never
a contact to itself, and a relation names which person is missing."""

from __future__ import annotations

import pytest

from relmanager.domain.relations import RelationKind
from relmanager.store import contacts, relations
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import ContactRelation, TieOverride


@pytest.fixture
def ids(db, clock):
    return {n: contacts.create_contact(clock, n).id
            for n in ("ann", "Bob", "Cleo", "Dan", "Eve")}


def _uid(contact_id: int) -> str:
    return contacts.get_contact(contact_id).uid


def _rows() -> set[tuple[int, int, str]]:
    return {(r.contact_id, r.other_id, r.kind) for r in ContactRelation.select()}


def test_a_synced_card_changes_only_its_own_contacts_relations(ids, clock):
    """Taking over Ann's card's relations leaves a pair she is not in alone."""
    relations.relate(clock, ids["Cleo"], ids["Dan"], RelationKind.FRIEND)
    relations.relate(clock, ids["ann"], ids["Eve"], RelationKind.FAMILY)
    relations.set_relations_by_uid(clock.now(), ids["ann"],
                                   [["colleague", _uid(ids["Bob"])]])
    assert _rows() == {(ids["Cleo"], ids["Dan"], "friend"),
                       (ids["ann"], ids["Bob"], "colleague")}
    relations.set_relations_by_uid(clock.now(), ids["ann"], [])  # an empty list: none
    assert _rows() == {(ids["Cleo"], ids["Dan"], "friend")}


def test_undoing_introduced_by_puts_back_the_introducer_it_replaced(ids, clock):
    ann, bob, cleo = ids["ann"], ids["Bob"], ids["Cleo"]
    assert relations.introducer_of(ann) is None
    relations.relate(clock, ann, bob, RelationKind.INTRODUCED_BY)
    before = relations.introducer_of(ann)
    assert before == bob
    relations.relate(clock, ann, cleo, RelationKind.INTRODUCED_BY)
    assert relations.introducer_of(ann) == cleo
    relations.set_introducer(clock, ann, before)  # the undo
    assert relations.introducer_of(ann) == bob
    assert [r.describe() for r in relations.relations_of(ann)] == ["introduced by Bob"]
    relations.set_introducer(clock, ann, None)
    assert relations.introducer_of(ann) is None
    with pytest.raises(NotFoundError, match=r"^no contact with id 999$"):
        relations.introducer_of(999)


def test_a_hand_set_strength_is_0_to_100_and_read_back_as_set(ids, clock):
    ann = ids["ann"]
    assert relations.tie_override_of(ann) is None
    for score in (0, 100, 37):
        relations.set_tie_override(clock, ann, score)
        assert relations.tie_override_of(ann) == score
    assert relations.tie_override_of(ids["Bob"]) is None  # only Ann's
    for bad in (-1, 101):
        with pytest.raises(ValidationError, match=rf"^a tie strength is 0 to 100, not {bad}$"):
            relations.set_tie_override(clock, ann, bad)
    assert relations.tie_override_of(ann) == 37  # a refused score changes nothing
    with pytest.raises(NotFoundError, match=r"^no contact with id 999$"):
        relations.set_tie_override(clock, 999, 50)
    relations.set_tie_override(clock, ann, None)  # the factors decide again
    assert relations.tie_override_of(ann) is None


def test_relations_read_by_name_then_kind_with_the_introducers_direction(ids, clock):
    ann, bob, cleo, dan, eve = (ids[n] for n in ("ann", "Bob", "Cleo", "Dan", "Eve"))
    relations.relate(clock, dan, ann, RelationKind.KNOWS)
    relations.relate(clock, ann, bob, RelationKind.FRIEND)
    relations.relate(clock, ann, bob, RelationKind.COLLEAGUE)
    relations.relate(clock, ann, cleo, RelationKind.INTRODUCED_BY)
    relations.relate(clock, eve, ann, RelationKind.INTRODUCED_BY)
    got = relations.relations_of(ann)
    assert [(r.other_name, r.kind, r.outgoing) for r in got] == [
        ("Bob", RelationKind.COLLEAGUE, True), ("Bob", RelationKind.FRIEND, True),
        ("Cleo", RelationKind.INTRODUCED_BY, True), ("Dan", RelationKind.KNOWS, True),
        ("Eve", RelationKind.INTRODUCED_BY, False)]
    assert [r.other_id for r in got] == [bob, bob, cleo, dan, eve]
    assert [r.describe() for r in got] == [
        "colleague of Bob", "friend of Bob", "introduced by Cleo", "knows Dan",
        "introduced Eve"]
    # From the other side, lower-case names sort among the others ("ann" before "Bob").
    assert [r.describe() for r in relations.relations_of(cleo)] == ["introduced ann"]
    relations.relate(clock, cleo, bob, RelationKind.PARTNER)
    assert [r.other_name for r in relations.relations_of(cleo)] == ["ann", "Bob"]


def test_cards_link_people_by_uid_or_exact_name_never_to_themselves(ids, clock):
    ann, bob, cleo = ids["ann"], ids["Bob"], ids["Cleo"]
    added = relations.link_relations(clock.now(), [
        (ann, "colleague", _uid(bob)),  # by uid
        (ann, "friend", "Cleo"),  # by exact name
        (bob, "knows", "Bob"),  # Bob names himself: not a relation
        (ann, "family", "Nobody Here"),  # unknown: skipped
    ])
    assert added == 2
    assert _rows() == {(ann, bob, "colleague"), (ann, cleo, "friend")}
    # Known already (either way round): nothing new.
    assert relations.link_relations(clock.now(), [(cleo, "friend", "ann")]) == 0
    assert len(_rows()) == 2


def test_a_relation_names_the_person_who_is_missing(ids, clock):
    ann = ids["ann"]
    with pytest.raises(ValidationError, match=r"^a relation needs two different people$"):
        relations.relate(clock, ann, ann, RelationKind.FRIEND)
    with pytest.raises(NotFoundError, match=r"^no contact with id 998$"):
        relations.relate(clock, 998, ann, RelationKind.FRIEND)
    with pytest.raises(NotFoundError, match=r"^no contact with id 999$"):
        relations.relate(clock, ann, 999, RelationKind.FRIEND)
    assert _rows() == set()
    assert relations.unrelate(clock, 999, ann, RelationKind.INTRODUCED_BY) is False
    assert relations.unrelate(clock, ann, ids["Bob"], RelationKind.INTRODUCED_BY) is False
    assert relations.unrelate(clock, ann, ids["Bob"], RelationKind.FRIEND) is False


def test_typed_relations_read_every_contact_once_past_a_chunk(ids, clock):
    """The RELATED lines of a 501-card export: each contact's own, once, in kind order;
    the ids are read 500 at a time, and none is skipped or read twice at the seam."""
    ann, bob, cleo = ids["ann"], ids["Bob"], ids["Cleo"]
    relations.relate(clock, ann, bob, RelationKind.FRIEND)
    relations.relate(clock, ann, cleo, RelationKind.COLLEAGUE)
    absent = list(range(100_000, 100_499))  # 499 ids of nobody, then the people
    got = relations.typed_relations([*absent, ann, bob, cleo])
    assert got == {ann: [("colleague", _uid(cleo)), ("friend", _uid(bob))],
                   bob: [("friend", _uid(ann))], cleo: [("colleague", _uid(ann))]}
    assert relations.typed_relations([ann, bob]) == {
        ann: got[ann], bob: got[bob]}
    assert relations.typed_relations([]) == {}


def test_relations_are_dated_by_the_apps_clock(ids, clock):
    """A relation's date is the app's "now" (the clock the rest of the history uses),
    whether entered, read from a card or taken over from a synced one."""
    relations.relate(clock, ids["ann"], ids["Bob"], RelationKind.FRIEND)
    relations.link_relations(clock.now(), [(ids["ann"], "colleague", "Cleo")])
    relations.set_relations_by_uid(clock.now(), ids["Dan"], [["family", _uid(ids["Eve"])]])
    dates = {r.created_at for r in ContactRelation.select()}
    assert dates == {clock.now()}


def test_forgetting_a_relation_forgets_that_one_only(ids, clock):
    """Removing "Ann friend of Bob" leaves Ann's other relations with Bob, her relations
    with others and others' relations with Bob."""
    ann, bob, cleo, dan = (ids[n] for n in ("ann", "Bob", "Cleo", "Dan"))
    for a, b, kind in ((ann, bob, RelationKind.FRIEND), (ann, bob, RelationKind.COLLEAGUE),
                       (ann, cleo, RelationKind.FRIEND), (dan, bob, RelationKind.FRIEND),
                       (ann, dan, RelationKind.FRIEND), (cleo, dan, RelationKind.FRIEND)):
        relations.relate(clock, a, b, kind)
    assert relations.unrelate(clock, bob, ann, RelationKind.FRIEND) is True
    assert relations.unrelate(clock, dan, bob, RelationKind.FRIEND) is True
    assert _rows() == {(ann, bob, "colleague"), (ann, cleo, "friend"), (ann, dan, "friend"),
                       (cleo, dan, "friend")}


def test_forgetting_a_hand_set_strength_forgets_that_contacts_only(ids, clock):
    relations.set_tie_override(clock, ids["ann"], 80)
    relations.set_tie_override(clock, ids["Bob"], 20)
    relations.set_tie_override(clock, ids["ann"], None)
    assert relations.tie_override_of(ids["ann"]) is None
    assert relations.tie_override_of(ids["Bob"]) == 20


def test_a_relation_is_new_unless_that_very_pair_has_that_kind(ids, clock):
    """Bob friend of Cleo and Ann friend of Dan do not make "Ann friend of Cleo" or
    "Ann friend of Bob" known already, whether entered or read from a card."""
    ann, bob, cleo, dan, eve = (ids[n] for n in ("ann", "Bob", "Cleo", "Dan", "Eve"))
    assert relations.relate(clock, bob, cleo, RelationKind.FRIEND) is True
    assert relations.relate(clock, ann, dan, RelationKind.FRIEND) is True
    assert relations.relate(clock, ann, cleo, RelationKind.FRIEND) is True
    assert relations.relate(clock, ann, bob, RelationKind.FRIEND) is True
    assert relations.relate(clock, bob, ann, RelationKind.FRIEND) is False  # this pair
    assert relations.relate(clock, ann, eve, RelationKind.COLLEAGUE) is True
    added = relations.link_relations(clock.now(), [
        (ann, "friend", "Nobody"),  # unknown first: the others are still read
        (ann, "friend", "Eve"), (dan, "friend", "Eve")])
    assert added == 2
    assert _rows() == {(bob, cleo, "friend"), (ann, dan, "friend"), (ann, cleo, "friend"),
                       (ann, bob, "friend"), (ann, eve, "colleague"), (ann, eve, "friend"),
                       (dan, eve, "friend")}


def test_a_hand_set_strength_is_dated_by_the_apps_clock(ids, clock):
    """A merge keeps the score set last, by this date: it must be the app's "now"."""
    relations.set_tie_override(clock, ids["ann"], 70)
    assert TieOverride.get(TieOverride.contact == ids["ann"]).set_at == clock.now()

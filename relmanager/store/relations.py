"""Relations between contacts that the user entered, and tie strengths set by hand.

Each write is one transaction. A relation is stored once per pair and kind (the lower id
first, so "Ann colleague of Bob" and "Bob colleague of Ann" are one row). "Introduced by"
is the contact's own ``introduced_by`` field (the profile's, synced and exported as it
always was), so the two ways of entering it cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from relmanager.domain.clock import Clock
from relmanager.domain.relations import RelationKind
from relmanager.store.contacts import update_contact
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.in_lists import CHUNK, rows_in
from relmanager.store.models import Contact, ContactRelation, TieOverride, database


@dataclass(frozen=True)
class Relation:
    """One entered relation as seen from a contact: ``kind`` to ``other``."""

    other_id: int
    other_name: str
    kind: RelationKind
    #: For introduced-by: True when this contact was introduced by ``other``; False when
    #: ``other`` was introduced by this contact. Always True for symmetric kinds.
    outgoing: bool = True

    def describe(self) -> str:
        if self.kind is RelationKind.INTRODUCED_BY:
            return (f"introduced by {self.other_name}" if self.outgoing
                    else f"introduced {self.other_name}")
        if self.kind is RelationKind.KNOWS:
            return f"knows {self.other_name}"
        return f"{self.kind.label.lower()} of {self.other_name}"


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _check_people(a: int, b: int) -> None:
    if a == b:
        raise ValidationError("a relation needs two different people")
    found = {row.id for row in Contact.select(Contact.id).where(Contact.id.in_([a, b]))}
    for person in (a, b):
        if person not in found:
            raise NotFoundError(f"no contact with id {person}")


def relate(clock: Clock, a: int, b: int, kind: RelationKind) -> bool:
    """Record that ``a`` is ``kind`` of ``b`` (for introduced-by: ``a`` was introduced
    by ``b``). False when it was already recorded."""
    with database.atomic():
        _check_people(a, b)
        if kind is RelationKind.INTRODUCED_BY:
            if Contact.get_by_id(a).introduced_by_id == b:
                return False
            update_contact(clock, a, introduced_by=b)
            return True
        first, second = _ordered(a, b)
        known = ContactRelation.select().where(
            ContactRelation.contact == first, ContactRelation.other == second,
            ContactRelation.kind == kind.value).exists()
        if not known:
            ContactRelation.create(contact=first, other=second, kind=kind.value,
                                   created_at=clock.now())
    return not known


def unrelate(clock: Clock, a: int, b: int, kind: RelationKind) -> bool:
    """Forget one entered relation; False when there was none."""
    with database.atomic():
        if kind is RelationKind.INTRODUCED_BY:
            contact = Contact.get_or_none(Contact.id == a)
            if contact is None or contact.introduced_by_id != b:
                return False
            update_contact(clock, a, introduced_by=None)
            return True
        first, second = _ordered(a, b)
        removed = ContactRelation.delete().where(
            ContactRelation.contact == first, ContactRelation.other == second,
            ContactRelation.kind == kind.value).execute()
    return removed > 0


#: Both directions of each entered pair, then "introduced by" both ways (the last column
#: is 1 when this contact was introduced by the other), by name then kind. Kept out of the
#: function so that mutation testing leaves it alone: its only mutants were the SQL in
#: upper or lower case, which SQLite reads the same (docs/TESTING.md).
_RELATIONS_OF = (
    "SELECT r.other_id, o.display_name, r.kind, 1 FROM contact_relation r "
    "JOIN contact o ON o.id = r.other_id WHERE r.contact_id = ? "
    "UNION ALL SELECT r.contact_id, o.display_name, r.kind, 1 FROM contact_relation r "
    "JOIN contact o ON o.id = r.contact_id WHERE r.other_id = ? "
    "UNION ALL SELECT o.id, o.display_name, ?, 1 FROM contact c "
    "JOIN contact o ON o.id = c.introduced_by_id WHERE c.id = ? "
    "UNION ALL SELECT c.id, c.display_name, ?, 0 FROM contact c "
    "WHERE c.introduced_by_id = ? "
    "ORDER BY 2 COLLATE NOCASE, 3")


def relations_of(contact_id: int) -> list[Relation]:
    """The contact's entered relations, by the other person's name."""
    introduced = RelationKind.INTRODUCED_BY.value
    rows = database.execute_sql(
        _RELATIONS_OF,
        (contact_id, contact_id, introduced, contact_id, introduced, contact_id)).fetchall()
    return [Relation(other, name, RelationKind(kind), bool(outgoing))
            for other, name, kind, outgoing in rows]


def set_tie_override(clock: Clock, contact_id: int, score: int | None) -> None:
    """Keep ``score`` (0..100) as this contact's tie strength; None forgets it, so the
    computed score shows again."""
    if score is not None and not 0 <= score <= 100:
        raise ValidationError(f"a tie strength is 0 to 100, not {score}")
    with database.atomic():
        if not Contact.select().where(Contact.id == contact_id).exists():
            raise NotFoundError(f"no contact with id {contact_id}")
        if score is None:
            TieOverride.delete().where(TieOverride.contact == contact_id).execute()
        else:
            now: datetime = clock.now()
            (TieOverride.insert(contact=contact_id, score=int(score), set_at=now)
             .on_conflict_replace().execute())


def introducer_of(contact_id: int) -> int | None:
    """Who introduced ``contact_id`` (its ``introduced_by``), so an undoable "introduced
    by" can put back the one it replaced."""
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        raise NotFoundError(f"no contact with id {contact_id}")
    return row.introduced_by_id


def set_introducer(clock: Clock, contact_id: int, introducer: int | None) -> None:
    """Put ``introducer`` back as who introduced ``contact_id`` (undo of a relation)."""
    with database.atomic():
        update_contact(clock, contact_id, introduced_by=introducer)


def tie_override_of(contact_id: int) -> int | None:
    """The score set by hand for ``contact_id``, None when the factors decide; read
    before a change so undo can put it back."""
    row = TieOverride.get_or_none(TieOverride.contact == contact_id)
    return row.score if row is not None else None


def typed_relations(contact_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(kind, other's uid) for each of ``contact_ids``, both directions of each pair, by
    kind then uid: what their vCards' typed RELATED lines say."""
    found: dict[int, list[tuple[str, str]]] = {}
    for cid, kind, uid in rows_in(  # the list bound twice: half as many ids a statement
            "SELECT r.contact_id, r.kind, o.uid FROM contact_relation r "
            "JOIN contact o ON o.id = r.other_id WHERE r.contact_id IN ({marks}) "
            "UNION ALL SELECT r.other_id, r.kind, o.uid FROM contact_relation r "
            "JOIN contact o ON o.id = r.contact_id WHERE r.other_id IN ({marks}) "
            "ORDER BY 1, 2, 3", contact_ids, lambda part: [*part, *part], CHUNK // 2):
        found.setdefault(cid, []).append((kind, uid))
    return found


def link_relations(now: datetime, pairs: list[tuple[int, str, str]]) -> int:
    """Relations read from cards: (contact id, kind, other's uid or name). The other is
    found by uid, else by exact name; unknown people are skipped. Returns how many
    relations were new. Runs in the caller's transaction."""
    added = 0
    for contact_id, kind, reference in pairs:
        other = (Contact.select(Contact.id)
                 .where((Contact.uid == reference) | (Contact.display_name == reference))
                 .where(Contact.id != contact_id).first())
        if other is None:
            continue
        first, second = _ordered(contact_id, other.id)
        known = ContactRelation.select().where(
            ContactRelation.contact == first, ContactRelation.other == second,
            ContactRelation.kind == kind).exists()
        if not known:
            ContactRelation.create(contact=first, other=second, kind=kind, created_at=now)
            added += 1
    return added


def set_relations_by_uid(now: datetime, contact_id: int,
                         pairs: list[list[str]]) -> None:
    """Make the contact's entered relations exactly ``pairs`` ([kind, other's uid], as a
    synced card lists them): those missing are added, those not listed removed. Others
    not here (yet) are skipped: their own card lists this contact too, and links the
    pair when it arrives. Runs in the caller's transaction."""
    wanted: set[tuple[int, int, str]] = set()
    uids = [uid for _kind, uid in pairs]
    found = {row.uid: row.id for row in Contact.select(Contact.id, Contact.uid)
             .where(Contact.uid.in_(uids))} if uids else {}
    kinds = {kind.value for kind in RelationKind} - {RelationKind.INTRODUCED_BY.value}
    for kind, uid in pairs:
        other = found.get(uid)
        if other is not None and other != contact_id and kind in kinds:
            wanted.add((*_ordered(contact_id, other), kind))
    rows = ContactRelation.select().where(
        (ContactRelation.contact == contact_id) | (ContactRelation.other == contact_id))
    have = {(row.contact_id, row.other_id, row.kind): row.id for row in rows}
    gone = [row_id for key, row_id in have.items() if key not in wanted]
    if gone:
        ContactRelation.delete().where(ContactRelation.id.in_(gone)).execute()
    for first, second, kind in sorted(wanted - have.keys()):
        ContactRelation.create(contact=first, other=second, kind=kind, created_at=now)

"""Merging contacts: which contact survives, and which value each field takes by default.

The same person entered twice (or captured under two addresses) becomes one contact.
Nothing the user wrote is lost by default: the survivor keeps its own values, an empty
field takes another's, notes and intents that differ are joined, the stage is the one
furthest along, and the sphere of someone met in both spheres is "both". The user can
choose otherwise field by field (the Merge dialog, ``relmanager merge``); these rules only
say what is offered first. Addresses, phones, links and tags are always the union.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from relmanager.domain.duplicates import normal_email, normal_phone
from relmanager.domain.stages import Stage

#: The fields a merge chooses between, in the order the dialog lists them. ``name`` is
#: (display name, first name, last name): a name is taken whole from one contact.
FIELDS: tuple[str, ...] = (
    "name", "organisation", "title", "stage", "sphere", "birthday", "met_on", "how_met",
    "where_met", "introduced_by", "cadence_days", "intent", "notes", "photo", "archived",
)
LABELS: dict[str, str] = {
    "name": "Name", "organisation": "Organisation", "title": "Title", "stage": "Stage",
    "sphere": "Sphere", "birthday": "Birthday", "met_on": "Met on", "how_met": "How met",
    "where_met": "Where met", "introduced_by": "Introduced by", "cadence_days": "Rhythm",
    "intent": "Intent", "notes": "Notes", "photo": "Photo", "archived": "Archived",
}
#: Free text that is joined (distinct paragraphs) rather than chosen when both have some.
JOINABLE = ("intent", "notes")
PARAGRAPH = "\n\n"


@dataclass(frozen=True)
class Candidate:
    """One contact as a merge sees it: its values of :data:`FIELDS` and how much history
    it carries (which decides the default survivor)."""

    id: int
    values: Mapping[str, Any]
    interactions: int = 0
    created_at: datetime | None = None
    synced: bool = False  # has a card on the sync server


@dataclass(frozen=True)
class Option:
    """One value a field can take in the merge, with the words the user sees."""

    value: Any
    label: str


@dataclass
class Plan:
    """What a merge will do: the survivor, the others, and the survivor's field values."""

    survivor: int
    others: list[int]
    values: dict[str, Any] = field(default_factory=dict)
    #: Each contact's fields as the plan was made from them (id -> field -> value): a
    #: merge whose contacts changed since (a move on the command line, a sync) is refused
    #: (:func:`changed_since`) rather than writing the old values over the newer ones.
    seen: dict[int, dict[str, Any]] = field(default_factory=dict)


def pick_survivor(candidates: Sequence[Candidate]) -> int:
    """A contact that has a card on the sync server survives first (other devices and
    address books know that card, and the other clients' properties on it stay where
    they are), then the one with the most history (interactions), then the oldest: the
    one other places most likely know."""
    if len(candidates) < 2:
        raise ValueError("merging needs at least two different contacts")
    best = min(candidates, key=lambda c: (not c.synced, -c.interactions,
                                          c.created_at or datetime.max, c.id))
    return best.id


def _empty(value: Any) -> bool:
    return value is None or value in ("", ())


def _ordered(survivor: int, candidates: Sequence[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: c.id != survivor)  # stable: survivor first


def joined(texts: Sequence[str]) -> str:
    """Distinct non-empty texts as paragraphs, in order (the survivor's first)."""
    seen: list[str] = []
    for text in texts:
        clean = (text or "").strip()
        if clean and clean not in seen:
            seen.append(clean)
    return PARAGRAPH.join(seen)


def default_value(name: str, survivor: int, candidates: Sequence[Candidate]) -> Any:
    """The value field ``name`` takes unless the user chooses another."""
    ordered = _ordered(survivor, candidates)
    values = [c.values.get(name) for c in ordered]
    ids = {c.id for c in candidates}
    if name in JOINABLE:
        return joined(values)
    if name == "stage":
        stages = [Stage(v) for v in values if v]
        furthest = max(stages, key=lambda s: s.maturity)
        if furthest.is_relationship:
            return furthest.value
        return next((s.value for s in stages if s is not Stage.INBOX), stages[0].value)
    if name == "sphere":
        spheres = {v for v in values if v}
        if "both" in spheres or {"personal", "business"} <= spheres:
            return "both"
        return values[0] or next(iter(spheres), "business")
    if name == "met_on":
        days = [v for v in values if isinstance(v, date)]
        return min(days) if days else None
    if name == "archived":
        return all(bool(v) for v in values)
    if name == "introduced_by":
        values = [v for v in values if v not in ids]
        return next((v for v in values if not _empty(v)), None)
    if name == "name":
        return values[0]
    return next((v for v in values if not _empty(v)), values[0])


def default_plan(candidates: Sequence[Candidate], survivor: int | None = None) -> Plan:
    """The survivor (the one asked for, else :func:`pick_survivor`) with every field at
    its default value."""
    ids = [c.id for c in candidates]
    if len(set(ids)) < 2:
        raise ValueError("merging needs at least two different contacts")
    if survivor is None:
        survivor = pick_survivor(candidates)
    elif survivor not in ids:
        raise ValueError("the contact to keep must be one of those merged")
    return Plan(survivor, [i for i in ids if i != survivor],
                {name: default_value(name, survivor, candidates) for name in FIELDS},
                {c.id: {name: c.values.get(name) for name in FIELDS} for c in candidates})


def changed_since(plan: Plan, candidates: Sequence[Candidate]) -> tuple[int, str] | None:
    """The first contact and field that no longer hold what ``plan`` was made from (a
    plan without ``seen`` never counts as changed); None when all still do."""
    for candidate in candidates:
        seen = plan.seen.get(candidate.id)
        if seen is None:
            continue
        for name in FIELDS:
            if candidate.values.get(name) != seen.get(name):
                return candidate.id, name
    return None


def _distinct(name: str, candidates: Sequence[Candidate]) -> set[Any]:
    if name == "archived":
        return {bool(c.values.get(name)) for c in candidates}
    return {None if _empty(c.values.get(name)) else _key(c.values.get(name))
            for c in candidates}


def differing(candidates: Sequence[Candidate]) -> list[str]:
    """The fields where two contacts say different things: the ones asked about. An
    empty field against a filled one is no question (the filled value is taken; see
    :func:`filled`)."""
    return [name for name in FIELDS if len(_distinct(name, candidates) - {None}) > 1]


def filled(candidates: Sequence[Candidate]) -> list[str]:
    """The fields some contacts leave empty and the others agree on: filled in by the
    merge without a question (the dialog says which)."""
    return [name for name in FIELDS
            if None in (found := _distinct(name, candidates)) and len(found) == 2]


def _key(value: Any) -> Any:
    return value if not isinstance(value, list) else tuple(value)


def options(name: str, survivor: int, candidates: Sequence[Candidate],
            describe: Any = None) -> list[Option]:
    """The values offered for field ``name``: the default first, then each contact's own
    (``describe(name, value)`` turns a value into words; plain ``str`` by default)."""
    words = describe or (lambda _n, v: "" if v is None else str(v))
    found: list[Option] = []
    default = default_value(name, survivor, candidates)

    def add(value: Any, label: str) -> None:
        if all(o.value != value for o in found):
            found.append(Option(value, label))

    if name in JOINABLE and default and default not in [c.values.get(name) for c in
                                                        candidates]:
        add(default, "Both, joined")
    elif name == "sphere" and default == "both":
        add(default, words(name, default))
    for candidate in _ordered(survivor, candidates):
        value = candidate.values.get(name)
        if name == "introduced_by" and value in {c.id for c in candidates}:
            continue
        add(value, words(name, value))
    found.sort(key=lambda o: o.value != default)
    return found


# -- e-mails, phones, links: always the union ------------------------------------------
def union_emails(lists: Sequence[Sequence[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Every address once (compared case-insensitively), the survivor's first."""
    return _union(lists, lambda pair: normal_email(pair[0]))


def union_phones(lists: Sequence[Sequence[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Every number once: "+44 20 7946 0000" and "020 7946 0000" are one number."""
    return _union(lists, lambda pair: normal_phone(pair[0]) or pair[0].strip())


def union_links(lists: Sequence[Sequence[tuple[str, str]]]) -> list[tuple[str, str]]:
    return _union(lists, lambda pair: pair[1].strip().rstrip("/").casefold())


def _union(lists: Sequence[Sequence[tuple[str, str]]], key: Any) -> list[tuple[str, str]]:
    seen: set[str] = set()
    found = []
    for items in lists:
        for pair in items:
            marker = key(pair)
            if marker and marker not in seen:
                seen.add(marker)
                found.append((pair[0], pair[1]))
    return found


def describe(name: str, value: Any, name_of: Any = None) -> str:
    """A field's value in words for the dialog and the command line (``name_of`` turns a
    contact id into a name, for "introduced by")."""
    if name == "name":
        return str(value[0]) if value else ""
    if value is None or value == "":
        return "(empty)"
    if name == "stage":
        return Stage(value).label
    if name == "sphere":
        return str(value).capitalize()
    if name == "archived":
        return "archived" if value else "active"
    if name == "photo":
        return "a photo"
    if name == "cadence_days":
        return f"every {value} days"
    if name == "introduced_by":
        return name_of(value) if name_of is not None else f"#{value}"
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"

"""What counts as a likely duplicate: the same e-mail, the same phone number, or a
similar name at the same organisation.

Addresses compare case-insensitively. Phone numbers compare by their last nine digits,
so "+44 20 7946 0000", "0044 20 7946 0000" and "020 7946 0000" are one number (the
country and trunk prefixes differ, the subscriber number does not); numbers of fewer
than seven digits (extensions, short codes) never match. Names are similar when, folded,
they are equal, one is the other with initials ("J. Smith" / "John Smith") or a middle
name more, or they differ by a typo (a sequence ratio of at least 0.85); only people at
the same organisation are compared that way, so two John Smiths at different firms are
not offered (people with no organisation at all match only on the very same name). The
result is a list for the user to review, never an automatic merge.
Groups the user said are not duplicates are remembered (by uid, one entry per group, so
the record grows with the group, not with its pairs) and no two of their members are
offered together again; the rest of a group still is, as its own group (A, B and C share
an address and A-B was dismissed: A-C and B-C still link all three, and with A-B-C
dismissed, a D sharing the address gathers them again).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from relmanager.domain.grouping import Partition
from relmanager.domain.text import fold

PHONE_DIGITS = 9
MIN_PHONE_DIGITS = 7
NAME_RATIO = 0.85
#: People at one organisation whose last names start alike are compared pairwise; past
#: this many in one such block, or this many comparisons in all, only exact names are
#: matched: bounded time at any size (100,000 contacts in seconds, not minutes).
MAX_BLOCK = 300
MAX_COMPARISONS = 60_000


def normal_email(address: str) -> str:
    return address.strip().casefold()


def normal_phone(number: str) -> str | None:
    """The comparable part of a phone number, or None when too short to say."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return digits[-PHONE_DIGITS:]


def _tokens(name: str) -> list[str]:
    """The words of a name as :func:`relmanager.domain.text.fold` writes them: "Zoe
    Odegard" and "Zoë Ødegård" fall in one block (``od``) and are compared."""
    return [t for t in re.split(r"[\s.,'\-]+", fold(name)) if t]


def _similar(ta: list[str], tb: list[str]) -> bool:
    """Names (as :func:`_tokens`) of one person written two ways (the module's rules)."""
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if ta[-1] == tb[-1]:  # same last name: initials or a middle name more
        short, long_ = sorted((ta[:-1], tb[:-1]), key=len)
        if short and all(any(word == other or (len(word) == 1 and other.startswith(word))
                             or (len(other) == 1 and word.startswith(other))
                             for other in long_) for word in short):
            return True
    matcher = SequenceMatcher(None, " ".join(ta), " ".join(tb), autojunk=False)
    # The cheap upper bounds first: most pairs in a block are plainly different people.
    return (matcher.real_quick_ratio() >= NAME_RATIO and matcher.quick_ratio() >= NAME_RATIO
            and matcher.ratio() >= NAME_RATIO)


@dataclass(frozen=True)
class Person:
    """What duplicate finding looks at in one contact."""

    id: int
    uid: str
    name: str
    organisation: str = ""
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()


@dataclass
class Group:
    """Contacts that look like one person, and why."""

    ids: list[int]
    reasons: list[str] = field(default_factory=list)


def compact_dismissed(entries: Iterable[Iterable[str]]) -> list[list[str]]:
    """The dismissals as few groups as they say: the pairs that are every pair of some
    set of people (what older versions stored for one dismissed group: 4.5 million for
    3,000 people) become that one group; a group inside another goes. Idempotent;
    linear in the entries (the pairs are looked at once, per connected set)."""
    groups = [sorted(set(e)) for e in entries]
    groups = [g for g in groups if len(g) > 1]
    pairs = [g for g in groups if len(g) == 2]
    rest = [g for g in groups if len(g) > 2]
    linked: Partition[str] = Partition()
    for a, b in pairs:
        linked.join(a, b)
    members: dict[str, set[str]] = defaultdict(set)
    edges: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for a, b in pairs:
        members[linked.root(a)].update((a, b))
        edges[linked.root(a)].add((a, b))
    for top, found in edges.items():
        size = len(members[top])
        if len(found) == size * (size - 1) // 2:
            rest.append(sorted(members[top]))
        else:
            rest.extend([list(pair) for pair in sorted(found)])
    rest.sort(key=len, reverse=True)
    kept: list[list[str]] = []
    containing: dict[str, list[int]] = defaultdict(list)
    for group in rest:  # largest first: a group inside one already kept goes
        if set.intersection(*(set(containing.get(u, ())) for u in group)):
            continue
        for uid in group:
            containing[uid].append(len(kept))
        kept.append(group)
    return sorted(kept)


def find_groups(people: Sequence[Person],
                dismissed: Iterable[Iterable[str]] = ()) -> list[Group]:
    """Groups of likely duplicates, largest evidence first; no two members of one
    ``dismissed`` entry (uids the user said are different people: a pair or a whole
    group) are linked to each other."""
    sets: dict[str, set[int]] = defaultdict(set)
    for n, group in enumerate(compact_dismissed(dismissed)):
        for uid in group:
            sets[uid].add(n)
    by_id = {p.id: p for p in people}
    mark = {p.id: frozenset(sets.get(p.uid, ())) for p in people}
    linked: Partition[int] = Partition(p.id for p in people)
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)

    def link(a: int, b: int, why: str) -> None:
        if a == b or not mark[a].isdisjoint(mark[b]):
            return
        said = reasons[(min(a, b), max(a, b))]
        if why not in said:
            said.append(why)
        linked.join(a, b)

    def link_all(ids: list[int], why: str) -> None:
        """Everyone in ``ids`` shares a value: each pair not dismissed is a link. By
        kinds of member (the dismissals they are in), not by pairs: linear in ``ids``
        when few kinds, never quadratic in the members."""
        kinds: dict[frozenset[int], list[int]] = defaultdict(list)
        for i in ids:
            kinds[mark[i]].append(i)
        order = list(kinds.items())
        joined = [False] * len(order)
        for n, (kind, members) in enumerate(order):
            if not kind:  # in no dismissal: all linked to each other
                for other in members[1:]:
                    link(members[0], other, why)
            for m in range(n + 1, len(order)):
                other_kind, others = order[m]
                if not kind.isdisjoint(other_kind):
                    continue
                link(members[0], others[0], why)
                for index, group in ((n, members), (m, others)):
                    if not joined[index]:
                        joined[index] = True
                        partner = others[0] if index == n else members[0]
                        for member in group:
                            link(member, partner, why)

    for key, why in ((_emails, "same e-mail"), (_phones, "same phone")):
        shared: dict[str, list[int]] = defaultdict(list)
        for person in people:
            for value in {k for k in (key(v) for v in _values(person, key)) if k}:
                shared[value].append(person.id)
        for value, ids in shared.items():
            shown = value if key is _emails else _shown_phone(by_id[ids[0]], value)
            if len(ids) > 1:
                link_all(ids, f"{why} {shown}")
    tokens_of = {p.id: _tokens(p.name) for p in people}
    blocks: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for person in people:
        tokens = tokens_of[person.id]
        if tokens:
            blocks[(fold(person.organisation).strip(), tokens[-1][:2])].append(person)
    budget = MAX_COMPARISONS
    for (organisation, _start), members in blocks.items():
        if len(members) < 2:
            continue
        at = f" at {members[0].organisation.strip()}" if organisation else ""
        pairs = len(members) * (len(members) - 1) // 2
        if len(members) > MAX_BLOCK or not organisation or pairs > budget:
            exact: dict[tuple[str, ...], list[int]] = defaultdict(list)
            for person in members:
                exact[tuple(tokens_of[person.id])].append(person.id)
            for ids in exact.values():
                if len(ids) > 1:
                    link_all(ids, f"same name{at}")
            continue
        budget -= pairs
        for index, first in enumerate(members):
            for second in members[index + 1:]:
                if _similar(tokens_of[first.id], tokens_of[second.id]):
                    link(first.id, second.id, f"similar name{at}")
    grouped: dict[int, list[int]] = defaultdict(list)
    for person in people:
        grouped[linked.root(person.id)].append(person.id)
    why: dict[int, set[str]] = defaultdict(set)
    for (a, _b), said in reasons.items():
        why[linked.root(a)].update(said)
    groups = [Group(sorted(ids), sorted(why[top])) for top, ids in grouped.items()
              if len(ids) > 1]
    groups.sort(key=lambda g: (-len(g.reasons), g.ids))
    return groups


def _emails(value: str) -> str:
    return normal_email(value)


def _phones(value: str) -> str | None:
    return normal_phone(value)


def _values(person: Person, key: object) -> Sequence[str]:
    return person.emails if key is _emails else person.phones


def _shown_phone(person: Person, normal: str) -> str:
    return next((p for p in person.phones if normal_phone(p) == normal), normal)

"""Who knows whom in the demo network: relations between demo contacts, so the Network
page, warm paths and introduction ideas have something to show on a first look."""

from __future__ import annotations

import random
from datetime import datetime

from relmanager.domain.relations import RelationKind

#: How often each kind is drawn: most people merely know each other.
KIND_WEIGHTS: dict[RelationKind, int] = {
    RelationKind.KNOWS: 40, RelationKind.COLLEAGUE: 30, RelationKind.FRIEND: 18,
    RelationKind.FAMILY: 6, RelationKind.PARTNER: 2,
}


def add_relations(conn, rng: random.Random, first_id: int, count: int, now: datetime) -> None:
    """About one relation per four contacts, among the demo contacts just added (ids
    ``first_id`` .. ``first_id + count - 1``), stored as relations.relate stores them."""
    if count < 2:
        return
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    rows = set()
    for _ in range(count // 4):
        a, b = rng.sample(range(first_id, first_id + count), 2)
        kind = rng.choices(kinds, weights)[0]
        a, b = min(a, b), max(a, b)
        rows.add((a, b, kind.value, str(now)))
    conn.executemany("INSERT OR IGNORE INTO contact_relation (contact_id, other_id, kind, "
                     "created_at) VALUES (?, ?, ?, ?)", sorted(rows))

"""'Not duplicates' is stored per group, linear in its size (issue 22, item 18), and the
pairs older versions stored still read and fold into their group."""

from __future__ import annotations

import time
from itertools import combinations

from relmanager.store import duplicates, settings
from relmanager.store.models import Contact, ContactEmail, Setting, database


def _many(n: int, email: str = "") -> list[int]:
    rows = [{"display_name": f"P{i}", "sort_name": f"p{i}", "uid": f"uid-{i:05}"}
            for i in range(n)]
    with database.atomic():
        for start in range(0, n, 200):
            Contact.insert_many(rows[start:start + 200]).execute()
    return [i for (i,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]


def _stored_size() -> int:
    return len(Setting.get(Setting.key == duplicates.DISMISSED_KEY).value)


def test_a_3000_person_group_is_stored_in_linear_space_and_undone(db, clock):
    ids = _many(3000)
    started = time.perf_counter()
    undo = duplicates.dismiss(ids)
    assert time.perf_counter() - started < 5
    assert len(duplicates.dismissed()) == 1
    assert _stored_size() < 3000 * 20  # 4.5M pairs would be ~100 MB
    assert duplicates.dismiss(ids[:10]) == (None, [])  # inside the group already
    duplicates.undismiss(undo)
    assert duplicates.dismissed() == []


def test_pairs_of_older_versions_are_read_and_folded_into_the_group(db, clock):
    ids = _many(5)
    uids = [f"uid-{i:05}" for i in range(5)]
    old = [[a, b] for a, b in combinations(uids[:4], 2)]
    settings.set_value(duplicates.DISMISSED_KEY, old)
    ContactEmail.insert_many([{"contact": i, "email": "same@example.org"}
                              for i in ids]).execute()
    # The first four are different people, but each is the same as the fifth.
    assert [g.ids for g in duplicates.find()] == [ids]
    undo = duplicates.dismiss(ids)  # the new group covers the old pairs: one entry
    assert duplicates.dismissed() == [uids]
    duplicates.undismiss(undo)
    assert sorted(map(sorted, duplicates.dismissed())) == sorted(map(sorted, old))


def test_the_upgrade_folds_stored_pairs_into_their_groups_once(db_path, clock):
    import json
    import sqlite3

    from relmanager.store import migrations
    from relmanager.store.db import close_db, init_db
    from tests.store.test_autoincrement_ids import _build_v9

    assert migrations.DISMISSED_DUPLICATES == duplicates.DISMISSED_KEY
    close_db()
    _build_v9(db_path)
    group = [f"uid-{i:03}" for i in range(40)]
    pairs = [[a, b] for a, b in combinations(group, 2)] + [["x1", "x2"]]
    with sqlite3.connect(db_path) as old:
        old.execute("INSERT INTO setting (key, value) VALUES (?, ?)",
                    (duplicates.DISMISSED_KEY, json.dumps(pairs)))
    init_db(db_path, clock=clock)
    assert duplicates.dismissed() == [group, ["x1", "x2"]]
    with database.atomic():
        migrations.compact_dismissed_duplicates(database)  # again: nothing changes
    assert duplicates.dismissed() == [group, ["x1", "x2"]]

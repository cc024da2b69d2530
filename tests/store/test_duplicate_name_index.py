"""The new-contact dialog's duplicate check reads through an index (issue 22): it runs on
the UI thread at each pause in typing, and ``lower(display_name) = ?`` alone read every
contact's name. Now the word index (FTS5 ``contact_words``) finds the few contacts that
share the name's words, and only those are compared."""

from __future__ import annotations

from relmanager.store import profile_reads
from relmanager.store.contacts import create_contact
from relmanager.store.models import database


def _plan(query) -> str:
    sql, params = query.sql()
    rows = database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def test_the_same_name_check_scans_no_table(db, clock):
    for n in range(50):
        create_contact(clock, f"Person {n}")
    plan = _plan(profile_reads.same_name_query("grace hopper", 5))
    scans = [line for line in plan.splitlines()
             if line.startswith("SCAN") and "VIRTUAL TABLE" not in line]
    assert scans == [] and "contact_words" in plan, plan  # was: SCAN t1 USING ... INDEX


def test_same_name_found_any_case_and_spacing_not_by_words_alone(db, clock):
    grace = create_contact(clock, "Grace Hopper", organisation="Navy")
    create_contact(clock, "Hopper Grace")
    create_contact(clock, "Grace Hopper-Smith")
    found = profile_reads.possible_duplicates("  grace   HOPPER ", [])
    assert [c.id for c in found] == [grace.id]
    assert profile_reads.possible_duplicates("Grace", []) == []
    assert profile_reads.possible_duplicates('"Grace" Hopper', []) == []  # quotes are plain
    dash = create_contact(clock, "--")
    assert [c.id for c in profile_reads.possible_duplicates("--", [])] == [dash.id]

"""A merge plan remembers what it was made from, and says which field of which contact
no longer holds it (the merge is then refused: tests/reliability/test_merge_while_shown.py)."""

from __future__ import annotations

from relmanager.domain.merging import FIELDS, Candidate, Plan, changed_since, default_plan


def _values(**given: object) -> dict[str, object]:
    values: dict[str, object] = dict.fromkeys(FIELDS, "")
    values.update(name=("Ada", "Ada", ""), stage="development", introduced_by=None,
                  archived=False, photo=None, cadence_days=None, birthday=None, met_on=None)
    values.update(given)
    return values


def test_the_plan_sees_every_field_of_every_contact():
    plan = default_plan([Candidate(1, _values()), Candidate(2, _values(title="Countess"))])
    assert set(plan.seen) == {1, 2}
    assert all(set(seen) == set(FIELDS) for seen in plan.seen.values())
    assert plan.seen[2]["title"] == "Countess"


def test_unchanged_contacts_are_not_changed():
    a, b = Candidate(1, _values()), Candidate(2, _values(title="Countess"))
    assert changed_since(default_plan([a, b]), [a, b]) is None


def test_the_first_changed_field_of_either_contact_is_named():
    a, b = Candidate(1, _values()), Candidate(2, _values(title="Countess"))
    plan = default_plan([a, b])
    assert changed_since(plan, [a, Candidate(2, _values(title="Lady"))]) == (2, "title")
    assert changed_since(plan, [Candidate(1, _values(stage="friendship")), b]) == (1, "stage")
    assert changed_since(plan, [Candidate(1, _values(notes="x", stage="friendship")), b]
                         ) == (1, "stage")  # in the order of FIELDS


def test_a_plan_that_saw_nothing_or_a_contact_it_did_not_see_never_counts():
    a = Candidate(1, _values())
    assert changed_since(Plan(1, [2], {}), [a, Candidate(2, _values(title="x"))]) is None
    plan = default_plan([a, Candidate(2, _values())])
    assert changed_since(plan, [Candidate(3, _values(title="x"))]) is None

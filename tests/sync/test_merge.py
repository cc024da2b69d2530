"""The three-way, field-by-field merge: one-sided changes win, equal changes agree, real
conflicts keep this device's value and report both, tags merge as a set, and a missing
(None) value of one of our own fields on the other side is no change."""

from __future__ import annotations

from relmanager.sync.entries import OWN_FIELDS
from relmanager.sync.merge import Conflict, merge

BASE = {"display_name": "Ada Lovelace", "title": "", "notes": "met at a salon",
        "birthday": "1815-12-10", "stage": "development", "cadence_days": 21,
        "tags": ["engines", "mathematics"]}


def _with(**changes) -> dict:
    return {**BASE, **changes}


def test_nothing_changed_merges_to_the_same_fields():
    result = merge(BASE, dict(BASE), dict(BASE))
    assert result.merged == BASE
    assert result.conflicts == []


def test_a_field_only_this_device_changed_keeps_the_local_value():
    result = merge(BASE, _with(title="Countess"), dict(BASE))
    assert result.merged == _with(title="Countess")
    assert result.conflicts == []


def test_a_field_only_the_other_side_changed_takes_the_remote_value():
    result = merge(BASE, dict(BASE), _with(notes="prefers letters", cadence_days=14))
    assert result.merged == _with(notes="prefers letters", cadence_days=14)
    assert result.conflicts == []


def test_different_fields_changed_on_each_side_both_apply():
    result = merge(BASE, _with(title="Countess"), _with(notes="prefers letters"))
    assert result.merged == _with(title="Countess", notes="prefers letters")
    assert result.conflicts == []


def test_both_sides_making_the_same_change_is_no_conflict():
    result = merge(BASE, _with(stage="friendship"), _with(stage="friendship"))
    assert result.merged == _with(stage="friendship")
    assert result.conflicts == []


def test_a_real_conflict_keeps_the_local_value_and_reports_both():
    result = merge(BASE, _with(notes="local note", title="Countess"),
                   _with(notes="remote note", title="Countess"))
    assert result.merged == _with(notes="local note", title="Countess")
    assert result.conflicts == [Conflict("notes", "local note", "remote note")]


def test_conflicts_are_listed_by_field_name():
    result = merge(BASE, _with(title="L", notes="L", display_name="Ada L"),
                   _with(title="R", notes="R", display_name="Ada R"))
    assert [c.field for c in result.conflicts] == ["display_name", "notes", "title"]
    assert [(c.local, c.remote) for c in result.conflicts] == [
        ("Ada L", "Ada R"), ("L", "R"), ("L", "R")]
    assert (result.merged["title"], result.merged["notes"],
            result.merged["display_name"]) == ("L", "L", "Ada L")


def test_a_remote_field_cleared_to_none_is_a_change_for_fields_that_are_not_ours():
    result = merge(BASE, dict(BASE), _with(birthday=None))
    assert result.merged["birthday"] is None
    assert result.conflicts == []


def test_without_a_base_every_difference_is_a_conflict_and_equal_fields_agree():
    local = _with(title="Countess", tags=["engines"])
    remote = _with(title="Lady", tags=["poetry"])
    result = merge(None, local, remote)
    assert result.merged == local
    assert result.conflicts == [Conflict("tags", ["engines"], ["poetry"]),
                                Conflict("title", "Countess", "Lady")]


def test_without_a_base_identical_sides_have_no_conflict():
    result = merge(None, dict(BASE), dict(BASE))
    assert result.merged == BASE
    assert result.conflicts == []


def test_tags_merge_additions_and_removals_from_both_sides():
    base = _with(tags=["alpha", "beta", "Gamma"])
    local = _with(tags=["alpha", "beta", "delta"])  # removed Gamma, added delta
    remote = _with(tags=["beta", "Gamma", "Epsilon"])  # removed alpha, added Epsilon
    result = merge(base, local, remote)
    assert result.merged["tags"] == ["beta", "delta", "Epsilon"]  # case-insensitive order
    assert result.conflicts == []


def test_tags_added_on_both_sides_appear_once():
    base = _with(tags=["alpha"])
    result = merge(base, _with(tags=["alpha", "shared", "mine"]),
                   _with(tags=["alpha", "shared", "theirs"]))
    assert result.merged["tags"] == ["alpha", "mine", "shared", "theirs"]
    assert result.conflicts == []


def test_tags_removed_on_one_side_and_kept_on_the_other_stay_removed():
    base = _with(tags=["alpha", "beta"])
    result = merge(base, _with(tags=["alpha", "mine"]), _with(tags=["alpha", "beta", "x"]))
    assert result.merged["tags"] == ["alpha", "mine", "x"]


def test_own_fields_missing_on_the_other_side_keep_the_local_values():
    local = _with(stage="friendship", cadence_days=14, sphere="business", intent="co-write",
                  how_met="a salon", where_met="London", met_on="2024-05-17")
    base = _with(sphere="business", intent="co-write", how_met="a salon",
                 where_met="London", met_on="2024-05-17")
    remote = {**base, **dict.fromkeys(OWN_FIELDS), "title": "Countess"}
    result = merge(base, local, remote)
    for name in OWN_FIELDS:
        assert result.merged[name] == local.get(name), name
    assert result.merged["title"] == "Countess"  # the fields the phone does carry still apply
    assert result.conflicts == []


def test_own_fields_missing_remotely_with_no_base_are_no_conflict():
    local = _with(stage="friendship", cadence_days=14)
    remote = {**local, "stage": None, "cadence_days": None}
    result = merge(None, local, remote)
    assert (result.merged["stage"], result.merged["cadence_days"]) == ("friendship", 14)
    assert result.conflicts == []


"""The one grouping helper (domain/grouping.py) that reply threads and duplicate groups
share: joined in any order, every member names the same group."""

from __future__ import annotations

from relmanager.domain.grouping import Partition


def test_members_joined_in_any_order_share_one_root_and_others_stay_alone():
    groups: Partition[str] = Partition(["lone"])
    groups.join("c", "d")
    groups.join("a", "b")
    groups.join("b", "c")  # two groups become one
    groups.join("d", "a")  # already together: nothing changes
    assert len({groups.root(k) for k in "abcd"}) == 1
    assert groups.root("lone") == "lone" and groups.root("never seen") == "never seen"
    assert groups.root("a") != groups.root("lone")


def test_a_key_joined_to_itself_is_still_its_own_group():
    groups: Partition[int] = Partition()
    groups.join(1, 1)
    assert groups.root(1) == 1

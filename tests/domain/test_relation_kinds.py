"""The kinds of relation as vCard RELATED carries them: each kind the user enters is
written with one RFC 6350 type and read back as itself; the types other apps write for
the same idea (spouse, co-worker, parent, neighbor...) read as ours, in any case; types
that are not ours (muse, emergency, the introducer's "contact") are left alone; and each
kind reads in words ("Introduced by")."""

from __future__ import annotations

import pytest

from relmanager.domain.relations import VCARD_TYPE_OF, RelationKind, relation_kind_of


def test_each_entered_kind_is_written_as_a_type_that_reads_back_as_itself():
    assert set(VCARD_TYPE_OF) == set(RelationKind) - {RelationKind.INTRODUCED_BY}
    for kind, vcard_type in VCARD_TYPE_OF.items():
        assert relation_kind_of([vcard_type]) is kind


@pytest.mark.parametrize(("types", "kind"), [
    (["Co-Worker"], RelationKind.COLLEAGUE), (["SPOUSE"], RelationKind.PARTNER),
    (["sweetheart"], RelationKind.PARTNER), (["child"], RelationKind.FAMILY),
    (["parent"], RelationKind.FAMILY), (["sibling"], RelationKind.FAMILY),
    (["kin"], RelationKind.FAMILY), (["friend"], RelationKind.FRIEND),
    (["met"], RelationKind.KNOWS), (["neighbor"], RelationKind.KNOWS),
    (["co-resident"], RelationKind.KNOWS), (["acquaintance"], RelationKind.KNOWS),
    (["colleague"], RelationKind.COLLEAGUE),
    (["muse", "friend"], RelationKind.FRIEND),  # the first of ours among them
    (["kin", "friend"], RelationKind.FAMILY),
])
def test_other_apps_types_read_as_our_kinds(types, kind):
    assert relation_kind_of(types) is kind


@pytest.mark.parametrize("types", [[], ["contact"], [""], ["muse", "emergency", "me"]])
def test_types_that_are_not_ours_are_no_kind(types):
    assert relation_kind_of(types) is None


def test_each_kind_reads_in_words():
    assert [kind.label for kind in RelationKind] == [
        "Colleague", "Partner", "Family", "Friend", "Introduced by", "Knows"]

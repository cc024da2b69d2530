"""Relations between contacts that the user enters, and how vCard's RELATED carries
them. Kept apart from domain.network (and networkx) so that reading and writing cards
does not load the graph library."""

from __future__ import annotations

from enum import StrEnum


class RelationKind(StrEnum):
    """Relations between two contacts that the user enters (and vCard RELATED carries)."""

    COLLEAGUE = "colleague"
    PARTNER = "partner"
    FAMILY = "family"
    FRIEND = "friend"
    INTRODUCED_BY = "introduced-by"
    KNOWS = "knows"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


#: vCard 4.0 RELATED types (RFC 6350 6.6.6) each entered kind is written as, and the
#: types read back as each kind. "contact" (and no type) is the introducer, as always.
#: Types not listed (muse, agent, emergency, me...) are not ours: a card keeps them and
#: import leaves them alone.
VCARD_TYPE_OF: dict[RelationKind, str] = {
    RelationKind.COLLEAGUE: "colleague", RelationKind.PARTNER: "sweetheart",
    RelationKind.FAMILY: "kin", RelationKind.FRIEND: "friend",
    RelationKind.KNOWS: "acquaintance",
}
KIND_OF_VCARD_TYPE: dict[str, RelationKind] = {
    "colleague": RelationKind.COLLEAGUE, "co-worker": RelationKind.COLLEAGUE,
    "sweetheart": RelationKind.PARTNER, "spouse": RelationKind.PARTNER,
    "kin": RelationKind.FAMILY, "child": RelationKind.FAMILY,
    "parent": RelationKind.FAMILY, "sibling": RelationKind.FAMILY,
    "friend": RelationKind.FRIEND,
    "acquaintance": RelationKind.KNOWS, "met": RelationKind.KNOWS,
    "neighbor": RelationKind.KNOWS, "co-resident": RelationKind.KNOWS,
}


def relation_kind_of(types: list[str]) -> RelationKind | None:
    """The kind a RELATED line's TYPE values say, None when none of ours."""
    for value in types:
        kind = KIND_OF_VCARD_TYPE.get(value.casefold())
        if kind is not None:
            return kind
    return None

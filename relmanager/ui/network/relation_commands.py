"""Undoable network edits: a relation entered or removed, a tie strength set or cleared
by hand. Each is a :class:`~relmanager.ui.shared.undo.StoreCommand` on the window's undo
stack, so Ctrl+Z undoes exactly that change (not an older, unrelated one, as it did when
these writes bypassed the stack) and the status bar says "Undone: …".

Each command remembers what its first write replaced (the earlier introducer, the
earlier score), so undo puts back that, not merely "nothing"."""

from __future__ import annotations

from relmanager.domain.relations import RelationKind
from relmanager.services.context import AppContext
from relmanager.services.writer import Change
from relmanager.store import relations
from relmanager.ui.shared.undo import StoreCommand, _names


def _kind_words(kind: RelationKind) -> str:
    if kind in (RelationKind.INTRODUCED_BY, RelationKind.KNOWS):
        return kind.label.lower()
    return f"{kind.label.lower()} of"


class RelateCommand(StoreCommand):
    """``a`` is ``kind`` of ``b`` (for introduced-by: ``a`` was introduced by ``b``);
    with ``remove`` the relation is forgotten instead. Undo does the opposite, and for
    introduced-by puts back whoever was the introducer before."""

    def __init__(self, ctx: AppContext, a: int, b: int, kind: RelationKind, *,
                 remove: bool = False) -> None:
        words = f"{_names([a])} {_kind_words(kind)} {_names([b])}"
        super().__init__(ctx, f"{'Remove' if remove else 'Relate'}: {words}")
        self.a, self.b, self.kind, self.remove = a, b, kind, remove
        self.changed = False  # False: the relation already was (or was not) there
        self.introducer_before: int | None = None

    def apply(self) -> None:
        if self.kind is RelationKind.INTRODUCED_BY:
            self.introducer_before = relations.introducer_of(self.a)
        if self.remove:
            self.changed = relations.unrelate(self.ctx.clock, self.a, self.b, self.kind)
        else:
            self.changed = relations.relate(self.ctx.clock, self.a, self.b, self.kind)

    def revert(self) -> None:
        if not self.changed:
            return
        if self.kind is RelationKind.INTRODUCED_BY:
            relations.set_introducer(self.ctx.clock, self.a,
                                     self.introducer_before if not self.remove else self.b)
        elif self.remove:
            relations.relate(self.ctx.clock, self.a, self.b, self.kind)
        else:
            relations.unrelate(self.ctx.clock, self.a, self.b, self.kind)

    def applied(self) -> Change:
        return Change.of_contacts((self.a, self.b))


class TieOverrideCommand(StoreCommand):
    """Set (or, with None, clear) the tie strength of one contact by hand; undo puts
    back the score set before, or the factors when there was none."""

    def __init__(self, ctx: AppContext, contact_id: int, score: int | None) -> None:
        whose = f" of {_names([contact_id])}"
        text = (f"Set the tie strength{whose} to {score}" if score is not None
                else f"Use the factors for the tie strength{whose}")
        super().__init__(ctx, text)
        self.contact_id, self.score = contact_id, score
        self.before: int | None = None

    def apply(self) -> None:
        self.before = relations.tie_override_of(self.contact_id)
        relations.set_tie_override(self.ctx.clock, self.contact_id, self.score)

    def revert(self) -> None:
        relations.set_tie_override(self.ctx.clock, self.contact_id, self.before)

    def applied(self) -> Change:
        return Change.of_contacts((self.contact_id,))

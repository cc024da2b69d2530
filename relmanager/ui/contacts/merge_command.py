"""Merging contacts and dismissing duplicates as undoable commands on the window's undo
stack (see :mod:`relmanager.ui.shared.undo` for the contract: one transaction each, the
events after the commit, a failure reported and never kept as an undo entry)."""

from __future__ import annotations

from collections.abc import Sequence

from relmanager.domain import merging
from relmanager.domain.merging import Plan
from relmanager.services.context import AppContext
from relmanager.services.writer import SETTINGS, Change
from relmanager.store import duplicates, merge
from relmanager.ui.shared.display import plural
from relmanager.ui.shared.undo import StoreCommand

#: The survivor's lists an undo may leave as edited since (the fields use merging.LABELS).
_KEPT_WORDS = {"contact_email": "e-mails", "contact_phone": "phones",
               "contact_link": "links", "contact_tag": "tags",
               "display_name": "name", "first_name": "name", "last_name": "name",
               "sort_name": "name"}


class MergeContactsCommand(StoreCommand):
    """Merge ``plan.others`` into ``plan.survivor``; undo brings every row back (same
    ids), redo merges again with the same choices."""

    def __init__(self, ctx: AppContext, plan: Plan, survivor_name: str) -> None:
        super().__init__(ctx, f"Merge {plural(len(plan.others) + 1, 'contact')} into "
                              f"{survivor_name}")
        self.plan = plan
        self.record: merge.MergeRecord | None = None

    def apply(self) -> None:
        if self.record is None:
            self.record = merge.merge_contacts(self.ctx.clock, self.plan)
        else:
            self.record = merge.redo_merge(self.ctx.clock, self.record)

    def revert(self) -> None:
        if self.record is not None:
            merge.undo_merge(self.record)

    def undo(self) -> None:
        super().undo()
        kept = self.record.kept_edits if self.record is not None else []
        if kept and self.outcome.ok:
            words = [_KEPT_WORDS.get(name) or merging.LABELS.get(name, name).lower()
                     for name in kept]
            self.ctx.events.status_message.emit(
                "Merge undone; what was changed since on the contact kept stays: "
                f"{', '.join(dict.fromkeys(words))}")

    def applied(self) -> Change:
        return Change(removed=tuple(self.plan.others), contacts=(self.plan.survivor,),
                      interactions=(self.plan.survivor,), follow_ups=True,
                      introductions=True)

    def reverted(self) -> Change:
        ids = (self.plan.survivor, *self.plan.others)
        return Change(contacts=ids, interactions=ids, follow_ups=True, introductions=True)


class DismissDuplicatesCommand(StoreCommand):
    """Remember that contacts are different people; undo forgets it again."""

    def __init__(self, ctx: AppContext, contact_ids: Sequence[int]) -> None:
        super().__init__(ctx, "Not duplicates")
        self.ids = list(contact_ids)
        self.dismissal: duplicates.Dismissal = (None, [])

    def apply(self) -> None:
        self.dismissal = duplicates.dismiss(self.ids)

    def revert(self) -> None:
        duplicates.undismiss(self.dismissal)

    def applied(self) -> Change:
        return SETTINGS

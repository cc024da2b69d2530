"""Undoable edits: each command does its write in one transaction, remembers exactly
what it changed, and emits the matching data event so every view refreshes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.store import activity, contacts, snapshots


def _names(count: int, noun: str = "contact") -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class MoveStageCommand(QUndoCommand):
    """Move contacts to a stage (a board drop, a keyboard move, a bulk action)."""

    def __init__(self, ctx: AppContext, contact_ids: Sequence[int], stage: Stage) -> None:
        super().__init__(f"Move {_names(len(contact_ids))} to {Stage(stage).label}")
        self.ctx, self.ids, self.stage = ctx, list(contact_ids), Stage(stage)
        self.record: activity.MoveRecord | None = None

    def redo(self) -> None:
        if self.record is None:
            self.record = activity.move_stage(self.ctx.clock, self.ids, self.stage)
        else:
            self.record = activity.redo_move(self.ctx.clock, self.record)
        self.ctx.events.contacts_changed.emit(self.record.contact_ids)

    def undo(self) -> None:
        if self.record is not None:
            activity.undo_move(self.record)
            self.ctx.events.contacts_changed.emit(self.record.contact_ids)

    @property
    def moved(self) -> int:
        return len(self.record.moves) if self.record else 0


class DeleteContactsCommand(QUndoCommand):
    """Delete contacts with everything that is theirs; undo restores the same rows."""

    def __init__(self, ctx: AppContext, contact_ids: Sequence[int]) -> None:
        super().__init__(f"Delete {_names(len(contact_ids))}")
        self.ctx, self.ids = ctx, list(contact_ids)
        self.snapshot: snapshots.Snapshot | None = None

    def redo(self) -> None:
        self.snapshot = snapshots.delete_contacts(self.ids)
        self.ctx.events.contacts_removed.emit(self.ids)

    def undo(self) -> None:
        if self.snapshot is not None:
            snapshots.restore_snapshot(self.snapshot)
            self.ctx.events.contacts_changed.emit([])
            self.ctx.events.interactions_changed.emit(self.ids)


class EditContactCommand(QUndoCommand):
    """Change fields of one contact (and/or its emails, phones, links)."""

    def __init__(self, ctx: AppContext, contact_id: int, changes: dict[str, Any],
                 text: str = "Edit contact") -> None:
        super().__init__(text)
        self.ctx, self.contact_id, self.changes = ctx, contact_id, dict(changes)
        self.before: dict[str, Any] | None = None

    def redo(self) -> None:
        self.before = contacts.update_contact(self.ctx.clock, self.contact_id, **self.changes)
        self.ctx.events.contacts_changed.emit([self.contact_id])

    def undo(self) -> None:
        if self.before is not None:
            contacts.update_contact(self.ctx.clock, self.contact_id, **self.before)
            self.ctx.events.contacts_changed.emit([self.contact_id])


class TagContactsCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, contact_ids: Sequence[int], tags: Sequence[str],
                 remove: bool = False) -> None:
        verb = "Untag" if remove else "Tag"
        super().__init__(f"{verb} {_names(len(contact_ids))}")
        self.ctx, self.ids, self.tags, self.remove = ctx, list(contact_ids), list(tags), remove
        self.had: dict[int, list[str]] = {}

    def redo(self) -> None:
        self.had = {cid: contacts.tags_of(cid) for cid in self.ids}
        if self.remove:
            contacts.remove_tags(self.ids, self.tags)
        else:
            contacts.add_tags(self.ids, self.tags)
        self.ctx.events.contacts_changed.emit(self.ids)

    def undo(self) -> None:
        for cid, names in self.had.items():
            contacts.set_tags(cid, names)
        self.ctx.events.contacts_changed.emit(self.ids)


class ArchiveContactsCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, contact_ids: Sequence[int], archived: bool) -> None:
        super().__init__(f"{'Archive' if archived else 'Unarchive'} {_names(len(contact_ids))}")
        self.ctx, self.ids, self.archived = ctx, list(contact_ids), archived

    def redo(self) -> None:
        contacts.set_archived(self.ctx.clock, self.ids, self.archived)
        self.ctx.events.contacts_changed.emit(self.ids)

    def undo(self) -> None:
        contacts.set_archived(self.ctx.clock, self.ids, not self.archived)
        self.ctx.events.contacts_changed.emit(self.ids)


class LogInteractionCommand(QUndoCommand):
    """Log an interaction; undo removes it (and its follow-up) and restores warmth."""

    def __init__(self, ctx: AppContext, contact_ids: Sequence[int], channel: str,
                 **kwargs: Any) -> None:
        super().__init__(f"Log {channel.replace('_', ' ')}")
        self.ctx, self.ids, self.channel, self.kwargs = ctx, list(contact_ids), channel, kwargs
        self.logged: activity.LoggedInteraction | None = None

    def redo(self) -> None:
        self.logged = activity.log_interaction(self.ctx.clock, self.ids, self.channel,
                                               **self.kwargs)
        self.ctx.events.interactions_changed.emit(self.ids)
        if self.logged.follow_up_id:
            self.ctx.events.follow_ups_changed.emit()

    def undo(self) -> None:
        if self.logged is not None:
            from relmanager.store.models import FollowUp

            if self.logged.follow_up_id:
                FollowUp.delete_by_id(self.logged.follow_up_id)
                self.ctx.events.follow_ups_changed.emit()
            activity.delete_interactions(self.logged.interaction_ids)
            self.ctx.events.interactions_changed.emit(self.ids)


class SetTagsCommand(QUndoCommand):
    """Replace one contact's tags (the profile's tag field); undo puts the old set back."""

    def __init__(self, ctx: AppContext, contact_id: int, tags: Sequence[str]) -> None:
        super().__init__("Change tags")
        self.ctx, self.contact_id, self.tags = ctx, contact_id, list(tags)
        self.had: list[str] | None = None

    def redo(self) -> None:
        self.had = contacts.tags_of(self.contact_id)
        contacts.set_tags(self.contact_id, self.tags)
        self.ctx.events.contacts_changed.emit([self.contact_id])

    def undo(self) -> None:
        if self.had is not None:
            contacts.set_tags(self.contact_id, self.had)
            self.ctx.events.contacts_changed.emit([self.contact_id])


class CreateContactCommand(QUndoCommand):
    """Create a contact; undo deletes it, redo puts the very same row (same id) back."""

    def __init__(self, ctx: AppContext, display_name: str, **kwargs: Any) -> None:
        super().__init__(f"Add {display_name.strip() or 'contact'}")
        self.ctx, self.name, self.kwargs = ctx, display_name, kwargs
        self.contact_id: int | None = None
        self.snapshot: snapshots.Snapshot | None = None

    def redo(self) -> None:
        if self.snapshot is None:
            self.contact_id = contacts.create_contact(self.ctx.clock, self.name,
                                                      **self.kwargs).id
        else:
            snapshots.restore_snapshot(self.snapshot)
        self.ctx.events.contacts_changed.emit([self.contact_id])

    def undo(self) -> None:
        if self.contact_id is not None:
            self.snapshot = snapshots.delete_contacts([self.contact_id])
            self.ctx.events.contacts_removed.emit([self.contact_id])

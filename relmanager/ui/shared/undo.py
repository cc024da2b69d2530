"""Undoable edits: each command does its write in one transaction, remembers exactly
what it changed, and the one writer (services.writer) emits the matching data event after
the commit, so every view refreshes.

A write that fails is never shown as done. Every write goes through the writer, so
through :func:`~relmanager.store.write_guard.guarded_write` (one transaction, at most ~1 s
waiting for another program's lock); when it raises, nothing changed, no event is
emitted, the window says what was not saved and why (``events.write_failed``), and the
command marks itself obsolete, which makes QUndoStack drop it instead of keeping an undo
entry for a change that did not happen. :func:`perform` pushes a command and tells the
caller whether it happened, so no caller reports success for a failed write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from relmanager.domain.stages import Stage
from relmanager.domain.wording import who
from relmanager.services.context import AppContext
from relmanager.services.writer import Change, NotWritten
from relmanager.store import activity, contacts, event_edits, queries, snapshots
from relmanager.store.errors import DB_EXCEPTIONS, NotFoundError, StoreError


def _names(contact_ids: Sequence[int]) -> str:
    """Whom a command is about, by name ("Ada Lovelace and 2 others"), read before its
    write; "3 contacts" when the names cannot be read (the write will say why)."""
    ids = list(contact_ids)
    first = ids[:2] if len(ids) == 2 else ids[:1]
    try:
        found = queries.names_of(first)
    except DB_EXCEPTIONS:
        found = {}
    names = [found[i] for i in first if i in found]
    return who(names if len(names) == len(first) else [], len(ids))


class Outcome:
    """Whether a command's first write happened (kept by :func:`perform`, since Qt
    deletes a command that failed) and, if not, why."""

    def __init__(self) -> None:
        self.ok = True
        self.reason = ""
        #: What it wrote to was not there (deleted by another program meanwhile).
        self.missing = False


def perform(ctx: AppContext, command: StoreCommand) -> bool:
    """Push ``command`` (which does its write); True when the write happened."""
    outcome = command.outcome
    ctx.undo_stack.push(command)
    return outcome.ok


class StoreCommand(QUndoCommand):
    """Base of the commands: ``apply``/``revert`` are the store writes, ``applied``/
    ``reverted`` say what they changed (the writer emits it after the commit); failures
    are reported and drop the command."""

    def __init__(self, ctx: AppContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.outcome = Outcome()
        self._done_once = False

    # subclasses ---------------------------------------------------------------------
    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def applied(self) -> Change | None:
        """What ``apply`` changed, announced by the one writer once it committed."""
        return None

    def reverted(self) -> Change | None:
        """What ``revert`` changed (by default what apply did)."""
        return self.applied()

    # QUndoCommand -------------------------------------------------------------------
    def redo(self) -> None:
        verb = "Could not redo" if self._done_once else "Not saved"
        if self._write(self.apply, verb, self.applied):
            self._done_once = True

    def undo(self) -> None:
        self._write(self.revert, "Could not undo", self.reverted)

    def _write(self, write: Callable[[], None], verb: str,
               change: Callable[[], Change | None]) -> bool:
        try:
            self.ctx.writer.write(self.text(), write, lambda _none: change(), tell=False)
        except NotWritten as failed:
            error = failed.__cause__ if isinstance(failed.__cause__, StoreError) else failed
            self.outcome.ok, self.outcome.reason = False, str(error)
            self.outcome.missing = isinstance(error, NotFoundError)
            self.setObsolete(True)  # the stack drops it: no entry for what did not happen
            self.ctx.events.write_failed.emit(f"{verb}: {self.text()}. {_sentence(error)}")
            return False
        return True


def _sentence(error: StoreError) -> str:
    text = str(error).strip()
    return (text[:1].upper() + text[1:]) if text else "The database refused the change."


class MoveStageCommand(StoreCommand):
    """Move contacts to a stage (a board drop, a keyboard move, a bulk action)."""

    def __init__(self, ctx: AppContext, contact_ids: Sequence[int], stage: Stage,
                 names: Sequence[str] | None = None) -> None:
        # ``names``: the first one or two, when the caller holds them (the board's cards),
        # so a drop reads nothing on the UI thread before its write.
        self.who = (who(list(names), len(contact_ids)) if names is not None
                    else _names(contact_ids))
        super().__init__(ctx, f"Move {self.who} to {Stage(stage).label}")
        self.ids, self.stage = list(contact_ids), Stage(stage)
        self.record: activity.MoveRecord | None = None

    def apply(self) -> None:
        if self.record is None:
            self.record = activity.move_stage(self.ctx.clock, self.ids, self.stage)
        else:
            self.record = activity.redo_move(self.ctx.clock, self.record)

    def revert(self) -> None:
        if self.record is not None:
            activity.undo_move(self.record)

    def applied(self) -> Change | None:
        return Change.of_contacts(self.record.contact_ids) if self.record is not None else None

    @property
    def moved(self) -> int:
        return len(self.record.moves) if self.record else 0


class DeleteContactsCommand(StoreCommand):
    """Delete contacts with everything that is theirs; undo restores the same rows."""

    def __init__(self, ctx: AppContext, contact_ids: Sequence[int]) -> None:
        super().__init__(ctx, f"Delete {_names(contact_ids)}")
        self.ids = list(contact_ids)
        self.snapshot: snapshots.Snapshot | None = None

    def apply(self) -> None:
        self.snapshot = snapshots.delete_contacts(self.ids)

    def applied(self) -> Change:
        return Change(removed=tuple(self.ids))

    def revert(self) -> None:
        if self.snapshot is not None:
            snapshots.restore_snapshot(self.snapshot)

    def reverted(self) -> Change:
        return Change(contacts=(), interactions=tuple(self.ids))


class EditContactCommand(StoreCommand):
    """Change fields of one contact (and/or its emails, phones, links)."""

    def __init__(self, ctx: AppContext, contact_id: int, changes: dict[str, Any],
                 text: str = "Edit contact") -> None:
        super().__init__(ctx, text)
        self.contact_id, self.changes = contact_id, dict(changes)
        self.before: dict[str, Any] | None = None

    def apply(self) -> None:
        self.before = contacts.update_contact(self.ctx.clock, self.contact_id, **self.changes)

    def revert(self) -> None:
        if self.before is not None:
            contacts.update_contact(self.ctx.clock, self.contact_id, **self.before)

    def applied(self) -> Change:
        return Change.of_contacts([self.contact_id])


class TagContactsCommand(StoreCommand):
    def __init__(self, ctx: AppContext, contact_ids: Sequence[int], tags: Sequence[str],
                 remove: bool = False) -> None:
        verb = "Untag" if remove else "Tag"
        super().__init__(ctx, f"{verb} {_names(contact_ids)}")
        self.ids, self.tags, self.remove = list(contact_ids), list(tags), remove
        self.had: dict[int, list[str]] = {}

    def apply(self) -> None:
        self.had = {cid: contacts.tags_of(cid) for cid in self.ids}
        if self.remove:
            contacts.remove_tags(self.ids, self.tags)
        else:
            contacts.add_tags(self.ids, self.tags)

    def revert(self) -> None:
        for cid, names in self.had.items():
            contacts.set_tags(cid, names)

    def applied(self) -> Change:
        return Change.of_contacts(self.ids)


class ArchiveContactsCommand(StoreCommand):
    def __init__(self, ctx: AppContext, contact_ids: Sequence[int], archived: bool) -> None:
        super().__init__(ctx, f"{'Archive' if archived else 'Unarchive'} "
                              f"{_names(contact_ids)}")
        self.ids, self.archived = list(contact_ids), archived

    def apply(self) -> None:
        contacts.set_archived(self.ctx.clock, self.ids, self.archived)

    def revert(self) -> None:
        contacts.set_archived(self.ctx.clock, self.ids, not self.archived)

    def applied(self) -> Change:
        return Change.of_contacts(self.ids)


class LogInteractionCommand(StoreCommand):
    """Log an interaction; undo removes it (and its follow-up) and restores warmth; redo
    puts back that very event (its rows, time, uid and follow-up), not a new one."""

    def __init__(self, ctx: AppContext, contact_ids: Sequence[int], channel: str,
                 **kwargs: Any) -> None:
        super().__init__(ctx, f"Log {channel.replace('_', ' ')} with {_names(contact_ids)}")
        self.ids, self.channel, self.kwargs = list(contact_ids), channel, kwargs
        self.logged: activity.LoggedInteraction | None = None
        self.unlogged: event_edits.Unlogged | None = None

    def apply(self) -> None:
        if self.unlogged is not None:
            event_edits.relog(self.unlogged)
            self.unlogged = None
            return
        self.logged = activity.log_interaction(self.ctx.clock, self.ids, self.channel,
                                               **self.kwargs)

    def applied(self) -> Change:
        return Change(interactions=tuple(self.ids), follow_ups=bool(
            self.logged is not None and self.logged.follow_up_id))

    def revert(self) -> None:
        if self.logged is not None:
            self.unlogged = event_edits.unlog(self.logged.interaction_ids,
                                              self.logged.follow_up_id)


class SetTagsCommand(StoreCommand):
    """Replace one contact's tags (the profile's tag field); undo puts the old set back."""

    def __init__(self, ctx: AppContext, contact_id: int, tags: Sequence[str]) -> None:
        super().__init__(ctx, "Change tags")
        self.contact_id, self.tags = contact_id, list(tags)
        self.had: list[str] | None = None

    def apply(self) -> None:
        contacts.get_contact(self.contact_id)  # NotFoundError: deleted elsewhere meanwhile
        self.had = contacts.tags_of(self.contact_id)
        contacts.set_tags(self.contact_id, self.tags)

    def revert(self) -> None:
        if self.had is not None:
            contacts.set_tags(self.contact_id, self.had)

    def applied(self) -> Change:
        return Change.of_contacts([self.contact_id])


class CreateContactCommand(StoreCommand):
    """Create a contact; undo deletes it, redo puts the very same row (same id) back."""

    def __init__(self, ctx: AppContext, display_name: str, **kwargs: Any) -> None:
        super().__init__(ctx, f"Add {display_name.strip() or 'contact'}")
        self.name, self.kwargs = display_name, kwargs
        self.contact_id: int | None = None
        self.snapshot: snapshots.Snapshot | None = None

    def apply(self) -> None:
        if self.snapshot is None:
            self.contact_id = contacts.create_contact(self.ctx.clock, self.name,
                                                      **self.kwargs).id
        else:
            snapshots.restore_snapshot(self.snapshot)

    def applied(self) -> Change:
        return Change.of_contacts([self.contact_id])

    def revert(self) -> None:
        if self.contact_id is not None:
            self.snapshot = snapshots.delete_contacts([self.contact_id])

    def reverted(self) -> Change:
        return Change(removed=(self.contact_id,))

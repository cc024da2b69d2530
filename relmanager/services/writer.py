"""The one writer of the window: a store call in one bounded write transaction, then the
change signal that matches it, or a failure said once.

Pages used to call the store and emit "data changed" by hand, each its own way (one
forgot the signal, another emitted before the write had committed, a third never said a
failure). Here a write names what it changes (:class:`Change`); the signals follow from
that and only after the commit. Undoable edits go through the undo stack's commands
(relmanager.ui.shared.undo), which emit from their own applied() for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeVar

from relmanager.services.events import DataEvents
from relmanager.store import first_look
from relmanager.store.errors import StoreError, ValidationError

T = TypeVar("T")


class NotWritten(StoreError):  # noqa: N818 - reads as what happened
    """The write did not happen (the database is unchanged); the window was told why."""


class Change(NamedTuple):
    """What a write changes, so the views that show it reload. An empty ``contacts`` or
    ``interactions`` tuple with the flag set means "many or unknown": reload all."""

    contacts: tuple[int, ...] | None = None
    #: Contacts deleted (their views let go of them).
    removed: tuple[int, ...] | None = None
    interactions: tuple[int, ...] | None = None
    follow_ups: bool = False
    introductions: bool = False
    settings: bool = False

    @classmethod
    def of_contacts(cls, ids: Iterable[int] = ()) -> Change:
        return cls(contacts=tuple(ids))

    @classmethod
    def of_interactions(cls, ids: Iterable[int] = ()) -> Change:
        return cls(interactions=tuple(ids))


#: How a write's failure begins, followed by ": <what>." (the writer's own, an undo's).
FAILURE_VERBS = ("Not saved", "Could not undo", "Could not redo")

FOLLOW_UPS = Change(follow_ups=True)
INTRODUCTIONS = Change(introductions=True)
SETTINGS = Change(settings=True)


class Writer:
    """Performs writes for the window and emits their change on ``events``."""

    def __init__(self, events: DataEvents) -> None:
        self.events = events
        #: What failed and has not been written since: a later write of the same done,
        #: its failure is resolved (the banner and status bar said "Not saved" after a
        #: retry had saved it).
        self._failed: set[str] = set()

    def write(self, what: str, work: Callable[[], T],
              change: Change | Callable[[T], Change] | None = None, *,
              form: bool = False, tell: bool = True) -> T:
        """``work()`` in one write transaction (bounded wait), then ``change``'s signals
        (``change`` may be a function of the result: what a step changed depends on it).

        A failure is said on ``events.write_failed`` ("Not saved: <what>. ...") and raised
        as :class:`NotWritten`, so the caller keeps what the user entered; with ``form``, a
        :class:`ValidationError` (what was typed) propagates instead, for the form to show
        beside the field. ``tell=False``: a dialog says the failure itself, in place."""
        first_look.open_store()  # the window's first paint did not wait for it
        from relmanager.store.write_guard import guarded_write  # peewee: after that paint

        try:
            result = guarded_write(work)
        except StoreError as error:
            if form and isinstance(error, ValidationError):
                raise
            self._failed.add(what)
            if tell:
                self.events.write_failed.emit(f"Not saved: {what}. {error}")
            raise NotWritten(str(error)) from error
        if what in self._failed:
            self._failed.discard(what)
            for verb in FAILURE_VERBS:  # whichever of them was said
                self.events.status_resolved.emit(f"{verb}: {what}.")
        if callable(change):
            change = change(result)
        if change is not None:
            self.announce(change)
        return result

    def announce(self, change: Change) -> None:
        """Emit the signals of ``change`` (a write that happened elsewhere: a sync, an
        import worker, an undo), in a fixed order: removed contacts, changed ones,
        interactions, then the rest."""
        events = self.events
        if change.removed is not None:
            events.contacts_removed.emit(list(change.removed))
        if change.contacts is not None:
            events.contacts_changed.emit(list(change.contacts))
        if change.interactions is not None:
            events.interactions_changed.emit(list(change.interactions))
        if change.follow_ups:
            events.follow_ups_changed.emit()
        if change.introductions:
            events.introductions_changed.emit()
        if change.settings:
            events.settings_changed.emit()

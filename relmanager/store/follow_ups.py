"""Follow-ups: small promises ("pass on that article") with a due date, made from a
contact, from the log dialog or from an introduction; done and undone; due ones show on
Today, in the tray menu and in the digest (``domain.warmth.follow_up_due``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from relmanager.domain.clock import Clock
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import Contact, FollowUp, database
from relmanager.store.validation import clean_text


def create_follow_up(clock: Clock, contact_id: int, title: str, due_at: datetime, *,
                     note: str = "", introduction_id: int | None = None) -> FollowUp:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("a follow-up needs a title, e.g. 'send the article'")
    if not Contact.select().where(Contact.id == contact_id).exists():
        raise NotFoundError(f"no contact with id {contact_id}")
    return FollowUp.create(contact=contact_id, title=title[:500], due_at=due_at,
                           note=clean_text(note, "note"), created_at=clock.now(),
                           introduction=introduction_id)


def set_done(clock: Clock, follow_up_id: int, done: bool = True) -> FollowUp:
    follow_up = FollowUp.get_or_none(FollowUp.id == follow_up_id)
    if follow_up is None:
        raise NotFoundError(f"no follow-up {follow_up_id}")
    with database.atomic():
        follow_up.done_at = clock.now() if done else None
        follow_up.save()
    return follow_up


def for_contact(contact_id: int) -> list[FollowUp]:
    """Open ones first by due date, then done ones, newest first."""
    open_ = list(FollowUp.select().where((FollowUp.contact == contact_id)
                                         & FollowUp.done_at.is_null()).order_by(FollowUp.due_at))
    done = list(FollowUp.select().where((FollowUp.contact == contact_id)
                                        & FollowUp.done_at.is_null(False))
                .order_by(FollowUp.done_at.desc()))
    return open_ + done


@dataclass(frozen=True)
class FollowUpRow:
    """One follow-up as the profile's tab lists it: plain values, read on a worker and
    shown on the UI thread (a model row there could reach back into the store)."""

    id: int
    title: str
    note: str
    due_at: datetime
    done_at: datetime | None


def rows_for_contact(contact_id: int) -> tuple[FollowUpRow, ...]:
    """:func:`for_contact`, as plain values."""
    return tuple(FollowUpRow(f.id, f.title, f.note, f.due_at, f.done_at)
                 for f in for_contact(contact_id))


def due_before(now: datetime) -> datetime:
    """``domain.warmth.follow_up_due`` as an SQL bound: open follow-ups with ``due_at``
    before this are due (the whole of today counts). Parity-tested against the domain."""
    return datetime.combine(now.date() + timedelta(days=1), time())


def next_due_after(now: datetime) -> datetime | None:
    """When the next open follow-up falls due (the reminder service wakes then)."""
    upcoming = (FollowUp.select(FollowUp.due_at)
                .where(FollowUp.done_at.is_null() & (FollowUp.due_at > now))
                .order_by(FollowUp.due_at).first())
    return upcoming.due_at if upcoming is not None else None

"""Logging interactions and moving contacts between stages.

Both return a record of exactly what they wrote, so the GUI's undo stack can take it
back (and redo it) without guessing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from relmanager.domain.clock import Clock
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.domain.stages import Stage
from relmanager.domain.timebox import BOX_GRACE, box_span
from relmanager.store import denorm
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.in_lists import chunks
from relmanager.store.models import (
    Channel,
    Contact,
    FollowUp,
    Interaction,
    StageChange,
    TimeBoxSession,
    database,
)
from relmanager.store.validation import clean_minutes, clean_text


@dataclass(frozen=True)
class StageMove:
    """One contact's move: what it was, where it went, and the history row written."""

    contact_id: int
    from_stage: str
    to_stage: str
    change_id: int


@dataclass
class MoveRecord:
    moves: list[StageMove] = field(default_factory=list)

    @property
    def contact_ids(self) -> list[int]:
        return [m.contact_id for m in self.moves]


def channel_by_key(key: str) -> Channel:
    channel = Channel.get_or_none(Channel.key == key.strip().lower().replace("-", "_"))
    if channel is None:
        keys = ", ".join(c.key for c in Channel.select(Channel.key).order_by(Channel.richness))
        raise NotFoundError(f"unknown channel {key!r}; expected one of: {keys}")
    return channel


def move_stage(clock: Clock, contact_ids: Sequence[int], stage: Stage) -> MoveRecord:
    """Move contacts to ``stage`` in one transaction, writing a StageChange for each
    contact that actually changes. Moving back or skipping stages is allowed."""
    stage = Stage(stage)
    now = clock.now()
    record = MoveRecord()
    with database.atomic():
        rows = []
        for chunk in chunks(contact_ids):
            rows += list(Contact.select(Contact.id, Contact.stage).where(Contact.id.in_(chunk)))
        missing = set(contact_ids) - {r.id for r in rows}
        if missing:
            raise NotFoundError(f"no contact with id {min(missing)}")
        for row in rows:
            if row.stage == stage.value:
                continue
            change = StageChange.create(contact=row.id, from_stage=row.stage,
                                        to_stage=stage.value, changed_at=now)
            record.moves.append(StageMove(row.id, row.stage, stage.value, change.id))
        moved = record.contact_ids
        for chunk in chunks(moved):
            Contact.update(stage=stage.value, updated_at=now).where(
                Contact.id.in_(chunk)).execute()
        denorm.refresh_due_dates(moved)
    return record


def undo_move(record: MoveRecord) -> None:
    """Put every contact back where it was and remove the history rows the move wrote:
    an undone move did not happen."""
    with database.atomic():
        for move in record.moves:
            Contact.update(stage=move.from_stage).where(Contact.id == move.contact_id).execute()
            StageChange.delete().where(StageChange.id == move.change_id).execute()
        denorm.refresh_due_dates(record.contact_ids)


def redo_move(clock: Clock, record: MoveRecord) -> MoveRecord:
    """Replay an undone move; returns the new record (new history row ids)."""
    result = MoveRecord()
    by_target: dict[str, list[int]] = {}
    for move in record.moves:
        by_target.setdefault(move.to_stage, []).append(move.contact_id)
    for target, ids in by_target.items():
        result.moves += move_stage(clock, ids, Stage(target)).moves
    return result


#: The title of a follow-up logged with no words of its own (the Log dialog shows it in
#: the empty field, and says it when logged, so the user sees what was saved).
DEFAULT_FOLLOW_UP = "Follow up"


@dataclass
class LoggedInteraction:
    interaction_ids: list[int]
    follow_up_id: int | None = None


def session_for_logging(occurred_at: datetime) -> int | None:
    """The time-box session an interaction dated ``occurred_at`` counts towards: the box
    whose span holds that moment (``domain.timebox.BoxSpan.holds``: during the box, or
    within the grace after it). Dated by when it happened, not when it was typed: a call
    from yesterday logged now does not count towards today's box."""
    earliest = occurred_at - BOX_GRACE - timedelta(days=1)  # no box lasts over a day
    for session in (TimeBoxSession.select()
                    .where((TimeBoxSession.started_at <= occurred_at + timedelta(minutes=1))
                           & (TimeBoxSession.started_at >= earliest))
                    .order_by(TimeBoxSession.started_at.desc())):
        planned_end = session.started_at + timedelta(minutes=session.planned_minutes)
        # a running box may yet run to its planned end; a stopped one ended when stopped
        span = box_span(session.started_at, session.planned_minutes, session.ended_at,
                        planned_end)
        if span.holds(occurred_at):
            return session.id
    return None


def log_interaction(
    clock: Clock,
    contact_ids: Sequence[int],
    channel: Channel | str,
    *,
    occurred_at: datetime | None = None,
    minutes: int = 0,
    exchange: Exchange | str = Exchange.NEUTRAL,
    initiated_by: Initiator | str = Initiator.ME,
    note: str = "",
    follow_up: tuple[str, datetime] | None = None,
    timebox_session: int | None = None,
) -> LoggedInteraction:
    """Log one event with one or more contacts (one row each, sharing a group key).

    Warmth is reset from the event's own date: a back-dated coffee counts from when it
    happened, and never moves "last contact" backwards.
    """
    if not contact_ids:
        raise ValidationError("an interaction needs at least one contact")
    chan = channel if isinstance(channel, Channel) else channel_by_key(channel)
    now = clock.now()
    when = occurred_at or now
    if when > now:
        raise ValidationError("an interaction cannot be in the future")
    group = str(uuid.uuid4()) if len(contact_ids) > 1 else None
    with database.atomic():
        if timebox_session is None:
            timebox_session = session_for_logging(when)
        ids = []
        for contact_id in contact_ids:
            if not Contact.select().where(Contact.id == contact_id).exists():
                raise NotFoundError(f"no contact with id {contact_id}")
            row = Interaction.create(
                contact=contact_id, occurred_at=when, channel=chan,
                initiated_by=Initiator(initiated_by).value, exchange=Exchange(exchange).value,
                minutes=clean_minutes(minutes), note=clean_text(note, "note"), group_key=group,
                created_at=now, timebox_session=timebox_session,
            )
            ids.append(row.id)
        follow_up_id = None
        if follow_up is not None:
            title, due = follow_up
            follow_up_id = FollowUp.create(
                contact=contact_ids[0], title=clean_text(title, "follow-up").strip() or
                DEFAULT_FOLLOW_UP, due_at=due, created_at=now, interaction=ids[0]).id
        denorm.refresh_last_interaction(contact_ids)
        denorm.refresh_due_dates(contact_ids)
    return LoggedInteraction(ids, follow_up_id)


def delete_interactions(interaction_ids: Sequence[int]) -> None:
    with database.atomic():
        contact_ids = [i.contact_id for i in Interaction.select(Interaction.contact)
                       .where(Interaction.id.in_(list(interaction_ids)))]
        Interaction.delete().where(Interaction.id.in_(list(interaction_ids))).execute()
        denorm.refresh_last_interaction(set(contact_ids))
        denorm.refresh_due_dates(set(contact_ids))

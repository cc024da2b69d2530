"""Introductions from request to closed loop, each step dated, and the interactions the
steps are: asking the target's consent is a conversation with them, making the
introduction is a give to both sides, following up talks to both.

A null requester, target or introducer means the user. When the user is the one being
introduced (the introducer is a contact), "made" is a receive from the introducer, and the
follow-up is to report back to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from relmanager.domain.clock import Clock
from relmanager.domain.introductions import (
    FOLLOW_UP_AFTER_DAYS,
    IntroStatus,
    can_move,
    consent_is_yours_to_ask,
    consent_warning,
)
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.store import activity, event_edits
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import Contact, Introduction, database
from relmanager.store.validation import clean_text

#: The channel an introduction step is logged on unless the caller says otherwise.
DEFAULT_CHANNEL = "email"


def create_introduction(clock: Clock, *, requester_id: int | None, target_id: int | None,
                        introducer_id: int | None = None, reason_requester: str = "",
                        reason_target: str = "", note: str = "") -> Introduction:
    """Record a request: "X would like to meet Y" (the user introduces), or "ask X to
    introduce me to Y" (``introducer_id`` set, ``requester_id`` None: the user)."""
    people = [p for p in (requester_id, target_id, introducer_id) if p is not None]
    if requester_id is not None and requester_id == target_id:
        raise ValidationError("an introduction needs two different people")
    if len(people) < 1 or len(set(people)) != len(people):
        raise ValidationError("an introduction needs two different people and an introducer")
    for person in people:
        if not Contact.select().where(Contact.id == person).exists():
            raise NotFoundError(f"no contact with id {person}")
    return Introduction.create(
        requester=requester_id, target=target_id, introducer=introducer_id,
        reason_requester=clean_text(reason_requester, "reason"),
        reason_target=clean_text(reason_target, "reason"), note=clean_text(note, "note"),
        status=IntroStatus.REQUESTED.value, requested_at=clock.now())


@dataclass(frozen=True)
class StepResult:
    introduction: Introduction
    warning: str | None  # e.g. made without the target's consent
    interaction_ids: list[int]
    #: The columns the step wrote, as they were before it: what :func:`undo_step` puts
    #: back (the status, the step's date, the check-in day, the outcome).
    before: dict[str, Any] = field(default_factory=dict)


def advance(clock: Clock, introduction_id: int, status: IntroStatus, *,
            outcome: str = "", channel: str = DEFAULT_CHANNEL) -> StepResult:
    """Move to ``status`` (one of the allowed next steps), date it, and log what the step
    is as interactions, all in one transaction."""
    intro = Introduction.get_or_none(Introduction.id == introduction_id)
    if intro is None:
        raise NotFoundError(f"no introduction {introduction_id}")
    current = IntroStatus(intro.status)
    if not can_move(current, status):
        raise ValidationError(f"an introduction cannot go from {current.label.lower()} to "
                              f"{status.label.lower()}")
    now = clock.now()
    warning = (consent_warning(intro.consent_given_at is not None, status)
               if consent_is_yours_to_ask(intro.target_id, intro.introducer_id) else None)
    logged: list[int] = []
    before = {name: getattr(intro, name) for name in
              ("status", status.date_field, "outcome", "follow_up_due_at")}
    with database.atomic():
        setattr(intro, status.date_field, now)
        intro.status = status.value
        if outcome:
            intro.outcome = clean_text(outcome, "outcome")
        if status is IntroStatus.MADE:
            intro.follow_up_due_at = now + timedelta(days=FOLLOW_UP_AFTER_DAYS)
        if status in (IntroStatus.FOLLOWED_UP, IntroStatus.CLOSED, IntroStatus.DECLINED):
            intro.follow_up_due_at = None
        intro.save()
        logged = _log_step(clock, intro, status, channel)
    return StepResult(intro, warning, logged, before)


@dataclass(frozen=True)
class UndoneStep:
    """A step taken back: the columns as the step had left them and the interactions it
    logged, so a redo puts back that very step (its date, its check-in day, the same
    events, a synced one patched into the server's text) rather than taking it again: a
    new date and new events, another client's additions to them lost."""

    after: dict[str, Any]
    logged: event_edits.DeletedRows


def undo_step(introduction_id: int, step: IntroStatus, result: StepResult) -> UndoneStep:
    """Take back a step made by mistake, in one transaction: the introduction returns to
    where it was (its status, that step's date, the check-in day, the outcome) and the
    interactions the step logged are removed, so the history does not say an
    introduction was made, or a follow-up asked, that never was. Refused when the
    introduction has moved on since (another step, here or in another process)."""
    with database.atomic():
        intro = _at(introduction_id, step.value)
        after = {name: getattr(intro, name) for name in result.before}
        Introduction.update(**result.before).where(
            Introduction.id == introduction_id).execute()
        logged = event_edits.delete_rows(result.interaction_ids)
    return UndoneStep(after, logged)


def redo_step(introduction_id: int, result: StepResult, undone: UndoneStep) -> None:
    """Put back a step :func:`undo_step` took back, as it was. Refused when the
    introduction is no longer where the step found it (moved on in another process)."""
    with database.atomic():
        _at(introduction_id, result.before["status"])
        Introduction.update(**undone.after).where(
            Introduction.id == introduction_id).execute()
        event_edits.restore_rows(undone.logged)


def _at(introduction_id: int, status: str) -> Introduction:
    """The introduction, which must be at ``status`` (an undo or redo of a step would
    otherwise rewind or repeat a newer one)."""
    intro = Introduction.get_or_none(Introduction.id == introduction_id)
    if intro is None:
        raise NotFoundError(f"no introduction {introduction_id}")
    if intro.status != status:
        raise ValidationError(
            f"the introduction has moved on to {IntroStatus(intro.status).label.lower()} "
            f"since; it is no longer at {IntroStatus(status).label.lower()}")
    return intro


def _names(intro: Introduction) -> tuple[str, str]:
    requester = intro.requester.display_name if intro.requester_id else "me"
    target = intro.target.display_name if intro.target_id else "me"
    return requester, target


def _made_by_them_note(intro: Introduction, requester: str, target: str) -> str:
    """What the introducer did, in the history: two of the user's contacts introduced
    to each other read "Introduced me to Ben" (the user met nobody), and an introduction
    to someone not among the contacts "Introduced me to me"."""
    if intro.requester_id and intro.target_id:
        return f"Introduced {requester} to {target}"
    if intro.requester_id or intro.target_id:
        return f"Introduced me to {target if intro.target_id else requester}"
    return "Introduced me to someone new"


def _log_step(clock: Clock, intro: Introduction, status: IntroStatus,
              channel: str) -> list[int]:
    requester, target = _names(intro)
    sides = [p for p in (intro.requester_id, intro.target_id) if p is not None]
    if intro.introducer_id is not None:  # someone else makes it: a favour to the user
        if status is IntroStatus.MADE:
            return activity.log_interaction(
                clock, [intro.introducer_id], channel, exchange=Exchange.RECEIVE,
                initiated_by=Initiator.THEM, note=_made_by_them_note(intro, requester, target)
            ).interaction_ids
        if status is IntroStatus.FOLLOWED_UP:
            return activity.log_interaction(
                clock, [intro.introducer_id], channel, exchange=Exchange.GIVE,
                note="Reported back on the introduction").interaction_ids
        return []
    if status is IntroStatus.CONSENT_ASKED and intro.target_id is not None:
        return activity.log_interaction(
            clock, [intro.target_id], channel,
            note=f"Asked whether they would like to meet {requester}").interaction_ids
    if status is IntroStatus.MADE and sides:
        return activity.log_interaction(
            clock, sides, channel, exchange=Exchange.GIVE,
            note=f"Introduced {requester} and {target}").interaction_ids
    if status is IntroStatus.FOLLOWED_UP and sides:
        return activity.log_interaction(
            clock, sides, channel, note=f"Asked how the introduction of {requester} and "
                                        f"{target} went").interaction_ids
    return []


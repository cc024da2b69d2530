"""The reads behind a meeting brief (issue 24, item 6): one person's intent, meeting,
common ground, last interactions, open follow-ups and asks, give and take, introductions
under way and stage, as frozen records (domain.brief) with no model objects left behind,
so the dialog can read them on a worker thread. A handful of indexed reads per person.
"""

from __future__ import annotations

from datetime import datetime

from relmanager.domain.brief import (
    LAST_INTERACTIONS,
    BriefFollowUp,
    BriefInteraction,
    PersonBrief,
)
from relmanager.domain.introductions import OPEN_STATUSES, IntroStatus
from relmanager.domain.reciprocity import Exchange
from relmanager.store import reciprocity
from relmanager.store.errors import NotFoundError
from relmanager.store.models import (
    Channel,
    Contact,
    ContactTag,
    FollowUp,
    Interaction,
    Introduction,
    Tag,
)
from relmanager.store.upcoming import Meeting

#: The user's asks a brief lists (the most recent, within the balance's year).
ASKS_SHOWN = 3


def _interactions(query, contact_id: int  # type: ignore[no-untyped-def]
                  ) -> tuple[BriefInteraction, ...]:
    """The interactions with, for a group one, the others there by name (in name order):
    "with 2 others" left the user to guess whom they met."""
    rows = list(query.tuples())
    groups = [g for *_rest, g in rows if g]
    others: dict[str, list[str]] = {}
    if groups:
        for group, cid, name in (Interaction.select(Interaction.group_key, Contact.id,
                                                    Contact.display_name)
                                 .join(Contact, on=(Interaction.contact == Contact.id))
                                 .where(Interaction.group_key.in_(groups))
                                 .order_by(Contact.display_name, Contact.id).tuples()):
            if cid != contact_id:
                others.setdefault(group, []).append(name)
    return tuple(BriefInteraction(when, channel, minutes, exchange, note,
                                  len(others.get(group, ())) if group else 0,
                                  tuple(others.get(group, ())) if group else ())
                 for when, channel, minutes, exchange, note, group in rows)


def _names(ids: set[int]) -> dict[int, str]:
    return dict(Contact.select(Contact.id, Contact.display_name)
                .where(Contact.id.in_(list(ids))).tuples()) if ids else {}


def _introductions(contact_id: int) -> tuple[str, ...]:
    rows = list(Introduction.select(Introduction.requester, Introduction.target,
                                    Introduction.introducer, Introduction.status)
                .where(((Introduction.requester == contact_id)
                        | (Introduction.target == contact_id)
                        | (Introduction.introducer == contact_id))
                       & Introduction.status.in_([s.value for s in OPEN_STATUSES]))
                .order_by(Introduction.requested_at).tuples())
    names = _names({p for r in rows for p in r[:3] if p is not None})
    lines = []
    for requester, target, introducer, status in rows:
        asks = names.get(requester, "you") if requester else "you"
        meets = names.get(target, "you") if target else "you"
        via = names.get(introducer, "you") if introducer else "you"
        lines.append(f"{asks} → {meets} (through {via}): "
                     f"{IntroStatus(status).label.lower()}")
    return tuple(lines)


def person_brief(contact_id: int, now: datetime) -> PersonBrief:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFoundError(f"no contact with id {contact_id}")
    introducer = ""
    if contact.introduced_by_id is not None:
        introducer = _names({contact.introduced_by_id}).get(contact.introduced_by_id, "")
    tags = tuple(name for (name,) in Tag.select(Tag.name).join(ContactTag)
                 .where(ContactTag.contact == contact_id).order_by(Tag.name).tuples())
    base = (Interaction.select(Interaction.occurred_at, Channel.name, Interaction.minutes,
                               Interaction.exchange, Interaction.note, Interaction.group_key)
            .join(Channel)
            .where((Interaction.contact == contact_id) & (Interaction.occurred_at <= now)))
    last = _interactions(base.order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
                         .limit(LAST_INTERACTIONS), contact_id)
    asks = _interactions(base.where((Interaction.exchange == Exchange.ASK.value)
                                    & (Interaction.occurred_at > now - reciprocity.WINDOW))
                         .order_by(Interaction.occurred_at.desc()).limit(ASKS_SHOWN),
                         contact_id)
    follow_ups = tuple(BriefFollowUp(title, due) for title, due in
                       FollowUp.select(FollowUp.title, FollowUp.due_at)
                       .where((FollowUp.contact == contact_id) & FollowUp.done_at.is_null())
                       .order_by(FollowUp.due_at).tuples())
    return PersonBrief(
        contact.id, contact.display_name, contact.organisation, contact.stage, contact.intent,
        contact.how_met, contact.where_met, contact.met_on, introducer, tags, last,
        follow_ups, asks, reciprocity.last_year(contact_id, now), _introductions(contact_id))


def meeting_briefs(meeting: Meeting, now: datetime) -> tuple[PersonBrief, ...]:
    """A brief per person at a meeting, in the meeting's name order."""
    return tuple(person_brief(cid, now) for cid, _name in meeting.people)

"""What the Introductions page reads: introductions with their three people's names, as
frozen values (one query: fetching the people lazily per painted cell cost a query each,
130 ms for a screenful)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from relmanager.domain.introductions import OPEN_STATUSES
from relmanager.store.models import Contact, Introduction

#: The most rows the page lists.
LIMIT = 5000


@dataclass(frozen=True)
class Person:
    id: int
    display_name: str


@dataclass(frozen=True)
class IntroRow:
    """One introduction as the page shows it; a person None is the user ("you")."""

    id: int
    status: str
    requester: Person | None
    target: Person | None
    introducer: Person | None
    reason_requester: str
    reason_target: str
    requested_at: datetime
    consent_asked_at: datetime | None
    consent_given_at: datetime | None
    declined_at: datetime | None
    made_at: datetime | None
    followed_up_at: datetime | None
    closed_at: datetime | None
    follow_up_due_at: datetime | None
    outcome: str
    note: str

    @property
    def requester_id(self) -> int | None:
        return self.requester.id if self.requester else None

    @property
    def target_id(self) -> int | None:
        return self.target.id if self.target else None

    @property
    def introducer_id(self) -> int | None:
        return self.introducer.id if self.introducer else None


_ROLES = ("requester", "target", "introducer")
_TIMES = ("requested_at", "consent_asked_at", "consent_given_at", "declined_at", "made_at",
          "followed_up_at", "closed_at", "follow_up_due_at")


def rows(show: str) -> list[IntroRow]:
    """The introductions ``show`` asks for ("open", "all" or one status), newest first
    (run on the page's worker)."""
    people = {name: Contact.alias() for name in _ROLES}
    query = Introduction.select(Introduction, *(
        column for alias in people.values() for column in (alias.id, alias.display_name)))
    for name, alias in people.items():
        query = query.join_from(Introduction, alias, pw.JOIN.LEFT_OUTER,
                                on=(getattr(Introduction, name) == alias.id), attr=name)
    query = query.order_by(Introduction.requested_at.desc())
    if show == "open":  # neither closed nor declined: a declined one waits for nothing
        query = query.where(Introduction.status.in_(sorted(OPEN_STATUSES)))
    elif show != "all":
        query = query.where(Introduction.status == show)

    def person(row: Introduction, role: str) -> Person | None:
        contact = getattr(row, role)
        return Person(contact.id, contact.display_name) if contact is not None else None

    return [IntroRow(id=row.id, status=row.status,
                     **{role: person(row, role) for role in _ROLES},
                     reason_requester=row.reason_requester, reason_target=row.reason_target,
                     **{name: getattr(row, name) for name in _TIMES},
                     outcome=row.outcome, note=row.note)
            for row in query.limit(LIMIT)]

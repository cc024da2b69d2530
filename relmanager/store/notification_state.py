"""Persisted announcement state: what was already shown, and what is snoozed.

Kept in the database (not QSettings) so a restart never repeats a notification already
shown and a crossing that happened while the app was closed is announced once at start.
"""

from __future__ import annotations

from datetime import datetime

from relmanager.store.models import NotificationState, database


def announced_keys() -> set[tuple[str, str, str]]:
    """Every (kind, subject, occurrence) already shown, in one read: a first check on a
    big imported network weighs thousands of crossings, one query each would take seconds."""
    return set(NotificationState.select(
        NotificationState.kind, NotificationState.subject, NotificationState.occurrence)
        .where(NotificationState.announced_at.is_null(False)).tuples())


def mark_announced(items: list[tuple[str, str, str]], now: datetime) -> None:
    """Record a digest's items in one transaction, replacing older crossings."""
    rows = [{"kind": k, "subject": s, "occurrence": o, "announced_at": now} for k, s, o in items]
    with database.atomic():
        for start in range(0, len(rows), 500):
            (NotificationState.insert_many(rows[start:start + 500])
             .on_conflict(conflict_target=[NotificationState.kind, NotificationState.subject],
                          preserve=[NotificationState.occurrence,
                                    NotificationState.announced_at])
             .execute())


def snooze(kind: str, subject: str, until: datetime) -> None:
    """Silence one subject (e.g. a contact going cold) until ``until``."""
    with database.atomic():
        row = NotificationState.get_or_none(
            (NotificationState.kind == kind) & (NotificationState.subject == subject))
        if row is None:
            NotificationState.create(kind=kind, subject=subject, snoozed_until=until)
        else:
            row.snoozed_until = until
            row.save()

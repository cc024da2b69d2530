"""Persisted announcement state: what was already shown, and what is snoozed.

Kept in the database (not QSettings) so a restart never repeats a notification already
shown and a crossing that happened while the app was closed is announced once at start.
"""

from __future__ import annotations

from datetime import datetime

from relmanager.store.models import NotificationState, database


def already_announced(kind: str, subject: str, occurrence: str) -> bool:
    """True when this exact crossing (kind, subject, occurrence) was shown before."""
    row = NotificationState.get_or_none(
        (NotificationState.kind == kind) & (NotificationState.subject == subject))
    return row is not None and row.occurrence == occurrence and row.announced_at is not None


def is_snoozed(kind: str, subject: str, now: datetime) -> bool:
    row = NotificationState.get_or_none(
        (NotificationState.kind == kind) & (NotificationState.subject == subject))
    return bool(row and row.snoozed_until and row.snoozed_until > now)


def mark_announced(items: list[tuple[str, str, str]], now: datetime) -> None:
    """Record a digest's items in one transaction, replacing older crossings."""
    with database.atomic():
        for kind, subject, occurrence in items:
            row = NotificationState.get_or_none(
                (NotificationState.kind == kind) & (NotificationState.subject == subject))
            if row is None:
                NotificationState.create(kind=kind, subject=subject, occurrence=occurrence,
                                         announced_at=now)
            else:
                row.occurrence = occurrence
                row.announced_at = now
                row.save()


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

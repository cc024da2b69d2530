"""Finding likely duplicates in the database, and remembering "not duplicates".

The rules are :mod:`relmanager.domain.duplicates`; this module reads what they need
(three narrow queries, no per-contact round trips; the window runs it on a worker
thread, since 100,000 contacts take seconds) and keeps the pairs the user dismissed in
the settings table, by uid, so that the answer survives a restart, a sync and the
contacts' ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from relmanager.domain.duplicates import Group, Person, find_groups, pair_key
from relmanager.store import settings
from relmanager.store.models import Contact, ContactEmail, ContactPhone, database

DISMISSED_KEY = "duplicates.not_duplicates"


def people(include_archived: bool = True) -> list[Person]:
    emails: dict[int, list[str]] = defaultdict(list)
    phones: dict[int, list[str]] = defaultdict(list)
    for owner, email in ContactEmail.select(ContactEmail.contact, ContactEmail.email).tuples():
        emails[owner].append(email)
    for owner, number in ContactPhone.select(ContactPhone.contact,
                                             ContactPhone.number).tuples():
        phones[owner].append(number)
    query = Contact.select(Contact.id, Contact.uid, Contact.display_name, Contact.organisation)
    if not include_archived:
        query = query.where(Contact.archived == False)  # noqa: E712 (SQL, not Python)
    return [Person(i, uid, name, org, tuple(emails.get(i, ())), tuple(phones.get(i, ())))
            for i, uid, name, org in query.order_by(Contact.id).tuples()]


def dismissed() -> set[tuple[str, str]]:
    return {pair_key(a, b) for a, b in settings.get_value(DISMISSED_KEY, [])}


def find(cancelled: Callable[[], bool] | None = None) -> list[Group]:
    """Groups of likely duplicates, less the pairs the user dismissed. Read in one
    snapshot, so a write meanwhile cannot pair a contact with one already gone."""
    with database.atomic("DEFERRED"):
        found = people()
        refused = dismissed()
    if cancelled is not None and cancelled():
        return []
    return find_groups(found, refused)


def uids_of(contact_ids: Sequence[int]) -> dict[int, str]:
    return dict(Contact.select(Contact.id, Contact.uid)
                .where(Contact.id.in_(list(contact_ids))).tuples())


def dismiss(contact_ids: Sequence[int]) -> list[tuple[str, str]]:
    """Remember that these contacts are different people (every pair of them); returns
    the pairs newly remembered (for undo)."""
    uids = sorted(uids_of(contact_ids).values())
    with database.atomic():
        known = dismissed()
        fresh = [pair_key(a, b) for n, a in enumerate(uids) for b in uids[n + 1:]
                 if pair_key(a, b) not in known]
        if fresh:
            settings.set_value(DISMISSED_KEY, sorted(known | set(fresh)))
    return fresh


def undismiss(pairs: Sequence[tuple[str, str]]) -> None:
    with database.atomic():
        drop = {pair_key(a, b) for a, b in pairs}
        settings.set_value(DISMISSED_KEY, sorted(dismissed() - drop))

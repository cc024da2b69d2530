"""Finding likely duplicates in the database, and remembering "not duplicates".

The rules are :mod:`relmanager.domain.duplicates`; this module reads what they need
(three narrow queries, no per-contact round trips; the window runs it on a worker
thread, since 100,000 contacts take seconds) and keeps the groups the user dismissed in
the settings table, by uid, so that the answer survives a restart, a sync and the
contacts' ids. One entry per dismissed group (a list of uids), so a group of 3,000
stores 3,000 uids, not 4.5 million pairs; the pairs older versions stored are the same
format (groups of two) and are compacted into their groups on the next dismissal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from relmanager.domain.duplicates import Group, Person, compact_dismissed, find_groups
from relmanager.store import settings
from relmanager.store.models import Contact, ContactEmail, ContactPhone, database

DISMISSED_KEY = "duplicates.not_duplicates"  # migrations.DISMISSED_DUPLICATES too


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


#: What undoes a dismissal: the group it added (if any) and the entries it replaced.
Dismissal = tuple[list[str] | None, list[list[str]]]


def dismissed() -> list[list[str]]:
    """The dismissed groups as stored (older pairs included), each a list of uids."""
    return [list(entry) for entry in settings.get_value(DISMISSED_KEY, [])]


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


def dismiss(contact_ids: Sequence[int]) -> Dismissal:
    """Remember that these contacts are different people (as one group); returns what
    undoes it. Entries the new group covers (and old pairs) are folded into it."""
    uids = sorted(set(uids_of(contact_ids).values()))
    with database.atomic():
        known = dismissed()
        if len(uids) < 2 or any(set(uids) <= set(entry) for entry in known):
            return (None, [])
        kept = compact_dismissed([*known, uids])
        gone = [entry for entry in known if sorted(entry) not in kept]
        settings.set_value(DISMISSED_KEY, kept)
    return (uids, gone)


def undismiss(undo: Dismissal) -> None:
    """Forget a dismissal again: its group goes, the entries it replaced come back."""
    group, replaced = undo
    with database.atomic():
        entries = [e for e in dismissed() if group is None or sorted(e) != group]
        settings.set_value(DISMISSED_KEY, [*entries, *replaced])

"""Showing one contact in the list without throwing away the user's filters.

Opening a contact from Today, the tray or the New-contact dialog used to clear every
filter and set the archive filter to "All": after creating someone the list showed
archived people and disagreed with the status bar's count. A contact that matches the
filters (one just created matches "Active") only needs the list re-read; one that does
not widens them as little as it can: the archive filter goes to the contact's own side.
"""

from __future__ import annotations

from datetime import datetime

from relmanager.store import errors
from relmanager.ui.contacts.filter_bar import FilterBar

ALL = 2  # the archive filter's "All"


def matches(filters: FilterBar, contact_id: int, now: datetime) -> bool:
    """Whether the contact is one of the rows the current filters select."""
    from relmanager.store import queries  # peewee: not before the first paint

    flt = filters.current_filter()._replace(ids=[contact_id])
    try:
        return queries.count(flt, now) > 0
    except errors.DB_EXCEPTIONS:  # the list's own read follows, and says what failed
        return True


def widen_for(filters: FilterBar, contact_id: int, now: datetime) -> bool:
    """Clear the filters that hide ``contact_id`` (without emitting ``changed``: the
    caller re-reads once); True when anything was cleared."""
    if matches(filters, contact_id, now):
        return False
    from relmanager.store import queries

    try:
        archived = queries.archived_of(contact_id)
    except errors.DB_EXCEPTIONS:
        archived = None
    showing_all = filters.archived.currentIndex() == ALL
    filters.blockSignals(True)
    filters.clear()  # everything, archived and active
    if archived is not None and not showing_all:
        filters.archived.setCurrentIndex(1 if archived else 0)
    filters.blockSignals(False)
    return True

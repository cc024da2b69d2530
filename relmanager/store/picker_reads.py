"""What a contact picker reads as the user types, in one call made on a worker.

The picker (:mod:`relmanager.ui.shared.contact_picker`) ran the list's search and read
the matches' rows on the UI thread at every pause in typing, and again on Enter, and once
more to say why Enter added nobody: on 100,000 contacts a text that matches little scans
them all, a stall at each keystroke. Everything it shows for one typed text now comes
from :func:`suggestions`, on the picker's worker.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from relmanager.store import queries
from relmanager.store.models import Contact


class Suggestions(NamedTuple):
    """The answer for ``text``: the matches to offer, best first, as (id, name,
    organisation), and the matches left out (excluded), as (id, name), so the picker can
    say why Enter picked nobody."""

    text: str
    offered: list[tuple[int, str, str]]
    excluded: list[tuple[int, str]]


def _names(ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = (Contact.select(Contact.id, Contact.display_name, Contact.organisation)
            .where(Contact.id.in_(ids)).tuples()) if ids else []
    return {cid: (name, organisation or "") for cid, name, organisation in rows}


def suggestions(text: str, exclude: Collection[int], now: datetime,
                limit: int) -> Suggestions:
    """The first ``limit`` contacts the search finds for ``text`` (archived ones too), in
    the list's name order, those in ``exclude`` set apart."""
    ids = queries.contact_ids(queries.ContactFilter(text=text, archived=None), now,
                              limit=limit + len(exclude))
    offered = [i for i in ids if i not in exclude][:limit]
    left_out = [i for i in ids if i in exclude]
    names = _names(offered + left_out)
    return Suggestions(
        text,
        [(i, *names[i]) for i in offered if i in names],
        [(i, names[i][0]) for i in left_out if i in names])

"""Everything the contact profile shows of one contact, read in one call on a worker.

The profile read the contact, its interaction history (every interaction, with the other
participants of each group event) and its stage moves on the UI thread, on each click in
the list: a contact with tens of thousands of logged interactions froze the window for
as long. The profile now hands this one call to the Contacts page's background reader and
shows the answer when it lands (:mod:`relmanager.ui.contacts.contact_profile`). Its
Follow-ups and Give & take tabs read on the UI thread on each selection too; their rows and
balances come in the same call, so the whole profile lands at once (no tab showing the
contact before under the new one's name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from relmanager.domain.reciprocity import Balance
from relmanager.store import follow_ups, history_reads, reciprocity
from relmanager.store.follow_ups import FollowUpRow
from relmanager.store.history_reads import InteractionEntry, StageEntry
from relmanager.store.profile_reads import Profile, profile


@dataclass(frozen=True)
class ProfileBundle:
    """One contact as of one read: None for ``contact`` when it is gone (deleted)."""

    contact_id: int
    contact: Profile | None
    interactions: tuple[InteractionEntry, ...] = ()
    stages: tuple[StageEntry, ...] = ()
    follow_ups: tuple[FollowUpRow, ...] = ()
    #: The give-and-take of the last year as of the read's ``now``, and of all time.
    balances: tuple[Balance, Balance] | None = None


def read_balances(contact_id: int, now: datetime) -> tuple[Balance, Balance]:
    """The Give & take tab's two balances: the last year's and all time's."""
    return reciprocity.last_year(contact_id, now), reciprocity.ever(contact_id)


def read_bundle(contact_id: int, now: datetime) -> ProfileBundle:
    """The contact, its histories, follow-ups and balances (none for a contact gone)."""
    contact = profile(contact_id)
    if contact is None:
        return ProfileBundle(contact_id, None)
    return ProfileBundle(contact_id, contact,
                         tuple(history_reads.interactions(contact_id)),
                         tuple(history_reads.stage_changes(contact_id)),
                         follow_ups.rows_for_contact(contact_id),
                         (reciprocity.last_year(contact_id, now), contact.give_take))

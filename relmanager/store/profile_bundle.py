"""Everything the contact profile shows of one contact, read in one call on a worker.

The profile read the contact, its interaction history (every interaction, with the other
participants of each group event) and its stage moves on the UI thread, on each click in
the list: a contact with tens of thousands of logged interactions froze the window for
as long. The profile now hands this one call to the Contacts page's background reader and
shows the answer when it lands (:mod:`relmanager.ui.contacts.contact_profile`).
"""

from __future__ import annotations

from dataclasses import dataclass

from relmanager.store import history_reads
from relmanager.store.history_reads import InteractionEntry, StageEntry
from relmanager.store.profile_reads import Profile, profile


@dataclass(frozen=True)
class ProfileBundle:
    """One contact as of one read: None for ``contact`` when it is gone (deleted)."""

    contact_id: int
    contact: Profile | None
    interactions: tuple[InteractionEntry, ...] = ()
    stages: tuple[StageEntry, ...] = ()


def read_bundle(contact_id: int) -> ProfileBundle:
    """The contact and its histories (no history for a contact that is gone)."""
    contact = profile(contact_id)
    if contact is None:
        return ProfileBundle(contact_id, None)
    return ProfileBundle(contact_id, contact,
                         tuple(history_reads.interactions(contact_id)),
                         tuple(history_reads.stage_changes(contact_id)))

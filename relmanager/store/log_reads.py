"""What the log dialog reads, in calls made on its worker, never on the UI thread.

The dialog read the channel table when it opened, the chosen contact's name for its
picker, and, on every change of contact, channel or give-or-take, the contact's stage and
every interaction's exchange (50,000 strings for a long history, on the UI thread, to
count four kinds). It now reads what it needs once per contact, with the counting done in
SQL, and recomputes the advice from that on every change.
"""

from __future__ import annotations

from dataclasses import dataclass

from relmanager.domain.channels import ChannelSpec
from relmanager.domain.reciprocity import Balance
from relmanager.store import channel_reads, reciprocity
from relmanager.store.profile_reads import name_and_organisation, stage_of


@dataclass(frozen=True)
class AdviceFacts:
    """What the advice line needs of a contact: its stage and its give-and-take."""

    contact_id: int
    stage: str
    give_take: Balance


@dataclass(frozen=True)
class LogOpening:
    """What the dialog shows when it opens: the channels, and the contact it was opened
    for (its picker's label, None when gone; its advice facts)."""

    channels: tuple[ChannelSpec, ...]
    label: tuple[str, str] | None = None
    facts: AdviceFacts | None = None


def advice_facts(contact_id: int) -> AdviceFacts | None:
    """None when there is no such contact (deleted meanwhile)."""
    stage = stage_of(contact_id)
    if stage is None:
        return None
    return AdviceFacts(contact_id, stage, reciprocity.ever(contact_id))


def opening(contact_id: int | None) -> LogOpening:
    channels = tuple(channel_reads.channels())
    if not contact_id:
        return LogOpening(channels)
    return LogOpening(channels, name_and_organisation(contact_id), advice_facts(contact_id))

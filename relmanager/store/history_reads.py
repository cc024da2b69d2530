"""What the profile's histories read: a contact's interactions and stage moves, as
frozen values, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from relmanager.store.models import Channel, Interaction, StageChange


@dataclass(frozen=True)
class InteractionEntry:
    id: int
    occurred_at: datetime
    channel_key: str
    channel_name: str
    richness: int
    channel_kind: str
    two_way: bool
    exchange: str
    initiated_by: str
    minutes: int | None
    note: str


@dataclass(frozen=True)
class StageEntry:
    id: int
    changed_at: datetime
    from_stage: str | None
    to_stage: str


def interactions(contact_id: int) -> list[InteractionEntry]:
    rows = (Interaction.select(Interaction.id, Interaction.occurred_at, Channel.key,
                               Channel.name, Channel.richness, Channel.kind,
                               Channel.two_way, Interaction.exchange,
                               Interaction.initiated_by, Interaction.minutes,
                               Interaction.note)
            .join(Channel).where(Interaction.contact == contact_id)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).tuples())
    return [InteractionEntry(*row) for row in rows]


def stage_changes(contact_id: int) -> list[StageEntry]:
    rows = (StageChange.select(StageChange.id, StageChange.changed_at,
                               StageChange.from_stage, StageChange.to_stage)
            .where(StageChange.contact == contact_id)
            .order_by(StageChange.changed_at.desc(), StageChange.id.desc()).tuples())
    return [StageEntry(*row) for row in rows]

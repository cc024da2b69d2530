"""Channels and their richness (Daft and Lengel's media richness theory).

Face to face is richest, then video, voice, personal written text, and impersonal or
broadcast media last. Matching richness to relationship maturity is the point: email is
never the channel before recognition, and broadcast channels do not advance a
relationship by themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from relmanager.domain.stages import Stage


class ChannelKind(StrEnum):
    FACE_TO_FACE = "face_to_face"
    VIDEO = "video"
    VOICE = "voice"
    WRITTEN_PERSONAL = "written_personal"
    BROADCAST = "broadcast"

    @property
    def label(self) -> str:
        return {
            ChannelKind.FACE_TO_FACE: "Face to face",
            ChannelKind.VIDEO: "Video",
            ChannelKind.VOICE: "Voice",
            ChannelKind.WRITTEN_PERSONAL: "Personal written",
            ChannelKind.BROADCAST: "Broadcast",
        }[self]

    @property
    def richness_words(self) -> str:
        """How rich the kind is, in words where more reads as more: "richest" for face
        to face down to "leanest" for broadcasts. A rank ("1/12" for a one-on-one,
        "12/12" for a blog) read backwards to people who took it for a score."""
        return {
            ChannelKind.FACE_TO_FACE: "richest",
            ChannelKind.VIDEO: "very rich",
            ChannelKind.VOICE: "rich",
            ChannelKind.WRITTEN_PERSONAL: "lean",
            ChannelKind.BROADCAST: "leanest",
        }[self]


#: Richness band of each kind; a channel's own rank sits inside its kind's band.
KIND_ORDER: tuple[ChannelKind, ...] = tuple(ChannelKind)


@dataclass(frozen=True)
class ChannelSpec:
    key: str
    name: str
    kind: ChannelKind
    richness: int  # 1 is richest
    two_way: bool
    min_stage: Stage = Stage.ENCOUNTER


BUILTIN_CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec("one_on_one", "One-on-one", ChannelKind.FACE_TO_FACE, 1, True),
    ChannelSpec("meeting", "Physical meeting", ChannelKind.FACE_TO_FACE, 2, True),
    ChannelSpec("video", "Video conference", ChannelKind.VIDEO, 3, True),
    ChannelSpec("phone", "Phone call", ChannelKind.VOICE, 4, True),
    ChannelSpec("voicemail", "Voicemail", ChannelKind.VOICE, 5, False),
    ChannelSpec(
        "instant_message", "Instant message", ChannelKind.WRITTEN_PERSONAL, 6, True
    ),
    ChannelSpec("text_message", "Text message", ChannelKind.WRITTEN_PERSONAL, 7, True),
    ChannelSpec(
        "email", "Email", ChannelKind.WRITTEN_PERSONAL, 8, True, min_stage=Stage.RECOGNITION
    ),
    ChannelSpec("webinar", "Webinar", ChannelKind.BROADCAST, 9, False),
    ChannelSpec("social", "Social network", ChannelKind.BROADCAST, 10, False),
    ChannelSpec("wiki", "Wiki", ChannelKind.BROADCAST, 11, False),
    ChannelSpec("blog", "Blog", ChannelKind.BROADCAST, 12, False),
)

BUILTIN_BY_KEY: dict[str, ChannelSpec] = {c.key: c for c in BUILTIN_CHANNELS}


def richness_text(kind: str, two_way: bool, *, with_kind: bool = True) -> str:
    """A channel's kind and richness in words, e.g. "face to face, richest" or
    "broadcast, leanest, one-way": the picker, the list and History all say it so. A
    kind this version does not know (another device's custom channel) says only
    whether it is one-way."""
    try:
        known = ChannelKind(kind)
    except ValueError:
        parts = []
    else:
        parts = [known.label.lower()] if with_kind else []
        parts.append(known.richness_words)
    if not two_way:
        parts.append("one-way")
    return ", ".join(parts)


def is_two_way(channel: ChannelSpec) -> bool:
    """Whether an interaction on ``channel`` is two-way contact: the other side could
    answer (a coffee, a call, a message). A blog post, a webinar or a voicemail reaches
    people without hearing from them, so it neither keeps a connection warm nor counts
    as "last two-way contact". The one rule warmth and every "last two-way" use
    (``store.denorm`` keeps it in SQL over ``channel.two_way``, parity-tested)."""
    return channel.two_way


def last_two_way(interactions: Iterable[tuple[datetime, ChannelSpec]]) -> datetime | None:
    """When the last two-way contact happened, of (occurred_at, channel) pairs; None
    when there was none (only broadcasts, or nothing yet)."""
    moments = [when for when, channel in interactions if is_two_way(channel)]
    return max(moments, default=None)


def richest_for_stage(stage: Stage) -> list[ChannelSpec]:
    """Two-way channels appropriate at ``stage``, richest first: what advice suggests."""
    return [
        c
        for c in BUILTIN_CHANNELS
        if c.two_way and c.min_stage.maturity <= max(stage.maturity, 1)
    ]


def channel_advice(channel: ChannelSpec, stage: Stage, *, only_contact: bool = False) -> str | None:
    """Why ``channel`` is a poor fit for a contact at ``stage``, or None when it fits.

    ``only_contact`` says this would be the contact's only interaction so far: a
    broadcast channel cannot carry a relationship on its own.
    """
    richer = ", ".join(c.name.lower() for c in richest_for_stage(stage)[:2])
    # Reaching out to an untriaged contact at all makes it an encounter.
    maturity = max(stage.maturity, 1)
    if maturity < channel.min_stage.maturity and stage is not Stage.PARKED:
        return (
            f"{channel.name} before {channel.min_stage.label.lower()}: a message from "
            f"someone they cannot place yet is rarely read. Try a richer channel: {richer}."
        )
    if channel.kind is ChannelKind.BROADCAST and (only_contact or stage.maturity <= 1):
        return (
            f"{channel.name} is a broadcast channel; it does not advance a relationship by "
            f"itself. Follow up one-to-one: {richer}."
        )
    return None

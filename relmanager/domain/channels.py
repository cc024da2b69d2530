"""Channels and their richness (Daft and Lengel's media richness theory).

Face to face is richest, then video, voice, personal written text, and impersonal or
broadcast media last. Matching richness to relationship maturity is the point: email is
never the channel before recognition, and broadcast channels do not advance a
relationship by themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

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


class ChannelSpec(NamedTuple):
    """One channel, and everything derived from it: adding a built-in channel is one row
    of :data:`BUILTIN_CHANNELS` plus its icon file (``resources/icons/channels/<key>.svg``);
    tests/domain/test_channel_table.py fails when either is missing."""

    key: str
    name: str
    kind: ChannelKind
    richness: int  # 1 is richest
    two_way: bool
    min_stage: Stage = Stage.ENCOUNTER
    #: Colour of the channel's richness on the list, board and timeline: a ramp from deep
    #: teal (rich) to pale sand (broadcast), so rich channels read as "strong".
    colour: str = "#8a8f98"
    #: Demo-data weights per stage maturity (0 inbox/parked .. 5 intimacy), and the
    #: typical minutes of one such interaction.
    demo_weights: tuple[int, int, int, int, int, int] = (0, 0, 0, 0, 0, 0)
    demo_minutes: int = 10

    @property
    def icon(self) -> str:
        """The icon's name under resources/icons/channels (the key itself)."""
        return self.key


def _c(key: str, name: str, kind: ChannelKind, richness: int, two_way: bool, colour: str,
       weights: tuple[int, int, int, int, int, int], minutes: int,
       min_stage: Stage = Stage.ENCOUNTER) -> ChannelSpec:
    return ChannelSpec(key, name, kind, richness, two_way, min_stage, colour, weights, minutes)


_F, _V, _P = ChannelKind.FACE_TO_FACE, ChannelKind.VIDEO, ChannelKind.VOICE
_W, _B = ChannelKind.WRITTEN_PERSONAL, ChannelKind.BROADCAST

#: The one channel table: richness order, colour, demo weights and icon derive from it.
BUILTIN_CHANNELS: tuple[ChannelSpec, ...] = (
    _c("one_on_one", "One-on-one", _F, 1, True, "#0b5d63", (1, 2, 3, 6, 10, 14), 60),
    _c("meeting", "Physical meeting", _F, 2, True, "#137a7f", (3, 6, 5, 8, 6, 4), 45),
    _c("video", "Video conference", _V, 3, True, "#1f8f8a", (2, 3, 5, 8, 6, 5), 30),
    _c("phone", "Phone call", _P, 4, True, "#3a9f8f", (1, 1, 3, 5, 8, 10), 20),
    _c("voicemail", "Voicemail", _P, 5, False, "#5aae90", (1, 1, 1, 1, 2, 2), 2),
    _c("instant_message", "Instant message", _W, 6, True, "#7cbb8f", (2, 3, 5, 8, 10, 12), 5),
    _c("text_message", "Text message", _W, 7, True, "#a0c68c", (1, 1, 2, 4, 8, 12), 3),
    _c("email", "Email", _W, 8, True, "#c3cf8b", (6, 4, 8, 9, 5, 3), 10,
       min_stage=Stage.RECOGNITION),
    _c("webinar", "Webinar", _B, 9, False, "#d9cf92", (3, 4, 2, 1, 0, 0), 45),
    _c("social", "Social network", _B, 10, False, "#e3c99e", (6, 6, 4, 2, 1, 1), 3),
    _c("wiki", "Wiki", _B, 11, False, "#e8c7b1", (1, 1, 1, 2, 0, 0), 10),
    _c("blog", "Blog", _B, 12, False, "#ecd9cc", (2, 2, 1, 1, 0, 0), 10),
)

#: The poorest richness a built-in channel has ("richness n of MAX_RICHNESS"); a
#: channel without a rank sorts and colours as this.
MAX_RICHNESS: int = max(c.richness for c in BUILTIN_CHANNELS)

#: Richness colours, richest first (index richness - 1).
RICHNESS_COLOURS: tuple[str, ...] = tuple(
    c.colour for c in sorted(BUILTIN_CHANNELS, key=lambda c: c.richness))

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


#: The default channel of the Log dialog: one person, face to face.
ONE_ON_ONE = "one_on_one"
#: What a group left on the one-on-one default becomes: several people face to face.
GROUP_DEFAULT = "meeting"


def channel_for_people(key: str, people: int, *, chosen: bool) -> str:
    """The channel for an interaction with ``people`` contacts: a group cannot be
    one-on-one, so a group left on that default (not ``chosen`` by the user) is a
    physical meeting, and back to one-on-one when the others are removed. A channel the
    user chose is theirs to keep."""
    if chosen:
        return key
    if people > 1 and key == ONE_ON_ONE:
        return GROUP_DEFAULT
    if people <= 1 and key == GROUP_DEFAULT:
        return ONE_ON_ONE
    return key

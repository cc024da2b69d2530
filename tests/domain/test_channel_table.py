"""The one channel table: everything a channel shows or generates derives from it."""

from __future__ import annotations

from relmanager.domain.channels import (
    BUILTIN_CHANNELS,
    MAX_RICHNESS,
    RICHNESS_COLOURS,
    ChannelKind,
)
from relmanager.store import demo


def test_ranks_are_one_to_n_without_gaps_and_follow_the_kinds() -> None:
    assert sorted(c.richness for c in BUILTIN_CHANNELS) == list(range(1, MAX_RICHNESS + 1))
    kinds = [c.kind for c in sorted(BUILTIN_CHANNELS, key=lambda c: c.richness)]
    order = list(ChannelKind)
    assert kinds == sorted(kinds, key=order.index), "a kind's channels sit in its band"


def test_every_channel_has_its_own_colour_and_demo_figures() -> None:
    assert len(RICHNESS_COLOURS) == MAX_RICHNESS
    assert len(set(RICHNESS_COLOURS)) == MAX_RICHNESS
    for spec in BUILTIN_CHANNELS:
        assert spec.colour.startswith("#") and len(spec.colour) == 7, spec.key
        assert len(spec.demo_weights) == 6 and spec.demo_minutes > 0, spec.key
        assert spec.icon == spec.key


def test_demo_data_draws_from_the_table() -> None:
    assert tuple(c.key for c in BUILTIN_CHANNELS) == demo.CHANNEL_KEYS
    assert all(len(w) == len(BUILTIN_CHANNELS) for w in demo.CHANNEL_WEIGHTS.values())
    assert set(demo.MINUTES) == {c.key for c in BUILTIN_CHANNELS}
    # Close relationships see face to face most; the inbox mostly e-mail and social.
    assert max(demo.CHANNEL_WEIGHTS[5]) == BUILTIN_CHANNELS[0].demo_weights[5]

"""The channels as the views list them: domain :class:`ChannelSpec` values read from the
channel table (built-ins and the user's own), richest first."""

from __future__ import annotations

from relmanager.domain.channels import ChannelKind, ChannelSpec
from relmanager.domain.stages import Stage
from relmanager.store.models import Channel


def channels() -> list[ChannelSpec]:
    """Every channel, richest first, as the domain's frozen spec (advice reads it)."""
    return [ChannelSpec(key, name, ChannelKind(kind), richness, bool(two_way),
                        Stage(min_stage))
            for key, name, kind, richness, two_way, min_stage in Channel.select(
                Channel.key, Channel.name, Channel.kind, Channel.richness, Channel.two_way,
                Channel.min_stage).order_by(Channel.richness, Channel.id).tuples()]

from __future__ import annotations

import pytest

from relmanager.domain.channels import (
    BUILTIN_BY_KEY,
    BUILTIN_CHANNELS,
    ChannelKind,
    channel_advice,
    richest_for_stage,
)
from relmanager.domain.stages import (
    BOARD_ORDER,
    DEFAULT_CADENCE,
    Cadence,
    Stage,
    cadence_for,
    neighbour_stage,
    parse_stage,
)


@pytest.mark.parametrize("text", ["Recognition", " RECOGNITION ", "recognition"])
def test_parse_stage_ignores_case_and_spaces(text: str) -> None:
    assert parse_stage(text) is Stage.RECOGNITION


def test_parse_stage_names_the_choices() -> None:
    with pytest.raises(ValueError, match="inbox, encounter"):
        parse_stage("bestie")


def test_maturity_orders_real_stages_and_holds_places_at_zero() -> None:
    assert [s.maturity for s in BOARD_ORDER] == [0, 1, 2, 3, 4, 5, 0]
    assert not Stage.INBOX.is_relationship and not Stage.PARKED.is_relationship


def test_neighbour_stage_walks_the_board_and_stops_at_edges() -> None:
    assert neighbour_stage(Stage.INBOX, -1) is None
    assert neighbour_stage(Stage.INBOX, 1) is Stage.ENCOUNTER
    assert neighbour_stage(Stage.INTIMACY, 1) is Stage.PARKED
    assert neighbour_stage(Stage.PARKED, 1) is None


def test_cadence_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        Cadence(0, 5)
    with pytest.raises(ValueError):
        Cadence(10, 5)


def test_cadence_for_holding_places_is_none() -> None:
    assert cadence_for(Stage.INBOX) is None
    assert cadence_for(Stage.PARKED, override_days=10) is None


def test_override_keeps_the_stage_ratio() -> None:
    base = DEFAULT_CADENCE[Stage.RECOGNITION]
    scaled = cadence_for(Stage.RECOGNITION, override_days=10)
    assert scaled == Cadence(10, round(10 * base.max_days / base.ideal_days))


def test_custom_stage_table_wins() -> None:
    table = {Stage.FRIENDSHIP: Cadence(7, 8)}
    assert cadence_for(Stage.FRIENDSHIP, stage_cadences=table) == Cadence(7, 8)
    assert cadence_for(Stage.ENCOUNTER, stage_cadences=table) == DEFAULT_CADENCE[Stage.ENCOUNTER]


def test_twelve_builtin_channels_ranked_rich_to_lean() -> None:
    assert len(BUILTIN_CHANNELS) == 12
    ranks = [c.richness for c in BUILTIN_CHANNELS]
    assert ranks == sorted(ranks) == list(range(1, 13))
    kinds = [list(ChannelKind).index(c.kind) for c in BUILTIN_CHANNELS]
    assert kinds == sorted(kinds), "kinds go face to face -> video -> voice -> written -> broadcast"
    assert all(not c.two_way for c in BUILTIN_CHANNELS if c.kind is ChannelKind.BROADCAST)


def test_email_before_recognition_gets_advice() -> None:
    email = BUILTIN_BY_KEY["email"]
    advice = channel_advice(email, Stage.ENCOUNTER)
    assert advice is not None and "before recognition" in advice
    assert "one-on-one" in advice
    assert channel_advice(email, Stage.RECOGNITION) is None
    assert channel_advice(email, Stage.INBOX) is not None


def test_broadcast_as_only_contact_gets_advice() -> None:
    blog = BUILTIN_BY_KEY["blog"]
    assert "broadcast" in (channel_advice(blog, Stage.ENCOUNTER) or "")
    assert channel_advice(blog, Stage.FRIENDSHIP) is None
    assert channel_advice(blog, Stage.FRIENDSHIP, only_contact=True) is not None


def test_rich_channels_never_get_advice() -> None:
    for stage in BOARD_ORDER:
        assert channel_advice(BUILTIN_BY_KEY["one_on_one"], stage) is None


def test_richest_for_stage_is_two_way_and_ordered() -> None:
    early = richest_for_stage(Stage.ENCOUNTER)
    assert early[0].key == "one_on_one"
    assert "email" not in {c.key for c in early}
    assert "email" in {c.key for c in richest_for_stage(Stage.DEVELOPMENT)}



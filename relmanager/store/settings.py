"""Preferences kept in the database, shared by the GUI, the command line and the
reminder service: per-stage cadences and the link-while-fresh window."""

from __future__ import annotations

import json
from typing import Any

from relmanager.domain.stages import DEFAULT_CADENCE, Cadence, Stage
from relmanager.store.models import Setting, database


def get_value(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else json.loads(row.value)


def set_value(key: str, value: Any) -> None:
    with database.atomic():
        Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()


def stage_cadences() -> dict[Stage, Cadence]:
    """Default cadences with the user's per-stage changes applied."""
    stored: dict[str, list[int]] = get_value("cadences", {})
    table = dict(DEFAULT_CADENCE)
    for name, (ideal, maximum) in stored.items():
        table[Stage(name)] = Cadence(ideal, maximum)
    return table


def set_stage_cadence(stage: Stage, cadence: Cadence) -> None:
    """Change one stage's cadence and move every contact's due dates accordingly."""
    from relmanager.store.denorm import refresh_due_dates

    if not stage.is_relationship:
        raise ValueError(f"{stage.label} contacts never go cold; they have no cadence")
    with database.atomic():
        stored = get_value("cadences", {})
        stored[stage.value] = [cadence.ideal_days, cadence.max_days]
        set_value("cadences", stored)
        refresh_due_dates()



"""Reading and writing the typed reminder preferences (domain.preferences) in one place."""

from __future__ import annotations

import json
from typing import Any

from relmanager.domain.preferences import Preferences, defaults, from_stored
from relmanager.domain.stages import Cadence, Stage
from relmanager.store import settings
from relmanager.store.errors import translate
from relmanager.store.models import Setting, TimeBoxPlan, database


def load() -> Preferences:
    """All preferences in one read."""
    keys = list(defaults())
    stored = {row.key: row.value for row in Setting.select().where(Setting.key.in_(keys))}
    return from_stored({k: json.loads(v) for k, v in stored.items()})


def save(**changes: Any) -> None:
    """Write some preferences in one transaction; unknown names are a programming error."""
    known = defaults()
    unknown = set(changes) - set(known)
    if unknown:
        raise KeyError(f"unknown preference(s): {', '.join(sorted(unknown))}")
    with database.atomic():
        for key, value in changes.items():
            settings.set_value(key, value)


def save_plan(size: str, minutes: int, weekdays: str, start: str) -> None:
    """The user's time box as the scheduled plan the reminder service reads (the first
    plan; one is all the settings offer), with the preferences kept in step."""
    with database.atomic():
        save(timebox_size=size, timebox_days=weekdays, timebox_time=start)
        plan = TimeBoxPlan.select().order_by(TimeBoxPlan.id).first() or TimeBoxPlan()
        plan.size, plan.minutes, plan.weekdays = size, minutes, weekdays
        plan.start_time, plan.active = start, True
        plan.save()


def has_plan() -> bool:
    """Whether a scheduled time box is on: a first run has none until the user picks one."""
    return TimeBoxPlan.select().where(TimeBoxPlan.active == True).exists()  # noqa: E712


def stop_plans() -> None:
    """No scheduled time box: plans are kept (their sessions refer to them), turned off."""
    TimeBoxPlan.update(active=False).where(TimeBoxPlan.active == True).execute()  # noqa: E712


def save_all(changes: dict[str, Any], plan: tuple[str, int, str, str] | None,
             cadences: dict[Stage, Cadence]) -> None:
    """The settings dialog's OK: preferences, plan (None: no scheduled box) and changed
    cadences in one transaction (all or nothing); a failure is raised as a
    :class:`StoreError`."""
    try:
        with database.atomic():
            save(**changes)
            if plan is None:
                stop_plans()
            else:
                save_plan(*plan)
            current = settings.stage_cadences()
            for stage, cadence in cadences.items():
                if current.get(stage) != cadence:
                    settings.set_stage_cadence(stage, cadence)
    except Exception as error:  # every database failure, in words
        raise translate(error) from error

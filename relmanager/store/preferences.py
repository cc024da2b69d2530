"""Reading and writing the typed reminder preferences (domain.preferences) in one place."""

from __future__ import annotations

import json
from typing import Any

from relmanager.domain.preferences import Preferences, defaults, from_stored
from relmanager.store import settings
from relmanager.store.models import Setting, database


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

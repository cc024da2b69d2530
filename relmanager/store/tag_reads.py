"""What the views read of tags (the store boundary: no view imports the models)."""

from __future__ import annotations

from relmanager.store.models import Tag


def known_tags() -> list[str]:
    """Every tag's name, alphabetically (completion in the form, the list's filter)."""
    return [name for (name,) in Tag.select(Tag.name).order_by(Tag.name).tuples()]

"""What the views read of tags (the store boundary: no view imports the models)."""

from __future__ import annotations

from relmanager.store.contact_rows import tag_names_with


def known_tags() -> list[str]:
    """Every tag's name, alphabetically (completion in the form, the list's filter)."""
    # The models (and peewee) when read, on a worker: the list imports this module on
    # the way to a first paint that reads without them (store/first_look.py).
    from relmanager.store.models import database

    return tag_names_with(database.execute_sql)

"""What the contact list's context menu offers for a selection: Open and Log for one
person (the most common things done from a right-click), and Archive or Unarchive as the
selected people need, never both for a selection that can only take one."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu


def add_person_actions(menu: QMenu, contact_id: int, open_it, log_it) -> None:
    """"Open" (the profile) and "Log interaction…" for the one person right-clicked."""
    menu.addAction("&Open", lambda: open_it(contact_id))
    menu.addAction("&Log interaction…", lambda: log_it(contact_id))
    menu.addSeparator()


def add_archive_actions(menu: QMenu, states: set[bool], archive) -> None:
    """Archive for active people, Unarchive for archived ones (both for a mixed pick);
    ``states`` as the list holds them (it read the database on the UI thread before)."""
    if False in states:
        menu.addAction("&Archive", lambda: archive(True))
    if True in states:
        menu.addAction("&Unarchive", lambda: archive(False))

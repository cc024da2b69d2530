"""Signals that say "the data changed", passed explicitly to whoever needs them.

Views listen here instead of on a global application object, so a test can build one
view with its own ``DataEvents`` and see exactly what it reacts to. Every writer in the
GUI (undo commands, dialogs, the reminder service, imports) emits after committing.
An empty id list means "many or unknown contacts": reload everything.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    contacts_changed = Signal(list)  # contact ids whose fields, tags, stage or archive changed
    contacts_removed = Signal(list)  # contact ids deleted
    interactions_changed = Signal(list)  # contact ids whose interactions changed
    follow_ups_changed = Signal()
    introductions_changed = Signal()
    settings_changed = Signal()
    open_contact = Signal(int)  # ask the window to show a contact's profile
    request_log = Signal(int)  # ask the window to open the log dialog (0: no contact)
    status_message = Signal(str)
    #: A write did not happen (locked, disk full, read-only, I/O error): one line saying
    #: what was not saved and why, for the window's banner. Nothing changed.
    write_failed = Signal(str)
    #: A message said earlier no longer holds: the status bar and the banner let go of
    #: what they show that starts with this text (a write retried and done, an error
    #: corrected), rather than saying it after its cause is gone.
    status_resolved = Signal(str)

"""Where digests go: the Notifier interface the reminder service speaks to. The app's one
Notifier is the tray icon (QSystemTrayIcon.showMessage, relmanager.ui.shell.tray); the
tests' recording double is tests/recording_notifier.py."""

from __future__ import annotations

from typing import Protocol


class Notifier(Protocol):
    def notify(self, title: str, body: str, view: str) -> None: ...

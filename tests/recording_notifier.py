"""A test double for the reminder service's Notifier: it keeps what would have been shown,
so a test asserts on the words the user would read. The app's one Notifier is the tray
(relmanager.ui.shell.tray); this lives with the tests, not in the package."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RecordingNotifier:
    """Keeps every (title, body, view) instead of showing it."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def notify(self, title: str, body: str, view: str) -> None:
        self.shown.append((title, body, view))

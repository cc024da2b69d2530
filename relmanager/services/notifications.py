"""Where digests go: a Notifier interface over QSystemTrayIcon.showMessage, and a
recording fake so tests can assert on exactly what would have been shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class Notifier(Protocol):
    def notify(self, title: str, body: str, view: str) -> None: ...


@dataclass
class RecordingNotifier:
    """Keeps every (title, body, view) instead of showing it."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def notify(self, title: str, body: str, view: str) -> None:
        self.shown.append((title, body, view))

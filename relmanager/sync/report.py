"""What one sync run did, for the user: counts, and what was skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SyncReport:
    pulled: int = 0
    pushed: int = 0
    deleted_here: int = 0
    deleted_there: int = 0
    conflicts: int = 0
    skipped: list[str] = field(default_factory=list)  # what was skipped, by name
    reasons: list[str] = field(default_factory=list)  # "name: why", one per skip
    unchanged: list[str] = field(default_factory=list)  # collections that cost one request

    def skip(self, label: str, reason: str) -> None:
        """An entry left out of this run (tried again on the next one)."""
        self.skipped.append(label)
        self.reasons.append(f"{label}: {reason}")

    def done(self) -> str:
        parts = [f"uploaded {self.pushed}", f"downloaded {self.pulled}"]
        if self.deleted_here or self.deleted_there:
            parts.append(f"deleted {self.deleted_here + self.deleted_there}")
        if self.skipped:
            names = ", ".join(self.skipped[:5]) + (", ..." if len(self.skipped) > 5 else "")
            parts.append(f"skipped {len(self.skipped)} ({names})")
        return ", ".join(parts)

    def summary(self) -> str:
        text = "Synced: " + self.done()
        if self.conflicts:
            text += f"; {self.conflicts} conflict{'s' * (self.conflicts != 1)} to look at"
        return text

    @property
    def changed_anything(self) -> bool:
        return bool(self.pulled or self.pushed or self.deleted_here or self.deleted_there)

"""Pure computation of what is due to be announced (no Qt), so tests run a month fast.

The service feeds it rows from the store and the persisted announcement state; it returns
digest items in a stable order. Each item names one crossing (kind, subject, occurrence)
so it is announced once per crossing, and never again after a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time

UNTRACKED_STAGES = frozenset({"inbox", "parked"})
#: Item kinds whose subject is a contact id, silenced by snoozing that contact.
CONTACT_KINDS = frozenset({"cooling", "cold", "fresh"})


@dataclass(frozen=True)
class DueItem:
    kind: str  # cooling, cold, fresh, follow_up, introduction, timebox, timebox_end
    subject: str
    occurrence: str
    label: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.subject, self.occurrence)


def cold_items(rows: Iterable[tuple[int, str, str, str, str]], now: datetime
               ) -> list[DueItem]:
    """Crossings into cooling or cold from ``going_cold_scan`` rows (ISO date strings).
    Inbox and Parked contacts never go cold."""
    items: list[DueItem] = []
    stamp = str(now)
    for contact_id, name, stage, cooling_at, cold_at in rows:
        if stage in UNTRACKED_STAGES or not cooling_at:
            continue
        if cold_at and str(cold_at) <= stamp:
            items.append(DueItem("cold", str(contact_id), str(cold_at), name))
        elif str(cooling_at) <= stamp:
            items.append(DueItem("cooling", str(contact_id), str(cooling_at), name))
    return items


def in_quiet_hours(now: datetime, start: time | None, end: time | None) -> bool:
    """Quiet hours may wrap midnight (22:00 to 07:00)."""
    if start is None or end is None or start == end:
        return False
    t = now.time()
    return start <= t < end if start < end else (t >= start or t < end)


def pending(items: Iterable[DueItem], announced: Callable[[DueItem], bool],
            snoozed: Callable[[DueItem], bool]) -> list[DueItem]:
    """Items not yet announced for this crossing and not snoozed, in input order."""
    return [item for item in items if not announced(item) and not snoozed(item)]


def digest_text(items: list[DueItem]) -> tuple[str, str]:
    """One notification (title, body) for a batch, never one per person."""
    cold = [i.label for i in items if i.kind in ("cooling", "cold")]
    fresh = [i.label for i in items if i.kind == "fresh"]
    other = [i.label for i in items if i.kind not in ("cooling", "cold", "fresh")]
    parts: list[str] = []
    if cold:
        noun = "person" if len(cold) == 1 else "people"
        parts.append(f"{len(cold)} {noun} going cold: {', '.join(cold[:5])}"
                     + (" …" if len(cold) > 5 else ""))
    if fresh:
        parts.append(f"Link while fresh: {', '.join(fresh[:5])}")
    parts.extend(other)
    title = parts[0] if parts else ""
    return title, "\n".join(parts[1:]) if len(parts) > 1 else title


def digest_view(items: list[DueItem]) -> str:
    """The view a click on the digest opens: the log dialog after a box, the going-cold
    list when that is all it says, the introductions page for introductions, else Today."""
    kinds = {i.kind for i in items}
    if "timebox_end" in kinds:
        return "log"
    if kinds <= {"cooling", "cold"}:
        return "going_cold"
    if kinds <= {"introduction"}:
        return "introductions"
    return "today"

"""Colours with meaning, shared by every view so warmth and richness read the same on the
list, the board, the timeline and the tray. Each pair is chosen to stay legible on light
and dark palettes."""

from __future__ import annotations

from PySide6.QtGui import QColor

from relmanager.domain.warmth import Warmth

WARMTH_COLORS: dict[Warmth, str] = {
    Warmth.WARM: "#2e9d5b",
    Warmth.COOLING: "#e0a100",
    Warmth.COLD: "#d64545",
    Warmth.UNTRACKED: "#8a8f98",
}

# Richness 1 (face to face) .. 12 (blog): a sequential ramp from deep teal to pale sand,
# so rich channels read as "strong" and broadcast ones fade.
RICHNESS_COLORS: tuple[str, ...] = (
    "#0b5d63", "#137a7f", "#1f8f8a", "#3a9f8f", "#5aae90", "#7cbb8f",
    "#a0c68c", "#c3cf8b", "#d9cf92", "#e3c99e", "#e8c7b1", "#ecd9cc",
)


def warmth_color(warmth: Warmth) -> QColor:
    return QColor(WARMTH_COLORS[warmth])


def richness_color(richness: int) -> QColor:
    index = min(max(richness, 1), len(RICHNESS_COLORS)) - 1
    return QColor(RICHNESS_COLORS[index])



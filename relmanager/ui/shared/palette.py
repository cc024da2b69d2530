"""Colours with meaning, shared by every view so warmth and richness read the same on the
list, the board, the timeline and the tray. Each pair is chosen to stay legible on light
and dark palettes."""

from __future__ import annotations

from PySide6.QtGui import QColor

from relmanager.domain.channels import RICHNESS_COLOURS
from relmanager.domain.warmth import Warmth

WARMTH_COLORS: dict[Warmth, str] = {
    Warmth.WARM: "#2e9d5b",
    Warmth.COOLING: "#e0a100",
    Warmth.COLD: "#d64545",
    Warmth.UNTRACKED: "#8a8f98",
}

# Richness 1 (face to face) .. the poorest (blog): the ramp is the channel table's
# (relmanager.domain.channels), so a new channel brings its colour with it.
RICHNESS_COLORS: tuple[str, ...] = RICHNESS_COLOURS


def warmth_color(warmth: Warmth) -> QColor:
    return QColor(WARMTH_COLORS[warmth])


def richness_color(richness: int) -> QColor:
    index = min(max(richness, 1), len(RICHNESS_COLORS)) - 1
    return QColor(RICHNESS_COLORS[index])




def left_bar(selector: str, warmth: Warmth, extra: str = "") -> str:
    """A style sheet drawing a 4 px bar of ``warmth``'s colour on the left of
    ``selector`` (a warning's mark). Qt draws a lone ``border-left`` only when the other
    sides have a border style too: written alone, the bar was never drawn."""
    return (f"{selector} {{ border: 0px solid transparent; "
            f"border-left: 4px solid {WARMTH_COLORS[warmth]}; {extra}}}")

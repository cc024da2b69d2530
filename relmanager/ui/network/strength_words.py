"""Tie strength and common ground in words, the same on the Network page and the
profile."""

from __future__ import annotations

from relmanager.domain.text import one_line
from relmanager.domain.ties import WEIGHTS, TieStrength


def common_words(common: tuple[str, ...]) -> str:
    """Shared tags (marked "#" in the ground) and intent words, as a person reads them."""
    tags = [word[1:] for word in common if word.startswith("#")]
    words = [word for word in common if not word.startswith("#")]
    # The tags as typed (an import's too): shown by the display rule
    return one_line(", ".join([*(f"tag {tag}" for tag in tags), *words]))


def describe_strength(name: str | None, strength: TieStrength) -> str:
    """The score, whose it is (when ``name`` is given), and each factor's share."""
    head = f"{name}: tie {strength.score}/100" if name else f"Tie strength {strength.score}/100"
    if strength.overridden:
        head += f" (set by you; the factors say {strength.computed})"
    lines = [head] + [f"  {f.key.capitalize()}: {f.points:.0f} of {WEIGHTS[f.key]}, {f.detail}"
                      for f in strength.factors]
    return "\n".join(lines)

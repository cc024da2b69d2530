"""Where each person of the ego network is drawn: around the user, a stronger tie closer
to the centre, each stage in a sector of its own, and no two people on top of each other.

Placing each person exactly on the ring of their tie piled hundreds of people with the
same tie (an Inbox of new contacts, all at tie 0) onto one arc, where they could be neither
told apart nor clicked. So each stage's sector is filled in bands: strongest first, a band
at a person's own ring takes as many as fit side by side along its arc, and who does not
fit goes to the next band out. Nobody is drawn closer than their tie says, bands are at
least :data:`SPACING` apart and neighbours on a band too, so dots never overlap. Linear
in the number of people after one sort (the page draws up to 2,000).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from relmanager.domain.network import ME
from relmanager.domain.stages import BOARD_ORDER, Stage

#: The ring of tie 0; a tie of strength s sits at (1 - s) of it from the centre (or out
#: beyond it when its band is full).
RADIUS = 600.0
INNER = 70.0
#: The largest dot's diameter (a tie of 1), and the room each dot keeps around it.
NODE_MAX = 18.0
SPACING = NODE_MAX + 8.0


@dataclass(frozen=True)
class Placed:
    x: float
    y: float


def tie_radius(tie: float) -> float:
    return INNER + (1 - tie) * (RADIUS - INNER)


def layout(people: Iterable[tuple[int, Stage, float, str]]) -> dict[int, Placed]:
    """(id, stage, tie, name) of each person -> where to draw them; ME at the centre."""
    by_stage: dict[Stage, list[tuple[int, Stage, float, str]]] = {}
    for person in people:
        by_stage.setdefault(person[1], []).append(person)
    stages = [s for s in BOARD_ORDER if s in by_stage]
    # Sectors grow with the square root of a stage's size, so the few close friends get
    # room to be read instead of a sliver next to a crowded Inbox.
    total = sum(math.sqrt(len(by_stage[s])) for s in stages) or 1.0
    places: dict[int, Placed] = {ME: Placed(0.0, 0.0)}
    angle = -math.pi / 2
    for stage in stages:
        group = sorted(by_stage[stage], key=lambda p: (-p[2], p[3].casefold(), p[0]))
        span = 2 * math.pi * math.sqrt(len(group)) / total
        _fill_sector(group, angle, span, places)
        angle += span
    return places


def _fill_sector(group: list[tuple[int, Stage, float, str]], start: float, span: float,
                 places: dict[int, Placed]) -> None:
    """Fill one sector band by band, strongest first (see the module's docstring)."""
    band = 0.0
    first = 0
    while first < len(group):
        band = max(tie_radius(group[first][2]), band + SPACING if first else 0.0)
        # A dot's room on the band's arc, less half a dot at each edge of the sector so
        # neighbouring sectors' dots stay apart.
        usable = max(span * band - SPACING, 0.0)
        capacity = max(1, int(usable / SPACING) + 1)
        last = first
        while last < len(group) and last - first < capacity and \
                tie_radius(group[last][2]) <= band + SPACING / 2:
            last += 1
        last = max(last, first + 1)
        step = span / (last - first)  # evenly along the band, half a step from each edge
        for n, person in enumerate(group[first:last]):
            a = start + step * (n + 0.5)
            places[person[0]] = Placed(band * math.cos(a), band * math.sin(a))
        first = last

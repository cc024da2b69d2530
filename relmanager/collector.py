"""The cyclic garbage collector paused for bulk work that builds many objects at once.

Reading a 10,000-card file and writing it builds about a million strings, tuples, lists
and records, and frees almost none until the end: the collector ran some 300 times per
import, twice over the whole heap, and found next to nothing (90-160 ms, a tenth of the
import). Reference counting still frees everything as usual; only the search for
reference cycles waits until the work is done.

In the window the collector never runs on its own: :func:`collect_if_due` runs it from the
UI thread's event loop (``services.ui_collector``). Left to itself it runs wherever an
allocation crosses its threshold: on a worker thread in the middle of a read, or inside a
Qt event handler. A Qt object it frees in a reference cycle is then destroyed on the
wrong thread, or under the very call that is using it; the test suite died so once, with
the collector running inside the tray's event filter while the tray's worker read.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collect_if_due", "driven", "hold_for_start", "paused", "release_after_start"]


class _Switch:
    """Who keeps the collector off; process-wide, as the collector itself is."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holds = 0  # paused() blocks running, on any thread
        self.enable_after_holds = False  # the collector was on when the first began
        self.driven = 0  # driven() blocks: collections only from collect_if_due
        self.held_for_start = False  # hold_for_start ran: the window owns this process


_switch = _Switch()


def hold_for_start() -> None:
    """Pause the collector for the window's start (the command line, before the app's
    modules are imported): the start allocates a lot and frees little, and the
    collector ran ~70 times (12 ms) before the first paint, finding next to nothing."""
    with _switch.lock:
        _switch.held_for_start = True
    gc.disable()


def release_after_start(*, settle: bool = True) -> None:
    """Resume it once the window is up. What the start built (modules, classes, the
    window) lives as long as the app: with ``settle``, one full collection frees the
    start's garbage, and freezing the rest spares every later full collection from
    walking it again. Without (a start that ended early), it is only switched back on
    (unless :func:`driven` keeps it off).

    Only a start :func:`hold_for_start` held is settled: the command line starting the
    window, whose process lives and dies with it. A process that builds the window for a
    while (a test's live app) is not the app's: a freeze there made every object it had
    then immortal for the collector (pytest's fixtures, the test's own garbage, the
    window's reference cycles), so a live app that was stopped was never freed."""
    with _switch.lock:
        held, _switch.held_for_start = _switch.held_for_start, False
    if settle and held:
        gc.collect()
        gc.freeze()
    with _switch.lock:
        if not _switch.driven:
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collections inside the block, from any thread (:func:`collect_if_due`
    waits too). Blocks may overlap (an import and a network build on two workers): the
    collector is switched back on when the last one ends, and only if it was on when the
    first began (the GUI's start-up, and the UI thread's driver, keep it off)."""
    with _switch.lock:
        if _switch.holds == 0:
            _switch.enable_after_holds = gc.isenabled()
        _switch.holds += 1
        gc.disable()
    try:
        yield
    finally:
        with _switch.lock:
            _switch.holds -= 1
            if _switch.holds == 0 and _switch.enable_after_holds and not _switch.driven:
                gc.enable()


@contextmanager
def driven() -> Iterator[None]:
    """The collector runs only when :func:`collect_if_due` is called, for the length of
    the block (the window's life); automatic collection is back on once the last such
    block has ended."""
    with _switch.lock:
        _switch.driven += 1
        gc.disable()
    try:
        yield
    finally:
        with _switch.lock:
            _switch.driven -= 1
            if _switch.holds == 0 and not _switch.driven:
                gc.enable()


def collect_if_due(thresholds: tuple[int, int, int]) -> int | None:
    """The collection the collector would have run by itself by now, with ``thresholds``
    (``gc.get_threshold()`` of when it was switched off): the youngest generation when
    enough objects were allocated since, an older one when enough collections of the
    younger one ran. Returns the generation collected, or None (nothing due, or a
    :func:`paused` block is running)."""
    if _switch.holds:
        return None
    counts = gc.get_count()
    if counts[0] < thresholds[0]:
        return None
    generation = 0
    while generation < 2 and counts[generation + 1] >= thresholds[generation + 1]:
        generation += 1
    gc.collect(generation)
    return generation

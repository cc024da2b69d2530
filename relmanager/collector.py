"""The cyclic garbage collector paused for bulk work that builds many objects at once.

Reading a 10,000-card file and writing it builds about a million strings, tuples, lists
and records, and frees almost none until the end: the collector ran some 300 times per
import, twice over the whole heap, and found next to nothing (90-160 ms, a tenth of the
import). Reference counting still frees everything as usual; only the search for
reference cycles waits until the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["hold_for_start", "paused", "release_after_start"]


def hold_for_start() -> None:
    """Pause the collector for the window's start (the command line, before the app's
    modules are imported): the start allocates a lot and frees little, and the
    collector ran ~70 times (12 ms) before the first paint, finding next to nothing."""
    gc.disable()


def release_after_start(*, settle: bool = True) -> None:
    """Resume it once the window is up. What the start built (modules, classes, the
    window) lives as long as the app: with ``settle``, one full collection frees the
    start's garbage, and freezing the rest spares every later full collection from
    walking it again. Without (a start that ended early), it is only switched back on."""
    if settle:
        gc.collect()
        gc.freeze()
    gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collections inside the block. A collector that was already off (the
    GUI's start-up turns it off until the window is up) stays off afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

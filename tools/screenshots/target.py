"""Where the screenshot scripts write and at what window size, so the same scripts make
the docs' pictures (docs/screenshots at 1280x800, the default) and the layout checks at a
laptop's or a small screen's size: ``RELMANAGER_SHOTS_DIR=/tmp/x
RELMANAGER_SHOTS_SIZE=1024x640 python tools/screenshots/pages.py`` (run under an Xvfb
screen at least that large)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def out_dir() -> Path:
    """The folder the pictures go to (created): docs/screenshots unless told otherwise."""
    folder = Path(os.environ.get("RELMANAGER_SHOTS_DIR") or ROOT / "docs" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def window_size() -> tuple[int, int]:
    """The main window's size: ``RELMANAGER_SHOTS_SIZE`` as WIDTHxHEIGHT, else 1280x800."""
    text = os.environ.get("RELMANAGER_SHOTS_SIZE", "1280x800")
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def release(app: object, *widgets: object) -> None:
    """Delete the scripts' windows while the application still exists: left to the
    interpreter's exit, Qt found a shared object deleted directly and the script died
    with a bus error after its pictures were saved (and run-all called it failed)."""
    for widget in widgets:
        widget.close()  # type: ignore[attr-defined]
        widget.deleteLater()  # type: ignore[attr-defined]
    app.sendPostedEvents(None, 0)  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]

"""File formats for import and export: vCard, LinkedIn/Google/Outlook CSV, iCalendar, CSV.

Pure Python on purpose (no Qt, no peewee): the parsers run in a worker thread, in the CLI
and in tests without a database, and the store never has to know what a vCard is. The
records exchanged with the rest of the app are in :mod:`relmanager.interchange.records`.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from relmanager import collector
from relmanager.interchange.csv_in import parse_csv
from relmanager.interchange.detect import FORMATS, FormatError, detect_format
from relmanager.interchange.records import ParseProblem, ParseResult
from relmanager.interchange.textio import display_name
from relmanager.interchange.vcard_in import parse_vcard

__all__ = ["FORMATS", "FormatError", "detect_format", "parse_file"]


def parse_file(
    path: str | os.PathLike[str],
    fmt: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ParseResult:
    """Parse any supported contacts file; ``fmt`` 'auto' detects it. Never raises.

    A file that cannot be read at all comes back with ``fatal=True`` and one problem
    naming the file and the reason; that is what the CLI turns into a non-zero exit.
    """
    with collector.paused():  # a parse builds many objects and frees few: see collector
        return _parse_file(path, fmt, progress, cancelled)


def _parse_file(
    path: str | os.PathLike[str],
    fmt: str,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> ParseResult:
    if fmt == "auto":
        try:
            fmt = detect_format(path)
        except FormatError as exc:
            return ParseResult(
                [], [ParseProblem(display_name(path), exc.message)], "unknown", fatal=True
            )
    if fmt == "vcard":
        return parse_vcard(path, progress, cancelled)
    if fmt in FORMATS:
        return parse_csv(path, fmt, progress, cancelled)
    message = f"unknown format '{fmt}' (choose auto, {', '.join(FORMATS)})"
    return ParseResult([], [ParseProblem(display_name(path), message)], fmt, fatal=True)

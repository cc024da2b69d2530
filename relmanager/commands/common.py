"""What every subcommand shares: opening the store, the clock, printing."""

from __future__ import annotations

import argparse
from pathlib import Path

from relmanager.domain.clock import Clock
from relmanager.domain.stages import Stage, parse_stage
from relmanager.domain.text import visible
from relmanager.paths import DEMO_DB_NAME, chosen_db_path
from relmanager.services.db_key import key_for
from relmanager.store.db import init_db

__all__ = [
    "DEMO_DB_NAME",
    "CommandError",
    "cell",
    "clock_of",
    "db_path",
    "key_for",
    "open_store",
    "visible",
]


class CommandError(Exception):
    """A user error in a command's arguments; the message is printed as is."""


def cell(text: str, width: int) -> str:
    """``text`` as a column of ``width`` characters: shown by the display rule (its bidi
    controls dropped, so none is left open to pull the padding to the wrong side of the
    name), then cut and padded."""
    shown = visible(text)[:width]  # shown first: the bidi controls it drops take no column
    return shown + " " * (width - len(shown))


def db_path(args: argparse.Namespace) -> Path:
    return chosen_db_path(getattr(args, "db", None), getattr(args, "demo", False))


def clock_of(args: argparse.Namespace) -> Clock:
    """The clock ``relmanager.cli.main`` built (or a test passed) for this command."""
    return args.clock


def open_store(args: argparse.Namespace, *, reading: bool = False) -> None:
    """Open the database, with its key from the keyring when it is encrypted; the store
    modules read and write it from here on. ``reading``: the command only reads, so a
    current database is opened without the every-open upkeep and nothing is written
    (see :func:`relmanager.store.db.init_db`): it answers on a file this user cannot
    write and while another process writes."""
    path = db_path(args)
    init_db(path, clock=clock_of(args), key=key_for(path), reading=reading)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a --db given before the subcommand from being reset to None.
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="database file (default: user data dir, or RELMANAGER_DB)")


def stage_arg(text: str) -> Stage:
    try:
        return parse_stage(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value

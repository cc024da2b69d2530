"""What every subcommand shares: opening the store, the clock, printing."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

import peewee as pw

from relmanager.domain.clock import Clock, ScaledClock, SystemClock
from relmanager.domain.stages import Stage, parse_stage
from relmanager.paths import data_dir, default_db_path, user_path
from relmanager.store.db import init_db


class CommandError(Exception):
    """A user error in a command's arguments; the message is printed as is."""


#: Environment of the test hook that starts the app's clock at a chosen moment (ISO date
#: and time) and, optionally, runs it faster: see docs/TESTING.md.
FAKE_NOW_ENV = "RELMANAGER_FAKE_NOW"
CLOCK_RATE_ENV = "RELMANAGER_CLOCK_RATE"


def clock_from_env(environ: dict[str, str] | os._Environ = os.environ) -> Clock:
    """The system clock, or a :class:`ScaledClock` when ``RELMANAGER_FAKE_NOW`` is set
    (the end-to-end tests run the real app at a chosen date, minutes in seconds)."""
    start = environ.get(FAKE_NOW_ENV)
    if not start:
        return SystemClock()
    try:
        return ScaledClock(datetime.fromisoformat(start),
                           float(environ.get(CLOCK_RATE_ENV) or 1.0))
    except ValueError as error:
        raise SystemExit(f"relmanager: error: {FAKE_NOW_ENV}/{CLOCK_RATE_ENV}: {error}"
                         ) from None


#: Tests replace this with a FakeClock.
CLOCK: Clock = clock_from_env()

DEMO_DB_NAME = "demo.sqlite3"


def db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return user_path(args.db)
    if getattr(args, "demo", False):
        return data_dir() / DEMO_DB_NAME
    return default_db_path()


def open_store(args: argparse.Namespace) -> pw.SqliteDatabase:
    """Open the database, with its key from the keyring when it is encrypted."""
    path = db_path(args)
    return init_db(path, clock=CLOCK, key=key_for(path))


def key_for(path: Path) -> str | None:
    from relmanager.store.encryption import is_encrypted

    if not is_encrypted(path):
        return None  # keyring's import costs ~35 ms of start-up: only when needed
    from relmanager.services.secrets import database_key

    return database_key(path)


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

"""Shared by the reliability tests: the command line on a database in the test's data dir."""

from __future__ import annotations

import pytest

from relmanager.cli import main
from relmanager.paths import data_dir
from relmanager.store.db import close_db


@pytest.fixture
def cli(clock, capsys):
    """``cli("add", "Ada")`` -> (exit code, stdout, stderr); ``cli.db`` is the file."""
    db = data_dir() / "relmanager.sqlite3"

    def call(*argv: str) -> tuple[int, str, str]:
        code = main([argv[0], "--db", str(db), *argv[1:]], clock=clock)
        close_db()
        out, err = capsys.readouterr()
        return code, out, err
    call.db = db
    return call

"""Messages that name the real problem (issue 19): a vCard or random bytes given to
``restore`` is "not a Relmanager backup", not an encrypted one without a key; a folder or
a FIFO is named as such, not as missing."""

from __future__ import annotations

import os

import pytest

from relmanager.cli import main
from relmanager.store.db import close_db


def _restore(db_path, source, capsys, clock=None) -> tuple[int, str]:
    main(["add", "--db", str(db_path), "Ada Lovelace"], clock=clock)
    close_db()
    capsys.readouterr()
    before = db_path.read_bytes()
    code = main(["restore", "--db", str(db_path), str(source)], clock=clock)
    close_db()
    _out, err = capsys.readouterr()
    assert db_path.read_bytes() == before
    return code, err


@pytest.mark.parametrize("content", [
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n",
    os.urandom(5000),
    ("BEGIN:VCARD\r\nFN:" + "x" * 4090 + "\r\nEND:VCARD\r\n").encode()[:8192],
], ids=["vcard", "random-bytes", "page-sized-text"])
def test_restore_of_a_file_that_is_no_database_says_so(tmp_path, db_path, clock, capsys,
                                                        content):
    source = tmp_path / "contacts.vcf"
    source.write_bytes(content)
    code, err = _restore(db_path, source, capsys, clock=clock)
    assert code != 0
    assert "not a Relmanager backup (not an SQLite database)" in err, err
    assert "encrypted" not in err


def test_restore_of_a_folder_or_a_fifo_names_it(tmp_path, db_path, clock, capsys):
    folder = tmp_path / "folder.sqlite3"
    folder.mkdir()
    code, err = _restore(db_path, folder, capsys, clock=clock)
    assert code != 0
    assert "is a folder" in err and "does not exist" not in err, err
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    code, err = _restore(db_path, fifo, capsys, clock=clock)
    assert code != 0
    assert "is not a regular file" in err and "does not exist" not in err, err
    code, err = _restore(db_path, tmp_path / "missing.sqlite3", capsys, clock=clock)
    assert "does not exist" in err

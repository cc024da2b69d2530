"""Messages that name the real problem (issue 19): a vCard or random bytes given to
``restore`` is "not a Relmanager backup", not an encrypted one without a key; a folder or
a FIFO is named as such, not as missing."""

from __future__ import annotations

import os
import random
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def _page_sized(data: bytes, pages: int) -> bytes:
    """``data`` cut or padded (with spaces) to ``pages`` whole 512-byte pages."""
    size = 512 * pages
    return (data + b" " * size)[:size]


_texts = st.text(st.characters(codec="utf-8"), min_size=1, max_size=3000)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_texts, encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
       pages=st.integers(1, 16))
def test_text_of_whole_pages_is_not_taken_for_an_encrypted_backup(tmp_path, text, encoding,
                                                                   pages):
    """Random text, in whole 512-byte pages and cut anywhere (inside a UTF-8 character
    too), is "not a Relmanager backup", never "encrypted and no key was found"."""
    from relmanager.store import backups, encryption
    from relmanager.store.errors import NotADatabaseError

    source = tmp_path / "text.vcf"
    source.write_bytes(_page_sized(text.encode(encoding, "replace") * 40, pages))
    assert not encryption.looks_encrypted(source)
    with pytest.raises(NotADatabaseError, match=r"not a Relmanager backup \(not an SQLite"):
        backups.check_backup(source)
    assert backups.verify(source) == "not a database (no SQLite header, and not encrypted " \
        "either)"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_restore_of_random_utf8_text_says_it_is_no_backup(tmp_path, db_path, clock, capsys,
                                                          seed):
    rng = random.Random(seed)
    text = "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0xA0, 0xD800),
                                   rng.randrange(0x10000, 0x110000)])) for _ in range(4000))
    source = tmp_path / "random.txt"
    source.write_bytes(_page_sized(text.encode("utf-8"), 16))
    code, err = _restore(db_path, source, capsys)
    assert code != 0
    assert "not a Relmanager backup (not an SQLite database)" in err, err
    assert "encrypted" not in err


def test_an_encrypted_database_and_random_bytes_still_read_as_encrypted(tmp_path):
    """The other side: SQLCipher's pages (and random bytes, which nothing tells from a
    database encrypted with an unknown key) are taken for encrypted."""
    from relmanager.store import backups, encryption
    from relmanager.store.errors import NotADatabaseError

    secret = tmp_path / "secret.sqlite3"
    conn = encryption.connect(secret, encryption.new_key())
    conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO contact (name) VALUES (?)", [(f"n{i}",) for i in range(200)])
    conn.commit()
    conn.close()
    noise = tmp_path / "noise.bin"
    noise.write_bytes(random.Random(7).randbytes(8192))
    for path in (secret, noise):
        assert encryption.looks_encrypted(path), path
        with pytest.raises(NotADatabaseError, match="is encrypted and no key was found"):
            backups.check_backup(path)
        assert backups.verify(path) == ("no SQLite header: encrypted (no key was found to "
                                        "check it) or damaged")
    plain = tmp_path / "plain.sqlite3"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    assert not encryption.looks_encrypted(plain)

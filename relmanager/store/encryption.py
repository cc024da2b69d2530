"""Optional encryption at rest with SQLCipher.

An encrypted database has no SQLite header (its first page is ciphertext), which is how it
is recognised; whether a file is encrypted is read once, before this process connects to
it, and carried (see ``_known``). Converting either way rewrites the whole database into a
new file with ``sqlcipher_export`` (0600, in a private 0700 folder beside it: a decrypted
copy is plaintext), checks that the copy is whole and holds the same rows, and only then
puts it in place; the caller closes every connection first. The key itself is kept by the
caller in the OS keyring (relmanager.secrets), never here, found by the file's
key id: the random SQLCipher salt its first 16 bytes hold, which moves with the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from relmanager.store.errors import NotADatabaseError, StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables whose row counts must survive a conversion.
CHECKED_TABLES = ("contact", "interaction", "stage_change", "follow_up", "introduction")


def database_errors() -> tuple[type[Exception], ...]:
    """What a damaged or wrongly keyed file raises, plain or encrypted (sqlcipher3 is
    imported only when this is asked, never at start-up)."""
    import sqlite3

    from sqlcipher3 import dbapi2 as sqlcipher

    return (sqlite3.DatabaseError, sqlcipher.DatabaseError)


class EncryptionKeyError(StoreError):
    """The database is encrypted and the key is missing or wrong."""


class UnreadableFileError(EncryptionKeyError, NotADatabaseError):
    """No SQLite header and no key: ciphertext and junk look alike, so the message names
    both causes, and callers may treat it as either (unlock the keyring, or restore)."""


def new_key() -> str:
    """A random 256-bit key as text (SQLCipher derives its page keys from it)."""
    import secrets  # with hmac and random: not for a start that opens a database

    return secrets.token_hex(32)


#: What was read from the header of each file this process has a connection to, by
#: (device, inode): whether it is encrypted and its key id. Decided once, *before*
#: connecting (see :func:`remember`), then only looked up. Reading the header of a file
#: this process has open would close a descriptor of it, and closing any descriptor drops
#: every POSIX lock SQLite holds on that file (sqlite.org, "How To Corrupt An SQLite
#: Database File", 2.2): another process then thinks it is alone, checkpoints and deletes
#: the -wal the app still writes to.
_known: dict[tuple[int, int], tuple[bool, str | None]] = {}
SALT_SIZE = 16


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _read_header(path: Path) -> tuple[bool, str | None]:
    """(encrypted, key id) from the first bytes: only for a file this process has no
    connection to. An encrypted file starts with SQLCipher's random salt, which stays
    with the file wherever it is moved: it is the file's key id (see
    relmanager.secrets.database_key)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return False, None
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return False, None
    return True, f"salt:{head[:SALT_SIZE].hex()}" if len(head) >= SALT_SIZE else None


#: SQLCipher pages are a power of two of at least 512 bytes, and the file is whole pages.
_SMALLEST_PAGE = 512
#: How much of the head :func:`looks_encrypted` weighs: SQLCipher 4's first page.
_SAMPLE = 4096
#: Pearson's chi-square of the 256 byte counts of a uniformly random sample has a mean
#: of 255 and a standard deviation of 22.6, whatever its length: 450 is more than eight
#: deviations away (20,000 samples of random bytes never passed 360), and readable text
#: in any encoding, UTF-8, UTF-16 or Windows-1252, scores in the thousands.
_CHI_SQUARE_LIMIT = 450.0
#: Control bytes (0x00-0x1f but tab, LF and CR) are 29 in 256 of random bytes (11%);
#: text has next to none, even text of random Latin-1 letters, which is as flat as
#: ciphertext above 0x20 and would pass the chi-square test over 512 bytes.
_CONTROL_SHARE = 0.06
_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 13))


def looks_encrypted(path: Path) -> bool:
    """Whether a file without an SQLite header is SQLCipher ciphertext (or bytes that
    cannot be told from it) rather than something else: a vCard, a CSV, a text.

    SQLCipher writes no magic: an encrypted file starts with its random salt and goes
    on in random-looking pages. So the signs are the ones ciphertext cannot help
    having: whole pages, and a head whose bytes are spread evenly over all 256 values,
    control bytes included. Text of any kind fails both (a file that was only checked
    for valid UTF-8 over its first 4 kB failed that check whenever the cut fell inside
    a character, and was then reported as "encrypted and no key was found"). Random
    bytes pass, as they must: nothing tells them from a database encrypted with a key
    nobody has. A file this process has open is not read (see ``_known``)."""
    identity = _identity(path)
    if identity is not None and identity in _known:
        return _known[identity][0]
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file() or size < _SMALLEST_PAGE or size % _SMALLEST_PAGE:
            return False
        with path.open("rb") as handle:
            head = handle.read(_SAMPLE)
    except OSError:
        return False
    return not head.startswith(SQLITE_MAGIC) and random_looking(head)


def random_looking(sample: bytes) -> bool:
    """Whether ``sample`` is as even over byte values as random bytes are (see
    :func:`looks_encrypted`)."""
    if len(sample) < _SMALLEST_PAGE:
        return False
    expected = len(sample) / 256
    square = sum((sample.count(value) - expected) ** 2
                 for value in range(256)) / expected
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return square < _CHI_SQUARE_LIMIT and controls >= _CONTROL_SHARE * len(sample)


def remember(path: Path) -> tuple[bool, str | None]:
    """Read ``path``'s header now, before a connection to it is made, and carry it (a
    file already carried, because this process has it open, is not read again)."""
    identity = _identity(path)
    if identity is not None and identity in _known:
        return _known[identity]
    found = _read_header(path)
    if identity is not None:
        _known[identity] = found
    return found


def forget(path: Path) -> None:
    """The file at ``path`` has no connection in this process any more (or was replaced)."""
    identity = _identity(path)
    if identity is not None:
        _known.pop(identity, None)


def read_header_is_encrypted(path: Path) -> bool:
    """Read the header: only for a file this process has no connection to."""
    return _read_header(path)[0]


def _header(path: Path) -> tuple[bool, str | None]:
    identity = _identity(path)
    if identity is not None and identity in _known:
        return _known[identity]
    return _read_header(path)


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is encrypted: the carried answer for a file this process has open
    (never reading it again), else its header."""
    return _header(path)[0]


def key_id(path: Path) -> str | None:
    """The stable id the key of the encrypted file at ``path`` is kept under (None for a
    plain or missing file); carried for a file this process has open."""
    return _header(path)[1]


def connect(path: Path, key: str | None):
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(path))
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not stderr
    if key:
        conn.execute(f"PRAGMA key = '{_quoted(key)}'")
    return conn


def pragma_key(key: str) -> str:
    """The value for ``PRAGMA key``: our random 256-bit keys go in raw (``x'..'``), which
    skips SQLCipher's deliberately slow passphrase derivation (~0.3 s per connection); a
    user-chosen passphrase would need it, a random key does not."""
    if len(key) == 64 and all(c in "0123456789abcdef" for c in key):
        return f"x'{key}'"
    return key


def _quoted(key: str) -> str:
    return pragma_key(key).replace("'", "''")


def _counts(conn) -> dict[str, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in CHECKED_TABLES if t in tables}


def check_key(path: Path, key: str | None) -> None:
    """Raise EncryptionKeyError when ``key`` does not open the database at ``path``."""
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = connect(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        raise EncryptionKeyError(
            f"{Path(path).name} is encrypted and the key in the system keyring does not "
            "open it; nothing was changed. Unlock the right keyring, or restore a backup "
            "made before encryption was turned on") from None
    finally:
        conn.close()


CONVERTING_PREFIX = ".relmanager-converting-"


def _private_workspace(path: Path) -> Path:
    """A 0700 folder beside ``path`` (same file system, so the result can be renamed into
    place) for the converted copy: a decrypted copy is plaintext, and one left by a
    killed conversion must not be readable by anyone else. Folders left by conversions
    whose process is gone are removed first."""
    import shutil
    import tempfile

    for old in path.parent.glob(f"{CONVERTING_PREFIX}*"):
        pid = old.name[len(CONVERTING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{CONVERTING_PREFIX}{os.getpid()}-",
                                 dir=path.parent))


def process_alive(pid: int) -> bool:
    """Whether a process still runs: a leftover named after a live one is still in use
    (its conversion or backup is under way), one named after a dead one is debris."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def convert(path: Path, *, from_key: str | None, to_key: str | None) -> dict[str, int]:
    """Rewrite ``path`` encrypted with ``to_key`` (plain when None), verified before it
    replaces the original. Returns the row counts that were checked. The copy is made
    0600 in a private folder (see :func:`_private_workspace`) and removed on failure."""
    import shutil

    path = Path(path)
    check_key(path, from_key)
    workspace = _private_workspace(path)
    try:
        target = workspace / f"{path.name}.converting"
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        after = _convert_into(path, target, from_key, to_key)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    forget(path)  # a new file (inode) now: read afresh by whoever connects next
    return after


def _convert_into(path: Path, target: Path, from_key: str | None,
                  to_key: str | None) -> dict[str, int]:
    from sqlcipher3 import dbapi2 as sqlcipher

    source = connect(path, from_key)
    try:
        lock_out_others(source, path)
        before = _counts(source)
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute(f"ATTACH DATABASE ? AS converted KEY '{_quoted(to_key or '')}'",
                       (str(target),))
        source.execute("SELECT sqlcipher_export('converted')")
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute("DETACH DATABASE converted")
    except sqlcipher.DatabaseError as error:
        source.close()
        raise StoreError(f"the database could not be converted ({error}); nothing was "
                         "changed") from None
    check = connect(target, to_key)
    try:
        whole = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        after = _counts(check)
    finally:
        check.close()
    if not whole or after != before:
        source.close()
        raise StoreError("the converted copy did not match the database; nothing was "
                         "changed")
    try:  # still holding the exclusive lock, so nobody writes to the file being replaced
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        target.replace(path)
    finally:
        source.close()
    return after


def lock_out_others(conn, path: Path) -> None:
    """Take the database for this connection alone (exclusive locking mode and a write
    transaction) and keep it until the swap: a window or a command that has it open
    would otherwise go on writing into the replaced file, and those writes would be lost."""
    import sqlite3

    from sqlcipher3 import dbapi2 as sqlcipher

    try:
        conn.execute("PRAGMA busy_timeout = 0")
        # Leaving WAL mode needs every other connection gone (SQLite says "locked"
        # otherwise), and folds the WAL into the file first.
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("COMMIT")  # the exclusive lock outlives the transaction in this mode
    except (sqlcipher.OperationalError, sqlite3.OperationalError):
        conn.close()
        raise StoreError(f"{Path(path).name} is open in another program (Relmanager's "
                         "window, or a command still running); close it and try again. "
                         "Nothing was changed") from None

"""``backup``, ``backups`` and ``restore``: the database's safety copies from a terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

from relmanager.commands import add_command
from relmanager.commands.common import add_db_option, db_path, open_store
from relmanager.paths import backup_dir, user_path
from relmanager.store import backups
from relmanager.store.db import close_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "backup")
    add_db_option(p)
    p.add_argument("out", nargs="?", help="write the backup to this file instead")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(handler=cmd_backup)

    p = add_command(sub, "backups")
    add_db_option(p)
    p.set_defaults(handler=cmd_backups)

    p = add_command(sub, "restore")
    add_db_option(p)
    p.add_argument("file")
    p.add_argument("--force", action="store_true", help="the database is damaged, not "
                   "encrypted: replace it even though its key cannot be found")
    p.set_defaults(handler=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    out = user_path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:  # before opening anything
        raise backups.BackupExistsError(f"{out} already exists; nothing was written. "
                                        "Choose another name, or add --force to replace it")
    open_store(args)
    try:
        target = backups.backup_now(db_path(args), args.clock, out, force=args.force)
    finally:
        close_db()
    print(f"backed up to {target}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    """Each backup is checked (size, header, quick_check); a bad one is marked, never
    passed off as a good newest backup."""
    path = db_path(args)
    found = backups.list_backups(path, check=True, key=_key_if_encrypted(path))
    if not found:
        print("no backups yet")
    for info in found:
        mark = f"  BAD: {info.problem}" if info.problem else ""
        print(f"{info.created:%Y-%m-%d %H:%M}  {info.size / 1e6:8.1f} MB  {info.path}{mark}")
    return 1 if any(info.problem for info in found) else 0


def _key_if_encrypted(path: Path) -> str | None:
    """The database's key, asked of the keyring only when the database or one of its
    backups is encrypted (importing keyring costs start-up time)."""
    from relmanager.store.encryption import read_header_is_encrypted

    folder = backup_dir(path)
    candidates = [path, *(folder.glob("*.sqlite3") if folder.is_dir() else [])]
    if not any(p.is_file() and read_header_is_encrypted(p) for p in candidates):
        return None
    from relmanager.secrets import database_key

    return database_key(path)


def cmd_restore(args: argparse.Namespace) -> int:
    source = user_path(args.file)
    from relmanager.secrets import database_key  # keyring: only when restoring

    key = database_key(db_path(args))  # also for a plain database: its old backups
    check = backups.check_backup(source, key)
    close_db()  # this process's own store, if a caller left it open: restore needs it shut
    kept = backups.restore(db_path(args), source, args.clock, key, force=args.force)
    print(f"restored {source.name}: {check.contacts:,} contact"
          f"{'s' if check.contacts != 1 else ''}, {check.interactions:,} interaction"
          f"{'s' if check.interactions != 1 else ''} (the database it replaced is kept as "
          f"{kept})")
    return 0

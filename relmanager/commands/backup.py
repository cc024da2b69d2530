"""``backup``, ``backups`` and ``restore``: the database's safety copies from a terminal."""

from __future__ import annotations

import argparse

from relmanager.commands.common import CLOCK, add_db_option, db_path, open_store
from relmanager.paths import user_path
from relmanager.store import backups
from relmanager.store.db import close_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="back the database up now (default: into backups/ "
                       "beside it, keeping the newest few)")
    add_db_option(p)
    p.add_argument("out", nargs="?", help="write the backup to this file instead")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("backups", help="list the backups beside the database")
    add_db_option(p)
    p.set_defaults(handler=cmd_backups)

    p = sub.add_parser("restore", help="check a backup and put it in place of the database "
                       "(the current one is kept in backups/)")
    add_db_option(p)
    p.add_argument("file")
    p.set_defaults(handler=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    open_store(args)
    target = backups.backup_now(db_path(args), CLOCK,
                                user_path(args.out) if args.out else None)
    close_db()
    print(f"backed up to {target}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    found = backups.list_backups(db_path(args))
    if not found:
        print("no backups yet")
    for info in found:
        print(f"{info.created:%Y-%m-%d %H:%M}  {info.size / 1e6:8.1f} MB  {info.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    source = user_path(args.file)
    from relmanager.services.secrets import database_key  # keyring: only when restoring

    key = database_key(db_path(args))  # also for a plain database: its old backups
    check = backups.check_backup(source, key)
    kept = backups.restore(db_path(args), source, CLOCK, key)
    print(f"restored {source.name}: {check.contacts:,} contact"
          f"{'s' if check.contacts != 1 else ''}, {check.interactions:,} interaction"
          f"{'s' if check.interactions != 1 else ''} (the database it replaced is kept as "
          f"{kept})")
    return 0

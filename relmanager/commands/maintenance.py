"""``demo`` and ``check``: filling a database to look around, and checking one."""

from __future__ import annotations

import argparse
import sys

from relmanager.commands import add_command
from relmanager.commands.common import (
    CommandError,
    add_db_option,
    db_path,
    key_for,
    open_store,
    positive_int,
)
from relmanager.domain.wording import plural
from relmanager.store import backups, demo, migrations, queries
from relmanager.store.db import close_db, current_passphrase, open_database


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "demo")
    add_db_option(p)
    p.add_argument("--contacts", type=positive_int, default=500)
    p.add_argument("--interactions", type=positive_int, default=None,
                   help="default: 12 per contact")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(handler=cmd_demo)

    p = add_command(sub, "check")
    add_db_option(p)
    p.set_defaults(handler=cmd_check)


def cmd_demo(args: argparse.Namespace) -> int:
    open_store(args)
    interactions = args.interactions if args.interactions is not None else args.contacts * 12

    def say(message: str) -> None:
        if not args.quiet:
            print(f"  {message}", file=sys.stderr)

    try:
        summary = demo.generate(args.contacts, interactions, args.clock.now(),
                                seed=args.seed, progress=say)
    except demo.DemoThereError as error:  # its people would all be there twice
        raise CommandError(f"{error} (the database is as it was): give another --seed to "
                           "add a second network, or --db a new file for a demo of its own"
                           ) from error
    print(f"demo network: {plural(summary.contacts, 'contact')}, "
          f"{plural(summary.interactions, 'interaction')} in {summary.seconds:.1f} s "
          f"({db_path(args)})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Looks at the database as it is first (no migration), then reports."""
    path = db_path(args)
    if not path.exists():
        print(f"relmanager: error: no database at {path}", file=sys.stderr)
        return 1
    raw = open_database(path, key_for(path), reading=True)
    problems = [row[0] for row in raw.execute_sql("PRAGMA integrity_check").fetchall()]
    problems = [p for p in problems if p != "ok"]
    fk = raw.execute_sql("PRAGMA foreign_key_check").fetchall()
    problems += [f"broken reference in {table} row {rowid} to {parent}"
                 for table, rowid, parent, _ in fk]
    version = migrations.schema_version(raw)
    raw.close()
    if problems:
        print(f"database {path}: NOT ok")
        for problem in problems[:50]:
            print(f"  {problem}")
        return 1
    open_store(args, reading=True)
    counts = queries.database_counts()
    passphrase = current_passphrase()
    good, bad = backups.newest_valid(path, passphrase)
    print(f"database {path}: ok")
    print(f"  schema version {version} (this Relmanager: {migrations.LATEST})")
    print("  " + ", ".join(plural(n, t.replace("_", " ")) for t, n in counts.items()))
    for info in bad:  # newer than the newest good one: say why they do not count
        print(f"  BAD backup: {info.path} ({info.problem})")
    print(f"  newest backup: {good.path if good else 'none yet'}"
          + (" (checked)" if good else ""))
    from relmanager.store.email_audit import bad_addresses

    bad_mail = bad_addresses()
    if bad_mail:
        stored = plural(len(bad_mail), "stored e-mail address", "stored e-mail addresses")
        are = "is not a valid address" if len(bad_mail) == 1 else "are not valid addresses"
        print(f"  {stored} {are} (kept as they are, never used for mail links; correct "
              "them in the contact):")
        for address in bad_mail[:50]:
            print(f"    {address}")
    close_db()
    return 0

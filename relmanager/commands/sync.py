"""``sync``: the same CardDAV/CalDAV sync as Settings > Sync, from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys

from relmanager.commands import common
from relmanager.commands.common import CommandError, add_db_option, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="sync with a CardDAV/CalDAV server (set it up once "
                       "with --setup); never sends anything to your contacts")
    add_db_option(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--setup", metavar="URL", help="set up sync with the server at URL "
                      "(asks for the password, or reads it from stdin with --password-stdin)")
    mode.add_argument("--status", action="store_true", help="show the account and the last "
                      "sync")
    mode.add_argument("--conflicts", action="store_true", help="list values that two devices "
                      "changed differently")
    mode.add_argument("--off", action="store_true", help="stop syncing (the server's data "
                      "stays; the password leaves the keyring)")
    p.add_argument("--user", help="user name for --setup")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password for --setup from standard input")
    p.set_defaults(handler=cmd_sync)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask for the password; pass --password-stdin")
    return getpass.getpass(f"Password for {args.user}: ")


def cmd_sync(args: argparse.Namespace) -> int:
    # Imported here: every command line builds this parser, few of them sync.
    from relmanager.services.secrets import SecretsUnavailable
    from relmanager.store import sync_conflicts, sync_state
    from relmanager.sync import account as accounts
    from relmanager.sync.dav import DavError

    open_store(args)
    try:
        if args.setup:
            if not args.user:
                raise CommandError("--setup needs --user NAME")
            account = accounts.set_up(args.setup, args.user, _password(args))
            print(f"sync set up: address book {account.addressbook}, calendar "
                  f"{account.calendar}; the password is in the system keyring")
            return 0
        if args.off:
            accounts.remove()
            print("sync is off; the server's data was left as it is")
            return 0
        account = accounts.load()
        if args.status:
            if account is None:
                print("sync is not set up")
                return 0
            print(f"server: {account.url} as {account.user}")
            print(f"address book: {account.addressbook}\ncalendar: {account.calendar}")
            print(f"last sync: {account.last_sync or 'never'}")
            waiting = sum(len(sync_state.changed_ids(k)) for k in sync_state.KINDS)
            print(f"waiting to be sent: {waiting}; conflicts: {len(sync_conflicts.conflicts())}")
            return 0
        if args.conflicts:
            for row in sync_conflicts.conflicts():
                print(f"{row.kind} {row.local_id}\t{row.field}\tthis device: "
                      f"{row.local_json}\tother device: {row.remote_json}")
            return 0
        from relmanager.sync.engine import sync

        report = sync(common.CLOCK)
        print(report.summary())
        for reason in report.reasons:  # each skipped entry by name, and why
            print(f"  skipped {reason}")
        return 0
    except (DavError, SecretsUnavailable, LookupError) as error:
        raise CommandError(str(error)) from None

"""``sync``: the same CardDAV/CalDAV sync as Settings > Sync, from the command line."""

from __future__ import annotations

import argparse
import getpass
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from relmanager.commands import add_command
from relmanager.commands.common import CommandError, add_db_option, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "sync")
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
    p.add_argument("--ca-file", metavar="PEM", help="with --setup: trust the certificate "
                   "(or CA) in this PEM file for the server (a self-signed server)")
    p.add_argument("--trust-fingerprint", metavar="SHA256", help="with --setup: trust the "
                   "one server certificate with this SHA-256 fingerprint (as the error "
                   "for an untrusted certificate shows it)")
    p.add_argument("--quiet", action="store_true", help="no progress lines while syncing")
    p.set_defaults(handler=cmd_sync)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask for the password; pass --password-stdin")
    return getpass.getpass(f"Password for {args.user}: ")


def _ca_pem(path: str | None) -> str | None:
    """The PEM text of ``--ca-file``, checked to hold a certificate."""
    if not path:
        return None
    try:
        with Path(path).open(encoding="ascii") as handle:  # a user's PEM file
            text = handle.read(1_000_000)
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read the certificate file {path}: "
                           f"{getattr(error, 'strerror', None) or error}") from None
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise CommandError(f"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
    return text


def _progress_printer() -> Callable[[str], None]:
    """Progress lines on stderr (stdout keeps the one-line summary): on a terminal one
    line rewritten in place; elsewhere the first and last line of each step and at most
    one a second between them, so a log of a 3,000-contact sync stays short."""
    tty = sys.stderr.isatty()
    last = {"at": 0.0, "step": ""}

    def show(text: str) -> None:
        if tty:
            print(f"\r\x1b[K{text}", end="", file=sys.stderr, flush=True)
            return
        now, step = time.monotonic(), re.sub(r"\d+", "#", text)
        counts = re.search(r"(\d+) of (\d+)", text)
        if step != last["step"] or now - last["at"] >= 1.0 or (
                counts and counts[1] == counts[2]):
            print(text, file=sys.stderr, flush=True)
            last["at"], last["step"] = now, step

    return show


def cmd_sync(args: argparse.Namespace) -> int:
    # Imported here: every command line builds this parser, few of them sync.
    from relmanager.secrets import SecretsUnavailable
    from relmanager.store import sync_conflicts, sync_state
    from relmanager.sync import account as accounts
    from relmanager.sync.dav import DavError

    open_store(args)
    notice = accounts.take_notice()
    if notice:
        print(notice, file=sys.stderr)
    try:
        if (args.ca_file or args.trust_fingerprint) and not args.setup:
            raise CommandError("--ca-file and --trust-fingerprint go with --setup URL")
        if args.setup:
            if not args.user:
                raise CommandError("--setup needs --user NAME")
            account = accounts.set_up(args.setup, args.user, _password(args),
                                      ca_pem=_ca_pem(args.ca_file),
                                      pin_sha256=args.trust_fingerprint)
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
            rows = sync_conflicts.conflicts()
            if not rows:
                print("no conflicts")
            for row in rows:
                print(f"{row.kind} {row.local_id}\t{row.field}\tthis device: "
                      f"{row.local_json}\tother device: {row.remote_json}")
            return 0
        from relmanager.sync.engine import sync

        progress = None if args.quiet else _progress_printer()
        try:
            report = sync(args.clock, progress=progress)
        finally:
            if progress is not None and sys.stderr.isatty():
                print("\r\x1b[K", end="", file=sys.stderr, flush=True)
        print(report.summary())
        for reason in report.reasons:  # each skipped entry by name, and why
            print(f"  skipped {reason}")
        return 0
    except (DavError, SecretsUnavailable, LookupError) as error:
        raise CommandError(str(error)) from None

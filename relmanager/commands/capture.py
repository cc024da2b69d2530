"""``capture``, ``captures``, ``undo-capture`` and ``me``: last contact kept up to date
from the user's own mail and calendar (issue 24).

Capture reads local files only (headers of mail, past events of a calendar), matches
people to contacts by e-mail address, and never writes to the mail or the calendar, nor
sends anything. ``--dry-run`` prints the same preview as a real run and writes nothing; a
real run is one batch that ``undo-capture`` removes again.
"""

from __future__ import annotations

import argparse
import sys

from relmanager.commands import add_command
from relmanager.commands.common import CommandError, add_db_option, open_store, visible

MAX_SHOWN = 20


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "capture")
    add_db_option(p)
    kinds = p.add_subparsers(dest="capture_kind", metavar="SOURCE", required=True)
    m = kinds.add_parser("mail", help="e-mail headers from an mbox file or a Maildir folder")
    add_db_option(m)
    m.add_argument("path", nargs="?", help="an mbox file, a Maildir folder (cur/new/tmp), "
                   "or an Apple Mail .mbox export")
    m.add_argument("--imap", metavar="URL", help="read-only from an IMAP server instead: "
                   "imaps://user@host[:port]/INBOX,Sent (password from the system keyring)")
    m.add_argument("--user", default="", help="IMAP user name (if not in the URL)")
    m.add_argument("--password-stdin", action="store_true", help="read the IMAP password "
                   "from standard input and keep it in the system keyring")
    m.add_argument("--dry-run", action="store_true", help="preview only; write nothing")
    m.set_defaults(handler=cmd_capture_mail)
    c = kinds.add_parser("calendar", help="past events of an iCalendar (.ics) file, or of "
                         "the sync account's calendars (--account)")
    add_db_option(c)
    c.add_argument("file", nargs="?")
    c.add_argument("--account", action="store_true", help="read the past events of the "
                   "sync account's calendars (read only; password from the system keyring)")
    c.add_argument("--dry-run", action="store_true", help="preview only; write nothing")
    c.set_defaults(handler=cmd_capture_calendar)

    p = add_command(sub, "captures")
    add_db_option(p)
    p.set_defaults(handler=cmd_captures)

    p = add_command(sub, "undo-capture")
    add_db_option(p)
    p.add_argument("batch", nargs="?", type=int, help="capture number (see `captures`)")
    p.set_defaults(handler=cmd_undo_capture)

    p = add_command(sub, "me")
    add_db_option(p)
    p.add_argument("--email", action="append", default=[], metavar="ADDR",
                   help="add one of your addresses (repeatable)")
    p.add_argument("--remove", action="append", default=[], metavar="ADDR")
    p.set_defaults(handler=cmd_me)


def _report(plan, dry_run: bool, clock) -> None:  # type: ignore[no-untyped-def]
    from relmanager.domain.capture import left_out
    from relmanager.store import capture

    people = len(plan.per_contact)
    verb = "would be captured" if dry_run else "captured"
    print(f"{plan.location}: {plan.read} read; {plan.interactions} interaction"
          f"{'s' if plan.interactions != 1 else ''} with {people} "
          f"{'person' if people == 1 else 'people'} {verb}"
          + (f"; {plan.already} already captured before" if plan.already else ""))
    if not dry_run and plan.rows:
        batch_id = capture.apply_capture(plan, clock)
        print(f"capture {batch_id} (undo with: relmanager undo-capture {batch_id})")
    elif not dry_run:
        print("nothing new to capture; no batch recorded")
    names = plan.names()
    ranked = sorted(plan.per_contact.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
    for cid, count in ranked[:MAX_SHOWN]:
        print(f"  {count:>5}  {visible(names.get(cid, f'#{cid}'))}")
    if len(ranked) > MAX_SHOWN:
        print(f"  ... and {len(ranked) - MAX_SHOWN} more people")
    for said in left_out(plan.skipped.reasons):
        print(f"  left out: {said}")
    if plan.unknown:
        top = sorted(plan.unknown.items(), key=lambda kv: (-kv[1], kv[0]))
        print(f"  not contacts ({len(top)}; review and add them yourself if you wish):")
        for address, count in top[:MAX_SHOWN]:
            print(f"  {count:>5}  {address}")
    for problem in plan.problems[:MAX_SHOWN]:
        print(f"  problem: {problem}", file=sys.stderr)
    if len(plan.problems) > MAX_SHOWN:
        print(f"  ... and {len(plan.problems) - MAX_SHOWN} more problems", file=sys.stderr)


def _needs_me(me: frozenset[str]) -> None:
    if not me:
        raise CommandError("tell Relmanager your own addresses first, so that they are "
                           "never taken for a contact: relmanager me --email ADDR")




def _imap_scan(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Headers from the IMAP server, with the password from the keyring (stored there
    when given with --password-stdin and the server accepted it)."""
    import getpass

    from relmanager.services import secrets
    from relmanager.services.capture_sources import IMAP_SECRET
    from relmanager.sync.imap_mail import ImapError, parse_address, read_imap

    try:
        address = parse_address(args.imap, args.user)
        given = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
        password = given or secrets.get_secret(IMAP_SECRET, address.account)
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(f"no password for {address.account} in the system "
                                   "keyring; pass it once with --password-stdin")
            password = getpass.getpass(f"IMAP password for {address.account}: ")
        scan = read_imap(address, password)
    except ImapError as error:
        raise CommandError(str(error)) from None
    if given:
        try:
            secrets.set_secret(IMAP_SECRET, address.account, given)
        except secrets.SecretsUnavailable as error:
            print(f"relmanager: warning: the password was not stored: {error}",
                  file=sys.stderr)
    return scan


def cmd_capture_mail(args: argparse.Namespace) -> int:
    from relmanager.domain.capture import MAIL, Skipped, mail_candidates
    from relmanager.interchange.mail_in import HeaderError, read_mail
    from relmanager.store import capture

    if bool(args.path) == bool(args.imap):
        raise CommandError("give either a PATH (mbox or Maildir) or --imap URL")
    open_store(args)
    me = capture.me_addresses()
    _needs_me(me)
    if args.imap:
        scan = _imap_scan(args)
    else:
        try:
            scan = read_mail(args.path)
        except HeaderError as error:  # says the path and the problem (read_mail)
            raise CommandError(str(error)) from None
    skipped = Skipped()
    candidates = mail_candidates(scan.messages, me, now=args.clock.now(), skipped=skipped)
    plan = capture.plan_capture(MAIL, str(args.path or scan.source), candidates,
                                read=scan.seen, skipped=skipped, problems=scan.problems)
    _report(plan, args.dry_run, args.clock)
    return 0


def _account_scan(me: frozenset[str], now):  # type: ignore[no-untyped-def]
    from relmanager.services.capture_sources import SourceError, account_scan

    try:
        return account_scan(me, now)
    except SourceError as error:
        raise CommandError(f"the sync account's calendars: {error}") from None


def cmd_capture_calendar(args: argparse.Namespace) -> int:
    from relmanager.domain.capture import CALENDAR
    from relmanager.interchange.calendar_in import CalendarError, read_calendar
    from relmanager.store import capture

    if bool(args.file) == bool(args.account):
        raise CommandError("give either a calendar FILE (.ics) or --account")
    open_store(args)
    me = capture.me_addresses()
    _needs_me(me)
    try:
        if args.account:
            scan = _account_scan(me, args.clock.now())
        else:
            scan = read_calendar(args.file, me, args.clock.now())
    except CalendarError as error:
        raise CommandError(str(error)) from None
    plan = capture.plan_capture(CALENDAR, scan.source if args.account else str(args.file),
                                scan.candidates,
                                read=scan.occurrences, skipped=scan.skipped,
                                problems=scan.problems)
    _report(plan, args.dry_run, args.clock)
    if not args.dry_run:
        _keep_upcoming(plan.location, "account" if args.account else str(args.file), me,
                       args.clock.now())
    return 0


def _keep_upcoming(key: str, location: str, me: frozenset[str], now) -> None:  # type: ignore[no-untyped-def]
    """The calendar's coming meetings with contacts, kept for their briefs (issue 24,
    item 6): replaced on each read of the source (the same read as the Capture page's)."""
    from relmanager.services.capture_sources import Source, upcoming_of
    from relmanager.store import upcoming

    coming, problems = upcoming_of(Source("account" if location == "account" else "ics",
                                          "" if location == "account" else location), me, now)
    for problem in problems:
        print(f"  problem: {problem}", file=sys.stderr)
    if problems and not coming:
        return
    kept = upcoming.replace_upcoming(key, coming, now)
    if kept:
        print(f"  {kept} coming meeting{'s' if kept != 1 else ''} with contacts kept for "
              "their briefs (relmanager meetings)")


def cmd_captures(args: argparse.Namespace) -> int:
    from relmanager.store import capture

    open_store(args, reading=True)
    for batch in capture.batches():
        state = f"undone {batch.undone_at:%Y-%m-%d %H:%M}" if batch.undone_at else "active"
        print(f"{batch.id:>4}  {batch.created_at:%Y-%m-%d %H:%M}  {batch.source:<8} "
              f"{batch.captured:>6} interactions {batch.people:>5} people  "
              f"{batch.read:>7} read  {state}  {batch.location}")
    return 0


def cmd_undo_capture(args: argparse.Namespace) -> int:
    from relmanager.store import capture

    open_store(args)
    undone = capture.undo_capture(args.clock, args.batch)
    print(f"capture {undone.batch_id} ({undone.source}, {undone.location}) undone: "
          f"{undone.removed} interactions removed")
    return 0


def cmd_me(args: argparse.Namespace) -> int:
    from relmanager.store import capture

    # Without --email or --remove it only lists: a read-only file or folder answers too.
    open_store(args, reading=not (args.email or args.remove))
    mine = sorted(capture.me_addresses())
    if args.email:
        mine = capture.add_me(args.email)
    if args.remove:
        mine = capture.remove_me(args.remove)
    for address in mine:
        print(address)
    return 0

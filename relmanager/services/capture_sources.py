"""The Capture page's and the periodic capture's work, without Qt (issue 24, item 5):
read every remembered source, plan each (the same plan as ``relmanager capture
--dry-run``), and apply the plans as one transaction.

Each source is one batch, so each can be undone alone, as from the command line. A
source that cannot be read (a moved file, a refused password) is named with its reason
and leaves nothing behind; the others are still previewed. Runs on a worker thread:
``progress(done, total)`` follows the source being read (bytes or messages), and
``cancelled()`` is polled between and inside sources; a cancel raises
:class:`OperationCancelledError`, and nothing has been written then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from relmanager.domain.capture import CALENDAR, MAIL, Skipped, mail_candidates
from relmanager.domain.clock import Clock
from relmanager.domain.preferences import Preferences
from relmanager.store import capture
from relmanager.store.errors import OperationCancelledError

#: The keyring service of IMAP passwords (shared with ``relmanager capture mail --imap``).
IMAP_SECRET = "imap"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Source:
    """One remembered place to capture from."""

    kind: str  # mail | ics | imap | account
    location: str  # a path, an IMAP URL, or "" for the sync account

    @property
    def label(self) -> str:
        if self.kind == "account":
            return "The sync account's calendars"
        if self.kind == "imap":
            return f"IMAP {self.location}"
        return self.location


def sources_of(prefs: Preferences) -> list[Source]:
    found = [Source("mail", p) for p in prefs.capture_mail_paths]
    found += [Source("ics", p) for p in prefs.capture_ics_paths]
    if prefs.capture_imap:
        found.append(Source("imap", prefs.capture_imap))
    if prefs.capture_account:
        found.append(Source("account", ""))
    return found


@dataclass
class Preview:
    """What a capture of all sources would write, and what could not be read."""

    plans: list[capture.CapturePlan] = field(default_factory=list)
    failures: list[tuple[Source, str]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    #: Each calendar source's coming meetings (for their briefs), kept when applied.
    upcoming: dict[str, list] = field(default_factory=dict)

    @property
    def interactions(self) -> int:
        return sum(p.interactions for p in self.plans)

    @property
    def per_contact(self) -> dict[int, int]:
        total: dict[int, int] = {}
        for plan in self.plans:
            for cid, count in plan.per_contact.items():
                total[cid] = total.get(cid, 0) + count
        return total

    @property
    def unknown(self) -> dict[tuple[str, str], int]:
        """(address, source kind) -> messages or events, over every plan."""
        total: dict[tuple[str, str], int] = {}
        for plan in self.plans:
            for address, count in plan.unknown.items():
                key = (address, plan.source)
                total[key] = total.get(key, 0) + count
        return total

    @property
    def unknown_names(self) -> dict[str, str]:
        """address -> the display name a header gave it (the first seen)."""
        names: dict[str, str] = {}
        for plan in self.plans:
            for address, name in plan.unknown_names.items():
                names.setdefault(address, name)
        return names

    @property
    def skipped(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for plan in self.plans:
            for reason, count in plan.skipped.reasons.items():
                total[reason] = total.get(reason, 0) + count
        return total

    @property
    def already(self) -> int:
        return sum(p.already for p in self.plans)


class SourceError(Exception):
    """A source could not be read; the message says why (and nothing was written)."""


def _imap_scan(url: str, progress: Progress, cancelled: Cancelled):  # type: ignore[no-untyped-def]
    from relmanager import secrets
    from relmanager.sync.imap_mail import ImapError, parse_address, read_imap

    try:
        address = parse_address(url)
        password = secrets.get_secret(IMAP_SECRET, address.account)
        if password is None:
            raise SourceError(f"no password for {address.account} in the system keyring; "
                              "store it once with: relmanager capture mail --imap URL "
                              "--password-stdin")
        return read_imap(address, password, progress=progress, cancelled=cancelled)
    except (ImapError, secrets.SecretsUnavailable) as error:
        raise SourceError(str(error)) from None


def account_scan(me: frozenset[str], now: datetime, progress: Progress | None = None,
                 cancelled: Cancelled | None = None):  # type: ignore[no-untyped-def]
    """Past events of the sync account's calendars, through sync's own client (the
    same keyring entry, the same rules for redirects and certificates)."""
    from relmanager import secrets
    from relmanager.sync import account as sync_account
    from relmanager.sync.calendar_read import read_account_calendars
    from relmanager.sync.dav import DavError

    found = sync_account.load()
    if found is None:
        raise SourceError("no sync account is set up; set one up first (Settings > Sync, "
                          "or relmanager sync --setup URL)")
    try:
        client = found.client()
        try:
            return read_account_calendars(client, me, now, progress=progress,
                                          cancelled=cancelled)
        finally:
            client.close()
    except (DavError, secrets.SecretsUnavailable) as error:
        raise SourceError(str(error)) from None


def account_upcoming(me: frozenset[str], now: datetime) -> tuple[list, list[str]]:
    """The sync account calendars' coming meetings: (occurrences, problems)."""
    from relmanager import secrets
    from relmanager.sync import account as sync_account
    from relmanager.sync.calendar_read import read_account_upcoming
    from relmanager.sync.dav import DavError

    found = sync_account.load()
    if found is None:
        raise SourceError("no sync account is set up")
    try:
        client = found.client()
        try:
            return read_account_upcoming(client, me, now)
        finally:
            client.close()
    except (DavError, secrets.SecretsUnavailable) as error:
        raise SourceError(str(error)) from None


def upcoming_of(source: Source, me: frozenset[str], now: datetime
                ) -> tuple[list, list[str]]:
    """A calendar source's coming meetings with anyone but the user: (occurrences,
    problems). Reads only; a source that cannot be read is a problem line, since its
    capture (read just before) may still hold."""
    from relmanager.interchange.calendar_in import CalendarError
    from relmanager.interchange.calendar_upcoming import read_upcoming

    try:
        if source.kind == "account":
            return account_upcoming(me, now)
        return read_upcoming(source.location, me, now), []
    except (CalendarError, SourceError) as error:
        return [], [f"coming meetings not read: {error}"]


def plan_source(source: Source, me: frozenset[str], now: datetime, progress: Progress,
                cancelled: Cancelled) -> capture.CapturePlan:
    """Read one source and plan its capture (reads only). Raises SourceError."""
    from relmanager.interchange.calendar_in import CalendarError, read_calendar
    from relmanager.interchange.mail_in import HeaderError, read_mail

    try:
        if source.kind in ("mail", "imap"):
            scan = (read_mail(source.location, progress, cancelled) if source.kind == "mail"
                    else _imap_scan(source.location, progress, cancelled))
            if cancelled():
                raise OperationCancelledError("capture cancelled; nothing was written")
            skipped = Skipped()
            candidates = mail_candidates(scan.messages, me, now=now, skipped=skipped)
            return capture.plan_capture(MAIL, source.location or scan.source, candidates,
                                        read=scan.seen, skipped=skipped,
                                        problems=scan.problems)
        cal = (read_calendar(source.location, me, now) if source.kind == "ics"
               else account_scan(me, now, progress, cancelled))
    except (HeaderError, CalendarError, OSError, ValueError) as error:
        # ValueError: a path with a NUL in it ("embedded null byte", which open() raises
        # before any OSError): that source is not read; it failed the whole preview.
        raise SourceError(str(error)) from None
    return capture.plan_capture(CALENDAR, source.location or cal.source, cal.candidates,
                                read=cal.occurrences, skipped=cal.skipped,
                                problems=cal.problems)


def preview(sources: list[Source], now: datetime, progress: Progress,
            cancelled: Cancelled) -> Preview:
    """Every source planned; one that fails is listed with its reason."""
    me = capture.me_addresses()
    result = Preview()
    if not me:
        raise SourceError("tell Relmanager your own e-mail addresses first (above), so that "
                          "they are never taken for a contact")
    for done, source in enumerate(sources):
        if cancelled():
            raise OperationCancelledError("capture cancelled; nothing was written")
        progress(done, len(sources))
        try:
            plan = plan_source(source, me, now, progress, cancelled)
        except SourceError as error:
            result.failures.append((source, str(error)))
            continue
        result.plans.append(plan)
        if source.kind in ("ics", "account"):
            coming, problems = upcoming_of(source, me, now)
            result.upcoming[plan.location] = coming
            plan.problems.extend(problems)
    if cancelled():
        raise OperationCancelledError("capture cancelled; nothing was written")
    progress(len(sources), len(sources))
    result.names = {}
    for plan in result.plans:
        result.names.update(plan.names())
    return result


def apply_plans(plans: list[capture.CapturePlan], clock: Clock,
                upcoming: dict[str, list] | None = None) -> list[int]:
    """Each plan with something to write as its batch, all in the caller's transaction
    (the writer's, in the window): all batches or none. A calendar source's coming
    meetings replace what its last read kept (meeting briefs)."""
    from relmanager.store import upcoming as upcoming_store

    written = [capture.apply_capture(plan, clock) for plan in plans if plan.rows]
    for source, coming in (upcoming or {}).items():
        upcoming_store.replace_upcoming(source, coming, clock.now())
    return written

"""Plain records exchanged between the file formats and the rest of the app.

The parsers know nothing about the database and the store knows nothing about file
formats; these dataclasses are the contract in between. Keeping them free of Qt and peewee
lets the parsers run in a worker thread, in the CLI and in tests without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from urllib.parse import urlsplit

from relmanager.domain import limits

#: Stages a contact can be in (mirrors ``relmanager.domain.stages.Stage`` values; repeated
#: here so this package imports nothing from the database side).
STAGES: tuple[str, ...] = (
    "inbox",
    "encounter",
    "recognition",
    "development",
    "friendship",
    "intimacy",
    "parked",
)
SPHERES: tuple[str, ...] = ("personal", "business", "both")
LINK_KINDS: tuple[str, ...] = (
    "linkedin",
    "blog",
    "twitter",
    "mastodon",
    "github",
    "website",
    "other",
)

_BLOG_HOSTS = ("medium.com", "substack.com", "wordpress.com", "blogspot.com", "ghost.io")
_MASTODON_HOSTS = ("mastodon.", "mstdn.", "fosstodon.org", "hachyderm.io", "infosec.exchange")
_MASTODON_PATH = re.compile(r"^/@[\w.-]+/?$")
#: An http(s) URL with a plain host and path (no user, port, query, fragment, space or
#: non-ASCII): its parts are what urlsplit would give, at a fraction of the cost, which
#: counts when every card of a 10,000-card import has a profile link.
_PLAIN_URL = re.compile(r"(https?)://([A-Za-z0-9.-]+)(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?")


@dataclass
class ParsedContact:
    """One contact as read from (or about to be written to) a file.

    Every field has a neutral default so that a parser fills in only what its format has.
    ``source_ref``, ``last_interaction`` and ``card`` are excluded from equality: the
    first says where a record came from, the second is export-only, the third is the
    text it was read from, and none is part of the contact itself (the vCard round trip
    compares records with ``==``).
    """

    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)  # (address, label)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number, label)
    organisation: str = ""
    title: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind, url)
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    birthday: str | None = None  # 'YYYY-MM-DD', or '--MM-DD' when the year is unknown
    photo: bytes | None = None
    photo_uri: str | None = None
    met_on: date | None = None
    how_met: str = ""
    where_met: str = ""
    intent: str = ""
    stage: str | None = None  # one of STAGES
    sphere: str | None = None  # one of SPHERES
    cadence_days: int | None = None
    related: list[str] = field(default_factory=list)  # names or uids of the introducer
    #: Typed relations to other people: (domain.network.RelationKind value, uid or name).
    relations: list[tuple[str, str]] = field(default_factory=list)
    archived: bool = False
    uid: str | None = None
    source_ref: str = field(default="", compare=False)
    last_interaction: datetime | None = field(default=None, compare=False)
    #: The card's text as the file had it, when it holds what Relmanager does not read
    #: (another app's properties and parameters: see vcard_keep); an export or a first
    #: sync patches the contact's fields into it, so they go back out byte for byte.
    card: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ParseProblem:
    """Something in the input that could not be taken over as it was.

    ``source_ref`` names the place ('card 12 (line 340)', 'row 57 (line 61)', or the file
    name for problems with the file as a whole) so the user can find it in the file.
    """

    source_ref: str
    message: str

    def __str__(self) -> str:
        return f"{self.source_ref}: {self.message}"


#: Problems kept per file; a file that is all problems (a million unreadable lines) is
#: reported by the first ones and a count, not by a million messages in memory.
MAX_PROBLEMS = 1_000


class Problems(list[ParseProblem]):
    """The problems of one file: the first :data:`MAX_PROBLEMS` kept, the rest counted.

    ``finish()`` appends the count of those left out, once, when the reader is done."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    def append(self, problem: ParseProblem) -> None:
        if len(self) < MAX_PROBLEMS:
            super().append(problem)
        else:
            self.dropped += 1

    def finish(self, name: str) -> Problems:
        if self.dropped:
            super().append(ParseProblem(name, f"{self.dropped:,} more problems not listed"))
            self.dropped = 0
        return self


@dataclass
class ParseResult:
    """Everything a parser found: the readable contacts and the problems, never a traceback.

    ``fatal`` is True when the file could not be read at all (missing, too large, not a
    contacts file); the first problem then says why. ``cancelled`` is True when the caller's
    ``cancelled()`` callback stopped the parse early; ``contacts`` holds what was read so far.
    """

    contacts: list[ParsedContact]
    problems: list[ParseProblem]
    format: str
    fatal: bool = False
    cancelled: bool = False
    #: Address book group cards left out: lists of members, not people (see vcard_props).
    groups: int = 0


@dataclass(frozen=True)
class FollowUpRecord:
    """A follow-up to export as an iCalendar VTODO (naive datetimes are local time)."""

    uid: str
    title: str
    contact_name: str
    due: datetime
    done_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class TimeBoxRecord:
    """A recurring time box to export as a weekly VEVENT; weekdays use 0 for Monday."""

    uid: str
    name: str
    minutes: int
    weekdays: list[int]
    start: time
    first_date: date


def guess_link_kind(url: str) -> str:
    """Classify a URL into one of LINK_KINDS from its host and path.

    Imports only give a URL; the kind drives the icon and the "open profile" actions,
    so a good guess beats asking the user for every imported link.
    """
    text = url.strip()
    if not text:
        return "other"
    full = text if "://" in text else f"https://{text}"
    plain = _PLAIN_URL.fullmatch(full)
    if plain is not None:
        scheme, host, path = plain.group(1), plain.group(2).lower(), plain.group(3) or ""
    else:
        parts = urlsplit(full)
        scheme, host, path = parts.scheme, (parts.hostname or "").lower(), parts.path or ""
    if scheme not in ("http", "https"):
        return "other"
    if host.startswith("www."):
        host = host[4:]
    if not host or "." not in host:
        return "other"
    kind = "website"
    if host == "linkedin.com" or host.endswith(".linkedin.com") or host == "lnkd.in":
        kind = "linkedin"
    elif host in ("twitter.com", "x.com", "mobile.twitter.com"):
        kind = "twitter"
    elif host == "github.com" or host.endswith(".github.io"):
        kind = "github"
    elif host.startswith(_MASTODON_HOSTS) or _MASTODON_PATH.match(path):
        kind = "mastodon"
    elif "blog" in host or host.endswith(_BLOG_HOSTS) or "/blog" in path:
        kind = "blog"
    return kind


def too_many_contacts() -> str:
    """What the preview says when a file holds more contacts than one import reads."""
    return (f"more than {limits.MAX_CONTACTS_PER_FILE:,} contacts: the rest of the file was "
            "not read (split it, and import the parts one after the other)")


def _cut_text(value: str, limit: int) -> tuple[str, bool]:
    if len(value) <= limit:
        return value, False
    return value[:limit], True


def limit_contact(contact: ParsedContact, skipped: dict[str, int] | None = None) -> list[str]:
    """Bring a record within the app's field limits (:mod:`relmanager.domain.limits`, the
    ones the contact form applies); return one sentence per cut for the import preview.

    ``skipped`` counts what a reader already left out while reading (it stops collecting
    at the limit, so that 100,000 addresses in one card cost neither time nor memory);
    those are reported here too, in the same words.
    """
    cuts: list[str] = []
    for name in ("display_name", "first_name", "last_name"):
        value, cut = _cut_text(getattr(contact, name), limits.MAX_NAME)
        if cut:
            setattr(contact, name, value.rstrip())
            cuts.append(f"{_FIELD_WORDS[name]} cut to {limits.MAX_NAME} characters")
    for name in ("organisation", "title", "notes", "how_met", "where_met", "intent"):
        value, cut = _cut_text(getattr(contact, name), limits.MAX_TEXT)
        if cut:
            setattr(contact, name, value)
            cuts.append(f"{_FIELD_WORDS[name]} cut to {limits.MAX_TEXT:,} characters")
    counts = dict(skipped or {})
    for name, limit in (("emails", limits.MAX_EMAILS), ("phones", limits.MAX_PHONES),
                        ("links", limits.MAX_LINKS), ("tags", limits.MAX_TAGS),
                        ("related", limits.MAX_RELATED), ("relations", limits.MAX_RELATED)):
        values = getattr(contact, name)
        if len(values) > limit:
            counts[name] = counts.get(name, 0) + len(values) - limit
            del values[limit:]
        if counts.get(name):
            cuts.append(f"{counts[name]:,} {_FIELD_WORDS[name]} beyond the first {limit} "
                        "skipped")
    contact.tags[:] = [t[:limits.MAX_TAG] for t in contact.tags]
    contact.phones[:] = [(n[:limits.MAX_PHONE], lab[:limits.MAX_LABEL])
                         for n, lab in contact.phones]
    contact.emails[:] = [(e, lab[:limits.MAX_LABEL]) for e, lab in contact.emails]
    contact.links[:] = [(k, u[:limits.MAX_URL]) for k, u in contact.links]
    if counts.get("photo"):
        cuts.append(f"photo larger than {limits.MAX_PHOTO_BYTES // 2**20} MB skipped")
    return cuts


_FIELD_WORDS = {
    "display_name": "name", "first_name": "first name", "last_name": "last name",
    "organisation": "organisation", "title": "title", "notes": "notes",
    "how_met": "'how met'", "where_met": "'where met'", "intent": "intent",
    "emails": "e-mail addresses", "phones": "phone numbers", "links": "links",
    "tags": "tags", "related": "related people", "relations": "relations to other people",
}

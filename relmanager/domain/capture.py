"""What a captured e-mail or calendar event means for a relationship (issue 24).

The readers (relmanager.interchange.mail_in / calendar_in) turn files into plain records;
the rules here decide, without any I/O, which records become interactions, on which
channel, and whether they count as two-way contact (which resets going cold).

Two-way is the channel's rule everywhere else (``Channel.two_way``, see
relmanager.store.denorm): e-mail is a two-way channel, so a message the user sent is
logged like an e-mail the user typed in. A message only *received* is not contact the
user made: it is recorded (it is history, and "last interaction") but marked one-way, so
that it does not reset going cold. When the same thread also has a message from the
user, the conversation went both ways and the received messages count as two-way too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from relmanager.domain.grouping import Partition
from relmanager.domain.reciprocity import Initiator
from relmanager.domain.wording import plural

#: A message to more people than this is a circular, not a conversation.
MAX_RECIPIENTS = 15
#: ``Precedence`` values that mark mailing lists and bulk mail (RFC 2076).
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
#: Minutes stored for an event longer than this are capped (a day at most, as typed).
MAX_EVENT_MINUTES = 24 * 60

MAIL = "mail"
CALENDAR = "calendar"
SOURCES = (MAIL, CALENDAR)


def norm_address(address: str) -> str:
    """Addresses compare case-insensitively (what ContactEmail stores: lower case)."""
    return address.strip().strip("<>").strip().lower()


@dataclass(frozen=True, slots=True)  # 100,000 of them in memory at once
class MailHeaders:
    """The header fields capture reads from one message; never its body or subject."""

    message_id: str
    sender: str  # normalised address of From
    recipients: tuple[str, ...]  # To and Cc, normalised, in order, without duplicates
    date: datetime  # naive local time
    in_reply_to: str = ""
    list_id: str = ""
    precedence: str = ""
    #: The From header's display name ("Sam Stranger"), to name a contact added from
    #: the "not contacts" list by the name the person uses rather than by address.
    sender_name: str = ""


@dataclass(frozen=True)
class Candidate:
    """One interaction to capture: who (by e-mail address), when, how."""

    source_key: str  # Message-ID, or UID + RECURRENCE-ID: captured once, ever
    occurred_at: datetime
    channel: str  # a built-in channel key
    addresses: tuple[str, ...]  # participants other than the user
    initiated_by: Initiator = Initiator.ME
    two_way: bool = True
    minutes: int = 0
    note: str = ""
    #: (address, display name) for the participants whose header named them.
    names: tuple[tuple[str, str], ...] = ()


@dataclass
class Skipped:
    """Why messages or events were left out, counted (shown by the preview and the CLI).

    Each reason starts with the noun it counts, in the singular ("event not over yet"),
    so that :func:`left_out` can say it with its count: the preview said "2 event not
    over yet" and "1 no sender"."""

    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str) -> None:
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


def left_out(reasons: Mapping[str, int]) -> list[str]:
    """Each reason with its count, the noun agreeing: "1 event not over yet", "2 events
    not over yet", "3 messages from a mailing list (List-Id)"."""
    said = []
    for reason, count in sorted(reasons.items()):
        noun, _, rest = reason.partition(" ")
        said.append(f"{plural(count, noun)} {rest}".rstrip())
    return said


#: Unreadable messages or events named one by one in the preview; past these, a count.
UNREAD_NAMED = 5
#: How a reader ends each problem line (``interchange.mail_in``, ``calendar_in``).
_LEFT_OUT = "; left out"


def unread_lines(problems: Iterable[tuple[str, str]], limit: int = UNREAD_NAMED) -> list[str]:
    """Each message or event that could not be read, as ``(source location, problem)``,
    named by its file and its place there ("~/mail/inbox, message 3 (byte 2048): ...") and
    said to be skipped; past ``limit`` how many more. The preview said only "1 message or
    event could not be read and was left out", naming neither the message nor the file
    (the README says a damaged message is named)."""
    found = list(problems)
    lines = []
    for location, problem in found[:limit]:
        if problem.endswith(_LEFT_OUT):
            lines.append(f"Skipped, could not be read: {location}, "
                         f"{problem.removesuffix(_LEFT_OUT)}.")
        else:  # not one message ("cancelled: the rest of the file was not read")
            lines.append(f"{location}: {problem}.")
    if len(found) > limit:
        more = plural(len(found) - limit, "more message or event", "more messages or events")
        lines.append(f"Skipped {more} that could not be read.")
    return lines


def is_bulk(headers: MailHeaders, max_recipients: int = MAX_RECIPIENTS) -> str | None:
    """Why a message is a newsletter or list mail, or None for a personal one."""
    if headers.list_id:
        return "message from a mailing list (List-Id)"
    if headers.precedence.strip().lower() in BULK_PRECEDENCE:
        return f"message sent as bulk mail (Precedence: {headers.precedence.strip().lower()})"
    if len(headers.recipients) > max_recipients:
        return f"message to more than {max_recipients} recipients"
    return None


def _threads(messages: Sequence[MailHeaders]) -> dict[str, str]:
    """Message-ID -> thread root, following In-Reply-To (a reply seen before its parent
    still lands in the same thread)."""
    threads: Partition[str] = Partition()
    for message in messages:
        if message.in_reply_to:
            threads.join(message.message_id, message.in_reply_to)
    return {m.message_id: threads.root(m.message_id) for m in messages}


def mail_candidates(messages: Iterable[MailHeaders], me: frozenset[str], *,
                    now: datetime | None = None, max_recipients: int = MAX_RECIPIENTS,
                    skipped: Skipped | None = None) -> list[Candidate]:
    """The interactions a set of messages stands for.

    - sent by the user: one e-mail interaction with all its recipients, initiated by me,
      two-way (like an e-mail logged by hand);
    - received: an interaction with the sender, initiated by them, two-way only when the
      user also wrote in that thread, else one-way (recorded, going cold not reset);
    - newsletters and lists (List-Id, Precedence: bulk/list, too many recipients) and
      mail that concerns nobody but the user are left out, and so is mail dated after
      ``now`` (a wrong clock or a forged Date: an interaction is never in the future).
    Addresses are not matched to contacts here: the store does that.
    """
    skipped = skipped if skipped is not None else Skipped()
    kept: list[MailHeaders] = []
    seen: set[str] = set()
    for message in messages:
        if message.message_id in seen:
            skipped.add("message seen twice (same Message-ID)")
            continue
        seen.add(message.message_id)
        reason = is_bulk(message, max_recipients)
        if reason is None and now is not None and message.date > now:
            reason = "message dated in the future"
        if reason:
            skipped.add(reason)
            continue
        kept.append(message)
    thread_of = _threads(kept)
    user_wrote = {thread_of[m.message_id] for m in kept if m.sender in me}
    out: list[Candidate] = []
    for message in kept:
        if message.sender in me:
            others = tuple(a for a in message.recipients if a not in me)
            if not others:
                skipped.add("message sent only to your own addresses")
                continue
            out.append(Candidate(message.message_id, message.date, "email", others,
                                 Initiator.ME, True))
        elif message.sender:
            two_way = thread_of[message.message_id] in user_wrote
            named = ((message.sender, message.sender_name),) if message.sender_name else ()
            out.append(Candidate(message.message_id, message.date, "email",
                                 (message.sender,), Initiator.THEM, two_way,
                                 names=named))
        else:
            skipped.add("message with no sender")
    return out


_VIDEO_RE = re.compile(
    r"https?://(?:[\w-]+\.)*(?:zoom\.us|meet\.google\.com|teams\.microsoft\.com|"
    r"teams\.live\.com|meet\.jit\.si|jitsi\.[\w.-]+|whereby\.com|[\w-]+\.webex\.com|"
    r"webex\.com|bigbluebutton\.[\w.-]+|meet\.[\w.-]+|facetime\.apple\.com|"
    r"signal\.me|discord\.gg|skype\.com|join\.skype\.com|gotomeet(?:ing)?\.[\w.-]+)",
    re.IGNORECASE)
_PHONE_RE = re.compile(r"(?:\btel:|(?<![\w/.])\+?\(?\d[\d\s().\-/]{6,}\d(?![\w/]))")


def event_channel(location: str, links: Iterable[str] = ()) -> str:
    """The channel of a calendar event: a video-call link (in the location, the URL or
    CONFERENCE properties, or the description) is a video conference; a phone number as
    the location is a phone call; any other location is a physical meeting. An event
    with no place at all is taken as a meeting (it had attendees and happened)."""
    texts = [location or "", *links]
    if any(_VIDEO_RE.search(text) for text in texts):
        return "video"
    loc = (location or "").strip()
    if loc and _PHONE_RE.search(loc) and not re.search(r"[A-Za-z]{4,}", _PHONE_RE.sub("", loc)):
        return "phone"
    if loc.lower().startswith("tel:"):
        return "phone"
    return "meeting"


def event_minutes(start: datetime, end: datetime | None, all_day: bool) -> int:
    """Minutes from the duration, within what a logged interaction allows (0 to a day);
    an all-day event says nothing about the time spent, so 0."""
    if all_day or end is None or end <= start:
        return 0
    return min(MAX_EVENT_MINUTES, int((end - start).total_seconds() // 60))


#: PARTSTAT values of attendees who were not there.
ABSENT_PARTSTAT = frozenset({"DECLINED", "DELEGATED"})


def event_candidate(source_key: str, start: datetime, end: datetime | None, *,
                    all_day: bool, status: str, location: str, links: Iterable[str],
                    organiser: str, attendees: Sequence[tuple[str, str]],
                    me: frozenset[str], now: datetime, summary: str = "",
                    skipped: Skipped | None = None) -> Candidate | None:
    """One occurrence of an event as an interaction with everyone (but the user) who was
    there, or None: cancelled, still to come, declined, or only the user."""
    skipped = skipped if skipped is not None else Skipped()
    if status.strip().upper() == "CANCELLED":
        skipped.add("event cancelled")
        return None
    if start > now or (end is not None and end > now):
        skipped.add("event not over yet")
        return None
    if any(norm_address(a) in me and p.strip().upper() in ABSENT_PARTSTAT
           for a, p in attendees):
        skipped.add("event you declined")
        return None
    people: list[str] = []
    for raw, partstat in ((organiser, ""), *attendees):
        address = norm_address(raw)
        if not address or address in me or address in people:
            continue
        if partstat.strip().upper() in ABSENT_PARTSTAT:
            continue
        people.append(address)
    if not people:
        skipped.add("event with no one but you")
        return None
    mine = norm_address(organiser) in me if organiser else False
    return Candidate(source_key, start, event_channel(location, links), tuple(people),
                     Initiator.ME if mine or not organiser else Initiator.THEM, True,
                     event_minutes(start, end, all_day), summary[:200])


def unknown_people(candidates: Iterable[Candidate], known: Collection[str],
                   me: frozenset[str]) -> dict[str, int]:
    """Messages or events per address that is neither a contact nor the user: the
    reviewed list ("you exchanged 23 e-mails with X"), never added on its own."""
    unknown: dict[str, int] = {}
    for candidate in candidates:
        for address in candidate.addresses:
            if address and address not in me and address not in known:
                unknown[address] = unknown.get(address, 0) + 1
    return unknown

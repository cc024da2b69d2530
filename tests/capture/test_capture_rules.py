"""The capture rules of relmanager.domain.capture, without files or a database."""

from __future__ import annotations

from datetime import datetime

from relmanager.domain.capture import (
    MailHeaders,
    Skipped,
    event_candidate,
    event_channel,
    event_minutes,
    mail_candidates,
)
from relmanager.domain.reciprocity import Initiator

ME = frozenset({"me@x.org"})
T = datetime(2026, 2, 1, 10, 0)


def _m(mid: str, sender: str, to: tuple[str, ...], reply: str = "", **kw) -> MailHeaders:
    return MailHeaders(mid, sender, to, T, reply, **kw)


def test_sent_received_and_threads() -> None:
    out = mail_candidates([
        _m("<1>", "me@x.org", ("ada@x.org", "bob@x.org")),
        _m("<2>", "ada@x.org", ("me@x.org",), reply="<1>"),
        _m("<3>", "cy@x.org", ("me@x.org",)),
        _m("<4>", "dee@x.org", ("me@x.org",), reply="<5>"),  # reply seen before parent
        _m("<5>", "me@x.org", ("dee@x.org",)),
    ], ME)
    by_id = {c.source_key: c for c in out}
    assert by_id["<1>"].addresses == ("ada@x.org", "bob@x.org")
    assert by_id["<1>"].initiated_by is Initiator.ME and by_id["<1>"].two_way
    assert by_id["<2>"].initiated_by is Initiator.THEM and by_id["<2>"].two_way
    assert not by_id["<3>"].two_way  # received only: recorded, going cold not reset
    assert by_id["<4>"].two_way


def test_lists_and_circulars_skipped() -> None:
    skipped = Skipped()
    many = tuple(f"p{i}@x.org" for i in range(16))
    out = mail_candidates([
        _m("<1>", "ada@x.org", ("me@x.org",), list_id="<l.x.org>"),
        _m("<2>", "ada@x.org", ("me@x.org",), precedence="Bulk"),
        _m("<3>", "me@x.org", many),
        _m("<4>", "me@x.org", ("me@x.org",)),
        _m("<5>", "ada@x.org", ("me@x.org",)),
        _m("<5>", "ada@x.org", ("me@x.org",)),
        MailHeaders("<6>", "ada@x.org", ("me@x.org",), datetime(2099, 1, 1)),
    ], ME, now=datetime(2026, 3, 1), skipped=skipped)
    assert [c.source_key for c in out] == ["<5>"]
    assert skipped.reasons == {"message from a mailing list (List-Id)": 1,
                               "message sent as bulk mail (Precedence: bulk)": 1,
                               "message to more than 15 recipients": 1,
                               "message sent only to your own addresses": 1,
                               "message seen twice (same Message-ID)": 1,
                               "message dated in the future": 1}


def test_event_channel() -> None:
    assert event_channel("Café Central, Vienna") == "meeting"
    assert event_channel("https://us02web.zoom.us/j/123") == "video"
    assert event_channel("Room 4", ["Join: https://meet.google.com/abc-defg-hij"]) == "video"
    assert event_channel("+43 1 234 5678") == "phone"
    assert event_channel("tel:+431234") == "phone"
    assert event_channel("Building 12, room 3") == "meeting"
    assert event_channel("") == "meeting"


def test_event_minutes() -> None:
    assert event_minutes(T, T.replace(hour=11, minute=30), False) == 90
    assert event_minutes(T, None, False) == 0
    assert event_minutes(T, T.replace(day=3), False) == 1440
    assert event_minutes(T, T.replace(day=2), True) == 0


def test_event_people() -> None:
    now = datetime(2026, 3, 1)
    common = {"all_day": False, "location": "", "links": (), "me": ME, "now": now}
    cand = event_candidate("u", T, T.replace(hour=11), status="CONFIRMED",
                           organiser="me@x.org",
                           attendees=[("ADA@x.org", "ACCEPTED"), ("bob@x.org", "DECLINED"),
                                      ("me@x.org", "ACCEPTED"), ("cy@x.org", "")], **common)
    assert cand is not None and cand.addresses == ("ada@x.org", "cy@x.org")
    assert cand.initiated_by is Initiator.ME and cand.minutes == 60
    skipped = Skipped()
    assert event_candidate("u", T, None, status="CANCELLED", organiser="",
                           attendees=[("ada@x.org", "")], skipped=skipped, **common) is None
    assert event_candidate("u", now.replace(hour=1), None, status="", organiser="",
                           attendees=[("ada@x.org", "")], skipped=skipped, **common) is None
    assert event_candidate("u", T, None, status="", organiser="ada@x.org",
                           attendees=[("me@x.org", "DECLINED")], skipped=skipped,
                           **common) is None
    assert skipped.reasons == {"event cancelled": 1, "event not over yet": 1,
                               "event you declined": 1}

"""What a captured e-mail or calendar event means, pinned against mutmut's survivors in
domain/capture.py (tests/capture holds the rules' first tests, outside mutmut's subset).

Each test names what the Capture page shows: which messages and events become
interactions with whom, on which channel, initiated by whom, counted as two-way or not,
and why the rest were left out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from relmanager.domain.capture import (
    Candidate,
    MailHeaders,
    Skipped,
    event_candidate,
    event_channel,
    event_minutes,
    is_bulk,
    mail_candidates,
    norm_address,
    unknown_people,
)
from relmanager.domain.reciprocity import Initiator

ME = frozenset({"me@x.org", "me@home.org"})
T = datetime(2026, 2, 1, 10, 0)
NOW = datetime(2026, 3, 1)


def mail(mid: str, sender: str, to: tuple[str, ...] = ("me@x.org",), reply: str = "",
         **kw) -> MailHeaders:
    return MailHeaders(mid, sender, to, kw.pop("date", T), reply, **kw)


def event(*, start: datetime = T, end: datetime | None = None, status: str = "CONFIRMED",
          location: str = "", links: tuple[str, ...] = (), organiser: str = "",
          attendees: tuple[tuple[str, str], ...] = (("ada@x.org", "ACCEPTED"),),
          summary: str = "", skipped: Skipped | None = None, all_day: bool = False):
    return event_candidate("uid-1", start, end, all_day=all_day, status=status,
                           location=location, links=links, organiser=organiser,
                           attendees=attendees, me=ME, now=NOW, summary=summary,
                           skipped=skipped)


def test_an_address_is_compared_without_brackets_spaces_or_case():
    assert norm_address(" <Ada@X.org> ") == "ada@x.org"
    assert norm_address("< Ada@X.org >") == "ada@x.org"


def test_reasons_for_leaving_mail_out_are_counted_each_time():
    skipped = Skipped()
    skipped.add("a")
    skipped.add("a")
    skipped.add("b")
    assert skipped.reasons == {"a": 2, "b": 1}


def test_a_list_or_bulk_header_or_a_crowd_of_recipients_makes_a_message_a_circular():
    assert is_bulk(mail("<1>", "a@x")) is None
    assert is_bulk(mail("<1>", "a@x", list_id="<l>")) == "message from a mailing list (List-Id)"
    assert is_bulk(mail("<1>", "a@x", precedence=" LIST ")) == (
        "message sent as bulk mail (Precedence: list)")
    assert is_bulk(mail("<1>", "a@x", precedence="junk")) == (
        "message sent as bulk mail (Precedence: junk)")
    assert is_bulk(mail("<1>", "a@x", precedence="first-class")) is None
    fifteen = tuple(f"p{i}@x" for i in range(15))
    assert is_bulk(mail("<1>", "a@x", fifteen)) is None
    assert is_bulk(mail("<1>", "a@x", (*fifteen, "q@x"))) == "message to more than 15 recipients"
    assert is_bulk(mail("<1>", "a@x", ("a", "b", "c")), 2) == "message to more than 2 recipients"


def test_a_reply_two_steps_down_a_thread_the_user_started_is_two_way():
    out = mail_candidates([
        mail("<c>", "bob@x.org", reply="<b>"),
        mail("<b>", "ada@x.org", reply="<a>"),
        mail("<a>", "me@x.org", ("ada@x.org", "bob@x.org")),
        mail("<z>", "cy@x.org", reply="<unknown>"),
    ], ME)
    two_way = {c.source_key: c.two_way for c in out}
    assert two_way == {"<c>": True, "<b>": True, "<a>": True, "<z>": False}


def test_a_received_message_is_one_interaction_with_its_sender_named_as_they_sign():
    out = mail_candidates([mail("<1>", "ada@x.org", ("me@x.org", "bob@x.org"),
                                sender_name="Ada Lovelace"),
                           mail("<2>", "bob@x.org")], ME)
    assert out == [
        Candidate("<1>", T, "email", ("ada@x.org",), Initiator.THEM, False,
                  names=(("ada@x.org", "Ada Lovelace"),)),
        Candidate("<2>", T, "email", ("bob@x.org",), Initiator.THEM, False),
    ]


def test_a_sent_message_is_with_everyone_but_the_users_own_addresses():
    out = mail_candidates([mail("<1>", "me@x.org", ("me@home.org", "ada@x.org"))], ME)
    assert out == [Candidate("<1>", T, "email", ("ada@x.org",), Initiator.ME, True)]


def test_mail_dated_exactly_now_is_kept_and_without_a_clock_nothing_is_in_the_future():
    at_now = mail_candidates([mail("<1>", "ada@x.org", date=NOW)], ME, now=NOW)
    assert [c.source_key for c in at_now] == ["<1>"]
    later = mail_candidates([mail("<1>", "ada@x.org", date=NOW + timedelta(days=9))], ME)
    assert [c.source_key for c in later] == ["<1>"]


def test_mail_without_a_sender_is_left_out_and_said_so():
    skipped = Skipped()
    assert mail_candidates([mail("<1>", "")], ME, skipped=skipped) == []
    assert skipped.reasons == {"message with no sender": 1}


def test_the_recipient_limit_can_be_set_and_each_skip_is_counted():
    skipped = Skipped()
    out = mail_candidates([mail("<1>", "me@x.org", ("a@x", "b@x", "c@x")),
                           mail("<2>", "me@x.org", ("a@x",))], ME, max_recipients=2,
                          skipped=skipped)
    assert [c.source_key for c in out] == ["<2>"]
    assert skipped.reasons == {"message to more than 2 recipients": 1}


def test_video_links_are_recognised_in_any_case_and_in_links_alone():
    assert event_channel("HTTPS://ZOOM.US/j/1") == "video"
    assert event_channel("", ["https://acme.webex.com/meet/x"]) == "video"
    assert event_channel("Room 1", ["http://meet.jit.si/abc"]) == "video"
    assert event_channel("Zoom room 4") == "meeting"  # a word, not a link


def test_a_number_with_a_word_around_it_is_still_a_call_but_not_a_place_with_digits():
    assert event_channel("Tel +43 1 234 5678") == "phone"
    assert event_channel("  +43 1 234 5678  ") == "phone"
    assert event_channel("Vienna office, +43 1 234 5678") == "meeting"
    assert event_channel("TEL:ask reception") == "phone"
    assert event_channel("Room 12") == "meeting"
    assert event_channel(None) == "meeting"  # type: ignore[arg-type]


def test_minutes_are_whole_from_the_duration_within_a_day():
    assert event_minutes(T, T, False) == 0
    assert event_minutes(T, T - timedelta(minutes=5), False) == 0
    assert event_minutes(T, T + timedelta(minutes=90, seconds=59), False) == 90
    assert event_minutes(T, T + timedelta(minutes=1440), False) == 1440
    assert event_minutes(T, T + timedelta(minutes=1441), False) == 1440


def test_an_event_is_an_interaction_with_everyone_there_once_and_its_summary():
    cand = event(end=T + timedelta(minutes=45), location="https://meet.google.com/x",
                 organiser="<ADA@x.org>",
                 attendees=(("ada@x.org", "ACCEPTED"), ("", "ACCEPTED"),
                            ("me@x.org", "accepted"), ("bob@x.org", " delegated "),
                            ("cy@x.org", "TENTATIVE")),
                 summary="s" * 250)
    assert cand == Candidate("uid-1", T, "video", ("ada@x.org", "cy@x.org"),
                             Initiator.THEM, True, 45, "s" * 200)


def test_an_event_organised_by_the_user_or_by_nobody_was_the_users_doing():
    mine = event(organiser="ME@x.org")
    nobody = event()
    assert mine is not None and mine.initiated_by is Initiator.ME
    assert nobody is not None and nobody.initiated_by is Initiator.ME
    assert nobody.channel == "meeting" and nobody.minutes == 0 and nobody.note == ""


def test_an_event_ending_now_is_over_and_one_ending_later_is_not():
    assert event(start=NOW - timedelta(hours=1), end=NOW) is not None
    assert event(start=NOW, end=None) is not None
    skipped = Skipped()
    assert event(start=NOW - timedelta(hours=1), end=NOW + timedelta(minutes=1),
                 skipped=skipped) is None
    assert event(start=NOW + timedelta(minutes=1), skipped=skipped) is None
    assert skipped.reasons == {"event not over yet": 2}


def test_cancelled_declined_and_lonely_events_are_left_out_with_their_reason():
    skipped = Skipped()
    assert event(status=" cancelled ", skipped=skipped) is None
    assert event(attendees=(("<Me@X.org>", " declined "), ("ada@x.org", "")),
                 skipped=skipped) is None
    assert event(attendees=(("me@home.org", "DELEGATED"),), skipped=skipped) is None
    assert event(organiser="me@x.org", attendees=(("me@home.org", "ACCEPTED"),
                                                  ("bo@x.org", "DECLINED")),
                 skipped=skipped) is None
    assert skipped.reasons == {"event cancelled": 1, "event you declined": 2,
                               "event with no one but you": 1}
    # another attendee's refusal does not make the user absent
    assert event(attendees=(("ada@x.org", "DECLINED"), ("bo@x.org", ""))) is not None


def test_people_not_yet_contacts_are_counted_per_message():
    cands = [Candidate("1", T, "email", ("ada@x", "bo@x", "", "me@x.org")),
             Candidate("2", T, "email", ("ada@x",)),
             Candidate("3", T, "email", ("cy@x",))]
    assert unknown_people(cands, {"cy@x"}, ME) == {"ada@x": 2, "bo@x": 1}


def test_a_repeated_future_or_self_addressed_message_is_skipped_and_the_rest_kept():
    skipped = Skipped()
    out = mail_candidates([
        mail("<1>", "ada@x.org"), mail("<1>", "ada@x.org"),
        mail("<2>", "bo@x.org", date=NOW + timedelta(seconds=1)),
        mail("<3>", "me@x.org", ("me@home.org",)),
        mail("<4>", "cy@x.org"), mail("<5>", "me@x.org", ("dee@x.org",)),
    ], ME, now=NOW, skipped=skipped)
    assert [c.source_key for c in out] == ["<1>", "<4>", "<5>"]
    assert skipped.reasons == {"message seen twice (same Message-ID)": 1,
                               "message dated in the future": 1,
                               "message sent only to your own addresses": 1}
    # a circular dated in the future is counted once, as a circular
    again = Skipped()
    mail_candidates([mail("<9>", "a@x", list_id="<l>", date=NOW + timedelta(days=1))],
                    ME, now=NOW, skipped=again)
    assert again.reasons == {"message from a mailing list (List-Id)": 1}


def test_skipping_without_a_tally_asked_for_still_skips():
    assert mail_candidates([mail("<1>", "ada@x.org"), mail("<1>", "ada@x.org")], ME) == [
        Candidate("<1>", T, "email", ("ada@x.org",), Initiator.THEM, False)]
    assert event(status="CANCELLED") is None


def test_an_address_starting_or_ending_in_x_keeps_its_letters():
    assert norm_address("Xavier@example.orgx") == "xavier@example.orgx"


def test_a_long_thread_of_replies_is_followed_in_bounded_time():
    """Each reply's thread root is found by walking up, never by looping on a root."""
    import signal

    def too_long(*_args: object) -> None:
        raise TimeoutError("threading replies did not finish")

    chain = [mail(f"<{i}>", "ada@x.org", reply=f"<{i - 1}>" if i else "")
             for i in range(50)]
    previous = signal.signal(signal.SIGALRM, too_long)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        out = mail_candidates([*chain, mail("<me>", "me@x.org", ("ada@x.org",),
                                            reply="<49>")], ME)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert all(c.two_way for c in out) and len(out) == 51


def test_a_shouted_place_name_next_to_a_number_is_a_meeting_place():
    assert event_channel("CALL +43 1 234 5678") == "meeting"
    assert event_channel("ROOM +43 1 234 5678") == "meeting"


def test_an_event_takes_its_channel_from_its_links_and_an_all_day_event_no_minutes():
    cand = event(end=T + timedelta(hours=2), location="Room 4",
                 links=("https://zoom.us/j/1",), all_day=True)
    assert cand is not None and cand.channel == "video" and cand.minutes == 0
    plain = event_candidate("u", T, None, all_day=False, status="", location="", links=(),
                            organiser="", attendees=[("ada@x.org", "")], me=ME, now=NOW)
    assert plain is not None and plain.note == ""


def test_left_out_says_each_count_with_its_noun_agreeing():
    """The preview said "2 event not over yet" and "1 no sender"."""
    from relmanager.domain.capture import left_out

    assert left_out({"event not over yet": 2, "message with no sender": 1,
                     "event cancelled": 1}) == [
        "1 event cancelled", "2 events not over yet", "1 message with no sender"]
    assert left_out({"message to more than 15 recipients": 1200}) == [
        "1,200 messages to more than 15 recipients"]
    assert left_out({"duplicate": 2}) == ["2 duplicates"]  # a reason of one word: no space

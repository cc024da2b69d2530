"""A meeting brief in words, pinned against mutmut's survivors in domain/brief.py (the
brief's other tests, in tests/brief, need a database and are outside mutmut's subset).

What the user reads before a meeting, line by line, in the dialog, ``relmanager brief``
and its ``--json``: who, how you met, what you share, what you last did together, what is
open, how give and take stands, introductions under way.
"""

from __future__ import annotations

from datetime import date, datetime

from relmanager.domain.brief import (
    BriefFollowUp,
    BriefInteraction,
    PersonBrief,
    brief_json,
    brief_text,
    others_named,
)
from relmanager.domain.reciprocity import Balance

AT = datetime(2026, 3, 2, 9, 30)


def person(**kw) -> PersonBrief:
    base = {"contact_id": 7, "name": "Ann Lee", "organisation": "", "stage": "friendship",
            "intent": "", "how_met": "", "where_met": "", "met_on": None,
            "introduced_by": "", "common_ground": (), "last_interactions": (),
            "follow_ups": (), "asks": (), "balance": Balance(), "introductions": ()}
    return PersonBrief(**{**base, **kw})


def test_a_brief_with_nothing_recorded_says_so_on_every_line():
    assert brief_text(person()).splitlines() == [
        "Ann Lee",
        "Stage: Friendship",
        "Intent: not recorded",
        "How you met: not recorded",
        "Common ground: none recorded",
        "Last interactions: none yet",
        "Open follow-ups and asks: none",
        "Give and take (last year): 0 given, 0 asked, 0 received. No gives or asks yet",
        "Introductions under way: none",
    ]


def test_a_full_brief_reads_like_a_friend_whispering_it():
    talk = BriefInteraction(AT, "Coffee", 45, "give", "  talked\n about   the move  ")
    quick = BriefInteraction(datetime(2026, 2, 1, 8), "E-mail", 0, "neutral", "")
    ask = BriefInteraction(datetime(2026, 1, 5), "Call", 0, "ask", "a reference")
    brief = person(organisation="Acme", intent="hire her", how_met="at a talk",
                   where_met="Vienna", met_on=date(2024, 5, 4), introduced_by="Bo Berg",
                   common_ground=("climbing", "python"), last_interactions=(talk, quick),
                   follow_ups=(BriefFollowUp("send slides", datetime(2026, 3, 9, 17)),),
                   asks=(ask,), balance=Balance(gives=3, asks=1, receives=1),
                   introductions=("Ann to Cy: waiting on Cy",))
    assert brief_text(brief).splitlines() == [
        "Ann Lee (Acme)",
        "Stage: Friendship",
        "Intent: hire her",
        "How you met: at a talk in Vienna on 4 May 2024 introduced by Bo Berg",
        "Common ground: climbing, python",
        "Last interactions:",
        "  2026-03-02 Coffee, 45 min (give): talked about the move",
        "  2026-02-01 E-mail",
        "Open follow-ups and asks:",
        "  follow-up: send slides (due 2026-03-09)",
        "  your ask: 2026-01-05 Call (ask): a reference",
        "Give and take (last year): 3 given, 1 asked, 1 received. "
        "You have given 1 more than you took",
        "Introductions under way:",
        "  Ann to Cy: waiting on Cy",
    ]


def test_how_you_met_names_only_what_is_known():
    assert "How you met: in Vienna" in brief_text(person(where_met="Vienna"))
    assert "How you met: on 1 January 2020" in brief_text(person(met_on=date(2020, 1, 1)))
    assert "How you met: introduced by Bo" in brief_text(person(introduced_by="Bo"))


def test_only_an_open_ask_still_lists_the_open_items():
    ask = BriefInteraction(AT, "Call", 5, "ask", "")
    lines = brief_text(person(asks=(ask,))).splitlines()
    assert "Open follow-ups and asks:" in lines
    assert "  your ask: 2026-03-02 Call, 5 min (ask)" in lines


def test_a_long_note_is_cut_at_160_characters():
    note = BriefInteraction(AT, "Call", 0, "neutral", "n" * 200)
    line = brief_text(person(last_interactions=(note,))).splitlines()[6]
    assert line == "  2026-03-02 Call: " + "n" * 160


def test_the_others_met_are_named_then_counted():
    assert others_named((), 1) == "1 other"
    assert others_named((), 2) == "2 others"
    assert others_named((), 3) == "3 others"
    assert others_named(("Bob",), 1) == "Bob"
    assert others_named(("Bob", "Cy"), 2) == "Bob and Cy"
    assert others_named(("Bob", "Cy", "Di"), 3) == "Bob, Cy and Di"
    assert others_named(("Bob", "Cy", "Di", "Ed"), 4) == "Bob, Cy, Di and 1 more"
    assert others_named(("Bob",), 3) == "Bob and 2 more"
    group = BriefInteraction(AT, "Dinner", 0, "neutral", "", 2, ("Bob", "Cy"))
    assert "  2026-03-02 Dinner, with Bob and Cy" in brief_text(
        person(last_interactions=(group,))).splitlines()


def test_the_json_brief_has_plain_dates_lists_and_the_balance_in_words():
    talk = BriefInteraction(AT, "Coffee", 45, "give", "hi", 1, ("Bob",))
    data = brief_json(person(met_on=date(2024, 5, 4), last_interactions=(talk,),
                             follow_ups=(BriefFollowUp("x", AT),),
                             balance=Balance(gives=1, asks=2)))
    assert data["met_on"] == "2024-05-04"
    assert data["last_interactions"] == [{
        "occurred_at": "2026-03-02T09:30:00", "channel": "Coffee", "minutes": 45,
        "exchange": "give", "note": "hi", "with_others": 1, "others": ["Bob"]}]
    assert data["follow_ups"] == [{"title": "x", "due_at": "2026-03-02T09:30:00"}]
    assert data["balance"] == {"gives": 1, "asks": 2, "receives": 0, "neutral": 0,
                               "summary": "You have taken 1 more than you gave"}
    assert data["common_ground"] == [] and data["name"] == "Ann Lee"
    assert data["contact_id"] == 7

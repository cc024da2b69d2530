"""The day's digest, the daily cap and the end of quiet hours, pinned (pure, no Qt) against
mutmut's survivors in services/reminder_rules.py. Each test names the rule a user sees:
how many people a digest names and in which words, that one person is named once, that
the cap holds for the digest too, and when quiet hours let the service speak again.
The same rules are exercised through the real service in test_reminder_settings.py."""

from __future__ import annotations

from datetime import date, datetime, time

from relmanager.domain.priority import Item, Kind
from relmanager.services.reminder_rules import (
    FRESH_CLOSING,
    SHORT_NAME_CHARS,
    Pending,
    cap_allows,
    compose_digest,
    digest_key,
    names,
    next_quiet_change,
    pending,
    quiet_end_after,
)

DAY = date(2026, 3, 2)


def silence(contact_id: int, name: str, *, cold: bool = False,
            snoozed: bool = False) -> Item:
    return Item(Kind.COLD if cold else Kind.COOLING, contact_id, name, 5.0,
                "usually every 3 weeks; now 9 weeks", str(contact_id), "2026-03-01",
                urgent=cold, snoozed_until=datetime(2026, 3, 9) if snoozed else None)


def fresh(contact_id: int, name: str, *, closing: bool = False) -> Item:
    return Item(Kind.FRESH, contact_id, name, 7.0, "met yesterday; 6 days left",
                str(contact_id), "2026-03-01", urgent=closing)


def follow_up(contact_id: int, name: str) -> Item:
    return Item(Kind.FOLLOW_UP, contact_id, name, 9.0, "due today", "77",
                "2026-03-02 10:00:00", detail="send the slides")


def waiting(*items: Item) -> list[Pending]:
    return [Pending(i, i.kind.value) for i in items]


def test_a_digest_names_the_three_who_matter_most_in_rank_order_and_counts_the_rest():
    """Three people named, most important first, each with the reason in its own words
    (cooling and cold read differently); "and N more in Today" counts everyone else,
    even when that is one person; the title names the three with "and" before the last."""
    items = [silence(1, "Ada"), silence(2, "Bo", cold=True), silence(3, "Cy"),
             silence(4, "Di")]
    notice = compose_digest(waiting(*items), {1, 2, 3, 4}, None, DAY)
    assert notice.title == "Today: Ada, Bo and Cy"
    assert notice.body.split("\n") == [
        "Ada is cooling: usually every 3 weeks; now 9 weeks",
        "Bo has gone cold: usually every 3 weeks; now 9 weeks",
        "Cy is cooling: usually every 3 weeks; now 9 weeks",
        "and 1 more in Today",
    ]
    assert notice.people == (1, 2, 3)
    assert notice.view == "today"
    assert notice.keys == (items[0].key, items[1].key, items[2].key, digest_key(DAY))


def test_the_and_more_count_is_grouped_as_everywhere_else():
    """At 100,000 contacts the demo's digest said "and 11459 more in Today" beside the
    window's "11,250 going cold" (stranger6)."""
    notice = compose_digest(waiting(silence(1, "Ada")), set(range(1, 12_001)), None, DAY)
    assert notice.body.split("\n")[-1] == "and 11,999 more in Today"


def test_a_digest_naming_everyone_has_no_and_more_line():
    """Nobody left over: the digest does not point at Today for "0 more"."""
    notice = compose_digest(waiting(silence(1, "Ada"), silence(2, "Bo")), {1, 2}, None, DAY)
    assert notice.body.split("\n")[-1] == "Bo is cooling: usually every 3 weeks; now 9 weeks"
    assert notice.title == "Today: Ada and Bo"


def test_a_person_with_two_reasons_is_named_once_with_both_and_the_next_person_still_is():
    """Ada cooling and Ada with a follow-up due is one person: she is named once, with
    both reasons (most important first; the second was dropped), and Bo, ranked after
    her second reason, is still named; both of Ada's are recorded as said."""
    items = [follow_up(1, "Ada"), silence(1, "Ada"), silence(2, "Bo")]
    notice = compose_digest(waiting(*items), {1, 2}, None, DAY)
    assert notice.body.split("\n") == [
        "Ada — follow up: send the slides (due today); and cooling (usually every 3 weeks; "
        "now 9 weeks)",
        "Bo is cooling: usually every 3 weeks; now 9 weeks",
    ]
    assert notice.title == "Today: Ada and Bo"
    assert notice.people == (1, 2)
    assert notice.keys == (items[0].key, items[1].key, items[2].key, digest_key(DAY))


def test_each_kind_of_second_reminder_is_said_after_the_name():
    """Every kind in the words of a line that follows the name once: cold, the fresh
    window (first and closing), an introduction (which one, its step, how long), an
    occasion; three of one person read "A; B; and C". An introduction is filed under a
    person its who-line does not start with: the line is headed by that person."""
    intro = Item(Kind.INTRODUCTION, 1, "Ana → Ada", 6.5, "close the loop: ask Ana and Ada "
                 "how the introduction went", "5", "made:2026-02-16", detail="due today",
                 person_name="Ada")
    birthday = Item(Kind.OCCASION, 1, "Ada", 4.0, "birthday today", "birthday:1",
                    "2026-03-02")
    cold = silence(1, "Ada", cold=True)
    notice = compose_digest([Pending(intro, "introduction"), Pending(cold, "cold"),
                             Pending(birthday, "occasion")], {1}, None, DAY)
    assert notice.body == (
        "Ada — Ana → Ada: close the loop: ask Ana and Ada how the introduction went (due "
        "today); gone cold (usually every 3 weeks; now 9 weeks); and birthday today")
    assert notice.title == "Today: Ada"
    nia = fresh(9, "Nia", closing=True)
    notice = compose_digest([Pending(nia, FRESH_CLOSING), Pending(follow_up(9, "Nia"),
                                                                  "follow_up")], {9}, None, DAY)
    assert notice.body == ("Nia — last chance to link while fresh (met yesterday; 6 days "
                           "left); and follow up: send the slides (due today)")


def test_a_new_encounter_with_another_reminder_has_a_line_of_their_own():
    """A new encounter with nothing else waiting is on the "Link while fresh" line; one
    with a follow-up too is said on their own line with both, and still counts as the
    new encounter in the title."""
    items = [fresh(8, "Mo"), fresh(9, "Nia"), follow_up(9, "Nia"), silence(1, "Ada")]
    notice = compose_digest(waiting(*items), {1, 8, 9}, None, DAY)
    assert notice.body.split("\n") == [
        "Link while fresh: Mo (met yesterday; 6 days left)",
        "Nia — link while fresh (met yesterday; 6 days left); and follow up: send the "
        "slides (due today)",
        "Ada is cooling: usually every 3 weeks; now 9 weeks",
    ]
    assert notice.title == "Today: Ada and 2 new encounters"
    assert notice.people == (8, 9, 1)
    assert set(notice.keys) == {i.key for i in items} | {digest_key(DAY)}


def test_one_new_encounter_takes_a_line_and_a_place_among_the_three():
    """A new encounter is named first (on one "Link while fresh" line) and takes one of
    the three places: two more people are named, the rest counted; the title names the
    new encounter after them."""
    items = [silence(1, "Ada"), silence(2, "Bo"), silence(3, "Cy"), fresh(9, "Nia")]
    notice = compose_digest(waiting(*items), {1, 2, 3, 9}, None, DAY)
    assert notice.body.split("\n") == [
        "Link while fresh: Nia (met yesterday; 6 days left)",
        "Ada is cooling: usually every 3 weeks; now 9 weeks",
        "Bo is cooling: usually every 3 weeks; now 9 weeks",
        "and 1 more in Today",
    ]
    assert notice.title == "Today: Ada, Bo and Nia"
    assert notice.people == (9, 1, 2)


def test_several_new_encounters_share_one_line_and_are_counted_in_the_title():
    """Every encounter since the last digest is on the one line, separated by "; ", and
    the title says how many rather than naming each."""
    items = [fresh(8, "Mo"), silence(1, "Ada"), fresh(9, "Nia")]
    notice = compose_digest(waiting(*items), {1, 8, 9}, None, DAY)
    assert notice.body.split("\n") == [
        "Link while fresh: Mo (met yesterday; 6 days left); Nia (met yesterday; 6 days left)",
        "Ada is cooling: usually every 3 weeks; now 9 weeks",
    ]
    assert notice.title == "Today: Ada and 2 new encounters"


def test_a_digest_merged_with_the_days_time_box_takes_the_box_title():
    notice = compose_digest(waiting(silence(1, "Ada")), {1}, "Time box: 30 min", DAY)
    assert notice.title == "Time box: 30 min"
    assert notice.body == "Ada is cooling: usually every 3 weeks; now 9 weeks"


def test_a_snoozed_person_is_skipped_and_those_after_them_are_still_pending():
    """Snoozing one person silences that person only, not everyone ranked after them."""
    ada, bo = silence(1, "Ada", snoozed=True), silence(2, "Bo")
    assert [p.item.name for p in pending([ada, bo], set())] == ["Bo"]


def test_a_fresh_encounter_is_said_once_when_met_and_once_more_as_its_window_closes():
    nia = fresh(9, "Nia", closing=True)
    assert [p.kind for p in pending([nia], set())] == ["fresh"]
    again = pending([nia], {nia.key})
    assert [p.kind for p in again] == [FRESH_CLOSING]
    assert pending([nia], {nia.key, again[0].key}) == []


def test_the_daily_cap_keeps_one_place_for_the_digest_and_holds_it_too():
    """With a cap of 3 and no digest yet, two other notifications may be shown and a
    third waits, keeping the last place for the digest; once it is given the third place
    is free; and the cap binds the digest too (after the cap is lowered to what has
    already been shown, nothing more is said that day)."""
    assert cap_allows(1, 3, False, False)
    assert not cap_allows(2, 3, False, False)
    assert cap_allows(2, 3, False, True)
    assert cap_allows(2, 3, True, False)
    assert not cap_allows(3, 3, True, False)
    assert not cap_allows(3, 3, False, True)


def test_quiet_hours_over_midnight_end_at_their_end_the_next_morning():
    """Quiet from 22:00 to 07:00: at 23:00 the service may speak again at 07:00 the next
    day, at 03:00 at 07:00 the same day; outside quiet hours there is nothing to wait for."""
    start, end = time(22), time(7)
    assert quiet_end_after(datetime(2026, 3, 2, 23), start, end) == datetime(2026, 3, 3, 7)
    assert quiet_end_after(datetime(2026, 3, 3, 3), start, end) == datetime(2026, 3, 3, 7)
    assert quiet_end_after(datetime(2026, 3, 3, 7), start, end) is None


def test_the_next_quiet_change_is_after_now_and_needs_both_ends():
    """At 22:00 sharp, quiet hours from 22:00 have just begun: the next change is their
    end, not this very moment (the wake-up would come at once, again and again). With one
    end unset there are no quiet hours, so no change to wait for."""
    start, end = time(22), time(7)
    assert next_quiet_change(datetime(2026, 3, 2, 22), start, end) == datetime(2026, 3, 3, 7)
    assert next_quiet_change(datetime(2026, 3, 2, 23), start, None) is None
    assert next_quiet_change(datetime(2026, 3, 2, 23), None, end) is None


def test_names_on_a_short_line_are_each_cut_at_its_limit():
    """The running box's status names people at SHORT_NAME_CHARS: a 100-character name
    is cut there (with its ellipsis), not at a one-line place's 300."""
    long_name = "Bartholomew " * 9  # 108 characters
    assert names([long_name, "Ann"], SHORT_NAME_CHARS) == (
        long_name[:SHORT_NAME_CHARS - 1] + "\u2026 and Ann")
    assert names([long_name], SHORT_NAME_CHARS) == long_name[:SHORT_NAME_CHARS - 1] + "\u2026"
    assert names([long_name]) == long_name  # under a one-line place's 300: whole

"""The contact list's queries on a real temp database: search over every text field,
filters, archived, going cold most overdue first, sort orders and the display rows."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.stages import Stage
from relmanager.store import queries
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import add_tags, create_contact, set_archived
from relmanager.store.queries import ContactFilter, SortKey, WarmthFilter


def _names(ids: list[int]) -> list[str]:
    rows = queries.rows_for(ids)
    return [rows[i]["display_name"] for i in ids]


def _people(clock):
    ada = create_contact(clock, "Ada Lovelace", emails=["ada@engines.org"],
                         organisation="Analytical Engines", sphere="business",
                         stage=Stage.FRIENDSHIP)
    grace = create_contact(clock, "Grace Hopper", notes="met at the compiler meetup",
                           sphere="personal", stage=Stage.ENCOUNTER)
    alan = create_contact(clock, "Alan Turing", stage=Stage.RECOGNITION)
    add_tags([alan.id], ["cryptography"])
    return ada, grace, alan


def test_search_covers_name_email_organisation_tags_and_notes(db, clock):
    ada, grace, alan = _people(clock)
    now = clock.now()
    for text, expected in (("ada", [ada.id]), ("engines.org", [ada.id]),
                           ("analytical", [ada.id]), ("crypto", [alan.id]),
                           ("compiler", [grace.id]), ("nobody", [])):
        assert queries.contact_ids(ContactFilter(text=text), now) == expected, text


def test_control_characters_in_a_search_separate_terms_and_never_break_the_query(db, clock):
    """A NUL pasted into the filter ended SQLite's MATCH string mid-phrase
    ("unterminated string"): the board and the list said "Could not load"."""
    ada, _grace, _alan = _people(clock)
    now = clock.now()
    for text in ("ada\x00", "\x00ada", "ad\x00", "lovelace\x00ada", "ada\x1b\x7f"):
        assert queries.contact_ids(ContactFilter(text=text), now) == [ada.id], repr(text)
    # nothing but control characters is no filter at all
    assert queries.contact_ids(ContactFilter(text="\x00\x01"), now) == \
        queries.contact_ids(ContactFilter(), now)


def test_filters_stage_sphere_tag_and_archived(db, clock):
    ada, grace, alan = _people(clock)
    now = clock.now()
    assert queries.contact_ids(ContactFilter(stages=[Stage.ENCOUNTER]), now) == [grace.id]
    # "both" contacts match either sphere; Alan has the default sphere
    business = queries.contact_ids(ContactFilter(sphere="business"), now)
    assert ada.id in business and grace.id not in business
    assert queries.contact_ids(ContactFilter(tag="cryptography"), now) == [alan.id]
    set_archived(clock, [grace.id], True)
    assert grace.id not in queries.contact_ids(ContactFilter(), now)
    assert queries.contact_ids(ContactFilter(archived=True), now) == [grace.id]
    assert queries.count(ContactFilter(archived=None), now) == 3


def test_going_cold_most_overdue_first_and_sorting(db, clock):
    ada, _grace, alan = _people(clock)
    log_interaction(clock, [ada.id], "phone")
    clock.advance(days=10)
    log_interaction(clock, [alan.id], "phone")
    clock.advance(days=200)
    now = clock.now()
    cold = queries.contact_ids(ContactFilter(warmth=WarmthFilter.GOING_COLD), now,
                               SortKey.URGENCY)
    assert {ada.id, alan.id} <= set(cold)
    # most overdue first: the date each crossed its own stage's ideal gap, earliest first
    rows = queries.rows_for(cold)
    crossed = [rows[cid]["cooling_at"] for cid in cold]
    assert crossed == sorted(crossed)
    by_last = queries.contact_ids(ContactFilter(ids=[ada.id, alan.id]), now,
                                  SortKey.LAST_CONTACT, True)
    assert by_last == [alan.id, ada.id]
    assert _names(queries.contact_ids(ContactFilter(), now)) == \
        ["Grace Hopper", "Ada Lovelace", "Alan Turing"]  # family name order
    row = queries.rows_for([ada.id])[ada.id]
    assert row["last_channel"] == "phone"
    assert row["last_interaction_at"] == now - timedelta(days=210)

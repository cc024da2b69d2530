"""The going-cold scan's shortcuts in the domain, each held to the plain form it replaces:
``str_form`` (an occurrence kept from a column's text only when ``str()`` would write the
same), ``anchor_of`` without ``max`` of a list, ``silence_score`` without ``max``/``min``
calls, and ``rank`` without a key function."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from relmanager.domain import priority
from relmanager.domain.priority import Item, Kind, rank, silence_score, str_form
from relmanager.domain.warmth import anchor_of

# Texts near the form: every separator and digit place swapped for what an ISO reader
# also takes ('T', week dates, offsets, fractions, basic format).
_CHARS = "0123456789-: T+WZ.,"


@given(st.datetimes(timezones=st.none() | st.just(UTC)))
def test_str_of_a_datetime_is_in_the_form_exactly_when_it_has_no_fraction_or_zone(value):
    assert str_form(str(value)) == (value.microsecond == 0 and value.tzinfo is None)


@given(st.text(alphabet=_CHARS, min_size=17, max_size=21)
       | st.datetimes().map(lambda d: str(d)[:19])
       .flatmap(lambda t: st.tuples(st.integers(0, 18), st.sampled_from(_CHARS))
                .map(lambda p: t[:p[0]] + p[1] + t[p[0] + 1:])))
def test_a_text_in_the_form_is_what_str_writes_of_what_it_reads_as(text):
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return
    assert str_form(text) == (str(value) == text) or not str_form(text)
    if str_form(text):
        assert str(value) == text


def test_week_dates_offsets_and_fractions_are_not_the_form():
    for text in ("2026-W49-7 07:00:00", "2026-12-06T07:00:00", "2026-12-06 07:00+01",
                 "2026-12-06 07:00:00.5", "20261206 07:00:00", None):
        assert not str_form(text)
        assert text is None or str(datetime.fromisoformat(text)) != text
    assert str_form("2026-12-06 07:00:00")


_TIMES = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1))


@given(_TIMES | st.none(), st.dates(min_value=date(1990, 1, 1),
                                    max_value=date(2040, 1, 1)) | st.none(), _TIMES)
def test_the_anchor_is_the_latest_as_max_of_the_three_gives(two_way, met_on, created):
    candidates = [created]
    if two_way is not None:
        candidates.append(two_way)
    if met_on is not None:
        candidates.append(datetime.combine(met_on, time()))
    assert anchor_of(two_way, met_on, created) == max(candidates)
    assert type(anchor_of(two_way, met_on, created)) is datetime


_FLOATS = st.floats(allow_nan=True, allow_infinity=False, width=64) \
    | st.sampled_from([0.0, 1e-9, 1e-10, 2.0, 4.0, 8.0, -1.0])


@given(st.sampled_from([*priority.CLOSENESS, "inbox"]), _FLOATS, _FLOATS)
def test_the_score_is_the_max_and_min_form_to_the_bit(stage, interval, gap):
    try:
        ratio = max(gap / max(interval, 1e-9), 1.0)
        plain = priority.CLOSENESS.get(stage, 0.0) * (1.0 + min(math.log2(ratio),
                                                                priority.MAX_DOUBLINGS))
    except (OverflowError, ValueError, ZeroDivisionError) as error:
        try:
            silence_score(stage, interval, gap)
        except type(error):
            return
        raise AssertionError("the plain form raised, the short one did not") from None
    fast = silence_score(stage, interval, gap)
    assert fast == plain or (math.isnan(fast) and math.isnan(plain))
    assert math.copysign(1, fast) == math.copysign(1, plain)


def _item(rng: random.Random, n: int) -> Item:
    return Item(rng.choice(list(Kind)), rng.randint(1, 30), rng.choice(
        ["ana", "Ana", "ÅSA", "åsa", "Straße", "STRASSE", "ben"]),
        rng.choice([1.0, 2.5, 2.5, 9.0, -0.0, 0.0, rng.random()]), "", str(rng.randint(1, 9)),
        str(n), snoozed_until=rng.choice([None, None, datetime(2026, 1, 1)]))


def test_rank_is_sorted_by_the_rank_key_equal_keys_in_their_order():
    rng = random.Random(7)
    for size in (0, 1, 2, 50, 400):
        items = [_item(rng, n) for n in range(size)]
        plain = sorted(items, key=lambda i: (i.snoozed, -i.score, i.name.casefold(),
                                             i.subject))
        assert [id(i) for i in rank(iter(items))] == [id(i) for i in plain]


def test_a_silence_keeps_the_text_given_only_in_the_form():
    now = datetime(2026, 6, 1)
    anchor = now - timedelta(days=60)
    cooling, cold = now - timedelta(days=30), now - timedelta(days=1)
    for texts, occurrence in ((("x", "2026-05-31 00:00:00"), "2026-05-31 00:00:00"),
                              (("x", "2026-05-31T00:00:00"), str(cold)),
                              (("x", None), str(cold))):
        item = priority.silence(1, "Ana", "friendship", anchor=anchor, cooling_at=cooling,
                                cold_at=cold, now=now, texts=texts)
        assert item.occurrence == occurrence and item.kind is Kind.COLD and item.urgent

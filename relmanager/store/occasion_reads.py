"""Today's occasions (birthdays, a year since meeting), read through the month-day
indexes so that it stays an index lookup at 100,000 contacts (issue 24, item 7).

The SQL only narrows the contacts down to those with some date on today's month and day
(``domain.occasions.month_days``, 29 February included on a common year's 28th); whether
an occasion falls today, counts, and is mentioned at the contact's stage is decided by
``domain.occasions`` for those few. tests/store/test_occasion_reads.py holds the two to
the same answer over every day of a leap and a common year.
"""

from __future__ import annotations

from datetime import date, datetime

from relmanager.domain import occasions as rule
from relmanager.domain import priority
from relmanager.domain.priority import Item
from relmanager.store.in_lists import chunks, marks
from relmanager.store.models import database

_STAGES = ",".join(f"'{s}'" for s in sorted(rule.ANY_MENTIONED))


def candidate_ids(today: date) -> set[int]:
    """Contacts with a birthday, meeting day, entry day or interaction on today's month
    and day (each an indexed expression; see schema_ddl.OCCASION_INDEXES)."""
    keys = rule.month_days(today)
    m = marks(len(keys))
    return {row[0] for row in database.execute_sql(
        f"SELECT id FROM contact WHERE substr(birthday, -5) IN ({m}) "
        f"UNION SELECT id FROM contact WHERE substr(met_on, 6, 5) IN ({m}) "
        # the entry day and the first interaction count only without a meeting date
        f"UNION SELECT id FROM contact WHERE substr(created_at, 6, 5) IN ({m}) "
        "AND met_on IS NULL "
        "UNION SELECT i.contact_id FROM interaction i JOIN contact c ON c.id = i.contact_id "
        f"WHERE substr(i.occurred_at, 6, 5) IN ({m}) AND c.met_on IS NULL",
        keys * 4)}


def _day(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def occasions_of(ids: set[int] | list[int], today: date) -> list[rule.Occasion]:
    """The occasions of these contacts on ``today`` (the domain rule; a few rows)."""
    found: list[rule.Occasion] = []
    for chunk in chunks(sorted(ids)):
        m = marks(len(chunk))
        first = dict(database.execute_sql(
            f"SELECT contact_id, min(occurred_at) FROM interaction WHERE contact_id IN ({m}) "
            "GROUP BY contact_id", chunk).fetchall())
        for cid, name, stage, archived, birthday, met_on, created in database.execute_sql(
                "SELECT id, display_name, stage, archived, birthday, met_on, created_at "
                f"FROM contact WHERE id IN ({m}) AND archived = 0 AND stage IN ({_STAGES})",
                chunk):
            met = rule.met_day(_day(met_on), _day(first.get(cid)), _day(created) or today)
            found.extend(rule.occasions_for(cid, name, stage, birthday=birthday, met=met,
                                            today=today, archived=bool(archived)))
    return found


def today_occasions(today: date) -> list[rule.Occasion]:
    """Every occasion mentioned on ``today``, birthdays first, then by name."""
    found = occasions_of(candidate_ids(today), today)
    return sorted(found, key=lambda o: (o.kind is not rule.OccasionKind.BIRTHDAY,
                                        o.name.casefold(), o.contact_id))


def occasion_items(now: datetime, snoozed: dict[tuple[str, str], datetime]) -> list[Item]:
    """Today's occasions as ranked attention items (Today, the tray, the digest); an
    occasion is snoozed with its person (``domain.priority.snooze_key``)."""
    today = now.date()
    return priority.rank(
        priority.occasion_item(o.contact_id, o.name, o.stage, o.kind.value, o.reason, today,
                               snoozed.get(priority.snooze_key(
                                   priority.Kind.OCCASION, "", o.contact_id)))
        for o in today_occasions(today))

"""One Today row, one figure (issue 22, the first hour): "Why now" said "now 9 weeks" with
"Last two-way: 2 months ago" beside it, the same silence rounded two ways. Both now come
from ``domain.wording.span`` over the same calendar days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.domain.wording import span
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

GAPS = (17, 27, 45, 59, 63, 66, 80, 100, 200)


def test_why_now_and_last_two_way_say_the_same_span(open_window, ctx, clock, qtbot):
    now = clock.now().replace(hour=9, minute=0)
    clock.set(now - timedelta(days=400))
    people = {}
    for gap in GAPS:
        person = create_contact(clock, f"Gap {gap:03d}", stage=Stage.FRIENDSHIP)
        people[person.id] = gap
    for person_id, gap in people.items():
        clock.set(now - timedelta(days=gap, hours=-8))  # late on that day: 17:00
        log_interaction(clock, [person_id], "phone", minutes=10)
    clock.set(now)
    window = open_window(ctx)
    window.show_page("today")
    tree = window.today.cold.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0)
    shown = {people[tree.topLevelItem(r).data(0, 256)] for r in range(tree.topLevelItemCount())}
    assert {59, 63, 66, 80, 100, 200} <= shown  # friends silent 2+ months are going cold
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        why, last = item.text(2), item.text(3)
        gap = people[item.data(0, 256)]
        assert last == f"{span(gap)} ago", (why, last)
        said = why.rsplit("now ", 1)[1]
        if said.endswith(" days") and int(said.split()[0]) >= 14:  # more precise, same span
            said = span(int(said.split()[0]))
        assert f"{said} ago" == last, (why, last)

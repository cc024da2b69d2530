"""Issue 22 item 17 as a new user sees it: on a fresh demo network every list on Today and
every section of the tray menu has someone in it."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint

from relmanager.store import demo
from relmanager.ui.shell.tray import install_reminders

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, clock, qtbot, open_window):
    demo.generate(demo.DEMO_CONTACTS, demo.DEMO_INTERACTIONS, clock.now())
    win = open_window(ctx)
    win.resize(1366, 768)
    win.show_page("today")
    return win


def test_every_today_panel_and_tray_section_has_someone(window, qtbot):
    today = window.today
    qtbot.waitUntil(lambda: not today.loader.loading and today.cold.tree.topLevelItemCount() > 0,
                    timeout=10000)
    for section in (today.cold, today.fresh, today.follow_ups, today.intros):
        assert section.tree.topLevelItemCount() > 0, section.base_title
        assert section.tree.isVisible() and not section.empty.isVisible()
    service, tray = install_reminders(window.ctx, window, startup_delay_ms=0)
    try:
        qtbot.waitUntil(service.timer.isActive, timeout=5000)
        tray.menu.popup(QPoint(200, 200))
        qtbot.waitUntil(tray.menu.isVisible)
        counts = {m.group(1): int(m.group(2)) for a in tray.menu.actions()
                  if (m := re.fullmatch(r"(.+) \((\d+)\)", a.text()))}
        tray.menu.hide()
        assert set(counts) >= {"Going cold", "Link while fresh", "Follow-ups due",
                               "Introductions"}
        assert all(counts.values()), counts
    finally:
        for running in reversed(window.ctx.services.running()):
            running.shutdown()


def test_the_next_step_of_an_introduction_is_not_clipped_at_1366x768(window, qtbot):
    """The "Next step" column of Introductions waiting was cut to a sliver at 1366x768:
    Who took the room and the step (what to do) was unreadable."""
    today = window.today
    qtbot.waitUntil(lambda: today.intros.tree.topLevelItemCount() > 0, timeout=10000)
    qtbot.wait(50)  # the columns' fit after the layout settled
    window.grab().save("/work/wt/_shots/shealth/today-1366x768.png")
    tree = today.intros.tree
    steps = [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]
    needed = max(tree.fontMetrics().horizontalAdvance(s) for s in steps)
    shown = tree.columnWidth(1)
    since = max(tree.fontMetrics().horizontalAdvance(t) for t in
                [tree.headerItem().text(2)]
                + [tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())])
    # Cut only when there is no room: the last column ("Since") had ~280 px of it.
    assert shown >= needed or tree.columnWidth(2) <= since + 40, (
        shown, needed, tree.columnWidth(2), since)
    assert shown > 400

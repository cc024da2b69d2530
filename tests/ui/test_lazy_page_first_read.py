"""Waiting for a page's load right after choosing it waits for its first read: a page
built when first chosen is shown by its layout one event-loop turn later and reads as it
is shown, so the wait found nothing pending and returned with Today's lists empty, which
failed the Ctrl+L tests in the whole suite under load."""

from __future__ import annotations

import pytest

from relmanager.store import demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_choosing_today_then_waiting_shows_its_lists(open_window, ctx, clock):
    demo.generate(120, 1500, clock.now())
    window = open_window(ctx)
    window.show_page("today")
    window.today.wait_loaded()  # no event processed between the two
    today = window.today
    assert today.cold.tree.topLevelItemCount() > 0
    assert today.follow_ups.tree.topLevelItemCount() > 0

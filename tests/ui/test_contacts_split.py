"""The Contacts page's list/profile split (stranger2's finding): maximised at 1920 px, the
empty profile ("Select a contact...") took half the page beside a list that cut its
columns. A wider window now widens the list once the profile has its comfortable width,
and the profile keeps the width its History tab needs at 1366 px (see
test_history_with_column.py). Real window resizes, no call into the splitter's rule."""

from __future__ import annotations

import pytest

from relmanager.store.contacts import create_contact
from relmanager.ui.shell.contacts_split import COMFORT_CHARS
from tests.ui.conftest import refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _sizes_at(win, qtbot, width: int, height: int) -> tuple[int, int]:
    win.resize(width, height)
    qtbot.waitUntil(lambda: win.splitter.width() > width - 300, timeout=5000)
    listed, profile = win.splitter.sizes()
    return listed, profile


def _comfortable(win) -> int:
    return win.profile.fontMetrics().averageCharWidth() * COMFORT_CHARS


def test_a_wider_window_widens_the_list_not_the_empty_profile(ctx, qtbot, clock,
                                                              open_window):
    create_contact(clock, "Ada Lovelace", emails=["ada.lovelace.long.address@example.org"])
    win = open_window(ctx)  # a first start at 1280x800, on Today
    win.resize(1920, 1200)  # maximised before Contacts is ever shown
    win.show_page("contacts")
    refresh_list(win, qtbot)
    assert win.profile.contact_id is None
    listed, profile = _sizes_at(win, qtbot, 1920, 1200)
    assert listed > 1.7 * profile, (listed, profile)  # 887 beside 878 on the old code
    assert win.profile.minimumSizeHint().width() <= profile <= _comfortable(win)
    win.contacts.table.selectRow(0)
    qtbot.waitUntil(lambda: win.profile.built and win.profile.contact_id is not None)
    assert win.splitter.sizes()[1] == profile  # choosing someone moves nothing


def test_the_split_comes_back_when_the_window_does(ctx, qtbot, clock, open_window):
    """1366 -> 1920 -> 1366 leaves the split where it was: the list gives the room back
    first, and the profile keeps the width its History tab needs on a laptop."""
    create_contact(clock, "Ada Lovelace")
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    laptop = _sizes_at(win, qtbot, 1366, 768)
    assert laptop[1] > win.profile.minimumSizeHint().width()  # more than its least
    wide = _sizes_at(win, qtbot, 1920, 1200)
    assert wide[0] > 1.7 * wide[1], wide
    assert _sizes_at(win, qtbot, 1366, 768) == laptop


def test_a_profile_widened_by_hand_stays_as_wide_in_a_wider_window(ctx, qtbot, clock,
                                                                  open_window):
    create_contact(clock, "Ada Lovelace")
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    total = sum(_sizes_at(win, qtbot, 1366, 768))
    win.splitter.moveSplitter(total - 800, 1)  # the handle dragged left: a 800-px profile
    chosen = win.splitter.sizes()[1]
    assert chosen > _comfortable(win)
    assert _sizes_at(win, qtbot, 1920, 1200)[1] >= chosen

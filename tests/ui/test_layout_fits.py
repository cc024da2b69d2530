"""Every page fits a small screen: at 1024x640 and at a 1366x768 laptop's size the window
really takes that size, and nothing on the page is clipped (tests/ui/layout_check.py:
widgets out of their parent, button, label and combo texts cut, tabs behind scroll
arrows, column headers and cells cut with no tooltip, a field showing the end of its
text). The demo network gives the pages real names, organisations and channels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from relmanager.store import demo
from relmanager.store.models import Contact
from tests.ui.layout_check import clipping

SIZES = [QSize(1024, 640), QSize(1366, 768)]
PAGES = ["today", "contacts", "board", "timeline", "introductions"]
PROFILE_TABS = range(6)


@pytest.fixture
def demo_window(open_window, ctx, clock):
    demo.generate(400, 5000, clock.now())

    def open_at(size: QSize):
        window = open_window(ctx)
        window.resize(size)
        return window
    return open_at


def _settle(window, qtbot, key: str) -> None:
    window.show_page(key)
    page = window.page_widget(key)
    if hasattr(page, "wait_loaded"):
        page.wait_loaded()
    qtbot.wait(200)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("key", PAGES)
def test_each_page_fits_without_clipping(demo_window, qtbot, key, size):
    window = demo_window(size)
    _settle(window, qtbot, key)
    if key == "contacts":
        friend = Contact.select().where(Contact.stage == "friendship").first()
        window.show_contact(friend.id)
        qtbot.wait(50)
    assert window.size() == size, "the window's minimum size is larger than the screen"
    found = clipping(window)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("tab", PROFILE_TABS)
def test_each_profile_tab_fits_without_clipping(demo_window, qtbot, tab, size):
    window = demo_window(size)
    friend = Contact.select().where(Contact.stage == "friendship").first()
    window.show_contact(friend.id)
    window.profile.tabs.setCurrentIndex(tab)
    qtbot.wait(100)
    assert window.profile.tabs.count() == len(PROFILE_TABS)
    found = clipping(window)
    assert not found, "\n".join(found)

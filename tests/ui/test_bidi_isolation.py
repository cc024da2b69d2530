"""A right-to-left override in contact text stays inside that text.

An organisation (or name) carrying U+202E, from a vCard or another device by sync, left
the override open over what the line showed after it: the profile's subtitle read
"Org  ·  ssenisub" for "business" (screenshot under Xvfb at 1366x768), and a tray menu's
"name · reason" would read the reason backwards. What counts here: at the point where
our own words start, every embedding, override and isolate opened by the contact's
text has been closed (UAX #9 explicit levels, counted as a stack).
"""

from __future__ import annotations

from relmanager.domain.stages import Stage
from relmanager.domain.text import visible
from relmanager.store.contacts import create_contact
from tests.bidi_levels import RLO, open_controls
from tests.ui.conftest import profile_shown


def test_isolated_closes_an_open_override_and_leaves_other_text_alone():
    assert open_controls(f"Org{RLO}x") == 1
    assert open_controls(visible(f"Org{RLO}x")) == 0
    assert open_controls(visible(f"a{RLO}{RLO}\u2067b")) == 0
    assert visible(f"x\u2069{RLO}evil") == "xevil"  # dropped for display, not isolated
    assert visible("Ada Lovelace") == "Ada Lovelace"
    assert visible("\u05e9\u05dc\u05d5\u05dd") == "\u05e9\u05dc\u05d5\u05dd"  # Hebrew alone


def test_profile_subtitle_reads_our_words_forwards_after_an_override(
        db, clock, ctx, open_window, qtbot):
    ann = create_contact(clock, f"Ann {RLO}evil Lee", stage=Stage.FRIENDSHIP,
                         organisation=f"{RLO}Org", title=f"Boss{RLO}")
    window = open_window(ctx)
    window.show_contact(ann.id)
    profile_shown(window.profile, qtbot)
    qtbot.waitUntil(lambda: "business" in window.profile.header.subtitle.text(), timeout=5000)
    text = window.profile.header.subtitle.text()
    ours = text.rindex("  ·  ")
    assert open_controls(text[:ours]) == 0, ascii(text)
    assert "Boss at Org" in text and RLO not in text  # the override dropped for display


def test_tray_menu_title_reads_the_reason_forwards(db, clock, ctx, qtbot):
    from relmanager.ui.shell.main_window import MainWindow
    from tests.ui.conftest import tray_menu_titles

    create_contact(clock, f"Ann {RLO}evil", stage=Stage.DEVELOPMENT)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = tray_menu_titles(ctx, window, clock)
    mine = [t for t in titles if "evil" in t]
    assert mine, titles
    for title in mine:
        assert open_controls(title[:title.rindex(" · ")]) == 0, ascii(title)

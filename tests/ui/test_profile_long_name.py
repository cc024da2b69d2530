"""A name of 200 characters without a space (the longest a name may be) is shown whole
in outline in the profile's header: elided in the middle on one line, its start and its
end kept, the full name in the (escaped) tooltip. Before, the word-wrapped label could
not break it and cut it at the page's edge, and its width pushed the header's rows wider
than the page (screenshots under Xvfb at 1366x768 in RELMANAGER_SHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint

from relmanager.domain.limits import MAX_NAME
from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from tests.ui.conftest import profile_shown

SHOTS = os.environ.get("RELMANAGER_SHOTS")
LONG = ("Start" + "Wolfeschlegelsteinhausenbergerdorff" * 6)[: MAX_NAME - 3] + "End"


def _right(widget, root) -> int:
    return widget.mapTo(root, QPoint(widget.width(), 0)).x()


def test_a_200_character_unbroken_name_is_elided_in_the_middle(open_window, ctx, clock,
                                                                 qtbot):
    assert len(LONG) == MAX_NAME and " " not in LONG
    ann = create_contact(clock, LONG, stage=Stage.FRIENDSHIP, organisation="Acme")
    window = open_window(ctx)
    window.resize(1366, 768)
    window.show_contact(ann.id)
    profile_shown(window.profile, qtbot)
    header = window.profile.header
    qtbot.waitUntil(lambda: "Acme" in header.subtitle.text(), timeout=5000)
    qtbot.wait(50)
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "profile-long-name.png"))
    name = header.name
    shown = name.text()
    assert window.width() == 1366
    # the label ends inside the profile, and what it shows fits in it
    assert _right(name, window.profile) <= window.profile.width(), (
        _right(name, window.profile), window.profile.width())
    assert name.fontMetrics().horizontalAdvance(shown) <= name.contentsRect().width()
    assert shown.startswith("StartWolfe") and shown.endswith("End") and "…" in shown
    assert name.toolTip() == LONG
    assert name.accessibleName() == "Contact name"
    # the buttons row is not pushed past the page either
    assert _right(header.intro_button, window.profile) <= window.profile.width()


def test_a_short_name_is_shown_whole_and_a_marked_up_one_is_escaped(open_window, ctx,
                                                                     clock, qtbot):
    ann = create_contact(clock, "<b>Ann</b> " + "x" * 150, stage=Stage.FRIENDSHIP)
    bob = create_contact(clock, "Bob Roe", stage=Stage.FRIENDSHIP)
    window = open_window(ctx)
    window.resize(1366, 768)
    window.show_contact(bob.id)
    profile_shown(window.profile, qtbot)
    header = window.profile.header
    qtbot.waitUntil(lambda: header.name.text() == "Bob Roe", timeout=5000)
    assert header.name.toolTip() == ""  # nothing hidden, nothing to tell
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "profile-short-name.png"))
    window.show_contact(ann.id)
    profile_shown(window.profile, qtbot)
    qtbot.waitUntil(lambda: header.name.text().startswith("<b>Ann"), timeout=5000)
    assert "…" in header.name.text()
    assert header.name.toolTip().startswith("<p style='white-space:pre-wrap'>&lt;b&gt;Ann")

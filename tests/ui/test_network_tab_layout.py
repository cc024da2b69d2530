"""Review 18 #11: the profile's Network tab at 1366x768 keeps its parts together: no
large empty gap under the strength controls, and the "Whom they know:" heading sits
directly above its list (it was ~110 px above it)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel

from relmanager.domain.relations import RelationKind
from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, relations
from tests.ui.conftest import profile_shown

SHOTS = os.environ.get("RELMANAGER_SHOTS")


def _bottom(widget, root) -> int:
    return widget.mapTo(root, QPoint(0, widget.height())).y()


def _top(widget, root) -> int:
    return widget.mapTo(root, QPoint(0, 0)).y()


def test_the_network_tab_has_no_gap_above_whom_they_know(open_window, ctx, clock, qtbot):
    ann = contacts.create_contact(clock, "Ann Lee", stage=Stage.FRIENDSHIP).id
    bob = contacts.create_contact(clock, "Bob Ray", stage=Stage.ENCOUNTER).id
    activity.log_interaction(clock, [ann], "one_on_one", minutes=60)
    relations.relate(clock, ann, bob, RelationKind.COLLEAGUE)
    window = open_window(ctx)
    window.resize(1366, 768)
    window.show_contact(ann)
    profile_shown(window.profile, qtbot)
    tabs = window.profile.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Net&work")
    tabs.setCurrentIndex(index)
    panel = tabs.widget(index)
    qtbot.waitUntil(lambda: panel.strength.text().startswith("Tie strength "))
    qtbot.waitUntil(lambda: panel.relations.list.item(0).text() == "Colleague of Bob Ray")
    qtbot.wait(50)
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "profile-network-tab.png"))
    heading = next(label for label in panel.relations.findChildren(QLabel)
                   if label.text() == "Whom they &know:")
    # Where the heading's text is drawn (a label centres it in whatever height it gets).
    text = heading.fontMetrics().height()
    centre = _top(heading, panel) + heading.height() // 2
    text_top, text_bottom = centre - text // 2, centre + text // 2
    gap = _top(panel.relations.list, panel) - text_bottom
    assert 0 <= gap <= 14, f"heading {gap} px above its list"
    under_controls = text_top - _bottom(panel.set_button, panel)
    assert under_controls <= 30, f"{under_controls} px empty under the strength controls"

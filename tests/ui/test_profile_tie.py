"""The profile's Network tab: the tie strength with its reasons for the shown contact,
a score set there is kept, and a relation typed there shows from the other side too."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, relations
from tests.ui.conftest import profile_shown


def test_the_profile_tab_shows_the_tie_and_records_relations(open_window, ctx, clock, qtbot):
    ann = contacts.create_contact(clock, "Ann Lee", stage=Stage.FRIENDSHIP).id
    bob = contacts.create_contact(clock, "Bob Ray", stage=Stage.ENCOUNTER).id
    activity.log_interaction(clock, [ann], "one_on_one", minutes=60)
    window = open_window(ctx)
    window.show_contact(ann)
    profile_shown(window.profile, qtbot)
    profile = window.profile
    tabs = profile.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Net&work")
    tabs.setCurrentIndex(index)
    panel = tabs.widget(index)
    qtbot.waitUntil(lambda: panel.strength.text().startswith("Tie strength "))
    assert "Recency: 30 of 30, last two-way contact today" in panel.strength.text()

    panel.relations.other.setFocus()
    qtbot.keyClicks(panel.relations.other, "Bob")
    qtbot.keyClick(panel.relations.other, Qt.Key.Key_Return)  # once the suggestions land
    qtbot.waitUntil(lambda: [r.describe() for r in relations.relations_of(bob)]
                    == ["colleague of Ann Lee"], timeout=10000)

    panel.override.selectAll()
    qtbot.keyClicks(panel.override, "40")
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "40/100 (set by you" in panel.strength.text())

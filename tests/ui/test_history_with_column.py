"""The History tab's "With" column at 1366x768 (review 18, item 7): the Channel column
took the space and the names were cut ("Nora Ande…"), sideways scrolling needed. Now
the names of a normal group row are shown whole, with no sideways scroll."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QApplication, QTabWidget

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.store import activity, contacts
from relmanager.ui.contacts.contact_history import InteractionHistory
from tests.ui.conftest import profile_shown


def test_with_column_is_readable_at_1366(db, db_path, clock, open_window, qtbot) -> None:
    ann, nora, bob = (contacts.create_contact(clock, name, stage=Stage.FRIENDSHIP).id
                      for name in ("Ann Lee", "Nora Anderson", "Bob Robertson"))
    activity.log_interaction(clock, [ann, nora, bob], "meeting", minutes=60,
                             occurred_at=clock.now() - timedelta(days=3),
                             note="Planning the spring workshop over lunch")
    activity.log_interaction(clock, [ann], "video", minutes=30,
                             occurred_at=clock.now() - timedelta(days=1), note="call")
    window = open_window(AppContext.create(clock, db_path))
    window.resize(1366, 768)
    window.show_contact(ann)
    profile_shown(window.profile, qtbot)
    history = window.findChild(InteractionHistory)
    tabs = next(t for t in window.findChildren(QTabWidget)
                if t.indexOf(history.parentWidget()) >= 0 or t.isAncestorOf(history))
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i).replace("&", "")
                              .startswith("History")))
    qtbot.waitUntil(lambda: history.tree.topLevelItemCount() == 2 and history.isVisible(),
                    timeout=5000)
    QApplication.processEvents()
    tree = history.tree
    group = next(tree.topLevelItem(i) for i in range(2) if tree.topLevelItem(i).text(4))
    needed = tree.fontMetrics().horizontalAdvance(group.text(4))
    assert tree.columnWidth(history.WITH_COLUMN) >= needed, (
        tree.columnWidth(history.WITH_COLUMN), needed)
    assert tree.horizontalScrollBar().maximum() == 0  # no sideways scroll

""""Introduction made" chosen from Other step… on a request nobody asked the other side
about (stranger2's finding 17): it was made at once, consent skipped without a word.
It now asks first, by real clicks and keys: Enter asks for consent instead, Esc leaves
the request as it was, "Make it anyway" makes it (and the warning stays); and a step
made by mistake is undone with Ctrl+Z, its date and logged interactions taken back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from relmanager.domain.stages import Stage
from relmanager.store import introductions
from relmanager.store.contacts import create_contact
from relmanager.store.models import Interaction, Introduction
from relmanager.ui.introductions.introductions import IntroductionsView
from tests.ui.conftest import answer_next_message

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _choose_made(view, qtbot) -> None:
    """Other step… > Introduction made (the item below "Asked for consent"), by keys."""
    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert [a.text() for a in menu.actions()][:2] == ["Asked for consent", "Introduction made"]
    QTest.keyClick(menu, Qt.Key.Key_Down)
    QTest.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction().text() == "Introduction made"
    QTest.keyClick(menu, Qt.Key.Key_Return)


@pytest.mark.parametrize(("how", "status"), [
    (lambda box: QTest.keyClick(box, Qt.Key.Key_Return), "consent_asked"),
    (lambda box: QTest.keyClick(box, Qt.Key.Key_Escape), "requested"),
    (lambda box: next(b for b in box.buttons() if b.text() == "Make it anyway").click(),
     "made"),
])
def test_making_one_without_consent_asks_first(ctx, clock, qtbot, how, status):
    ana, ben = (create_contact(clock, n, stage=Stage.DEVELOPMENT).id for n in ("Ana", "Ben"))
    intro = introductions.create_introduction(clock, requester_id=ana, target_id=ben)
    view = IntroductionsView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    view.wait_loaded()
    rect = view.table.visualRect(view.model.index(0, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    seen = answer_next_message(how)
    _choose_made(view, qtbot)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["Ben has not said yes to meeting Ana. An introduction nobody asked "
                    "for costs them time."]
    view.wait_loaded()
    assert Introduction.get_by_id(intro.id).status == status
    assert view.warning.isVisible() == (status == "made")


def test_a_step_made_by_mistake_is_undone_with_ctrl_z(open_window, ctx, clock, qtbot):
    """Made anyway, then Ctrl+Z: back to Requested with no made date, no check-in and no
    "Introduced Ana and Ben" in either history; Ctrl+Shift+Z puts that very step back. Edit > Undo
    was greyed out and Other step… offered only Followed up and Close."""
    ana, ben = (create_contact(clock, n, stage=Stage.DEVELOPMENT).id for n in ("Ana", "Ben"))
    intro = introductions.create_introduction(clock, requester_id=ana, target_id=ben)
    window = open_window(ctx)
    window.show_page("introductions")
    view = window.page_widget("introductions")
    view.wait_loaded()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    rect = view.table.visualRect(view.model.index(0, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    answer_next_message(lambda box: next(
        b for b in box.buttons() if b.text() == "Make it anyway").click())
    _choose_made(view, qtbot)
    qtbot.waitUntil(lambda: Introduction.get_by_id(intro.id).status == "made")
    assert Interaction.select().count() == 2  # the give to each side
    made = (Introduction.select().dicts().get(), list(Interaction.select().dicts()))
    assert window.statusBar().currentMessage() == \
        "Introduction made: Ana → Ben (Ctrl+Z to undo)"
    window.activateWindow()  # the question was the active window (no window manager)
    qtbot.waitUntil(window.isActiveWindow)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = Introduction.get_by_id(intro.id)
    assert (undone.status, undone.made_at, undone.follow_up_due_at) == ("requested", None,
                                                                        None)
    assert Interaction.select().count() == 0
    view.wait_loaded()
    qtbot.waitUntil(lambda: view.model.index(0, 4).data() == "Requested")
    assert view.next_button.text() == "Asked for consent"
    clock.advance(timedelta(hours=2))
    QTest.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    # That very step: its date and check-in day, the same two events (before: made
    # again two hours later, two new events, a synced one's other properties lost).
    assert (Introduction.select().dicts().get(), list(Interaction.select().dicts())) == made


def test_undo_is_refused_once_the_introduction_moved_on(db, clock):
    """Another step since (here or in another process): undoing the older one would
    rewind the newer too, so it is refused and nothing changes."""
    from relmanager.domain.introductions import IntroStatus
    from relmanager.store.errors import ValidationError

    ana, ben = (create_contact(clock, n, stage=Stage.DEVELOPMENT).id for n in ("Ana", "Ben"))
    intro = introductions.create_introduction(clock, requester_id=ana, target_id=ben)
    asked = introductions.advance(clock, intro.id, IntroStatus.CONSENT_ASKED)
    introductions.advance(clock, intro.id, IntroStatus.CONSENT_GIVEN)
    with pytest.raises(ValidationError, match="moved on to consent given"):
        introductions.undo_step(intro.id, IntroStatus.CONSENT_ASKED, asked)
    row = Introduction.get_by_id(intro.id)
    assert row.status == "consent_given" and row.consent_asked_at is not None
    assert Interaction.select().count() == 1

""""Introduction made" chosen from Other step… on a request nobody asked the other side
about (stranger2's finding 17): it was made at once, consent skipped without a word.
It now asks first, by real clicks and keys: Enter asks for consent instead, Esc leaves
the request as it was, "Make it anyway" makes it (and the warning stays)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from relmanager.domain.stages import Stage
from relmanager.store import introductions
from relmanager.store.contacts import create_contact
from relmanager.store.models import Introduction
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

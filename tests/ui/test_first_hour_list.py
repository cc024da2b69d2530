"""Issue 22, driven through the keyboard and mouse on the real window: creating a contact
keeps the list's filters (item 4), and the list shows the last two-way contact beside
warmth while History still shows broadcasts (item 5)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relmanager.domain.stages import Stage
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact, set_archived
from relmanager.store.models import Contact
from tests.ui.conftest import profile_shown, refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, open_window, qtbot):
    win = open_window(ctx)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def _rows(window) -> list[str]:
    model = window.contacts.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _type(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def _create_by_keyboard(window, qtbot, name: str) -> None:
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.new_contact_dialog is not None
                    and window.new_contact_dialog.isVisible())
    dialog = window.new_contact_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    _type(name)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # Written once the duplicate check (on the dialog's worker) landed; the dialog
    # deletes itself on close.
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())


def test_creating_a_contact_keeps_the_active_filter(window, clock, qtbot):
    create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    create_contact(clock, "Pat Personal", stage=Stage.FRIENDSHIP, sphere="personal")
    gone = create_contact(clock, "Zed Archived", stage=Stage.FRIENDSHIP)
    set_archived(clock, [gone.id], True)
    window.show_page("contacts")
    bar = window.contacts.filters
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        bar.sphere.setCurrentIndex(bar.sphere.findText("Business"))
    assert bar.archived.currentText() == "Active"
    assert _rows(window) == ["Ada Lovelace"]

    _create_by_keyboard(window, qtbot, "Grace Hopper")
    grace = Contact.get(Contact.display_name == "Grace Hopper")
    qtbot.waitUntil(lambda: window.contacts.current_id() == grace.id, timeout=5000)
    window.contacts.wait_loaded()
    assert bar.archived.currentText() == "Active"
    assert bar.sphere.currentText() == "Business"  # the user's filters, as they were
    assert _rows(window) == ["Grace Hopper", "Ada Lovelace"]  # no archived people
    assert window.contacts.count_label.text() == "2 contacts match"
    bar.sphere.setCurrentIndex(0)
    window.contacts.wait_loaded()
    qtbot.waitUntil(lambda: window.contacts.model.rowCount() == 3)
    window.update_counts()
    window.status.wait()
    assert window.counts.text().startswith("3 contacts")
    # The whole list: the status bar says how many, the list does not say it again.
    assert window.contacts.count_label.text() == ""
    assert not window.contacts.count_label.isVisible()
    assert window.profile.contact_id == grace.id


def test_a_contact_outside_the_filters_widens_them_to_its_own_side(window, clock, qtbot):
    create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    bo = create_contact(clock, "Bo Berg", stage=Stage.ENCOUNTER)
    gone = create_contact(clock, "Zed Archived", stage=Stage.FRIENDSHIP)
    set_archived(clock, [gone.id], True)
    window.show_page("contacts")
    bar = window.contacts.filters
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        bar.stage.setCurrentIndex(bar.stage.findText("Friendship"))
    assert _rows(window) == ["Ada Lovelace"]
    window.show_contact(bo.id)  # e.g. from Today: Bo is no friend
    qtbot.waitUntil(lambda: window.contacts.current_id() == bo.id, timeout=5000)
    assert bar.stage.currentText() == "All stages"
    assert bar.archived.currentText() == "Active"
    assert "Zed Archived" not in _rows(window)


def test_the_list_shows_last_two_way_contact_beside_warmth(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "one_on_one")
    clock.advance(days=200)
    log_interaction(clock, [ada.id], "blog", note="my new post")  # a broadcast, today
    window.show_page("contacts")
    refresh_list(window, qtbot)
    model = window.contacts.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in
               range(model.columnCount())]
    warmth, last = headers.index("Warmth"), headers.index("Last two-way")
    assert model.index(0, warmth).data() == "Cold"
    assert model.index(0, last).data() == "6 months ago"  # not "today"
    tip = model.index(0, last).data(Qt.ItemDataRole.ToolTipRole)
    assert "what warmth counts from" in tip and "One-way since" in tip
    # History still lists the broadcast.
    QTest.mouseClick(window.contacts.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.contacts.table.visualRect(model.index(0, 0)).center())
    profile_shown(window.profile, qtbot, ada.id)
    history = window.profile.history
    texts = [history.tree.topLevelItem(i).text(1)
             for i in range(history.tree.topLevelItemCount())]
    assert any(t.startswith("Blog") for t in texts)
    header = window.profile.header.warmth.text()
    assert "last two-way contact 6 months ago" in header


def test_a_board_card_counts_days_from_the_last_two_way_contact(window, clock, qtbot):
    from relmanager.ui.board.board_model import CARD_ROLE

    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "one_on_one")
    clock.advance(days=100)
    log_interaction(clock, [ada.id], "webinar")  # one-way, today
    window.show_page("board")
    board = window.page_widget("board")
    model = board.models[Stage.FRIENDSHIP]
    qtbot.waitUntil(lambda: model.contains(ada.id), timeout=5000)
    card = model.index(model.row_of(ada.id)).data(CARD_ROLE)
    assert board.delegate.days_text(card, clock.now()) == "3 mo"

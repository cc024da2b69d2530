"""Issue 22's words that contradicted each other, read off the real widgets after real
keys and clicks: channel richness in words (item 6), each balance naming its period
(item 7), declined introductions not "Open" and an overdue check-in saying how overdue
(item 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabBar

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.stages import Stage
from relmanager.store import introductions
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.ui.contacts.reciprocity_panel import ReciprocityPanel
from tests.ui.conftest import profile_shown, refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, open_window, qtbot):
    win = open_window(ctx)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def _open_log_dialog(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible())
    window.log_dialog.wait_loaded()  # the channels, read on the dialog's worker
    return window.log_dialog


# -- item 6: richness reads the right way round ------------------------------------------
def test_the_channel_picker_says_richness_in_words(window, clock, qtbot):
    dialog = _open_log_dialog(window, qtbot)
    combo = dialog.channel
    items = [combo.itemText(i) for i in range(combo.count())]
    assert not any("/12" in text for text in items), items
    assert items[0] == "One-on-one  ·  face to face, richest"
    assert "Blog  ·  broadcast, leanest, one-way" in items
    assert "Voicemail  ·  voice, rich, one-way" in items
    # Picked by keyboard, the chosen line says the same.
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_End)
    assert combo.currentText() == "Blog  ·  broadcast, leanest, one-way"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_history_and_the_list_say_richness_in_words(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone")
    window.show_page("contacts")
    refresh_list(window, qtbot)
    table, model = window.contacts.table, window.contacts.model
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(model.index(0, 0)).center())
    profile_shown(window.profile, qtbot, ada.id)
    assert window.profile.history.tree.topLevelItem(0).text(1) == "Phone call · rich"
    channel_column = [model.headerData(c, Qt.Orientation.Horizontal)
                      for c in range(model.columnCount())].index("Last channel")
    tip = model.index(0, channel_column).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Phone call (voice, rich)"


# -- item 7: each balance names its period -----------------------------------------------
def test_the_header_and_the_give_and_take_tab_name_their_periods(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone", exchange="give")
    log_interaction(clock, [ada.id], "phone", exchange="give")
    clock.advance(days=400)  # those two gives are older than a year
    log_interaction(clock, [ada.id], "phone", exchange="ask")
    window.show_page("contacts")
    refresh_list(window, qtbot)
    table, model = window.contacts.table, window.contacts.model
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(model.index(0, 0)).center())
    profile_shown(window.profile, qtbot, ada.id)
    assert window.profile.header.balance.text() == \
        "Give and take (all time): You have given 1 more than you took"
    tabs = window.profile.tabs
    index = next(i for i in range(tabs.count())
                 if isinstance(tabs.widget(i), ReciprocityPanel))
    bar = tabs.findChild(QTabBar)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    panel = tabs.widget(index)
    qtbot.waitUntil(panel.isVisible)
    form = panel.layout().itemAt(1).layout()  # below the (hidden) failure panel
    rows = {form.labelForField(label).text(): label.text()
            for label in panel.labels.values()}
    assert rows["Balance, last 12 months:"] == "You have taken 1 more than you gave"
    assert rows["Balance, all time:"] == "You have given 1 more than you took"
    assert rows["Given, last 12 months:"] == "0"


# -- item 8: introductions ---------------------------------------------------------------
def test_declined_is_not_open_and_an_old_check_in_says_how_overdue(window, clock, qtbot):
    ana, ben, cy = (create_contact(clock, n, stage=Stage.DEVELOPMENT).id
                    for n in ("Ana", "Ben", "Cy"))
    declined = introductions.create_introduction(clock, requester_id=ana, target_id=ben,
                                                 reason_requester="declined one")
    introductions.advance(clock, declined.id, IntroStatus.DECLINED)
    made = introductions.create_introduction(clock, requester_id=ana, target_id=cy,
                                             reason_requester="made one")
    introductions.advance(clock, made.id, IntroStatus.MADE)
    clock.advance(days=14 + 92)  # the check-in was due about three months ago
    window.show_page("introductions")
    view = window.page_widget("introductions")
    view.wait_loaded()
    filter_combo = view.show_filter
    assert filter_combo.currentText() == "Open introductions"
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=5000)
    rows = [view.model.index(r, 3).data() for r in range(view.model.rowCount())]
    assert rows == ["made one"]  # the declined one is not open
    check_in = view.model.index(0, 6).data()
    assert check_in == "3 months overdue"
    # Every introduction, picked with the keyboard, still lists the declined one.
    filter_combo.setFocus()
    QTest.keyClick(filter_combo, Qt.Key.Key_Down)
    assert filter_combo.currentText() == "All introductions"
    view.wait_loaded()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    statuses = {view.model.index(r, 4).data() for r in range(2)}
    assert statuses == {"Declined", "Made"}
    assert QApplication.focusWidget() is filter_combo


def test_a_check_in_due_today_and_one_not_yet_due(window, clock, qtbot):
    ana, ben = (create_contact(clock, n, stage=Stage.DEVELOPMENT).id for n in ("Ana", "Ben"))
    made = introductions.create_introduction(clock, requester_id=ana, target_id=ben)
    introductions.advance(clock, made.id, IntroStatus.MADE)
    window.show_page("introductions")
    view = window.page_widget("introductions")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    shown = view.model.index(0, 6).data()
    assert shown and "overdue" not in shown  # due in two weeks: its date
    clock.advance(days=14)
    view.reload()
    view.wait_loaded()
    assert view.model.index(0, 6).data() == "due today"
    clock.advance(days=1)
    view.reload()
    view.wait_loaded()
    assert view.model.index(0, 6).data() == "1 day overdue"

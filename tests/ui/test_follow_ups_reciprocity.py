"""The profile's follow-up and give-and-take tabs, the log dialog's follow-up and ask
advice, and the contact list's give/take sort and "only taking" filter, driven with clicks
and key presses; the database and the screen are checked after each step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from relmanager.domain.reciprocity import Exchange
from relmanager.domain.stages import Stage
from relmanager.store import today_reads
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import FollowUp, Interaction
from relmanager.ui.contacts.contact_list import ContactListView
from relmanager.ui.contacts.follow_ups_panel import FollowUpsPanel
from relmanager.ui.contacts.reciprocity_panel import ReciprocityPanel
from relmanager.ui.shared.log_dialog import LogDialog


def follow_ups_due(now):
    """Open follow-ups due by ``now``'s day, as Today and the tray read them (one read,
    ``store.today_reads``): their ids, most overdue first."""
    return [int(item.subject) for item in today_reads.follow_up_items(now, {})]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def ana(clock) -> int:
    return create_contact(clock, "Ana Alves", stage=Stage.DEVELOPMENT).id


def test_follow_ups_tab_add_with_due_date_overdue_done_and_undone(ctx, ana, clock, qtbot):
    panel = FollowUpsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_contact(ana)
    panel.wait_loaded()  # read on its worker
    assert panel.isEnabled() and panel.list.topLevelItemCount() == 0
    qtbot.keyClicks(panel.title, "Pass on that article")
    panel.due.setDate(QDate(2026, 3, 4))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    stored = FollowUp.get()
    assert (stored.title, stored.due_at.date().isoformat()) == ("Pass on that article",
                                                                "2026-03-04")
    assert panel.title.text() == ""
    clock.advance(days=5)
    panel.reload()
    panel.wait_loaded()
    item = panel.list.topLevelItem(0)
    assert (item.text(0), item.text(1)) == ("Pass on that article", "3 days overdue")
    assert sorted(follow_ups_due(clock.now())) == sorted([stored.id])
    # done with the keyboard: the checkbox column is current, Space ticks it
    panel.list.setFocus()
    panel.list.setCurrentItem(item, 2)
    qtbot.keyClick(panel.list.viewport(), Qt.Key.Key_Space)
    assert FollowUp.get_by_id(stored.id).done_at == clock.now()
    assert panel.list.topLevelItem(0).checkState(2) == Qt.CheckState.Checked
    assert follow_ups_due(clock.now()) == []
    panel.list.setCurrentItem(panel.list.topLevelItem(0), 2)
    qtbot.keyClick(panel.list.viewport(), Qt.Key.Key_Space)
    assert FollowUp.get_by_id(stored.id).done_at is None
    panel.set_contact(None)
    assert not panel.isEnabled() and panel.list.topLevelItemCount() == 0


def test_empty_follow_up_is_refused_with_a_message(ctx, ana, qtbot):
    panel = FollowUpsPanel(ctx)
    qtbot.addWidget(panel)
    panel.set_contact(ana)
    panel.wait_loaded()  # read on its worker
    with qtbot.waitSignal(ctx.events.status_message) as blocker:
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert "title" in blocker.args[0]
    assert FollowUp.select().count() == 0


def test_log_dialog_ask_with_advice_and_a_follow_up(ctx, clock, qtbot):
    newcomer = create_contact(clock, "Nia New", stage=Stage.ENCOUNTER).id
    panel = FollowUpsPanel(ctx)
    qtbot.addWidget(panel)
    panel.set_contact(newcomer)
    panel.wait_loaded()  # read on its worker
    give_take = ReciprocityPanel(ctx)
    qtbot.addWidget(give_take)
    give_take.set_contact(newcomer)
    give_take.wait_loaded()  # read on its worker
    assert give_take.labels["balance"].text() == "No gives or asks yet"
    dialog = LogDialog(ctx, None, newcomer)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wait_loaded()  # the channels and the contact, read on the dialog's worker
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
    dialog.exchange.setCurrentIndex(dialog.exchange.findData(Exchange.ASK.value))
    assert "still at encounter" in dialog.advice.text()  # a word, not a block
    qtbot.mouseClick(dialog.follow_up, Qt.MouseButton.LeftButton)
    assert dialog.follow_up_title.isEnabled()
    qtbot.keyClicks(dialog.follow_up_title, "send the article I mentioned")
    dialog.follow_up_due.setDate(QDate(2026, 3, 9))
    dialog.accept()
    assert Interaction.get().exchange == "ask"
    stored = FollowUp.get()
    assert (stored.contact_id, stored.title) == (newcomer, "send the article I mentioned")
    assert stored.due_at == clock.now().replace(day=9, hour=9, minute=0)
    # the tab reloads from the event loop, not inside the write's signal
    qtbot.waitUntil(lambda: panel.list.topLevelItemCount() == 1)
    assert panel.list.topLevelItem(0).text(0) == "send the article I mentioned"
    assert give_take.labels["asks"].text() == "1"
    assert give_take.labels["balance"].text() == "You have taken 1 more than you gave"


def test_give_and_take_tab_over_a_known_year(ctx, ana, clock, qtbot):
    now = clock.now()
    for days, exchange in ((3, "give"), (40, "receive"), (200, "ask"), (200, "ask"),
                           (500, "give")):
        log_interaction(clock, [ana], "email", exchange=exchange,
                        occurred_at=now - timedelta(days=days))
    panel = ReciprocityPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_contact(ana)
    panel.wait_loaded()  # read on its worker
    shown = {key: label.text() for key, label in panel.labels.items()}
    assert shown == {"gives": "1", "asks": "2", "receives": "1",
                     "balance": "You have taken 2 more than you gave",
                     "ever": "2 given, 2 asked, 1 received",
                     "ever_balance": "You have taken 1 more than you gave"}
    panel.set_contact(None)
    assert all(label.text() == "" for label in panel.labels.values())


def _wait_for_rows(view: ContactListView, qtbot, action) -> None:
    with qtbot.waitSignal(view.results_applied, timeout=5000):
        action()


def test_contact_list_sorts_by_give_take_and_filters_takers(ctx, clock, qtbot):
    taker = create_contact(clock, "Tom Taker").id
    giver = create_contact(clock, "Gina Giver").id
    create_contact(clock, "Nell Neutral")
    log_interaction(clock, [taker], "phone", exchange="ask")
    log_interaction(clock, [taker], "phone", exchange="receive")
    log_interaction(clock, [giver], "phone", exchange="give")
    view = ContactListView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    header = view.table.horizontalHeader()
    column = 6
    assert view.model.headerData(column, Qt.Orientation.Horizontal,
                                 Qt.ItemDataRole.DisplayRole) == "Give/take"
    point = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)

    def click_header() -> None:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)

    _wait_for_rows(view, qtbot, click_header)
    if view.model.contact_id(0) != taker:  # first click may sort descending
        _wait_for_rows(view, qtbot, click_header)
    assert view.model.contact_id(0) == taker
    assert view.model.index(0, column).data() == "-2"
    _wait_for_rows(view, qtbot, lambda: qtbot.mouseClick(
        view.filters.only_takes, Qt.MouseButton.LeftButton,
        pos=QPoint(8, view.filters.only_takes.height() // 2)))
    assert view.model.ids() == [taker]
    assert view.count_label.text().startswith("1 contact")

"""The main window driven like a person would: search, filters, profile edits with
validation, logging, the new-contact dialog, delete and undo, mail and phone links,
restored layout, Today, About."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager.domain.stages import Stage
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact, FollowUp, Interaction
from relmanager.ui.shell.main_window import MainWindow
from tests.ui.conftest import profile_shown, refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, open_window):
    return open_window(ctx)


def _rows(window) -> list[str]:
    model = window.contacts.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]




def _press_in_next_box(button: QMessageBox.StandardButton) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)
    QTimer.singleShot(20, press)


def test_typing_in_search_filters_the_list(window, clock, qtbot):
    create_contact(clock, "Joanna Kowalski", emails=["jo@pydata.example"], tags=["PyData"])
    create_contact(clock, "Jonas Berg", organisation="Acme")
    create_contact(clock, "Maria Major", notes="met at the big workshop")
    window.show_page("contacts")
    refresh_list(window, qtbot)
    assert len(_rows(window)) == 3
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        qtbot.keyClicks(window.contacts.filters.search, "jo")
    assert sorted(_rows(window)) == ["Joanna Kowalski", "Jonas Berg"]  # word starts only
    window.contacts.filters.search.clear()
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        qtbot.keyClicks(window.contacts.filters.search, "pydata")
    assert _rows(window) == ["Joanna Kowalski"]  # through tags and email
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        window.contacts.filters.search.setText("workshop")
    assert _rows(window) == ["Maria Major"]  # through notes


def test_filters_and_going_cold(window, clock, qtbot):
    create_contact(clock, "Fresh Friend", stage=Stage.FRIENDSHIP)
    create_contact(clock, "Inbox Person")
    clock.advance(days=60)
    create_contact(clock, "New Friend", stage=Stage.FRIENDSHIP)
    window.show_page("contacts")
    bar = window.contacts.filters
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        bar.stage.setCurrentIndex(bar.stage.findText("Friendship"))
    assert sorted(_rows(window)) == ["Fresh Friend", "New Friend"]
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        bar.warmth.setCurrentIndex(bar.warmth.findText("Going cold"))
    assert _rows(window) == ["Fresh Friend"]


def test_editing_a_field_persists_and_bad_email_is_refused_inline(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", emails=["ada@example.org"])
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    form = window.profile.form
    qtbot.keyClicks(form.organisation, "Analytical Engines")
    assert window.profile.save_button.isEnabled()
    qtbot.mouseClick(window.profile.save_button, Qt.MouseButton.LeftButton)
    assert Contact.get_by_id(ada.id).organisation == "Analytical Engines"
    form.emails.selectAll()
    qtbot.keyClicks(form.emails, "not-an-email")
    assert not window.profile.save()
    assert form.errors["emails"].isVisibleTo(window.profile)
    assert "not an email address" in form.errors["emails"].text()
    assert [e.email for e in Contact.get_by_id(ada.id).emails] == ["ada@example.org"]
    window.ctx.undo_stack.undo()
    assert Contact.get_by_id(ada.id).organisation == ""


def test_logging_updates_list_profile_and_warmth(window, clock, qtbot):
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    clock.advance(days=60)
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    assert Contact.get_by_id(ada.id).cooling_at <= clock.now()
    dialog = window.open_log_dialog(ada.id)
    dialog.wait_loaded()  # the channels, read on the dialog's worker
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
    dialog.when.setDateTime(dialog.when.dateTime().addDays(-2))  # back-dated
    qtbot.keyClick(dialog.when, Qt.Key.Key_Return)  # Enter logs
    contact = Contact.get_by_id(ada.id)
    assert contact.last_interaction_at.date() == (clock.now() - timedelta(days=2)).date()
    assert contact.cooling_at > clock.now()  # warm again, from the event's own date
    qtbot.waitUntil(lambda: window.profile.history.tree.topLevelItemCount() == 1,
                    timeout=3000)
    window.show_page("contacts")
    refresh_list(window, qtbot)
    row = _rows(window).index("Ada")
    assert window.contacts.model.index(row, 3).data() == "Warm"
    assert window.contacts.model.index(row, 4).data() == "2 days ago"


def test_email_before_recognition_advice(window, clock):
    newcomer = create_contact(clock, "Nia", stage=Stage.ENCOUNTER)
    dialog = window.open_log_dialog(newcomer.id)
    dialog.wait_loaded()
    dialog.channel.setCurrentIndex(dialog.channel.findData("email"))
    assert "recognition" in dialog.advice.text().lower()
    dialog.channel.setCurrentIndex(dialog.channel.findData("one_on_one"))
    assert "recognition" not in dialog.advice.text().lower()
    QTest.keyClick(dialog.channel, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and Interaction.select().count() == 0


def test_new_contact_points_out_duplicates_first(window, clock, qtbot):
    create_contact(clock, "Grace Hopper", emails=["grace@navy.example"])
    dialog = window.open_new_contact_dialog()
    qtbot.keyClicks(dialog.name, "Grace Hopper")
    qtbot.keyClicks(dialog.emails, "grace@navy.example")
    qtbot.keyClick(dialog.emails, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Grace Hopper" in dialog.duplicates.text())  # the worker's check
    assert dialog.isVisible()
    assert Contact.select().count() == 1
    assert dialog.save_button.text() == "&Save anyway"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # on purpose
    qtbot.waitUntil(lambda: Contact.select().count() == 2)  # written after the check


def test_delete_asks_then_undo_restores_with_interactions(window, clock, qtbot):
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone", note="long call",
                    follow_up=("send notes", clock.now() + timedelta(days=1)))
    window.show_page("contacts")
    refresh_list(window, qtbot)
    window.contacts.select_contact(ada.id)
    qtbot.waitUntil(lambda: window.contacts.selected_ids() == [ada.id], timeout=3000)
    _press_in_next_box(QMessageBox.StandardButton.Yes)
    assert window.contacts.delete_selected()
    assert Contact.select().count() == 0 and Interaction.select().count() == 0
    undo = window.actions.actions["undo"]
    assert undo.shortcut().toString() == "Ctrl+Z"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.contacts.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = Contact.get_by_id(ada.id)
    assert restored.display_name == "Ada" and restored.stage == "friendship"
    assert [i.note for i in Interaction.select()] == ["long call"]
    assert FollowUp.select().count() == 1
    window.ctx.undo_stack.redo()
    assert Contact.select().count() == 0


def test_the_delete_question_names_the_person_in_plain_text(window, clock, qtbot):
    """The real box (not a stand-in confirm): "Delete 1 contact?" made the user check the
    selection behind the dialog; it names the person, a name with markup stays text, and
    the buttons say Delete and Cancel. Cancel deletes nothing."""
    ana = create_contact(clock, "<b>Ana</b> Lopez")
    create_contact(clock, "Ben Okafor")
    window.show_page("contacts")
    refresh_list(window, qtbot)
    window.contacts.select_contact(ana.id)
    qtbot.waitUntil(lambda: window.contacts.selected_ids() == [ana.id], timeout=3000)
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.update(title=box.windowTitle(), text=box.text(), format=box.textFormat(),
                    buttons=sorted(b.text() for b in box.buttons()))
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(20, answer)
    assert not window.contacts.delete_selected()
    assert seen["title"] == "Delete contact"
    assert str(seen["text"]).startswith("Delete <b>Ana</b> Lopez with all their")
    assert seen["format"] == Qt.TextFormat.PlainText
    assert seen["buttons"] == ["&Delete", "Cancel"]
    assert Contact.select().count() == 2


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_mail_and_phone_open_the_system_handlers(window, clock, qtbot):
    ada = create_contact(clock, "Ada", emails=["ada@example.org"], phones=["+44 20 7946 0000"])
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    catcher = _UrlCatcher()
    for scheme in ("mailto", "tel"):
        QDesktopServices.setUrlHandler(scheme, catcher, "catch")
    try:
        qtbot.mouseClick(window.profile.header.email_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.profile.header.call_button, Qt.MouseButton.LeftButton)
    finally:
        for scheme in ("mailto", "tel"):
            QDesktopServices.unsetUrlHandler(scheme)
    assert catcher.urls == ["mailto:ada@example.org", "tel:+442079460000"]


def test_notes_show_as_plain_text(window, clock, qtbot):
    ada = create_contact(clock, "Ada", notes="<b>bold</b> <img src=x>")
    log_interaction(clock, [ada.id], "phone", note='<a href="http://evil">click</a>')
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    assert window.profile.form.notes.toPlainText() == "<b>bold</b> <img src=x>"
    history = window.profile.history
    qtbot.waitUntil(lambda: history.tree.topLevelItemCount() == 1, timeout=3000)
    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    assert history.note.toPlainText() == '<a href="http://evil">click</a>'


def test_layout_and_last_page_are_restored(ctx, qtbot):
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.resize(1100, 600)  # above MINIMUM (1000x520)
    first.show()
    first.move(30, 2)  # near the screen's top: restoreGeometry alone moved it down
    qtbot.waitUntil(lambda: first.geometry().topLeft().y() == 2)
    left = first.geometry()
    first.show_page("board")
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    assert second.current_page() == "board"
    assert ctx.settings.value("main_window/geometry") is not None
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":  # offscreen clamps to its screen
        assert (second.width(), second.height()) == (1100, 600)
        assert second.geometry() == left  # issue 22: it came back 23 px lower
    second.shutdown()


def test_today_lists_going_cold_fresh_and_follow_ups(window, clock, qtbot):
    friend = create_contact(clock, "Old Friend", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [friend.id], "phone",
                    follow_up=("send the paper", clock.now() + timedelta(days=59)))
    clock.advance(days=60)
    create_contact(clock, "New Encounter", stage=Stage.ENCOUNTER,
                   met_on=(clock.now() - timedelta(days=5)).date())
    window.show_page("today")
    today = window.today
    today.refresh()
    today.wait_loaded()
    cold = [today.cold.tree.topLevelItem(i).text(0)
            for i in range(today.cold.tree.topLevelItemCount())]
    assert cold == ["Old Friend"]
    assert today.fresh.tree.topLevelItem(0).text(0) == "New Encounter"
    assert today.follow_ups.tree.topLevelItem(0).text(1) == "send the paper"
    # worded as in the profile's Follow-ups tab, not "yesterday"
    assert today.follow_ups.tree.topLevelItem(0).text(2) == "1 day overdue"
    assert today.cold.title() == "Going cold (1)"


def test_about_shows_version_data_location_and_licence(window):
    from PySide6.QtWidgets import QLabel

    from relmanager import __version__

    dialog = window.show_about()
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert f"Relmanager {__version__}" in labels
    assert str(window.ctx.db_path) in labels
    assert any("GPL-3.0-or-later" in text for text in labels)
    assert set(dialog.buttons) == {"Database", "Backups", "Logs"}
    dialog.close()


def test_the_duplicate_check_reads_nothing_on_the_ui_thread(window, clock, qtbot):
    """The possible duplicates (and the known tags) were read on the UI thread at each
    pause in typing and again on Save; they are read on the dialog's worker, and Save
    still stops at a duplicate and writes once "Save anyway" confirms it."""
    from relmanager.store.models import database

    create_contact(clock, "Grace Hopper", emails=["grace@navy.example"])
    statements: list[str] = []
    conn = database.connection()  # the UI thread's
    conn.set_trace_callback(statements.append)
    try:
        dialog = window.open_new_contact_dialog()
        qtbot.keyClicks(dialog.name, "Grace Hopper")
        qtbot.waitUntil(dialog.duplicate_box.isVisible, timeout=5000)  # while typing
        dialog.accept()  # Save without the confirming press: checked again, not written
        qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)  # the check landed
    finally:
        conn.set_trace_callback(None)
    assert statements == []
    assert dialog.isVisible() and "Grace Hopper" in dialog.duplicates.text()
    assert Contact.select().count() == 1
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # Save anyway
    qtbot.waitUntil(lambda: Contact.select().count() == 2, timeout=5000)


def test_a_failed_duplicate_check_is_said_and_saves_nothing(window, ctx, clock, qtbot):
    """The check on Save reads on the dialog's worker: a failed read says so under the
    form (never taken for "no duplicates") and nothing is written."""
    from tests.ui.test_load_failures import broken

    dialog = window.open_new_contact_dialog()
    qtbot.keyClicks(dialog.name, "Grace Hopper")
    with broken(ctx.db_path):
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.duplicates.text().startswith(
            "Could not check for duplicates"), timeout=5000)
    assert "no such table" in dialog.duplicates.text()
    assert dialog.isVisible() and not dialog.saving
    assert Contact.select().count() == 0


def test_the_duplicate_warning_draws_its_border(window, clock, qtbot):
    """The warning beside a possible duplicate is meant to stand out with a coloured bar
    on its left: it was styled so, and not drawn."""
    from PySide6.QtGui import QColor

    from relmanager.domain.warmth import Warmth
    from relmanager.ui.shared.palette import WARMTH_COLORS

    create_contact(clock, "Grace Hopper", emails=["grace@navy.example"])
    window.resize(1366, 768)
    dialog = window.open_new_contact_dialog()
    qtbot.keyClicks(dialog.name, "Grace Hopper")
    qtbot.waitUntil(dialog.duplicate_box.isVisible, timeout=5000)
    qtbot.waitExposed(dialog)
    shot = dialog.duplicates.grab()
    image = shot.toImage()
    middle = image.height() // 2
    assert image.pixelColor(1, middle) == QColor(WARMTH_COLORS[Warmth.COOLING])

"""Every page of the window, walked with a hostile contact set (names, titles,
organisations, a follow-up and a note with control characters and bidi overrides, as
an import or a sync stores them): no visible label, button, group title, item or tooltip
shows a control character or an explicit bidi control. Today's Follow-ups panel showed
the raw ESC as a box where the list and the tray showed U+FFFD (stranger4 2e), and an
override reversed a name inside itself everywhere ("<RLO>evil" read "live"). The rule is
``relmanager.domain.text.visible``; this is its view from outside."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QTreeWidget,
    QWidget,
)

from relmanager.domain.stages import Stage
from relmanager.services.background import BackgroundReader
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import Contact
from relmanager.ui.pages import PAGE_KEYS
from tests.ui.conftest import click_contact_row, profile_shown, refresh_list, suggested

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

RLO = "\u202e"
SHOTS = os.environ.get("RELMANAGER_SHOTS")
#: Right-to-left names need no control: they are shown as they are (and read so).
HEBREW = "\u05d3\u05e0\u05d4 \u05db\u05d4\u05df"  # Dana Cohen
ARABIC = "\u0645\u062d\u0645\u062f \u0639\u0644\u064a"  # Muhammad Ali
#: What must never reach the screen: C0 (but tab and newline), DEL, C1, and the
#: explicit embeddings, overrides and isolates.
BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def hostile_contacts(clock) -> list[int]:
    """Contacts as a hostile import or sync stores them (the form would refuse these)."""
    ids = []
    for name, title, org in (
            (f"Eve\x1b]0;pwned\x07 {RLO}yrallaM", f"CT{RLO}O\x1b[2J", f"Ac\x00me {RLO}proC"),
            (f"Bob{RLO}gpj.exe", "Lead\x85", f"Globex\x9b{RLO}"),
            (HEBREW, "CTO", ARABIC),
    ):
        contact = create_contact(clock, "Placeholder", stage=Stage.DEVELOPMENT)
        Contact.update(display_name=name, title=title, organisation=org).where(
            Contact.id == contact.id).execute()
        ids.append(contact.id)
    now = clock.now()
    create_follow_up(clock, ids[0], f"Call\x1b[31m back {RLO}won", now - timedelta(days=1))
    log_interaction(clock, ids, "phone", occurred_at=now - timedelta(days=40),
                    note=f"Talked {RLO}tuoba\x1b the deal")
    create_follow_up(clock, ids[1], f"Send {RLO}seton", now + timedelta(hours=2))
    # A tag, a relation and an introduction: the filters, the network page, the
    # profile's Network tab and the Introductions page list them.
    from relmanager.domain.relations import RelationKind
    from relmanager.store.contacts import set_tags
    from relmanager.store.introductions import create_introduction
    from relmanager.store.relations import relate

    set_tags(ids[0], [f"vip{RLO}pot\x1b"])
    relate(clock, ids[0], ids[1], RelationKind.COLLEAGUE)
    relate(clock, ids[1], ids[2], RelationKind.FRIEND)
    create_introduction(clock, requester_id=ids[0], target_id=ids[2],
                        reason_requester=f"both {RLO}sdrib\x07", note="\x1b[2J")
    return ids


def _columns(model) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model (QStringListModel's is private to Python)
        return 1


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything a user can read in ``root`` but the editable fields:
    labels, buttons, group titles, tooltips, and the items of every list, table and
    tree (their text and tooltips, every row a page lists)."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        where = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()}"
        found.append((where + " tooltip", widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((where, widget.text()))
        elif isinstance(widget, QPlainTextEdit) and widget.isReadOnly():  # a note shown
            found.append((where, widget.toPlainText()))
        elif isinstance(widget, QComboBox) and not widget.isEditable():  # a tag filter
            found += [(f"{where} item", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QGraphicsView) and widget.scene() is not None:  # network
            for item in widget.scene().items():
                found.append((f"{where} {type(item).__name__} tooltip", item.toolTip()))
                if isinstance(item, QGraphicsSimpleTextItem):
                    found.append((f"{where} {type(item).__name__}", item.text()))
        elif isinstance(widget, QGroupBox):
            found.append((where, widget.title()))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(QModelIndex()), 200)):
                for column in range(_columns(model)):
                    index = model.index(row, column)
                    for role in ROLES:
                        value = index.data(role)
                        if isinstance(value, str):
                            found.append((f"{where} [{row},{column}]", value))
    return found


def _profile_tabs(window, qtbot) -> list[tuple[str, str]]:
    from PySide6.QtWidgets import QTabWidget

    texts = []
    for tabs in window.profile.findChildren(QTabWidget):
        for number in range(tabs.count()):
            tabs.setCurrentIndex(number)
            qtbot.wait(700)  # a tab reads on a worker when first shown
            for tree in tabs.widget(number).findChildren(QTreeWidget):
                if tree.topLevelItemCount():  # the history shows the note of its row
                    tree.setCurrentItem(tree.topLevelItem(0))
            if SHOTS:
                window.grab().save(f"{SHOTS}/hostile-profile-tab{number}.png")
            texts += [(f"profile tab {tabs.tabText(number)}: {where}", text)
                      for where, text in shown_texts(tabs.widget(number))]
        tabs.setCurrentIndex(0)
    return texts


def test_no_page_shows_a_control_or_a_bidi_override_of_contact_text(clock, window, qtbot):
    ids = hostile_contacts(clock)
    window.show_page("contacts")
    window.contacts.reload_tags()  # read at the start, before the contacts came
    refresh_list(window, qtbot)
    qtbot.waitUntil(lambda: window.contacts.filters.tag.count() > 1, timeout=5000)
    click_contact_row(window, qtbot, ids[0])
    profile_shown(window.profile, qtbot, ids[0])
    bad: list[str] = []
    #: The pages that must list the hostile contacts: the walk reads them there.
    listed = {"contacts", "board", "today"}
    for page in PAGE_KEYS:
        window.show_page(page)
        if page == "today":  # it read at the window's start, before the contacts came
            window.today.refresh()
            window.today.wait_loaded()
        qtbot.wait(1500)  # each page reads on a worker: let it fill
        if SHOTS:
            window.grab().save(f"{SHOTS}/hostile-{page}.png")
        texts = shown_texts(window)
        if page == "contacts":  # and every tab of the profile
            texts += _profile_tabs(window, qtbot)
        if page == "introductions":  # and the selected one's steps below the table
            table = window.page_widget(page).table
            table.setCurrentIndex(table.model().index(0, 0))
            qtbot.wait(200)
            texts += shown_texts(window)
        if page in listed:
            assert any("Eve" in text for _w, text in texts), page
            assert page == "today" or any(HEBREW in text for _w, text in texts), page
        bad += [f"{page}: {where}: {text!a}" for where, text in texts
                if BAD.search(text)]
    assert not bad, "\n".join(dict.fromkeys(bad))


def test_the_tag_filter_shows_a_hostile_tag_plainly_and_filters_by_it(clock, window, qtbot):
    ids = hostile_contacts(clock)
    window.show_page("contacts")
    contacts = window.contacts
    contacts.reload_tags()
    qtbot.waitUntil(lambda: contacts.filters.tag.count() > 1, timeout=5000)
    tag = contacts.filters.tag
    assert tag.itemText(1) == "vippot\ufffd"  # shown by the display rule
    with qtbot.waitSignal(contacts.results_applied, timeout=5000):
        tag.setCurrentIndex(1)
    assert contacts.model.rowCount() == 1  # Eve, by the tag as stored
    assert contacts.model.index(0, 0).data().startswith("Eve"), ids


def test_the_contact_picker_suggests_and_shows_a_hostile_name_plainly(clock, db, qtbot):
    """The Log dialog's, the introductions' and the form's "Introduced by" picker, and
    the chips of the people picked."""
    from relmanager.ui.shared.contact_picker import ContactPicker
    from relmanager.ui.shared.people_chips import PeopleChips

    ids = hostile_contacts(clock)
    reader = BackgroundReader()  # the host's worker, as a dialog's
    picker = ContactPicker(clock, reader)
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker, "Eve")
    suggested(picker, qtbot)
    model = picker.completer().model()
    offered = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert offered == ["Eve\ufffd]0;pwned\ufffd yrallaM \u2014 Ac\ufffdme proC"], offered
    picker.set_contact(ids[1])
    qtbot.waitUntil(lambda: picker.text() == "Bobgpj.exe \u2014 Globex\ufffd")
    assert picker.contact_id() == ids[1]
    chips = PeopleChips(clock, reader)
    qtbot.addWidget(chips)
    chips.add(ids[0], *picker.person(ids[0]))
    item = chips.list.item(0)
    assert "yrallaM" in item.text()  # named as the picker read it
    assert not BAD.search(item.text()) and not BAD.search(item.toolTip()), ascii(item.text())
    reader.shutdown()


def test_the_duplicates_and_merge_dialogs_show_hostile_names_plainly(clock, window, qtbot):
    from relmanager.ui.contacts.duplicates_dialog import DuplicatesDialog
    from relmanager.ui.contacts.merge_dialog import MergeDialog

    ids = []
    for name, org in ((f"Eve\x1b {RLO}yrallaM", f"Ac\x00me {RLO}proC"),
                      (f"Eve\x1b {RLO}yrallaM", f"Globex\x9b{RLO}")):
        contact = create_contact(clock, "Placeholder", emails=["eve@x.example"],
                                 stage=Stage.DEVELOPMENT)
        Contact.update(display_name=name, organisation=org).where(
            Contact.id == contact.id).execute()
        ids.append(contact.id)
    dialog = DuplicatesDialog(window.ctx, window)
    dialog.show()
    dialog.wait_loaded()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    shown = shown_texts(dialog)
    assert any("yrallaM" in text for _w, text in shown)
    dialog.close()
    merge_dialog = MergeDialog(ids, window)
    merge_dialog.show()
    merge_dialog.wait_loaded()
    shown += shown_texts(merge_dialog)
    merge_dialog.reject()
    bad = [f"{where}: {text!a}" for where, text in shown if BAD.search(text)]
    assert not bad, "\n".join(dict.fromkeys(bad))


def test_the_new_contact_dialog_and_an_undo_name_a_hostile_duplicate_plainly(
        clock, window, qtbot):
    """"Already in your network? ..." under the New contact form, and the Edit menu's
    "Undo Move ..." (domain.wording.who)."""
    from relmanager.ui.shared.undo import MoveStageCommand, perform

    ids = hostile_contacts(clock)
    bob = create_contact(clock, "Placeholder", emails=["bob@x.example"])
    Contact.update(display_name=f"Bob{RLO}gpj.exe\x1b", organisation=f"Ac{RLO}me").where(
        Contact.id == bob.id).execute()
    dialog = window.open_new_contact_dialog()
    qtbot.keyClicks(dialog.name, "Bob")
    qtbot.keyClicks(dialog.emails, "bob@x.example")
    qtbot.keyClick(dialog.emails, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "gpj.exe" in dialog.duplicates.text(), timeout=5000)
    assert not BAD.search(dialog.duplicates.text()), ascii(dialog.duplicates.text())
    dialog.reject()
    assert perform(window.ctx, MoveStageCommand(window.ctx, [ids[0]], Stage.FRIENDSHIP))
    undo_text = window.ctx.undo_stack.undoText()
    assert undo_text.startswith("Move Eve") and not BAD.search(undo_text), ascii(undo_text)


def test_hebrew_and_arabic_names_are_laid_out_right_to_left_in_the_list(
        clock, window, qtbot):
    """Right-to-left names need no control character: with every bidi control dropped
    for display, Qt still lays "דנה כהן" and "محمد علي" out from the right (their first
    letter rightmost), as the list shows them."""
    from PySide6.QtGui import QTextLayout

    hostile_contacts(clock)
    window.show_page("contacts")
    refresh_list(window, qtbot)
    model = window.contacts.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == HEBREW)
    for text in (model.index(row, 0).data(), model.index(row, 1).data()):
        assert text in (HEBREW, ARABIC)
        layout = QTextLayout(text, window.contacts.table.font())
        layout.beginLayout()
        line = layout.createLine()
        layout.endLayout()
        first, end = line.cursorToX(0)[0], line.cursorToX(len(text))[0]
        assert first > end, (ascii(text), first, end)  # starts at the right

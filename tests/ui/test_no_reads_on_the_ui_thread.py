"""No read on the UI thread during a person's typical journeys: every statement of that
thread's own SQLite connection is traced (sqlite3's trace callback; the workers read on
connections of their own) while the window is used as a person uses it: each page
opened, contacts selected with the mouse, each dialog opened with its key or menu, and
typing into each search and each contact picker. A read found there fails the test
unless :data:`ALLOWED` lists it, with why it stays.

The writes are the UI thread's by design (one writer, on the window's connection: see
docs/HACKING.md), and so are the statements of their transactions."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from relmanager.domain.stages import Stage
from relmanager.store import activity, introductions
from relmanager.store.contacts import create_contact
from tests.ui.conftest import (
    click_contact_row,
    profile_shown,
    refresh_list,
    select_rows,
    suggested,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

#: The writer's own statements: what it writes.
_WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_BEGIN = re.compile(r"^\s*BEGIN\b", re.IGNORECASE)
_END = re.compile(r"^\s*(COMMIT|ROLLBACK)\s*$", re.IGNORECASE)

#: What stays on the UI thread, each with why (a pattern matched against the SQL).
ALLOWED: dict[str, str] = {
    # Any statement inside one of the writer's transactions (BEGIN ... COMMIT) is also
    # allowed, see _reads: a write's own lookups (the values before, kept for its undo;
    # NotFoundError when another program deleted the row meanwhile) belong to its
    # transaction, and read on a worker they would race the write.
    r"^\s*PRAGMA\s+(main\.)?data_version": (
        "services/outside_writes asks the writer's connection, and only it, whether "
        "another program wrote (data_version is per connection and never moves for the "
        "connection's own commits); shared memory, microseconds, once per change seen"),
    r"^\s*(SAVEPOINT|RELEASE)\b": "the writer's nested transactions (peewee's atomic)",
    r"^\s*PRAGMA\s+busy_timeout": (
        "the writer's bounded wait for the write lock, read and set around its BEGIN "
        "IMMEDIATE (services/writer): part of starting the write"),
    r"^-- ": ("SQLite's own statements inside one traced statement (an FTS5 index's "
              "lookups): traced with it, never run on their own"),
}


def _reads(statements: list[str]) -> list[str]:
    """The statements neither a write's, nor inside a write's transaction, nor allowed."""
    found, depth = [], 0
    for sql in statements:
        if _BEGIN.match(sql):
            depth += 1
        elif _END.match(sql):
            depth = max(depth - 1, 0)
        elif not depth and not _WRITES.match(sql) \
                and not any(re.search(p, sql) for p in ALLOWED):
            found.append(sql)
    return found


@pytest.fixture
def window(ctx, clock, qtbot, open_window):
    ann = create_contact(clock, "Ann Lee", stage=Stage.FRIENDSHIP, organisation="Acme",
                         emails=["ann@acme.example"])
    bob = create_contact(clock, "Bob Ray", stage=Stage.ENCOUNTER, organisation="Acme",
                         emails=["ann@acme.example"])
    create_contact(clock, "Cy Diaz", stage=Stage.DEVELOPMENT)
    activity.log_interaction(clock, [ann.id, bob.id], "phone", exchange="give")
    introductions.create_introduction(clock, requester_id=ann.id, target_id=bob.id)
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    win.ann, win.bob = ann.id, bob.id
    return win


def _traced(action: Callable[[], None]) -> list[str]:
    """The statements of the UI thread's connection while ``action`` runs; a probe read
    first shows the trace sees that connection (an empty list would prove nothing)."""
    from relmanager.store.models import database

    statements: list[str] = []
    conn = database.connection()
    conn.set_trace_callback(statements.append)
    try:
        conn.execute("SELECT 'probe'").fetchall()
        action()
    finally:
        conn.set_trace_callback(None)
    assert statements[:1] == ["SELECT 'probe'"], statements[:1]
    return statements[1:]


def _modal_then(action: Callable[[QDialog], None]) -> Callable[[], None]:
    """Run ``action`` on the next modal dialog once it is up, then close it (Esc, and
    Discard where the dialog asks before dropping what was typed)."""
    from PySide6.QtCore import QTimer

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            QTimer.singleShot(20, look)
            return
        action(dialog)
        dialog.reject()
        if dialog.isVisible() and hasattr(dialog, "discard"):
            dialog.discard()  # it asked "Discard this …?": yes

    return look


def _pages(window, qtbot) -> None:
    for key in ("today", "board", "timeline", "introductions", "network", "capture",
                "contacts"):
        window.show_page(key)
        page = _page(window, key)
        qtbot.wait(150)
        if hasattr(page, "wait_loaded"):
            page.wait_loaded()
        qtbot.wait(50)


def _page(window, key: str):
    from relmanager.ui.shell.lazy_page import LazyPage

    page = window.pages[key]
    return page.widget() if isinstance(page, LazyPage) else page


def _select_contacts(window, qtbot) -> None:
    for cid in (window.ann, window.bob, window.ann):
        click_contact_row(window, qtbot, cid)
        profile_shown(window.profile, qtbot, cid)


def _type_search(window, qtbot) -> None:
    search = window.contacts.filters.search
    search.setFocus()
    for ch in "acme":
        QTest.keyClick(search, ch)
        qtbot.wait(40)
    qtbot.wait(400)
    search.clear()
    qtbot.wait(300)


def _log_dialog(window, qtbot) -> None:
    window.show_contact(window.ann)
    profile_shown(window.profile, qtbot, window.ann)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible())
    dialog = window.log_dialog
    qtbot.waitUntil(lambda: dialog.channel.count() > 0, timeout=10000)
    dialog.contact.setFocus()
    dialog.contact.selectAll()
    for ch in "Bob":
        QTest.keyClick(dialog.contact, ch)
        qtbot.wait(80)
    suggested(dialog.contact, qtbot)
    dialog.also.picker.setFocus()
    QTest.keyClicks(dialog.also.picker, "Cy")
    suggested(dialog.also.picker, qtbot)
    QTest.keyClick(dialog.also.picker, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.also.ids()) == 1, timeout=10000)
    dialog.reject()


def _intro_dialog(window, qtbot) -> None:
    window.show_page("introductions")
    page = _page(window, "introductions")

    def fill(dialog: QDialog) -> None:
        for picker, name in ((dialog.first, "Ann"), (dialog.second, "Cy")):
            picker.setFocus()
            QTest.keyClicks(picker, name)
            suggested(picker, qtbot)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(20, _modal_then(fill))
    page.new_introduction()
    window.show_page("contacts")


def _merge_dialog(window, qtbot) -> None:
    from relmanager.ui.contacts.merge_dialog import MergeDialog

    select_rows(window, qtbot, window.ann, window.bob)

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, MergeDialog)
        qtbot.waitUntil(dialog.keep.isEnabled, timeout=10000)
        dialog.wait_loaded()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(20, _modal_then(look))
    window.actions.actions["merge"].trigger()


def _new_contact_dialog(window, qtbot) -> None:
    dialog = window.open_new_contact_dialog()
    qtbot.waitUntil(dialog.isVisible)
    dialog.introduced_by.setFocus()
    QTest.keyClicks(dialog.introduced_by, "Ann")
    suggested(dialog.introduced_by, qtbot)
    dialog.reject()


def _edit_and_leave(window, qtbot) -> None:
    """A field typed into, then another contact clicked: the edit is saved on leaving."""
    click_contact_row(window, qtbot, window.ann)
    profile_shown(window.profile, qtbot, window.ann)
    title = window.profile.form.title
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    QTest.keyClicks(title, " lead")
    assert window.profile.save_button.isEnabled()
    click_contact_row(window, qtbot, window.bob)
    profile_shown(window.profile, qtbot, window.bob)
    assert window.ctx.undo_stack.count() == 1  # saved on leaving (read back below)


def _duplicates_dialog(window, qtbot) -> None:
    from relmanager.ui.contacts.duplicates_dialog import DuplicatesDialog

    window.actions.actions["duplicates"].trigger()
    qtbot.waitUntil(lambda: window.findChild(DuplicatesDialog) is not None)
    dialog = window.findChild(DuplicatesDialog)
    dialog.wait_loaded()
    dialog.close()


def _relations_picker(window, qtbot) -> None:
    window.show_page("network")
    page = _page(window, "network")
    page.wait_loaded()
    page.select_person(window.ann)
    panel = page.tie.relations
    panel.other.setFocus()
    QTest.keyClicks(panel.other, "Bo")
    suggested(panel.other, qtbot)
    page.tie.wait_loaded()
    window.show_page("contacts")


JOURNEYS = {
    "pages": _pages,
    "select contacts": _select_contacts,
    "search": _type_search,
    "log dialog": _log_dialog,
    "introduction dialog": _intro_dialog,
    "merge dialog": _merge_dialog,
    "new contact dialog": _new_contact_dialog,
    "edit and leave": _edit_and_leave,
    "duplicates dialog": _duplicates_dialog,
    "relations picker": _relations_picker,
}


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_a_journey_reads_nothing_on_the_ui_thread(window, qtbot, journey):
    statements = _traced(lambda: JOURNEYS[journey](window, qtbot))
    reads = _reads(statements)
    assert not reads, "\n".join(dict.fromkeys(reads))
    if journey == "edit and leave":
        from relmanager.store.models import Contact

        assert Contact.get_by_id(window.ann).title == "lead"

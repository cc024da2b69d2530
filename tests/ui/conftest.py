"""What the window's tests share: an app context on the test's database and clock, with
its UI settings in the test's own folder."""

from __future__ import annotations

import pytest

from relmanager.services.context import AppContext, make_settings


@pytest.fixture
def ctx(db, db_path, clock, tmp_path):
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))


@pytest.fixture
def open_window(qtbot):
    """``open_window(ctx)``: the real main window at 1280x800, shown and exposed; shut
    down after the test."""
    from relmanager.ui.shell.main_window import MainWindow

    opened = []

    def open_(ctx):
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        qtbot.waitExposed(win)
        opened.append(win)
        return win

    yield open_
    for win in opened:
        win.shutdown()


def refresh_list(window, qtbot) -> None:
    """Re-run the contact list's query and wait for its rows."""
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        window.contacts.refresh()


def load_history(history, contact_id: int) -> None:
    """Show ``contact_id``'s interactions in an InteractionHistory as the profile does
    (read, then shown), every batch of rows added."""
    from datetime import datetime

    from relmanager.store.profile_bundle import read_bundle

    bundle = read_bundle(contact_id, datetime.now())
    history.show_rows(contact_id, bundle.contact.display_name, bundle.interactions)
    while history.loading:
        history._add_batch()


def ui_statements(action) -> list[str]:
    """The SQL statements ``action`` makes on the UI thread's own connection (the
    worker's reads are on another connection, and not among them)."""
    from relmanager.store.models import database

    statements: list[str] = []
    conn = database.connection()
    conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return statements


def suggested(picker, qtbot) -> None:
    """Wait until a contact picker's suggestions for the text in it have landed (they
    are read on its host's worker)."""
    def landed() -> bool:
        answer = picker.answer
        return answer is not None and answer.text == picker.text().strip()
    qtbot.waitUntil(landed, timeout=10000)


def click_contact_row(window, qtbot, contact_id: int) -> None:
    """A real click on ``contact_id``'s row of the contact list (it must be listed)."""
    from PySide6.QtCore import Qt

    table, model = window.contacts.table, window.contacts.model
    row = next(r for r in range(model.rowCount()) if model.contact_id(r) == contact_id)
    rect = table.visualRect(model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def annas_window(ctx, clock, open_window, qtbot):
    """The window on the contact list with the merge fixture's two Annas listed
    (``window.people``)."""
    from tests.store.merge_fixture import two_annas

    people = two_annas(clock)
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    win.people = people
    return win


def active_log_dialog(ctx, qtbot, contact=None):
    """A Log dialog (for ``contact``, or for nobody yet), shown and active (it has the
    keyboard)."""
    from relmanager.ui.shared.log_dialog import LogDialog

    dialog = LogDialog(ctx, None, contact)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def select_rows(window, qtbot, first: int, *others: int) -> None:
    """Real clicks on contact rows: ``first``, then Ctrl+click on each of ``others``."""
    from PySide6.QtCore import Qt

    click_contact_row(window, qtbot, first)
    table, model = window.contacts.table, window.contacts.model
    for cid in others:
        row = next(r for r in range(model.rowCount()) if model.contact_id(r) == cid)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier,
                         table.visualRect(model.index(row, 0)).center())
    qtbot.waitUntil(lambda: len(window.contacts.selected_ids()) == 1 + len(others))


def profile_shown(profile, qtbot, contact_id: int | None = None) -> None:
    """Wait until the profile's read of its contact (or ``contact_id``) has landed."""
    def landed() -> bool:
        cid = profile.contact_id if contact_id is None else contact_id
        return (profile.shown_id == cid and profile.contact_id == cid
                and not profile.history.loading)
    qtbot.waitUntil(landed, timeout=10000)


def type_at_focus(text: str) -> None:
    """Keys as the window system sends them: to whatever has the focus, key by key."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for char in text:
        QTest.keyClick(QApplication.focusWidget(), char)


def save_at_focus() -> None:
    """Ctrl+S, pressed where the focus is."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)


def answer_next_message(how) -> list[str]:
    """Once the next message box is up, note its text (in the list returned) and answer
    it with ``how(box)``: a key press or a button's click, as a person would."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        how(box)
    QTimer.singleShot(20, answer)
    return seen


def answer_next_dialog(text: str) -> None:
    """Type ``text`` into the next modal dialog's line edit (a password or tag prompt) and
    press Enter, as a person would, once the dialog is up."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            edit = dialog.findChild(QLineEdit)
            QTest.keyClicks(edit, text)
            QTest.keyClick(edit, Qt.Key.Key_Return)
        else:
            QTimer.singleShot(20, answer)
    QTimer.singleShot(20, answer)


def open_page_by_keys(open_window, ctx, qtbot, key: str, digit, kind: type):
    """The real window, active, then Ctrl+``digit`` (a Qt key) as a person opens page
    ``key``; returns (window, page), the page of ``kind``, current and visible."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window = open_window(ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or window, digit,
                   Qt.KeyboardModifier.ControlModifier)
    page = window.page_widget(key)
    assert isinstance(page, kind) and window.current_page() == key
    qtbot.waitUntil(page.isVisible)
    return window, page


class StallMeter:
    """The UI thread's longest stall in ms between :meth:`start` and :meth:`stop`: a 5 ms
    timer on that thread notes the longest gap between its ticks (a call that blocks the
    thread is one long gap; :meth:`stop` counts the time since the last tick too)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.longest = 0
        self._ticks = QElapsedTimer()
        self._timer = QTimer(interval=5)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self._ticks.start()
        self._timer.start()

    def tick(self) -> None:
        self.longest = max(self.longest, self._ticks.restart())

    def stop(self) -> int:
        self.tick()
        self._timer.stop()
        return self.longest


def tray_menu_titles(ctx, window, clock, days: int = 30) -> list[str]:
    """The titles of the tray menu's submenus (one per person it names) after ``days``
    pass and the reminder service checks once; its services are shut down after."""
    from relmanager.ui.shell.tray import install_reminders

    service, tray = install_reminders(ctx, window, startup_delay_ms=0)
    try:
        clock.advance(days=days)
        service.check()
        tray.menu.aboutToShow.emit()
        tray.feed.wait()
        return [m.menuAction().text() for m in tray.menu.findChildren(type(tray.menu))]
    finally:
        ctx.services.shutdown_all()


@pytest.fixture
def today_window(open_window, ctx, clock, qtbot):
    """The window on Today over a 120-person demo network, loaded and active."""
    from relmanager.store import demo

    demo.generate(120, 1500, clock.now())
    window = open_window(ctx)
    window.show_page("today")
    window.today.wait_loaded()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window

"""A failed read is never shown as an empty, reassuring page.

The database is really broken under the running views (another connection renames the
``contact`` table, so every read fails with "no such table"), then mended. Each page must
show "Could not load …: <reason>" with a Retry button instead of "Nobody is going cold.
Well kept!" or an empty board, must not stay "loading" for ever, and must load again on
Retry or on the next change."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from relmanager.domain.stages import Stage
from relmanager.store import introductions
from relmanager.store.contacts import create_contact


@contextmanager
def broken(db_path: Path) -> Iterator[None]:
    """Every read of contacts and interactions fails until the block ends (a real schema
    change made by another connection, not a mock)."""
    other = sqlite3.connect(db_path, isolation_level=None)
    for table in ("contact", "interaction", "interaction_rollup"):
        other.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        yield
    finally:
        for table in ("contact", "interaction", "interaction_rollup"):
            other.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
        other.close()


def visible_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel) if label.isVisible()]


def failure_shown(root: QWidget) -> bool:
    texts = visible_texts(root)
    return any(t.startswith("Could not load") and "no such table" in t for t in texts)


def retry_button(root: QWidget) -> QPushButton:
    buttons = [b for b in root.findChildren(QPushButton)
               if b.isVisible() and b.text().replace("&", "") == "Retry"]
    assert len(buttons) == 1, [b.text() for b in root.findChildren(QPushButton)]
    return buttons[0]


def shoot(widget: QWidget, name: str) -> None:
    """A screenshot when asked for (``RELMANAGER_SHOTS=/some/folder``), never by default:
    a test writes nothing outside its temporary folder."""
    folder = os.environ.get("RELMANAGER_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


@pytest.fixture
def people(db, clock):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    bo = create_contact(clock, "Bo Berg", stage=Stage.RECOGNITION)
    introductions.create_introduction(clock, requester_id=ada.id, target_id=bo.id)
    clock.advance(days=400)  # both going cold
    return ada.id, bo.id


def _show(view: QWidget, qtbot) -> None:
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitExposed(view)


def _check_page(view, ctx, db_path, qtbot, name: str, reassuring: str | None = None) -> None:
    view.wait_loaded()
    assert not failure_shown(view)
    with broken(db_path):
        ctx.events.contacts_changed.emit([])
        ctx.events.introductions_changed.emit()
        qtbot.waitUntil(lambda: failure_shown(view), timeout=5000)
        qtbot.waitUntil(lambda: not view.loading, timeout=5000)
        if reassuring:
            assert not any(reassuring in t for t in visible_texts(view))
        retry = retry_button(view)
        shoot(view, f"could-not-load-{name}")
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)  # still broken: still says so
        qtbot.waitUntil(lambda: not view.loading, timeout=5000)
        assert failure_shown(view)
    qtbot.mouseClick(retry_button(view), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.loading and not failure_shown(view), timeout=5000)


def test_today_says_it_could_not_load_instead_of_well_kept(ctx, people, db_path, qtbot):
    from relmanager.ui.today.today import TodayView

    view = TodayView(ctx)
    _show(view, qtbot)
    _check_page(view, ctx, db_path, qtbot, "today", "Well kept")
    assert view.cold.tree.topLevelItemCount() == 2  # Retry brought the content back
    view.shutdown()


def test_board_says_it_could_not_load_and_loads_again_on_the_next_change(ctx, people,
                                                                          db_path, qtbot):
    from relmanager.ui.board.board import BoardView

    view = BoardView(ctx)
    _show(view, qtbot)
    _check_page(view, ctx, db_path, qtbot, "board")
    assert view.models[Stage.FRIENDSHIP].total == 1
    with broken(db_path):
        ctx.events.contacts_changed.emit([])
        qtbot.waitUntil(lambda: failure_shown(view), timeout=5000)
    ctx.events.contacts_changed.emit([])  # the next change, no Retry needed
    qtbot.waitUntil(lambda: not view.loading and not failure_shown(view), timeout=5000)
    view.shutdown()


def test_timeline_says_it_could_not_load(ctx, people, db_path, qtbot):
    from relmanager.ui.timeline.timeline import TimelineView

    view = TimelineView(ctx)
    _show(view, qtbot)
    _check_page(view, ctx, db_path, qtbot, "timeline")
    view.shutdown()


def test_introductions_say_they_could_not_load(ctx, people, db_path, qtbot):
    from relmanager.ui.introductions.introductions import IntroductionsView

    view = IntroductionsView(ctx)
    _show(view, qtbot)
    _check_page(view, ctx, db_path, qtbot, "introductions")
    assert view.model.rowCount() == 1
    view.shutdown()


def test_contact_list_count_does_not_stay_searching(ctx, people, db_path, qtbot):
    from relmanager.ui.contacts.contact_list import ContactListView

    view = ContactListView(ctx)
    _show(view, qtbot)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and not view.count_label.text(),
                    timeout=5000)
    with broken(db_path):
        view.refresh()
        qtbot.waitUntil(lambda: failure_shown(view), timeout=5000)
        assert "searching" not in view.count_label.text()
        assert view.count_label.text().startswith("Could not load contacts")
        shoot(view, "could-not-load-contacts")
    qtbot.mouseClick(retry_button(view), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and not view.count_label.text(),
                    timeout=5000)
    assert not failure_shown(view) and view.model.rowCount() == 2
    view.shutdown()


def test_tray_menu_says_it_could_not_load(ctx, people, db_path, qtbot):
    from relmanager.ui.shell.main_window import MainWindow
    from relmanager.ui.shell.tray import install_reminders

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    _service, tray = install_reminders(ctx, window, startup_delay_ms=0)
    try:
        tray.feed.wait()  # the read the tray makes at start (kept warm off the UI thread)
        with broken(db_path):
            ctx.events.contacts_changed.emit([])  # what it holds is old: read again
            tray.menu.aboutToShow.emit()
            tray.feed.wait()
            texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
            assert any(t.startswith("Could not load") and "no such table" in t
                       for t in texts), texts
            assert not any(t.startswith("Going cold") for t in texts)
            assert "Retry" in texts and "Quit" in texts
        tray.menu.aboutToShow.emit()
        tray.feed.wait()
        texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
        assert "Going cold (2)" in texts
    finally:
        ctx.services.shutdown_all()
        window.shutdown()


def test_every_page_of_the_real_window_says_could_not_load(ctx, people, db_path,
                                                          open_window, qtbot):
    """The window at 1366x768: whichever page is opened while the database fails says
    so, and every one comes back (Retry, or shown again) once it is mended."""
    window = open_window(ctx)
    window.resize(1366, 768)
    pages = ("today", "board", "timeline", "introductions")
    with broken(db_path):
        for key in pages:
            window.show_page(key)
            page = window.page_widget(key)
            qtbot.waitUntil(lambda p=page: failure_shown(p), timeout=5000)
            shoot(window, f"window-could-not-load-{key}")
        window.update_counts()
        window.status.wait()
        assert window.counts.text() == "Could not count contacts"
        assert "no such table" in window.counts.toolTip()
        window.contacts.refresh()
        window.show_page("contacts")
        qtbot.waitUntil(lambda: failure_shown(window.contacts)
                        and window.contacts.count_label.text().startswith("Could not"),
                        timeout=5000)
        shoot(window, "window-could-not-load-contacts")
    qtbot.mouseClick(retry_button(window.contacts), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not failure_shown(window.contacts), timeout=5000)
    for key in pages:  # a failed page reads again when shown again
        window.show_page(key)
        page = window.page_widget(key)
        qtbot.waitUntil(lambda p=page: not failure_shown(p) and not p.loading, timeout=5000)

"""What the quick start defers, and what a person (or the next start) must still see:
Today built late yet showing the running time box, the full list read after the first
paint also on a restart, the page remembered on a switch, icons sharp at 150%, and the
replacement for PySide6's per-import source scan never failing an import."""

from __future__ import annotations

import importlib
import sys

import pytest
from PySide6.QtCore import QEvent, QObject, QSize

from relmanager.domain.stages import Stage
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _rows(window) -> list[str]:
    model = window.contacts.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _open_on(ctx, qtbot, page: str) -> MainWindow:
    ctx.settings.setValue("main_window/page", page)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


# -- Today, built when first shown --------------------------------------------------

def test_time_box_started_before_today_is_built_shows_when_today_opens(ctx, clock, qtbot):
    """The tray feeds the time box while the window sits on Contacts; Today, built later,
    must show the running box, not "No time box running"."""
    from relmanager.ui.shell.tray import install_reminders

    window = _open_on(ctx, qtbot, "contacts")
    _service, tray = install_reminders(ctx, window, startup_delay_ms=0)
    try:
        tray.start_box()
        clock.advance(minutes=4, seconds=30)
        tray.update_status()
        window.show_page("today")
        qtbot.waitUntil(lambda: window.today.timebox_text.text().startswith(
            "Time box running"), timeout=3000)
    finally:
        ctx.services.shutdown_all()
        window.shutdown()


def test_today_opened_for_the_first_time_reads_its_sections(ctx, clock, qtbot):
    """Built inside its page's show event (never touched before): it must still load."""
    friend = create_contact(clock, "Old Friend", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [friend.id], "phone")
    clock.advance(days=60)
    window = _open_on(ctx, qtbot, "contacts")
    try:
        qtbot.wait(400)  # the list's fallback read and the first-paint work are done
        window.show_page("today")
        qtbot.waitUntil(lambda: window.today.cold.tree.topLevelItemCount() == 1,
                        timeout=5000)
        assert window.today.cold.tree.topLevelItem(0).text(0) == "Old Friend"
    finally:
        window.shutdown()


# -- the full list, read after the first paint --------------------------------------

def test_a_search_typed_before_the_first_paint_is_what_the_list_shows(ctx, clock, qtbot):
    """The full-list read that waits for the paint must use the filters as they are
    then, not as they were when the list was built."""
    from relmanager.store import demo
    from relmanager.ui.contacts.contact_list import FIRST_PAGE

    demo.generate(FIRST_PAGE + 20, 0, clock.now())
    create_contact(clock, "Zyxwv Unique")
    ctx.settings.setValue("main_window/page", "contacts")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    qtbot.keyClicks(window.contacts.filters.search, "Zyxwv")
    window.show()
    qtbot.waitExposed(window)
    try:
        # paint, the pending read, the debounce and the 300 ms fallback
        qtbot.waitUntil(lambda: _rows(window) == ["Zyxwv Unique"], timeout=5000)
    finally:
        window.shutdown()


def test_a_restart_also_reads_the_full_list_after_the_first_paint(
        ctx, clock, qtbot, monkeypatch):
    """The worker's full read waits until the first screenful is painted (it made that
    paint ~40% slower). Every start after the first restores the table header saved on
    quit, and that restore must not re-sort and read the full list before the window
    is even shown."""
    from relmanager.store import demo
    from relmanager.ui.contacts.contact_list import FIRST_PAGE
    from relmanager.ui.shared.page_loader import PageLoader
    from tests.ui.conftest import refresh_list

    demo.generate(FIRST_PAGE + 40, 0, clock.now())
    first = _open_on(ctx, qtbot, "contacts")
    refresh_list(first, qtbot)
    first.close()  # saves geometry, page, splitter and the header, as every quit does

    order: list[str] = []
    reload = PageLoader.reload
    monkeypatch.setattr(PageLoader, "reload",
                        lambda loader: (loader.lazy or order.append("query"),
                                        reload(loader))[1])

    class PaintSpy(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "paint" not in order:
                order.append("paint")
            return False

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    spy = PaintSpy()
    second.contacts.table.viewport().installEventFilter(spy)
    try:
        with qtbot.waitSignal(second.contacts.results_applied, timeout=5000):
            second.show()
        assert order[:2] == ["paint", "query"]
        assert second.contacts.model.rowCount() == FIRST_PAGE + 40
    finally:
        second.shutdown()


def test_closing_before_the_first_paint_leaves_nothing_to_run_on_a_closed_store(
        ctx, clock, qtbot):
    """Close at once, then the store goes away as app.py does: neither the list's
    pending read (300 ms fallback) nor the first-paint work may touch it."""
    from relmanager.store import db as store_db
    from relmanager.store.models import database

    create_contact(clock, "Ada Lovelace")
    ctx.settings.setValue("main_window/page", "contacts")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.close()
    store_db.close_db()
    database.initialize(None)  # any later query raises (and fails this test)
    qtbot.wait(2500)  # past the list's fallback and FirstPaint's 2 s fallback
    assert not window.isVisible()


# -- the page, remembered --------------------------------------------------------------

def test_the_page_switched_to_is_saved_without_waiting_for_quit(ctx, open_window, qtbot,
                                                                 tmp_path):
    """A tray app is usually ended by the session (logout, shutdown: SIGTERM), not by
    Quit, so the layout is never saved at shutdown: each switch is written (QSettings
    syncs on the next event-loop turn), so the next start opens on that page."""
    window = open_window(ctx)
    window.show_page("board")
    ini = tmp_path / "ui.ini"
    qtbot.waitUntil(lambda: ini.exists() and "page=board" in ini.read_text(encoding="utf-8"))


# -- icons -----------------------------------------------------------------------------

def test_menu_icons_are_drawn_sharp_at_150_percent(qapp):
    """At 150% (a common Windows and KDE scale) a 16 px menu icon is drawn from 24 device
    pixels: shrinking the 32 px image would make the strokes soft; it must be the SVG
    drawn at 24 px."""
    from relmanager.resources import qticons, ui_icon_path

    for name in ("settings", "log", "about"):
        icon = qticons.ui_icon(name, "#000000", 16)
        drawn = icon.pixmap(QSize(16, 16), 1.5).toImage()
        assert (drawn.width(), drawn.height()) == (24, 24)
        sharp = qticons.tint_image(qticons.render_svg(ui_icon_path(name), 24), "#000000")
        worst = max(abs((drawn.pixel(x, y) >> 24) - (sharp.pixel(x, y) >> 24))
                    for y in range(24) for x in range(24))
        assert worst <= 8, f"{name}: alpha off by up to {worst}/255 from a sharp render"


# -- PySide6's import hook -------------------------------------------------------------

def test_a_module_holding_a_lazy_proxy_still_imports(monkeypatch, tmp_path):
    """After skip_source_scan every import in the process goes through _holds_pyside.
    A module holding an object whose attribute access raises (a context-local proxy, a
    lazy loader) imports fine with PySide6's own check, and must with the replacement
    too: the error must not escape from the import statement itself."""
    feature = pytest.importorskip("shibokensupport.feature")
    from relmanager.ui.shared import binding

    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "rm_review_lazy_proxy.py").write_text(
        "class Proxy:\n"
        "    def __getattribute__(self, name):\n"
        "        raise RuntimeError('working outside of a request')\n"
        "current = Proxy()\n")
    importlib.invalidate_caches()
    assert binding.skip_source_scan()
    try:
        __import__("rm_review_lazy_proxy")  # the binding hooks __import__
        assert feature.pyside_feature_dict["rm_review_lazy_proxy"] in (0, -1)
    finally:
        sys.modules.pop("rm_review_lazy_proxy", None)


# -- the whole start, as a person runs it ----------------------------------------------

def test_the_real_app_starts_paints_with_its_icons_and_quits(tmp_path):
    """``relmanager --quit-after-paint`` in its own process: everything above together
    (the import hook, the paused collector, the late full list), on a real database."""
    import subprocess
    from pathlib import Path

    from relmanager.cli import main

    db = tmp_path / "start.sqlite3"
    assert main(["--db", str(db), "demo", "--contacts", "120", "--interactions", "300",
                 "--quiet"]) == 0
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-m", "relmanager", "--db", str(db),
                          "--quit-after-paint"],
                         capture_output=True, text=True, timeout=120, cwd=root, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[:2] == ["painted", "icons ok"]
    assert out.stdout.splitlines()[2].startswith("rss ")
    assert "Traceback" not in out.stderr

"""Wiring: builds the store, the context and the window, and passes them in explicitly.

Nothing here is reached through ``QApplication.instance()`` globals: views get what they
need as constructor arguments, which is what makes them testable with a temp database
and a fake clock. Services (reminders, tray, backup) are added to ``ctx.services`` and
wired to the window's injectable actions here.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from relmanager import __version__, collector
from relmanager.domain.clock import Clock, SystemClock
from relmanager.paths import DEMO_DB_NAME, app_title, chosen_db_path
from relmanager.services.db_key import key_for
from relmanager.store import first_look
from relmanager.store.errors import StoreError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from relmanager.services.context import AppContext
    from relmanager.ui.shell.main_window import MainWindow


def run_gui(args: argparse.Namespace) -> int:
    """Open the window on ``args.db`` (or the demo network with ``args.demo``); returns
    the exit code. ``args.minimized`` starts without raising the window."""
    try:
        return _run_gui(args)
    finally:  # however it ended (the window normally resumes it once it is up)
        collector.release_after_start(settle=False)


def _run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from relmanager.ui.shared.binding import skip_source_scan

    skip_source_scan()  # before the window's modules: see the module
    from relmanager.services.logs import setup_logging
    from relmanager.ui.shared.icons import window_icon

    log_path = setup_logging(rotate=False)  # rotating once the window is up
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Relmanager")
    app.setApplicationDisplayName("Relmanager")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Relmanager")
    app.setDesktopFileName("io.github.relmanager.Relmanager")
    app.setWindowIcon(window_icon())
    clock: Clock = getattr(args, "clock", None) or SystemClock()
    path = chosen_db_path(getattr(args, "db", None), getattr(args, "demo", False))
    opened = open_window(app, path, args, log_path)
    if isinstance(opened, int):
        return opened
    path, ctx, window = opened
    try:
        code = app.exec()
    finally:
        window.shutdown()
        ctx.services.shutdown_all()
        if not first_look.drop_opening():  # a store never opened has nothing to close
            from relmanager.store.db import close_db

            close_db()
    if ctx.on_exit.restore is not None:
        return _restore_and_restart(path, ctx.on_exit.restore, clock)
    if ctx.on_exit.encryption in ("on", "off"):
        return _convert_and_restart(path, ctx.on_exit.encryption == "on")
    return code



def open_window(app: QApplication, path: Path, args: argparse.Namespace, log_path: Path
                ) -> int | tuple[Path, AppContext, MainWindow]:
    """Everything between the QApplication and its event loop: the single-instance guard,
    the store, the context, the window and its after-first-paint services; an exit code
    when the app must not start. Tests build the live app with this, as run_gui does."""
    from relmanager.services.context import AppContext
    from relmanager.services.logs import start_rotation
    from relmanager.services.single_instance import claim_single_instance
    from relmanager.ui.contacts.contact_list import FIRST_PAGE
    from relmanager.ui.shared.icons import app_icon, needs_hires_app_icon
    from relmanager.ui.shell.main_window import MainWindow

    # The name Qt adds to every window's title on screen (_NET_WM_NAME) unless the title
    # ends with it: "Relmanager" made the demo's window "Relmanager — demo — Relmanager"
    # in the title bar and the task list (stranger6); now its dialogs say "— demo" too.
    app.setApplicationDisplayName(app_title(path))
    shown: list[MainWindow] = []
    guard = claim_single_instance(path, lambda: shown and _bring_to_front(shown[0]),
                                  listen=False)
    if guard is None:  # another window already has this database: it was asked to show
        print(f"Relmanager is already running on {path}; showing its window.")
        return 0
    clock: Clock = getattr(args, "clock", None) or SystemClock()
    demo_first_run = getattr(args, "demo", False) and path.name == DEMO_DB_NAME
    look = first_look.take(path, FIRST_PAGE)
    failed: list[bool] = []

    def open_later() -> None:
        """The store's opening, run by its first read or write (store/first_look.py). A
        failure is told as before and ends the start: open_window returns 1 if the
        window is still being built, else the event loop ends (exit() before it runs
        would end every later event loop of the process at once)."""
        if not _open_or_recover(path, clock):
            failed.append(True)
            if shown:
                app.exit(1)

    if look is not None and (look.any_contact or not demo_first_run):
        first_look.defer_opening(open_later)  # the window paints the look first
    else:
        look = None
        if not _open_or_recover(path, clock):
            guard.shutdown()
            return 1
        from relmanager.store import queries

        if demo_first_run and not queries.database_counts()["contact"]:
            from relmanager.store import demo  # only for --demo on a first run

            demo.generate(demo.DEMO_CONTACTS, demo.DEMO_INTERACTIONS, clock.now())
    ctx = AppContext.create(clock, path)
    ctx.services.single_instance = guard
    ctx.first_look = look
    window = MainWindow(ctx)
    if failed:  # the list could not show the first look: its read opened the store
        window.shutdown()
        guard.shutdown()
        return 1
    shown.append(window)
    from relmanager.ui.shell.crash_hook import install_crash_handler

    install_crash_handler(log_path, lambda: window)
    from relmanager.ui.shell import e2e_switch

    e2e = e2e_switch.enabled()  # the end-to-end tests' event lines (tests/e2e)
    if e2e:
        from relmanager.ui.shell import e2e_log

        e2e_log.install(app, ctx, window)
    # The tray and the reminder service come up just after the window is on screen.
    window.after_first_paint(lambda: _drive_collector(app, ctx))
    window.after_first_paint(guard.start)
    window.after_first_paint(lambda: start_rotation(log_path))
    window.after_first_paint(lambda: _install_services(ctx, window, app))
    window.after_first_paint(lambda: _report_read_only(window))
    window.after_first_paint(lambda: _report_bad_addresses(window))
    if needs_hires_app_icon():
        window.after_first_paint(lambda: app.setWindowIcon(app_icon(hires=True)))
    if e2e:  # after every callback above: the app is ready for input
        e2e_log.say_ready(window, ctx)
    if getattr(args, "quit_after_paint", False):
        from relmanager.ui.shell.startup_probe import quit_after_first_paint

        # exit(), not quit(): quit() asks the windows to close first, and with a tray the
        # window hides instead (close-to-tray), which cancels the quit.
        quit_after_first_paint(window, lambda: app.exit(0), expect_rows=(
            look.any_contact if look is not None else _any_contact()))
    if getattr(args, "minimized", False):
        window.showMinimized()
    else:
        window.show()
    return path, ctx, window


def _any_contact() -> bool:
    from relmanager.store.models import Contact

    return Contact.select().exists()


def _drive_collector(app: QApplication, ctx: AppContext) -> None:
    """Once the window is up: one collection of the start's garbage, then the collector
    runs from the UI thread only (relmanager.services.ui_collector says why)."""
    from relmanager.services.ui_collector import UiThreadCollector

    collector.release_after_start()
    ctx.services.collector = UiThreadCollector(app)


def _convert_and_restart(path: Path, turn_on: bool) -> int:
    """Encrypt or decrypt now that every connection is closed, then start again."""
    from PySide6.QtWidgets import QMessageBox

    from relmanager.services.encryption import decrypt_database, encrypt_database

    try:
        (encrypt_database if turn_on else decrypt_database)(path)
    except (StoreError, OSError) as error:
        QMessageBox.critical(None, "Encryption", f"{error}\n\nNothing was changed.")
    _restart(path)
    return 0  # not reached: the process is replaced


def _restart(path: Path) -> None:
    command = [sys.executable] if getattr(sys, "frozen", False) else [
        sys.executable, "-m", "relmanager"]
    os.execv(command[0], [*command, "--db", str(path)])


def _restore_and_restart(path: Path, backup: Path, clock: Clock) -> int:
    """Put the chosen backup in place now that every connection is closed, then start
    again on it (the replaced database is kept in the backups folder)."""
    from PySide6.QtWidgets import QMessageBox

    from relmanager.secrets import database_key
    from relmanager.store.backups import restore

    try:
        kept = restore(path, backup, clock, database_key(path))
    except (StoreError, OSError) as error:
        QMessageBox.critical(None, "Restore failed", f"{error}\n\nNothing was changed.")
        return 1
    logging.getLogger(__name__).info("restored %s (previous database kept as %s)", backup, kept)
    _restart(path)
    return 0  # not reached: the process is replaced


def _open_or_recover(path: Path, clock: Clock) -> bool:
    """Open the database; when that fails, explain why and, for a damaged file, offer to
    restore the newest backup (the damaged file is kept aside) and try again."""
    from relmanager.store.db import init_db

    for _attempt in range(3):
        try:
            init_db(path, clock=clock, key=key_for(path))
            return True
        except StoreError as error:
            from relmanager.store.backups import restore
            from relmanager.ui.shell.recovery_dialogs import choose_recovery

            backup = choose_recovery(path, error)
            if backup is None:
                return False
            try:
                from relmanager.secrets import database_key

                restore(path, backup, clock, database_key(path))
            except (StoreError, OSError) as failure:
                logging.getLogger(__name__).error("restore failed: %s", failure)
                return False
    return False


def _report_read_only(window: MainWindow) -> None:
    """A full disk or a read-only mount: the window opens for reading (and exporting),
    and says why nothing can be saved (see store.read_only)."""
    from relmanager.store import read_only

    if read_only.reason is not None:
        window.statusBar().showMessage(
            f"Read only: {read_only.reason}. You can look and export; nothing can be saved "
            "until there is room (or the file system is writable).")


def _report_bad_addresses(window: MainWindow) -> None:
    """Addresses stored before they were validated: told once (see store.email_audit)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from relmanager.store.email_audit import report_once

    bad = report_once()
    if bad:
        box = QMessageBox(QMessageBox.Icon.Information, "E-mail addresses to check",
                          f"{len(bad)} stored e-mail address(es) are not valid addresses. "
                          "They are kept as they are, but the app will not open mail links "
                          "to them; please correct them:\n\n"
                          + "\n".join(str(b) for b in bad[:20]), parent=window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()


def _bring_to_front(window: MainWindow) -> None:
    from relmanager.ui.shell.window_restore import bring_back

    bring_back(window)


def _install_services(ctx: AppContext, window: MainWindow, app: QApplication) -> None:
    """Start the background services and hand the window's File-menu actions to them."""
    from relmanager.services.backup import install_backups
    from relmanager.services.sync import install_sync
    from relmanager.ui.import_export.export_dialog import open_export_dialog
    from relmanager.ui.import_export.import_wizard import open_import_wizard
    from relmanager.ui.settings.encryption_page import EncryptionPage
    from relmanager.ui.settings.settings_dialog import open_settings
    from relmanager.ui.settings.sync_page import SyncPage, show_sync_status
    from relmanager.ui.shell.backup_actions import backup_now, restore_from_backup
    from relmanager.ui.shell.tray import install_reminders

    _service, tray = install_reminders(ctx, window)
    # With a tray, closing the window keeps the reminders running; without, it quits.
    app.setQuitOnLastWindowClosed(not tray.available)
    sync = install_sync(ctx)
    show_sync_status(sync, window)
    from relmanager.services.capture_job import install_capture

    install_capture(ctx)

    def settings(page: str | None = None) -> None:
        open_settings(ctx, window, page=page,
                      extra_pages=[("Privacy", EncryptionPage(ctx)), ("Sync", SyncPage(ctx))])

    window.set_handler("sync", lambda: sync.sync_now() if sync.configured() else
                       settings("Sync"))
    window.set_handler("settings", settings)
    window.set_handler("import", lambda: open_import_wizard(ctx, window))
    window.set_handler("export", lambda: open_export_dialog(
        ctx, window, window.contacts.selected_ids() if window.current_page() == "contacts"
        else None))
    install_backups(ctx)
    window.set_handler("backup", lambda: backup_now(ctx, window))
    window.set_handler("restore", lambda: restore_from_backup(ctx, window))
    from relmanager.ui.shell import e2e_switch

    if e2e_switch.enabled():
        from relmanager.ui.shell import e2e_log

        e2e_log.watch_services(ctx)
    from relmanager.services.outside_writes import install_outside_writes

    install_outside_writes(ctx)  # a command run beside the window shows in it

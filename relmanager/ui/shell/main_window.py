"""The window people live in: a sidebar of pages (Today, Contacts, Board, Timeline,
Introductions), menus with every action and its shortcut, and a status bar.

Geometry, the splitter and the last page come back on restart (``ctx.settings``). Colours
come from the palette (plus the shared meaning colours), so the window follows the
system's light or dark scheme; icons are re-tinted when the palette changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relmanager.paths import app_title
from relmanager.services.context import AppContext
from relmanager.ui.contacts.contact_list import ContactListView
from relmanager.ui.contacts.contact_profile import ContactProfile
from relmanager.ui.pages import PAGE_KEYS, PAGE_TITLES, PAGES
from relmanager.ui.shared.icons import ui_icon, window_icon
from relmanager.ui.shell import window_close
from relmanager.ui.shell.actions import WindowActions
from relmanager.ui.shell.contacts_split import ContactsSplitter
from relmanager.ui.shell.first_paint import FirstPaint
from relmanager.ui.shell.lazy_page import LazyPage
from relmanager.ui.shell.status_bar import StatusBar
from relmanager.ui.shell.window_layout import restore_layout
from relmanager.ui.shell.window_menus import build_menus, tint_menu_icons
from relmanager.ui.shell.window_size import (
    COMPACT_SIDEBAR_BELOW,
    MINIMUM,
    size_sidebar,
)
from relmanager.ui.shell.write_banner import WriteFailureBanner

if TYPE_CHECKING:  # the dialogs are imported when first opened, not at start-up
    from relmanager.domain.timebox import WeekProgress
    from relmanager.ui.contacts.new_contact_dialog import NewContactDialog
    from relmanager.ui.shared.log_dialog import LogDialog
    from relmanager.ui.shell.about_dialog import AboutDialog
    from relmanager.ui.today.today import TodayView


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.log_dialog: LogDialog | None = None
        self.new_contact_dialog: NewContactDialog | None = None
        self.setWindowTitle(app_title(ctx.db_path))
        self.setWindowIcon(window_icon())
        self.setMinimumSize(MINIMUM)

        # Today is built when first shown (or fed by the tray): ~20 ms of widgets that a
        # start on the contact list need not wait for.
        self._today_page = LazyPage(self._build_today)
        self._timebox_status: tuple[str, int | None, WeekProgress | None] | None = None
        self.contacts = ContactListView(ctx)
        self.profile = ContactProfile(ctx, self.contacts.loader.reader)
        self.splitter = ContactsSplitter(self.contacts, self.profile)
        self.pages: dict[str, QWidget] = {"today": self._today_page,
                                          "contacts": self.splitter}
        for spec in PAGES:
            if spec.build is not None:
                self.pages[spec.key] = LazyPage(lambda b=spec.build: b(ctx))
        self.stack = QStackedWidget()
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Views")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setSpacing(2)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._sidebar_compact: bool | None = None
        for key in PAGE_TITLES:
            item = QListWidgetItem(PAGE_TITLES[key].replace("&", ""))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
            self.stack.addWidget(self.pages[key])
        self.sidebar.currentRowChanged.connect(self._page_row_changed)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.write_banner = WriteFailureBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 0)
        column.setSpacing(2)
        column.addWidget(self.write_banner)
        column.addWidget(body, 1)
        self.setCentralWidget(central)
        self.status = StatusBar(ctx, self, self.write_banner)
        self.counts = self.status.counts

        self.actions = WindowActions(self)
        build_menus(self)
        self._tint_icons(menus=False)
        self._connect()
        self.first_paint = FirstPaint(self)
        self.stack.installEventFilter(self.first_paint)
        self.contacts.results_applied.connect(lambda _n, _s: self.first_paint.done("rows"))
        self.after_first_paint(self.status.schedule_counts)  # two counts over the network
        self.after_first_paint(self.profile.ensure_built)
        self.after_first_paint(self.contacts.check_paddings)  # kept for the next start
        self.after_first_paint(self._tint_icons)
        self.splitter.split_pending = restore_layout(self)
        self.set_sidebar_compact(self.width() < COMPACT_SIDEBAR_BELOW)

    # -- wiring ---------------------------------------------------------------------
    def _connect(self) -> None:
        events = self.ctx.events
        events.open_contact.connect(self.show_contact)
        events.request_log.connect(lambda cid: self.open_log_dialog(cid or None))
        self.contacts.current_changed.connect(self.profile.set_contact)
        # Queued: the list is still handling the click that moved it when this arrives.
        self.profile.stay_requested.connect(self.contacts.select_contact,
                                            Qt.ConnectionType.QueuedConnection)
        self.contacts.activated.connect(lambda _cid: self._focus_profile())
        self.contacts.results_applied.connect(lambda _n, _s: self._sync_profile())
        self.profile.log_requested.connect(lambda cid: self.open_log_dialog(cid or None))

    def _build_today(self) -> TodayView:
        from relmanager.ui.today.today import TodayView

        today = TodayView(self.ctx)
        today.contact_requested.connect(self.show_contact)
        today.log_requested.connect(self.open_log_dialog)
        today.show_all_cold.connect(self.show_going_cold)
        if self._timebox_status is not None:
            today.set_timebox_status(*self._timebox_status)
        return today

    @property
    def today(self) -> TodayView:
        """The Today page, built now if it was not yet."""
        return self._today_page.widget()  # type: ignore[return-value]

    def set_timebox_status(self, text: str, remaining_seconds: int | None,
                           week_progress: WeekProgress | None) -> None:
        """The reminder service's time-box state, for Today (kept until it is built)."""
        self._timebox_status = (text, remaining_seconds, week_progress)
        if self._today_page.built:
            self.today.set_timebox_status(text, remaining_seconds, week_progress)

    def _focus_profile(self) -> None:
        self.profile.ensure_built()
        self.profile.tabs.setFocus()

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the window has first been painted (services, the tray,
        anything a person need not wait for to see the window); at once if it has been."""
        if self.first_paint.painted:
            QTimer.singleShot(0, callback)
        else:
            self.first_paint.callbacks.append(callback)

    def set_handler(self, key: str, handler: Callable[[], object] | None) -> None:
        """Wire File > Import/Export/Backup now/Restore and Settings to their owners."""
        self.actions.set_handler(key, handler)

    # -- pages ----------------------------------------------------------------------
    def show_page(self, key: str) -> None:
        if key not in PAGE_KEYS:
            raise KeyError(f"no page {key!r}; expected one of {', '.join(PAGE_KEYS)}")
        self.sidebar.setCurrentRow(PAGE_KEYS.index(key))

    def page_widget(self, key: str) -> QWidget:
        """The widget of page ``key`` (built now if it is a lazy page not yet shown)."""
        page = self.pages[key]
        return page.widget() if isinstance(page, LazyPage) else page

    def current_page(self) -> str:
        return PAGE_KEYS[max(self.sidebar.currentRow(), 0)]

    def _page_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        # Written at once (a tray app is often ended by the session, never reaching the
        # layout's save at shutdown), but not for the page put back before the window is
        # shown: a settings write costs the first paint a file sync.
        if self.isVisible():
            self.ctx.settings.setValue("main_window/page", PAGE_KEYS[row])

    def on_contacts(self, func: Callable[[], object]) -> None:
        """Bulk actions act on the list's selection, and only where the list is shown."""
        if self.current_page() == "contacts":
            func()
        else:
            self.statusBar().showMessage("Select contacts on the Contacts page first", 4000)

    def focus_search(self) -> None:
        self.show_page("contacts")
        self.contacts.filters.search.setFocus()
        self.contacts.filters.search.selectAll()

    def show_contact(self, contact_id: int) -> None:
        """Open a contact's profile on the Contacts page (from Today, the tray, a link)."""
        self.show_page("contacts")
        self.contacts.select_contact(contact_id)
        self.profile.set_contact(contact_id)
        from relmanager.ui.shell.window_restore import bring_back

        bring_back(self)  # un-minimised, and still maximised if it was

    def show_going_cold(self) -> None:
        self.show_page("contacts")
        filters = self.contacts.filters
        filters.clear()
        filters.archived.setCurrentIndex(0)
        filters.warmth.setCurrentIndex(1)

    def _sync_profile(self) -> None:
        if self.contacts.current_id() is not None:
            self.profile.set_contact(self.contacts.current_id())

    def current_contact_id(self) -> int | None:
        page = self.current_page()
        if page == "contacts":
            return self.profile.contact_id or self.contacts.current_id()
        if page == "today":
            return self.today.selected_contact()
        return None

    # -- dialogs --------------------------------------------------------------------
    def open_log_dialog(self, contact_id: int | None = None) -> LogDialog:
        """Open the log dialog (non-blocking), for ``contact_id`` or the current one."""
        if self.log_dialog is not None and self.log_dialog.isVisible():
            self.log_dialog.raise_()
            self.log_dialog.activateWindow()
            return self.log_dialog
        if contact_id is None:
            contact_id = self.current_contact_id()
        from relmanager.ui.shared.log_dialog import LogDialog

        self.log_dialog = LogDialog(self.ctx, self, contact_id)
        self.log_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.log_dialog.destroyed.connect(lambda: setattr(self, "log_dialog", None))
        self.log_dialog.open()
        return self.log_dialog

    def open_new_contact_dialog(self) -> NewContactDialog:
        from relmanager.ui.contacts.new_contact_dialog import NewContactDialog

        dialog = NewContactDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_existing.connect(self.show_contact)
        dialog.accepted.connect(lambda: dialog.created_id and self.show_contact(dialog.created_id))
        self.new_contact_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "new_contact_dialog", None))
        dialog.open()
        return dialog

    def show_shortcuts(self) -> None:
        from relmanager.ui.shell.help_dialogs import show_shortcuts

        show_shortcuts(self)

    def show_about(self) -> AboutDialog:
        from relmanager.ui.shell.help_dialogs import show_about

        return show_about(self)

    # -- state ----------------------------------------------------------------------
    def refresh(self) -> None:
        self.contacts.refresh()
        if self._today_page.built:
            self.today.refresh()
        self.profile.reload()
        self.update_counts()

    def update_counts(self) -> None:
        """The status bar's network summary, counted now (on its worker; ``status.wait()``
        waits for the answer)."""
        self.status.update_counts()

    def _tint_icons(self, menus: bool = True) -> None:
        """Icons in the palette's text colour: the sidebar's, and (unless ``menus`` is
        False, before the first paint, when no menu can be open and the sidebar's are
        drawn for this screen's scale alone) the menus'."""
        palette = self.palette()
        ratio = None if menus else self.devicePixelRatioF()
        for row, key in enumerate(PAGE_KEYS):
            self.sidebar.item(row).setIcon(ui_icon(key, palette, 20, ratio))
        if menus:
            tint_menu_icons(self, palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._tint_icons()
        super().changeEvent(event)

    def shutdown(self) -> None:
        """Save the layout and stop background work; safe to call twice."""
        window_close.shutdown(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.set_sidebar_compact(event.size().width() < COMPACT_SIDEBAR_BELOW)
        super().resizeEvent(event)

    def set_sidebar_compact(self, compact: bool) -> None:
        """Icons only on a narrow window (see window_size.size_sidebar)."""
        if compact != self._sidebar_compact:
            self._sidebar_compact = compact
            size_sidebar(self.sidebar, [PAGE_TITLES[k].replace("&", "") for k in PAGE_KEYS],
                         compact)

    def quit_app(self) -> None:
        """File > Quit (Ctrl+Q): see window_close.quit_app."""
        window_close.quit_app(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A typed note or new contact is asked about, as Esc does, not dropped; a close
        # while that question is up drops it (the user was asked).
        for dialog in (self.log_dialog, self.new_contact_dialog):
            if dialog is not None and not dialog.isHidden() and dialog.typed_something() \
                    and not dialog.discard_bar.isVisible():
                from relmanager.ui.shell.window_restore import bring_back

                bring_back(self)
                dialog.show()
                dialog.raise_()
                dialog.activateWindow()
                dialog.discard_bar.ask()
                event.ignore()
                return
        if not self.profile.leave_for_close():  # saves pending edits, or asks
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

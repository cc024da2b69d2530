"""The system tray: icon, a menu rebuilt on aboutToShow from data read off the UI thread
(:mod:`relmanager.ui.shell.tray_menu`), messages one at a time
(:mod:`relmanager.ui.shell.tray_balloons`), and close-to-tray (with a one-time hint).
Where no tray exists, closing the window quits."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from relmanager.domain.priority import Item, snooze_label
from relmanager.paths import app_title
from relmanager.resources.qticons import guess_dark_panel, tray_icon
from relmanager.services import reminder_meetings
from relmanager.services import reminder_rules as rules
from relmanager.services.background import BackgroundReader
from relmanager.services.reminders import STARTUP_DELAY_MS, ReminderService
from relmanager.store import preferences, timeboxes, today_reads
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.plain import inert, menu_text, one_line
from relmanager.ui.shell.menu_side import SameSideSubmenus
from relmanager.ui.shell.tray_balloons import Balloons, Message
from relmanager.ui.shell.tray_boxes import BoxPrompts
from relmanager.ui.shell.tray_meetings import add_meetings_menu
from relmanager.ui.shell.tray_menu import MenuData, MenuFeed, meetings_for_menu
from relmanager.ui.shell.tray_status import TrayStatus
from relmanager.ui.shell.tray_writes import TrayWrites
from relmanager.ui.shell.window_restore import bring_back

if TYPE_CHECKING:
    from relmanager.services.context import AppContext
    from relmanager.ui.shell.main_window import MainWindow

HINT_KEY = "tray/close_hint_shown"
#: The window appearing, going or (un)minimising: the tray's Show/Hide item follows.
_WINDOW_SEEN_EVENTS = (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.WindowStateChange)
#: People listed per submenu; the count says how many there are in all.
MENU_PEOPLE = 15


class TrayController(TrayWrites, TrayStatus, QObject):
    """Owns the QSystemTrayIcon; is the reminder service's Notifier."""

    def __init__(self, ctx: AppContext, window: MainWindow, parent: QObject | None = None, *,
                 reader: BackgroundReader | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._window = window
        self.service: ReminderService | None = None
        self.boxes = BoxPrompts(self)
        self.brief: QWidget | None = None  # the last meeting brief opened from a notice
        self._dark_panel = guess_dark_panel()
        self.attention = False
        self.icon = QSystemTrayIcon(tray_icon(self._dark_panel), self)
        self.icon.setToolTip(app_title(ctx.db_path))
        #: One message at a time, each for its time (see tray_balloons).
        self.balloons = Balloons(self.icon, self)
        reader = reader or BackgroundReader(self)
        self._init_status(reader)
        self.menu = QMenu()
        self._submenus: list[QMenu] = []
        self._same_side = SameSideSubmenus(self)
        self._built_key: tuple[int, int | None] | None = None
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.icon.setContextMenu(self.menu)
        self.icon.messageClicked.connect(self._message_clicked)
        self.icon.activated.connect(self._activated)
        # Some trays (D-Bus StatusNotifier) export the menu before anyone opens it: give it
        # the fixed items now; the counts (a scan) come when it is opened.
        self._window_action = self._add_window_action(self.menu)
        self.menu.addAction("Quit", self.quit)
        window.installEventFilter(self)
        self.feed = MenuFeed(reader, self.read_menu, ctx.clock.now,
                             self)
        self.feed.ready.connect(self._build_menu)
        events = ctx.events
        for signal in (events.contacts_changed, events.contacts_removed,
                       events.interactions_changed):
            signal.connect(lambda _ids: self.feed.changed())
        for signal in (events.follow_ups_changed, events.introductions_changed,
                       events.settings_changed):
            signal.connect(self.feed.changed)

    @property
    def available(self) -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def start(self) -> None:
        if self.available:
            self.icon.show()
        if self.service is not None:
            self.service.timebox_changed.connect(self.update_status)
            self.service.timebox_changed.connect(self.feed.changed)
        # Minutes logged in a box change the week's figure: Today and the tooltip follow;
        # new quiet hours change the tooltip's line.
        self._ctx.events.interactions_changed.connect(lambda _ids: self.update_status())
        self._ctx.events.settings_changed.connect(self.update_status)
        self.update_status()
        self.feed.refresh()  # warm before the first opening

    def shutdown(self) -> None:
        self._shutdown_status()
        self.feed.shutdown()
        self.balloons.shutdown()  # nothing waiting is shown once the tray is gone
        self.icon.hide()

    # Notifier
    def notify(self, title: str, body: str, view: str) -> None:
        """Show the digest (after any message still on screen has had its time); the
        icon wears a badge until the user looks."""
        self.set_attention(True)
        # Names and follow-up titles are in the digest: no markup reaches the server.
        self.balloons.show(Message(inert(title), inert(body),
                                   QSystemTrayIcon.MessageIcon.Information, 10000, view))

    def tell(self, title: str, body: str, view: str) -> None:
        """Feedback on something the user just did (no badge: they are looking), shown at
        once; a message it covers comes back after it."""
        self.balloons.show(Message(inert(title), inert(body),
                                   QSystemTrayIcon.MessageIcon.Information, 8000, view),
                           at_once=True)

    def set_attention(self, attention: bool) -> None:
        if attention == self.attention:
            return  # each opening clears it: no icon rendered again for nothing
        self.attention = attention
        self.icon.setIcon(tray_icon(self._dark_panel, attention=attention))

    def rebuild_menu(self) -> None:
        """On aboutToShow: the menu at once from the data in memory (no read on the UI
        thread), and a new read when that data is over a minute old or changed since;
        the menu is rebuilt in place when it lands."""
        self.set_attention(False)
        if self.feed.needs_read:
            self.feed.refresh()
        if self._menu_key() != self._built_key:  # kept built while nothing it shows moved
            self._build_menu()

    def _menu_key(self) -> tuple[int, int | None]:
        """What the built menu depends on: the newest answer, the box's minutes left."""
        data, left = self.feed.data, None
        if data is not None and data.session is not None:
            left = -(-timeboxes.remaining_seconds(data.session, self._ctx.clock.now()) // 60)
        return self.feed.serial, left

    def read_menu(self, now: datetime) -> MenuData:
        """The menu's data (the worker runs this): the running box, Today's lists and
        the day's meetings."""
        return MenuData(now, timeboxes.current_session(now), self.lists(now),
                        meetings_for_menu(now, MENU_PEOPLE))

    def _build_menu(self) -> None:
        """The menu lists what Today lists, from the same read and in the same order
        (``store.today_reads``), leaving out snoozed people."""
        menu = self.menu
        self._built_key = self._menu_key()
        for sub in self._submenus:  # clear() leaves the submenus themselves
            sub.deleteLater()
        self._submenus = []
        menu.clear()
        self._window_action = self._add_window_action(menu)
        menu.addAction("Log interaction…", lambda: self._window.open_log_dialog(None))
        now = self._ctx.clock.now()
        data, error = self.feed.data, self.feed.error
        if error is not None:  # never an empty "all is well" menu
            failed = menu.addAction(f"Could not load: {failure_reason(error)}")
            failed.setEnabled(False)
            menu.addAction("Retry", self._retry_menu)
            menu.addSeparator()
            menu.addAction("Quit", self.quit)
            return
        if data is None:
            menu.addAction("Loading…").setEnabled(False)
            menu.addSeparator()
            menu.addAction("Quit", self.quit)
            return
        session, lists = data.session, data.lists
        if session is None:
            menu.addAction("Start time box", self.start_box)
        else:
            left = -(-timeboxes.remaining_seconds(session, now) // 60)
            menu.addAction(f"Stop time box ({left} min left)", self.stop_box)
            self.boxes.add_menu(menu, session)
        cold = self._submenu(menu, f"Going cold ({len(lists['cold'])})")
        cold.addAction("Show all", self._show_going_cold)
        for item in lists["cold"][:MENU_PEOPLE]:
            self._person_menu(cold, item, park=True)
        fresh = self._submenu(menu, f"Link while fresh ({len(lists['fresh'])})")
        for item in lists["fresh"][:MENU_PEOPLE]:
            self._person_menu(fresh, item, park=False)
        for key, title in (("follow_ups", "Follow-ups due"), ("intros", "Introductions")):
            sub = self._submenu(menu, f"{title} ({len(lists[key])})")
            for item in lists[key][:MENU_PEOPLE]:
                # Each piece cut (a 100,000-character name or follow-up title made a
                # menu item as wide as that): menu_text shows the control characters
                # and drops the overrides.
                name = one_line(item.name, rules.SHORT_NAME_CHARS)
                detail = one_line(item.detail, rules.SHORT_DETAIL_CHARS)
                text = (f"{name}: {detail} ({item.reason})" if key == "follow_ups"
                        else f"{name}: {item.reason} ({detail})")
                self._person_menu(sub, item, park=False, text=text)
        if data.meetings:  # only on a day with meetings: Today has no such panel to match
            add_meetings_menu(self._submenu(menu, f"Meetings ({len(data.meetings)})"),
                              self._submenu, data.meetings, now, self.open_brief)
        snooze = QAction("Snooze all for 1 hour", menu)
        snooze.setEnabled(self.service is not None)
        snooze.triggered.connect(self.snooze_all)
        menu.addAction(snooze)
        menu.addSeparator()
        menu.addAction("Quit", self.quit)

    def _retry_menu(self) -> None:
        """Read again and show the menu where it was (Retry closed it)."""
        where = self.menu.pos()
        self.feed.refresh()
        QTimer.singleShot(0, self, lambda: self.menu.popup(where))

    def lists(self, now: datetime) -> dict[str, list[Item]]:
        """Today's lists at ``now`` without the snoozed, as the menu shows them."""
        data = today_reads.load(now, preferences.load().link_while_fresh_days)
        lists = {"cold": list(data.cold), "fresh": [r.item for r in data.fresh],
                 "follow_ups": list(data.follow_ups), "intros": list(data.intros)}
        return {k: [i for i in v if not i.snoozed] for k, v in lists.items()}

    def _submenu(self, parent: QMenu, title: str) -> QMenu:
        sub = parent.addMenu(title)
        if parent is self.menu:  # its reminders' submenus keep to its side once it shows
            sub.aboutToShow.connect(lambda: self._same_side.watch_submenus_of(sub))
        self._submenus.append(sub)
        return sub

    def _person_menu(self, parent: QMenu, item: Item, *, park: bool, text: str = "") -> None:
        """One reminder as a submenu: Open, Log…, the snoozes and, for a silence, Park.
        A snooze silences what ``domain.priority.snooze_key`` says (a follow-up or an
        introduction alone, anything else its person) and its words say so ("Snooze this
        follow-up 1 week"): snoozing one of a person's two follow-ups snoozed both, and an
        introduction's snooze was filed under the person, silencing all else about them."""
        name = one_line(item.name, rules.SHORT_NAME_CHARS)
        sub = self._submenu(parent, menu_text(text or f"{name} · {item.reason}"))
        sub.menuAction().setData(item.contact_id)
        contact_id = item.contact_id
        sub.addAction("Open", lambda: self._open(contact_id))
        sub.addAction("Log…", lambda: self._window.open_log_dialog(contact_id))
        for span, days in (("1 week", 7), ("1 month", 30)):
            sub.addAction(snooze_label(item.kind, span),
                          lambda days=days: self.snooze(item, days))
        if park:
            sub.addAction("Park", lambda: self.park(contact_id))

    def open_brief(self, meeting_id: int, *, log: bool = False) -> None:
        """The meeting's brief, as a click on its notice opens it; ``log`` makes its
        "Log it" the default button (Enter logs it)."""
        from relmanager.ui.brief.brief_dialog import open_brief

        self.show_window()
        self.brief = open_brief(self._ctx, meeting_id, self._window)
        if log:
            self.brief.log_button.setDefault(True)
            self.brief.log_button.setFocus()

    def _open(self, contact_id: int) -> None:
        self.show_window()
        self._window.show_contact(contact_id)

    def start_box(self) -> None:
        self.boxes.start()  # says whom to spend it on
        self.feed.changed()

    def stop_box(self) -> None:
        self.boxes.stop()  # asks what was done, with the box's minutes
        self.feed.changed()

    def show_window(self) -> None:
        bring_back(self._window)  # a maximised window comes back maximised

    def _window_on_screen(self) -> bool:
        return self._window.isVisible() and not self._window.isMinimized()

    def _add_window_action(self, menu: QMenu) -> QAction:
        """The menu's first item says what it will do: "Show window" offered while the
        window was already shown read as if it were hidden (a first user's report)."""
        action = menu.addAction("", self._toggle_window)
        self._label_window_action(action)
        return action

    def _label_window_action(self, action: QAction | None = None) -> None:
        action = action or self._window_action
        action.setText("Hide window" if self._window_on_screen() else "Show window")

    def _toggle_window(self) -> None:
        """Hide to the tray (as closing does) when on screen, else bring it back."""
        if self._window_on_screen():
            self._window.hide()
        else:
            self.show_window()

    def _show_going_cold(self) -> None:
        self.show_window()
        self._window.show_going_cold()

    def _message_clicked(self) -> None:
        view = self.balloons.view  # the clicked message's (the next one shows after)
        self.balloons.advance()
        self.show_window()
        if view == "going_cold":
            self._window.show_going_cold()
        elif view == "log":  # "Time box over": what did you do in it?
            self.boxes.ask()
        elif (meeting := reminder_meetings.meeting_id(view)) is not None:
            self.open_brief(meeting)
        else:
            self._window.show_page(view)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_window()

    def quit(self) -> None:
        """Close the window (which saves pending edits) and end the app; when the
        window stays open (edits it could not save, and the user keeps them), so does
        the app."""
        self._window.removeEventFilter(self)
        if not self._window.close():
            self._window.installEventFilter(self)
            self.show_window()
            return
        QCoreApplication.quit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Close-to-tray: hide instead of closing when a tray exists; the menu's
        Show/Hide item follows the window, also for a tray that exports the menu
        without asking it to be rebuilt."""
        if watched is self._window and event.type() in _WINDOW_SEEN_EVENTS:
            self._label_window_action()
        if watched is self._window and event.type() == QEvent.Type.Close and self.available:
            event.ignore()
            self._window.hide()
            if not self._ctx.settings.value(HINT_KEY, False, type=bool):
                self._ctx.settings.setValue(HINT_KEY, True)
                self.balloons.show(Message(
                    f"{app_title(self._ctx.db_path)} is still running",
                    "It keeps reminding you from the tray. Quit from its menu.",
                    QSystemTrayIcon.MessageIcon.Information, 5000), at_once=True)
            return True
        return super().eventFilter(watched, event)


def install_reminders(ctx: AppContext, window: MainWindow, *,
                      startup_delay_ms: int = STARTUP_DELAY_MS
                      ) -> tuple[ReminderService, TrayController]:
    """Build, register and start the tray and the reminder service (called by app.py).
    The service's scans run on their own worker thread, never stalling the window."""
    runner = BackgroundReader()
    ctx.services.reminder_worker = runner
    tray = TrayController(ctx, window, reader=runner)
    service = ReminderService(ctx, tray, runner=runner, startup_delay_ms=startup_delay_ms)
    tray.service = service
    ctx.services.tray = tray
    ctx.services.reminders = service
    tray.start()
    service.start()
    return service, tray

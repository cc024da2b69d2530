"""One structured line per user-visible event, for the end-to-end tests.

With ``RELMANAGER_E2E_LOG=1`` the app writes to stderr one line ``E2E {json}`` for each
page shown, dialog or menu opened and closed, keyboard focus moved, write committed (as
the window's data events announce it), undo step, status message, notification raised,
reminder pass and logged warning. ``tests/e2e`` starts the real app as a separate
process, drives it with real X input and waits on these lines instead of sleeping, the
way qutebrowser's end2end tests wait on its log. Without the variable nothing here runs.

The hooks only listen (signals, an application event filter, a logging handler) and
wrap the notifier's ``notify``: they never change what the app does.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QListWidget,
    QMenu,
    QStyle,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

if TYPE_CHECKING:
    from relmanager.services.context import AppContext
    from relmanager.ui.shell.main_window import MainWindow

PREFIX = "E2E "


def event(kind: str, **fields: Any) -> None:
    """Write one event line (flushed: the test reads it as it happens)."""
    line = json.dumps({"event": kind, **fields}, default=str, ensure_ascii=False)
    sys.stderr.write(f"{PREFIX}{line}\n")
    sys.stderr.flush()


class _LogLines(logging.Handler):
    """Warnings and errors of the ``relmanager`` loggers as events (a test fails on an
    unexpected ERROR)."""

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        event("log", level=record.levelname, logger=record.name, message=text)


#: Window events reported, and the state each reports: "active" is when typing reaches
#: the window (a dialog shown is not yet one the keyboard goes to).
STATES = {QEvent.Type.Show: "opened", QEvent.Type.Hide: "closed",
          QEvent.Type.WindowActivate: "active"}


class _Windows(QObject):
    """Dialogs and menus shown or hidden anywhere in the application."""

    def eventFilter(self, watched: QObject, ev: QEvent) -> bool:
        kind = ev.type()
        if kind in STATES and isinstance(watched, QWidget) and watched.isWindow():
            state = STATES[kind]
            if isinstance(watched, QDialog):
                event("dialog", state=state, title=watched.windowTitle(),
                      cls=type(watched).__name__)
            elif isinstance(watched, QMenu) and state != "active":
                fields: dict[str, Any] = {"state": state, "title": watched.title()}
                if state == "opened":
                    geometry = watched.geometry()
                    fields["items"] = [a.text() for a in watched.actions()
                                       if not a.isSeparator()]
                    fields["rect"] = [geometry.x(), geometry.y(), geometry.width(),
                                      geometry.height()]
                event("menu", **fields)
            elif watched.windowType() == Qt.WindowType.Popup and state != "active":
                event("popup", state=state, cls=type(watched).__name__)  # e.g. completions
        return False


def _rows_of(widget: QWidget, limit: int = 12) -> dict[str, Any]:
    """For a tree widget taking the focus, its first rows on screen: the first column's
    text and, where a column has a check box, whether it is ticked and where the box is
    (a test ticks it with the real mouse: no key ticks a box outside the current
    column). For a list widget, its first rows' texts (e.g. the warm paths offered)."""
    if isinstance(widget, QListWidget):
        return {"rows": [{"text": widget.item(row).text()}
                         for row in range(min(widget.count(), limit))]}
    if not isinstance(widget, QTreeWidget):
        return {}
    viewport = widget.viewport()
    rows = []
    for row in range(min(widget.topLevelItemCount(), limit)):
        item = widget.topLevelItem(row)
        found: dict[str, Any] = {"text": item.text(0)}
        for column in range(widget.columnCount()):
            state = item.data(column, Qt.ItemDataRole.CheckStateRole)
            if state is None:
                continue
            option = QStyleOptionViewItem()
            option.initFrom(viewport)
            option.rect = widget.visualItemRect(item)
            option.rect.setLeft(widget.header().sectionViewportPosition(column))
            option.rect.setWidth(widget.header().sectionSize(column))
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
            box = widget.style().subElementRect(
                QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, widget)
            at = viewport.mapToGlobal(box.center())
            found["checked"] = Qt.CheckState(state) == Qt.CheckState.Checked
            found["check"] = [at.x(), at.y()]
        rows.append(found)
    return {"rows": rows}


def _report_board(window: MainWindow, cards_per_column: int = 12) -> None:
    """Where the Board's columns and first cards are on screen, once it has loaded: a
    test drags a card with the real mouse from these coordinates."""
    board = window.page_widget("board")
    columns = getattr(board, "columns", None)
    if columns is None:  # the page failed to load: its placeholder says why
        event("board", columns=[])
        return
    if board.loading:
        QTimer.singleShot(50, lambda: _report_board(window, cards_per_column))
        return
    if not getattr(board, "_e2e_watched", False):  # and again after each load (a filter)
        board._e2e_watched = True
        board.loader.loaded.connect(lambda: board.isVisible() and QTimer.singleShot(
            0, lambda: _report_board(window, cards_per_column)))
    from relmanager.ui.board.board_model import ID_ROLE

    report = []
    for stage, column in columns.items():
        view = column.list
        viewport = view.viewport()
        corner = viewport.mapToGlobal(viewport.rect().topLeft())
        cards = []
        model = view.model()
        for row in range(min(model.rowCount(), cards_per_column)):
            index = model.index(row, 0)
            rect = view.visualRect(index)
            if not rect.isValid() or not viewport.rect().contains(rect.center()):
                continue
            centre = viewport.mapToGlobal(rect.center())
            cards.append({"id": index.data(ID_ROLE),
                          "text": index.data(Qt.ItemDataRole.DisplayRole),
                          "at": [centre.x(), centre.y()]})
        report.append({"stage": stage.value, "rect": [corner.x(), corner.y(),
                                                      viewport.width(), viewport.height()],
                       "cards": cards})
    event("board", columns=report)


def _report_network(window: MainWindow) -> None:
    """Where each person of the Network page's drawing is on screen, once it has loaded:
    a test clicks a person with the real mouse from these coordinates. A click is
    reported too (``person_clicked``)."""
    page = window.page_widget("network")
    view = getattr(page, "view", None)
    if view is None:  # the page failed to build: its placeholder says why
        event("network", people=[])
        return
    if page.loading or page.rebuild_timer.isActive():
        QTimer.singleShot(50, lambda: _report_network(window))
        return
    if not getattr(view, "_e2e_watched", False):
        view._e2e_watched = True
        view.person_clicked.connect(lambda cid: event("person_clicked", id=cid))
    viewport = view.viewport()
    people = []
    for cid, item in view.items_by_id.items():
        centre = view.mapFromScene(item.sceneBoundingRect().center())
        if viewport.rect().contains(centre):
            at = viewport.mapToGlobal(centre)
            people.append({"id": cid, "name": item.person.name, "at": [at.x(), at.y()]})
    event("network", people=people)


def install(app: QApplication, ctx: AppContext, window: MainWindow) -> None:
    """Hook the window and the data events (called by app.py before the window shows)."""
    root = logging.getLogger("relmanager")
    if not any(isinstance(h, _LogLines) for h in root.handlers):  # once per process
        root.addHandler(_LogLines(logging.WARNING))
    watcher = _Windows(app)
    app.installEventFilter(watcher)

    def focused(_old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            event("focus", name=new.accessibleName(), cls=type(new).__name__,
                  **_rows_of(new))

    app.focusChanged.connect(focused)

    def unhook() -> None:
        """The application outlives a window in the tests: its hooks go with the window,
        or every later test's focus changes were written out as E2E lines."""
        with contextlib.suppress(RuntimeError, TypeError):
            app.focusChanged.disconnect(focused)
        app.removeEventFilter(watcher)

    window.destroyed.connect(unhook)
    def page_shown(_row: int) -> None:
        event("page", name=window.current_page())
        if window.current_page() == "board":
            QTimer.singleShot(0, lambda: _report_board(window))
        if window.current_page() == "network":
            QTimer.singleShot(0, lambda: _report_network(window))

    window.sidebar.currentRowChanged.connect(page_shown)
    events = ctx.events
    for name in ("contacts_changed", "contacts_removed", "interactions_changed"):
        getattr(events, name).connect(lambda ids, n=name: event("write", what=n, ids=ids))
    for name in ("follow_ups_changed", "introductions_changed", "settings_changed"):
        getattr(events, name).connect(lambda n=name: event("write", what=n))
    events.status_message.connect(lambda text: event("status", text=text))
    stack = ctx.undo_stack

    def undo_moved(index: int) -> None:
        # While the window is destroyed the stack is half gone: no event then.
        with contextlib.suppress(RuntimeError):
            event("undo_index", index=index, undo=stack.undoText(), redo=stack.redoText())

    stack.indexChanged.connect(undo_moved)
    window.contacts.activated.connect(lambda cid: event("contact_opened", id=cid))


def say_ready(window: MainWindow, ctx: AppContext) -> None:
    """The ``ready`` event, registered by app.py as the LAST after-first-paint callback.
    Those callbacks run one per turn of the event loop, and the services (and the File
    menu's handlers: Sync now is disabled until then) come among them; a test that typed
    F5 on the first paint had its key land on a disabled action, so the sync it waited
    for was the one the timer starts 20 s later."""
    window.after_first_paint(lambda: event("ready", page=window.current_page(),
                                           db=str(ctx.db_path)))


def watch_services(ctx: AppContext) -> None:
    """Hook the services once app.py has started them: notifications, reminder passes,
    the tray's place on screen, sync results, time boxes."""
    tray: Any = ctx.services.tray
    if tray is not None:
        notify = tray.notify

        def notify_and_log(title: str, body: str, view: str) -> None:
            event("notification", title=title, body=body, view=view)
            notify(title, body, view)

        tray.notify = notify_and_log  # the reminder service calls its notifier's notify
        tell = tray.tell

        def tell_and_log(title: str, body: str, view: str) -> None:  # feedback bubbles
            event("notification", title=title, body=body, view=view, feedback=True)
            tell(title, body, view)

        tray.tell = tell_and_log

        def tray_placed() -> None:  # once the tray has embedded the icon
            geometry = tray.icon.geometry()
            if geometry.width() > 0 and (geometry.x() or geometry.y()):
                event("tray", available=tray.available,
                      rect=[geometry.x(), geometry.y(), geometry.width(), geometry.height()])
            else:
                QTimer.singleShot(200, tray_placed)

        tray_placed()
    service: Any = ctx.services.reminders
    if service is not None:
        if hasattr(service, "apply"):
            apply = service.apply

            def apply_and_log(result: Any) -> Any:
                shown = apply(result)
                event("reminder_pass", now=getattr(result, "now", None),
                      shown=[f"{n.title}: {n.body}" for n in shown or []])
                return shown

            service.apply = apply_and_log
        if hasattr(service, "timebox_changed"):
            service.timebox_changed.connect(lambda: event("timebox_changed"))
    sync = ctx.services.sync
    if sync is not None:
        sync.synced.connect(lambda report: event(
            "sync_done", summary=getattr(report, "summary", lambda: str(report))()))
        sync.failed.connect(lambda message: event("sync_failed", message=message))

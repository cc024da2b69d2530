"""The window's menus and shortcuts, in one place so they can be listed (Help >
Keyboard shortcuts) and so every action is reachable without a mouse.

Actions whose work belongs to other parts of the app (backup, restore, import, export,
settings) call handlers injected with :meth:`WindowActions.set_handler`; until one is
set the action is disabled rather than pretending to work.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

Handler = Callable[[], object]

#: Injectable actions: key -> (menu text, shortcut or None).
INJECTED: dict[str, tuple[str, str | None]] = {
    "import": ("&Import…", None),
    "export": ("&Export…", None),
    "backup": ("&Backup now", None),
    "restore": ("&Restore from backup…", None),
    "sync": ("S&ync now", "F5"),
    "settings": ("Se&ttings…", "Ctrl+,"),
}



class WindowActions:
    """Builds the menu bar of ``window`` from callbacks; keeps every QAction by key."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        self._handlers: dict[str, Handler | None] = dict.fromkeys(INJECTED)

    def add(self, key: str, text: str, slot: Handler, *shortcuts: str | QKeySequence,
            tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setStatusTip(tip)
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work whatever has focus
        self.actions[key] = action
        return action

    def add_injected(self) -> None:
        for key, (text, shortcut) in INJECTED.items():
            action = self.add(key, text, lambda k=key: self._run(k),
                              *([shortcut] if shortcut else []))
            action.setEnabled(False)

    def set_handler(self, key: str, handler: Handler | None) -> None:
        if key not in self._handlers:
            raise KeyError(f"no injectable action {key!r}; expected one of "
                           f"{', '.join(self._handlers)}")
        self._handlers[key] = handler
        self.actions[key].setEnabled(handler is not None)

    def _run(self, key: str) -> None:
        handler = self._handlers.get(key)
        if handler is not None:
            handler()

    def menu(self, bar: QMenuBar, title: str, keys: list[str | None]) -> QMenu:
        """A menu of the named actions; None is a separator."""
        menu = bar.addMenu(title)
        for key in keys:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        return menu

    def shortcut_table(self) -> list[tuple[str, str]]:
        """(action, shortcuts) for every action that has a shortcut."""
        rows = []
        for action in self.actions.values():
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                             for s in action.shortcuts())
            if keys:
                rows.append((action.text().replace("&", "").rstrip("…"), keys))
        return rows

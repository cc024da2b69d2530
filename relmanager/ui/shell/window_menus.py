"""The main window's actions and menus: every command with its shortcut, and the menu
icons in the palette's text colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QPalette

from relmanager.domain.stages import BOARD_ORDER
from relmanager.ui.pages import PAGE_TITLES
from relmanager.ui.shared.icons import ui_icon
from relmanager.ui.shared.undo_feedback import undo_redo_actions

if TYPE_CHECKING:
    from relmanager.ui.shell.main_window import MainWindow

#: Action key -> the UI icon it carries in the menus.
MENU_ICONS: tuple[tuple[str, str], ...] = (
    ("new_contact", "add-contact"), ("log", "log"), ("settings", "settings"),
    ("import", "import"), ("about", "about"), ("find", "search"))


def build_menus(window: MainWindow) -> None:
    """Create the window's actions (on ``window.actions``) and its menu bar."""
    pages = tuple(PAGE_TITLES)
    add = window.actions.add
    add("new_contact", "&New contact…", window.open_new_contact_dialog,
        QKeySequence.StandardKey.New, tip="Add a person you met")
    add("log", "&Log interaction…", window.open_log_dialog, "Ctrl+L",
        tip="Log a meeting, call, message… with someone")
    window.actions.add_injected()
    add("quit", "&Quit", window.quit_app, QKeySequence.StandardKey.Quit)
    undo, redo = undo_redo_actions(window, window.ctx)  # they say what they undid
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for key, action in (("undo", undo), ("redo", redo)):
        window.addAction(action)
        window.actions.actions[key] = action
    add("find", "&Find contacts", window.focus_search, QKeySequence.StandardKey.Find)
    add("tag", "&Tag selected…", lambda: window.on_contacts(window.contacts.tag_selected))
    add("untag", "Remove ta&g from selected…",
        lambda: window.on_contacts(lambda: window.contacts.tag_selected(remove=True)))
    add("archive", "&Archive selected",
        lambda: window.on_contacts(lambda: window.contacts.archive_selected(True)))
    add("unarchive", "U&narchive selected",
        lambda: window.on_contacts(lambda: window.contacts.archive_selected(False)))
    add("delete", "&Delete selected…",
        lambda: window.on_contacts(window.contacts.delete_selected), QKeySequence("Del"))
    add("merge", "M&erge selected…", lambda: window.on_contacts(window.contacts.merge_selected),
        tip="Merge the selected contacts: one person entered twice becomes one")
    add("duplicates", "Find du&plicates…", lambda: _find_duplicates(window),
        tip="Contacts with the same e-mail or phone, or a similar name at one organisation")
    for number, key in enumerate(pages, start=1):
        add(f"page_{key}", PAGE_TITLES[key], lambda k=key: window.show_page(k),
            f"Ctrl+{number}")
    # Not QKeySequence.Refresh: that is F5 on most desktops, which is "Sync now" here,
    # and a key bound twice is ambiguous to Qt and runs neither.
    add("refresh", "&Refresh", window.refresh, "Ctrl+R")
    add("shortcuts", "&Keyboard shortcuts", window.show_shortcuts,
        QKeySequence.StandardKey.HelpContents)
    add("about", "&About Relmanager", window.show_about)

    bar = window.menuBar()
    window.actions.menu(bar, "&File", ["new_contact", "log", None, "import", "export", None,
                                     "backup", "restore", "sync", None, "settings", None,
                                     "quit"])
    edit = window.actions.menu(bar, "&Edit", ["undo", "redo", None, "find", None])
    move = edit.addMenu("&Move selected to stage")
    for number, stage in enumerate(BOARD_ORDER, start=1):
        action = move.addAction(f"&{number} {stage.label}")
        action.triggered.connect(
            lambda _=False, s=stage: window.on_contacts(lambda: window.contacts.move_selected(s)))
    for key in ("tag", "untag", "archive", "unarchive", None, "delete"):
        if key is None:
            edit.addSeparator()
        else:
            edit.addAction(window.actions.actions[key])
    edit.aboutToShow.connect(lambda: _enable_archive(window))
    edit.addSeparator()
    edit.addAction(window.actions.actions["merge"])
    edit.addAction(window.actions.actions["duplicates"])
    window.actions.menu(bar, "&View", [*(f"page_{k}" for k in pages), None, "refresh"])
    window.actions.menu(bar, "&Help", ["shortcuts", None, "about"])


def _enable_archive(window: MainWindow) -> None:
    """Archive for a selection with active people, Unarchive for one with archived
    people (a first user was offered both for an active contact), from what the list
    holds: no read as the menu opens. Both elsewhere: they then say where to select."""
    states = ({False, True} if window.current_page() != "contacts"
              else window.contacts.selected_archived_states() or {False, True})
    window.actions.actions["archive"].setEnabled(False in states)
    window.actions.actions["unarchive"].setEnabled(True in states)


def _find_duplicates(window: MainWindow) -> None:
    from relmanager.ui.contacts.duplicates_dialog import find_duplicates_ui  # on demand

    find_duplicates_ui(window, window.ctx)


def tint_menu_icons(window: MainWindow, palette: QPalette) -> None:
    for key, icon in MENU_ICONS:
        window.actions.actions[key].setIcon(ui_icon(icon, palette, 16))

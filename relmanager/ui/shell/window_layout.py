"""What of the window's layout comes back after a restart: its geometry (exactly, see
window_size.restore_exactly), toolbars, the list/profile splitter, the contact list's
columns and the page last shown, all in ``ctx.settings``.

Split out of main_window (issue 22): saving and restoring are one responsibility, and the
pair is easier to keep symmetrical side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relmanager.ui.contacts.column_widths import fit_columns
from relmanager.ui.pages import PAGE_KEYS
from relmanager.ui.shell.window_size import (
    available_area,
    first_geometry,
    fit_to_screen,
    restore_exactly,
)

if TYPE_CHECKING:
    from relmanager.ui.shell.main_window import MainWindow


def restore_layout(window: MainWindow) -> bool:
    """Put the saved layout back (a first start gets a geometry from the screen); True
    when the splitter had nothing saved and still needs its first sizes."""
    settings = window.ctx.settings
    geometry = settings.value("main_window/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        area = available_area(window)
        if area is not None:
            window.setGeometry(first_geometry(area))
    else:
        restore_exactly(window, settings.value("main_window/normal"))
        fit_to_screen(window)
    state = settings.value("main_window/state")
    if state is not None:
        window.restoreState(state)
    splitter = settings.value("main_window/splitter")
    split_pending = splitter is None or not window.splitter.restoreState(splitter)
    header = settings.value("contacts/header")
    if header is not None:
        window.contacts.table.horizontalHeader().restoreState(header)
        # older layouts cut columns
        fit_columns(window.contacts.table, window.contacts.paddings, grow_only=True)
    page = str(settings.value("main_window/page", "today"))
    window.show_page(page if page in PAGE_KEYS else "today")
    return split_pending


def save_layout(window: MainWindow) -> None:
    settings = window.ctx.settings
    settings.setValue("main_window/geometry", window.saveGeometry())
    settings.setValue("main_window/normal", window.normalGeometry())
    settings.setValue("main_window/state", window.saveState())
    settings.setValue("main_window/splitter", window.splitter.saveState())
    with window.contacts.column_fitter.as_chosen():  # not the room a wide list lent
        settings.setValue("contacts/header",
                          window.contacts.table.horizontalHeader().saveState())
    settings.setValue("main_window/page", window.current_page())
    settings.sync()

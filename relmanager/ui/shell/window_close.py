"""Ending the window: File > Quit, and the shut-down every close runs (the layout saved,
and every page's and panel's background work stopped before the store closes).

Split out of main_window (issue 22): the order of a shut-down matters (nothing queued may
touch the database once its owner is closing it), and it reads best in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relmanager.ui.shell.lazy_page import LazyPage
from relmanager.ui.shell.window_layout import save_layout

if TYPE_CHECKING:
    from relmanager.ui.shell.main_window import MainWindow


def shutdown(window: MainWindow) -> None:
    """Save the layout and stop background work; safe to call twice."""
    save_layout(window)
    # Nothing queued may touch the database once the owner is closing it.
    window.status.stop()
    window.first_paint.callbacks.clear()
    window.first_paint.painted = True
    window.contacts.shutdown()
    for page in window.pages.values():
        if isinstance(page, LazyPage) and page.built and hasattr(page.widget(), "shutdown"):
            page.widget().shutdown()
    for panel in window.profile.panels:
        if hasattr(panel, "shutdown"):
            panel.shutdown()


def quit_app(window: MainWindow) -> None:
    """File > Quit (Ctrl+Q): end the app. With a tray, closing the window only hides it,
    so quitting goes through the tray, which closes the window and then quits."""
    tray = window.ctx.services.tray
    if tray is not None and hasattr(tray, "quit"):
        tray.quit()
    else:
        window.close()

"""A self-quitting start, for the cold-start benchmark and CI's smoke test of the frozen
app (``relmanager --quit-after-paint``).

It waits for the first paint of the contact list *with rows in it* (what a person sees as
"the app is up"), prints ``painted`` on stdout at that moment, then visits every page,
each until its data is loaded, so the peak memory figure covers the whole window open on
the data set, prints ``rss <MB>`` and quits. Reading the moment from outside the process
(the benchmark times the line's arrival) measures process start to first paint,
interpreter start-up included.
"""

from __future__ import annotations

import resource
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from relmanager.ui.pages import PAGE_KEYS
from relmanager.ui.shell.main_window import MainWindow


class _FirstPopulatedPaint(QObject):
    """Watches the contact table's paints (its own signal: an event filter on the
    viewport would cost the start ~7 ms, see ``ContactTable``)."""

    def __init__(self, window: MainWindow, then: Callable[[], None], expect_rows: bool
                 ) -> None:
        super().__init__(window)
        self.window = window
        self.expect_rows = expect_rows
        self.then = then
        self.done = False
        window.contacts.table.painted.connect(self._painted)

    def _painted(self) -> None:
        if not self.done and (self.window.contacts.model.rowCount() > 0
                              or not self.expect_rows):
            self.done = True
            self.window.contacts.table.painted.disconnect(self._painted)
            QTimer.singleShot(0, self.then)


def peak_rss_mb() -> float:
    """Peak resident set size of this process's own memory, in MB. Linux's ``ru_maxrss``
    carries the peak of the process that forked us across ``exec`` (a benchmark runner
    holding 300 MB made a 14 MB child report 313 MB), so the kernel's high-water mark of
    this image, ``VmHWM``, is read where there is one."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    if "VmHWM:" in status:
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def quit_after_first_paint(window: MainWindow, quit_app: Callable[[], None],
                           expect_rows: bool = True) -> None:
    """Arrange the probe on a window that is about to be shown (``expect_rows`` False for
    an empty database, where the first paint is all there will be)."""
    pages = [page for page in PAGE_KEYS if page != "contacts"]

    def visit_next() -> None:
        if pages:
            key = pages.pop(0)
            window.show_page(key)
            QTimer.singleShot(50, lambda: loaded(key))
            return
        print(f"rss {peak_rss_mb():.1f}", flush=True)
        quit_app()

    def loaded(key: str) -> None:
        # Each page's read is waited for (the Network page builds its graph on a worker
        # for seconds): the figure covers the data every page holds, not a race between
        # the probe and the workers.
        if getattr(window.page_widget(key), "loading", False):
            QTimer.singleShot(50, lambda: loaded(key))
        else:
            visit_next()

    def painted() -> None:
        print("painted", flush=True)
        # The icons degrade to none when their files are not found: say so, for the
        # frozen build's smoke test.
        sidebar = window.sidebar
        missing = [sidebar.item(row).text() for row in range(sidebar.count())
                   if sidebar.item(row).icon().isNull()]
        print("icons " + (f"missing: {', '.join(missing)}" if missing else "ok"), flush=True)
        QTimer.singleShot(0, visit_next)

    probe = _FirstPopulatedPaint(window, painted, expect_rows)
    window.show_page("contacts")
    QTimer.singleShot(60_000, lambda: probe.done or (print("timeout", flush=True), quit_app()))

"""The peak-memory probe (``--quit-after-paint``) reads its figure once every page's
data is loaded: it used to move on after 50 ms a page, so whether the Network page's
build (seconds at 100,000 contacts, on a worker) was in the figure was a race between
the probe and the worker (170 or 278 MB for the same commit, issue 23)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from relmanager.ui.pages import PAGE_KEYS
from relmanager.ui.shell import startup_probe


class _Table(QObject):
    painted = Signal()


class _Page:
    def __init__(self, loading: bool) -> None:
        self.loading = loading


class _Sidebar:
    def count(self) -> int:
        return 0


class _Window(QObject):
    """What the probe reads of the window: the contact table's paints, the sidebar's
    icons, and the pages it shows."""

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events
        self.contacts = type("Contacts", (), {})()
        self.contacts.table = _Table()
        self.contacts.model = type("Model", (), {"rowCount": lambda _self: 1})()
        self.sidebar = _Sidebar()
        self.pages = {key: _Page(loading=key == "network") for key in PAGE_KEYS}

    def show_page(self, key: str) -> None:
        self.events.append(f"show {key}")
        if key == "network":  # a slow read, as the graph's build at 100k contacts
            QTimer.singleShot(400, self._network_loaded)

    def _network_loaded(self) -> None:
        self.pages["network"].loading = False
        self.events.append("network loaded")

    def page_widget(self, key: str) -> _Page:
        return self.pages[key]


def test_the_figure_is_read_after_every_page_has_loaded(qtbot, monkeypatch):
    events: list[str] = []
    monkeypatch.setattr(startup_probe, "peak_rss_mb", lambda: events.append("rss") or 1.0)
    window = _Window(events)
    done: list[bool] = []
    startup_probe.quit_after_first_paint(window, lambda: done.append(True))  # type: ignore[arg-type]
    window.contacts.table.painted.emit()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert events.index("rss") > events.index("network loaded") > events.index("show network")
    assert events.index("show capture") > events.index("network loaded")

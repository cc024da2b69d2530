"""Loading a page's data: the one state machine every page uses.

Each page (Today, Board, Timeline, Introductions, the contact list, a profile's
timeline) reads its data on a :class:`~relmanager.services.background.BackgroundReader`
and shows it on the UI thread. What used to be written four times, with only one copy
handling failure, lives here once:

- a change while the page is on screen reloads it (after a short debounce); a change
  while it is hidden marks it stale, and showing it again reloads;
- a newer request supersedes an older one (newest wins), so ``loading`` is true until the
  newest answer is shown;
- a failed read is never shown as an empty, reassuring page ("Nobody is going cold. Well
  kept!", an empty board): the page's content is replaced by "Could not load <what>:
  <reason>" with a Retry button, and the page loads again on the next change, on being
  shown again, or on Retry;
- :meth:`PageLoader.wait_loaded` blocks until the newest answer is shown (tests,
  benchmarks, screenshots).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.background import BackgroundReader
from relmanager.store import errors

#: Builds the read on the UI thread (capturing filters, the clock's now) and returns the
#: callable the worker runs.
ReadFactory = Callable[[], Callable[[], Any]]


def failure_reason(error: BaseException) -> str:
    """One line a person can act on: the store's message for database trouble."""
    if isinstance(error, errors.DB_EXCEPTIONS):  # peewee's among them: asked when needed
        return str(errors.translate(error))  # type: ignore[arg-type]
    return str(error) or type(error).__name__


class LoadFailure(QFrame):
    """"Could not load <what>: <reason>" and a Retry button, in place of a page's content."""

    retry = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.setObjectName("loadFailure")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#loadFailure { background: #fdecea; border: 1px solid #e0a39b;"
                           " border-radius: 4px; }")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # the reason may quote data
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Load error")
        self.message.setStyleSheet("color: #8a1c10;")
        self.retry_button = QPushButton("&Retry")
        self.retry_button.setAccessibleName(f"Retry loading {what}")
        self.retry_button.clicked.connect(self.retry)
        row = QHBoxLayout(self)
        row.addWidget(self.message, 1)
        row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_error(self, reason: str) -> None:
        self.message.setText(f"Could not load {self.what}: {reason}")


class PageLoader(QObject):
    """Loads ``page``'s data: ``read()`` builds the work, ``show(result)`` displays it.

    With ``lazy`` (pages), changes while hidden only mark the page stale; without it (the
    contact list, always on screen in its splitter) every request reads at once.
    """

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, page: QWidget, what: str, read: ReadFactory,
                 show: Callable[[Any], None], *, delay_ms: int = 100, lazy: bool = True,
                 reader: BackgroundReader | None = None) -> None:
        super().__init__(page)
        self.page, self._read, self._show = page, read, show
        self.lazy = lazy
        self.reader = reader or BackgroundReader(self)
        self.loading = False
        self.stale = True
        self.error: str | None = None
        self.panel = LoadFailure(what)
        self.panel.retry.connect(self.reload)
        self._stack: QStackedWidget | None = None
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.reload)

    def wrap(self, content: QWidget) -> QWidget:
        """``content`` and the failure panel in one place of the page's layout: the panel
        replaces the content while the last read failed."""
        stack = QStackedWidget()
        stack.addWidget(content)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.panel)
        column.addStretch(1)
        stack.addWidget(holder)
        self._stack = stack
        return stack

    # -- requests -------------------------------------------------------------------
    def reload(self) -> None:
        """Read now (the newest request wins). Nothing after shutdown."""
        self._timer.stop()
        if self.reader.closed:
            self.loading = False
            return
        self.stale = False
        self.loading = True
        try:
            work = self._read()
        except errors.DB_EXCEPTIONS as error:  # a read on the UI thread while building the work
            self._failed(error)
            return
        self.reader.submit(work, self._done, self._failed, key="page")

    def changed(self) -> None:
        """Data changed: reload soon when on screen, else when next shown."""
        if not self.lazy or self.page.isVisible():
            self._timer.start()
        else:
            self.stale = True

    def shown(self) -> None:
        """For the page's showEvent: a stale or failed page reads again."""
        if self.stale or self.error is not None:
            self.reload()

    def fail(self, error: BaseException) -> None:
        """A read outside the loader (a model's lazy page while painting) failed: the
        page says so as if its own read had failed, and reloads on Retry or change."""
        if self.error is None:
            self._failed(error)

    def wait_loaded(self) -> None:
        """Block until the newest request is shown (tests, benchmarks, screenshots).

        A page just built when first chosen (``LazyPage``) is shown by its layout one
        event-loop turn later, and reads as it is shown: waiting right after choosing it
        found nothing pending and returned with the page empty (Today's lists, in the
        whole suite under load). That turn is let run first."""
        if self.stale and not self.page.isVisible():
            QCoreApplication.processEvents()
        while self.loading or self._timer.isActive():
            if self._timer.isActive():
                self._timer.stop()
                self.reload()
            self.reader.wait()
            QCoreApplication.processEvents()

    def shutdown(self) -> None:
        self._timer.stop()
        self.reader.shutdown()

    # -- answers --------------------------------------------------------------------
    def _done(self, result: Any) -> None:
        self.loading = False
        self.error = None
        if self._stack is not None:
            self._stack.setCurrentIndex(0)
        self._show(result)
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.stale = True
        self.error = failure_reason(error)
        self.panel.show_error(self.error)
        if self._stack is not None:
            self._stack.setCurrentIndex(1)
        self.failed.emit(self.error)


class LoaderPage:
    """What every page that reads through a :class:`PageLoader` (``self.loader``) offers
    the window, tests and benchmarks, said once: whether a read is pending, a way to wait
    for it, and shutdown. Mixed in before QWidget."""

    loader: PageLoader

    @property
    def loading(self) -> bool:
        return self.loader.loading

    def wait_loaded(self) -> None:
        """Block until the pending load is shown (tests, benchmarks, screenshots)."""
        self.loader.wait_loaded()

    def shutdown(self) -> None:
        self.loader.shutdown()

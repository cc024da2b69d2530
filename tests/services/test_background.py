"""The one background reader: newest wins per key, both callbacks mandatory, nothing
delivered after shutdown; and the one page loader on top of it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from relmanager.services.background import BackgroundReader
from relmanager.ui.shared.page_loader import PageLoader


def _settle(reader: BackgroundReader) -> None:
    reader.wait()
    QCoreApplication.processEvents()


def test_newest_wins_per_key(qtbot):
    reader = BackgroundReader()
    gate, running = threading.Event(), threading.Event()
    answers: list[str] = []
    ran: list[str] = []

    def work(name: str, block: bool = False):
        def run() -> str:
            ran.append(name)
            if block:
                running.set()
                gate.wait(5)
            return name
        return run

    reader.submit(work("first", block=True), answers.append, pytest.fail, key="a")
    assert running.wait(5)
    reader.submit(work("queued"), answers.append, pytest.fail, key="a")
    reader.submit(work("other key"), answers.append, pytest.fail, key="b")
    reader.submit(work("newest"), answers.append, pytest.fail, key="a")
    gate.set()
    _settle(reader)
    # "first" was running when superseded: it ran, but its answer was dropped; "queued"
    # never ran; the other key is untouched by a's newer request.
    assert ran == ["first", "other key", "newest"]
    assert answers == ["other key", "newest"]
    reader.shutdown()


def test_a_failure_reaches_the_failed_callback_and_both_are_required(qtbot):
    reader = BackgroundReader()
    errors: list[BaseException] = []

    def boom() -> None:
        raise RuntimeError("disk I/O error")

    reader.submit(boom, pytest.fail, errors.append)
    _settle(reader)
    assert [str(e) for e in errors] == ["disk I/O error"]
    with pytest.raises(TypeError):
        reader.submit(lambda: 1, print, None)  # type: ignore[arg-type]
    reader.shutdown()


def test_nothing_is_delivered_after_shutdown(qtbot):
    reader = BackgroundReader()
    answers: list[int] = []
    reader.submit(lambda: 1, answers.append, pytest.fail)
    reader.shutdown()
    QCoreApplication.processEvents()
    reader.submit(lambda: 2, answers.append, pytest.fail)
    QCoreApplication.processEvents()
    assert answers == []


def test_page_loader_marks_hidden_pages_stale_and_reports_failures(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    shown: list[int] = []
    calls = {"n": 0}

    def read():
        calls["n"] += 1
        number = calls["n"]

        def work() -> int:
            if number == 2:
                raise OSError("disk I/O error")
            return number
        return work

    loader = PageLoader(page, "things", read, shown.append, delay_ms=0)
    page_content = QLabel("content")
    stack = loader.wrap(page_content)
    stack.setParent(page)
    loader.changed()  # hidden: only marked stale
    assert loader.stale and calls["n"] == 0
    page.show()
    loader.shown()
    loader.wait_loaded()
    assert shown == [1] and not loader.stale and loader.error is None
    loader.changed()
    loader.wait_loaded()
    assert shown == [1] and loader.error is not None and "disk I/O error" in loader.error
    assert loader.panel.isVisible() and not page_content.isVisible()
    assert loader.panel.message.text().startswith("Could not load things:")
    loader.panel.retry_button.click()
    loader.wait_loaded()
    assert shown == [1, 3] and loader.error is None and page_content.isVisible()
    loader.shutdown()

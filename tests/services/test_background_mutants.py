"""The background reader's bookkeeping seen from its owner (relmanager.services.background):
one request at a time, generations, busy and closed, a second shutdown, and the log line
of a failed read (mutmut found them untested)."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool

from relmanager.services.background import BackgroundReader
from tests.qt_ownership import check_owned


def test_requests_run_one_at_a_time_in_the_order_given(qtbot):
    reader = BackgroundReader()
    gate, running = threading.Event(), threading.Event()
    ran: list[str] = []

    def first() -> str:
        running.set()
        gate.wait(5)
        ran.append("first")
        return "first"

    try:
        assert reader.submit(first, lambda _: None, pytest.fail, key="a") == 1
        second = reader.submit(lambda: ran.append("second"), lambda _: None, pytest.fail,
                               key="b")
        assert second == 2
        assert running.wait(5)
        assert reader.busy
        time.sleep(0.2)  # a second worker thread would have run "second" by now
        assert ran == []
        gate.set()
        reader.wait()
        assert ran == ["first", "second"] and not reader.busy
        assert reader.is_newest("a", 1) and reader.is_newest("b", 2)
        assert not reader.is_newest("a", 2) and not reader.is_newest("c", 1)
    finally:
        gate.set()
        reader.shutdown()


def test_a_reader_shut_down_is_closed_and_a_second_shutdown_does_nothing(qtbot):
    reader = BackgroundReader()
    answers: list[int] = []
    assert not reader.closed
    generation = reader.submit(lambda: 1, answers.append, pytest.fail, key="k")
    reader.wait()
    reader.shutdown()
    assert reader.closed and not reader.is_newest("k", generation)
    reader.shutdown()
    assert reader.submit(lambda: 2, answers.append, pytest.fail, key="k") == generation + 1
    reader.wait()
    QCoreApplication.processEvents()
    assert answers == [] and not reader.busy


def test_a_failed_read_is_logged_with_its_error(qtbot, caplog):
    reader = BackgroundReader()
    errors: list[BaseException] = []

    def boom() -> None:
        raise OSError("disk I/O error")

    try:
        with caplog.at_level(logging.WARNING, logger="relmanager.services.background"):
            reader.submit(boom, pytest.fail, errors.append)
            reader.wait()
            qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
        record, = [r for r in caplog.records if r.name == "relmanager.services.background"]
        assert record.getMessage() == "background read failed: disk I/O error"
        assert record.exc_info is not None and record.exc_info[1] is errors[0]
    finally:
        reader.shutdown()


def test_the_reader_and_its_thread_pool_belong_to_its_owner_and_go_with_it(qtbot):
    check_owned(BackgroundReader, QThreadPool)


def test_a_request_without_both_callbacks_is_refused_with_the_reason(qtbot):
    reader = BackgroundReader()
    try:
        for done, failed in ((None, print), (print, None)):
            with pytest.raises(TypeError, match=r"^a background read needs both a done and "
                                                r"a failed callback$"):
                reader.submit(lambda: 1, done, failed)  # type: ignore[arg-type]
    finally:
        reader.shutdown()

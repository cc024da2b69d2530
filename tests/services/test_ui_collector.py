"""Qt objects in reference cycles are destroyed on the UI thread, between two events, and
never on a worker that happens to allocate (the suite died once with the collector run
inside the tray's event filter while the tray's worker read); the background reader's
worker never drops the last reference to a request's callbacks."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject, QTimer

from relmanager.services.background import BackgroundReader
from relmanager.services.ui_collector import UiThreadCollector
from tests.qt_ownership import check_owned
from tests.reliability.live_app import live_app_after


def _allocate_on_a_worker() -> list:
    """What a store read does to the collector's counts: many containers (kept: the
    counts go down again as they are freed)."""
    made: list = []
    worker = threading.Thread(target=lambda: made.extend([index] for index in range(50_000)))
    worker.start()
    worker.join()
    return made


def _qt_object_in_a_cycle(freed_on: list[int]) -> None:
    """A parentless QObject (Python owns it) reachable only from a reference cycle."""
    obj = QObject()
    weakref.finalize(obj, lambda: freed_on.append(threading.get_ident()))
    cycle: list = [obj]
    cycle.append(cycle)


def test_cycles_are_freed_by_the_ui_thread_and_not_by_a_worker_that_allocates(qtbot):
    main = threading.get_ident()
    freed_on: list[int] = []
    gc.enable()  # as the window has it before the driver takes over
    driver = UiThreadCollector(tick_ms=20)
    try:
        _qt_object_in_a_cycle(freed_on)
        made = _allocate_on_a_worker()
        assert freed_on == []  # left for the UI thread, not freed by the worker
        qtbot.waitUntil(lambda: freed_on == [main], timeout=3000)
        del made
    finally:
        driver.shutdown()
    assert not gc.isenabled()  # the suite's own driving (conftest) goes on


def test_the_driver_and_its_timer_belong_to_the_app_and_go_with_it(qtbot):
    check_owned(lambda app: UiThreadCollector(app, tick_ms=10), QTimer)


def test_a_driver_shut_down_runs_no_more_collections(qtbot):
    freed_on: list[int] = []
    driver = UiThreadCollector(tick_ms=10)
    driver.shutdown()
    _qt_object_in_a_cycle(freed_on)
    made = [[index] for index in range(50_000)]  # a collection would be due
    qtbot.wait(200)  # twenty ticks of a timer left running
    assert freed_on == []  # the suite's own driving (conftest) collects between tests
    assert driver.collect_if_due() is not None  # asked by hand, it runs the due one
    assert freed_on == [threading.get_ident()]
    del made


def test_the_live_app_runs_the_collector_from_its_ui_thread(db_path, qtbot, tmp_path):
    main = threading.get_ident()
    freed_on: list[int] = []
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log", ()) as live:
        assert isinstance(live.ctx.services.collector, UiThreadCollector)
        _qt_object_in_a_cycle(freed_on)
        made = [[index] for index in range(5_000)]  # enough for a collection to be due
        qtbot.waitUntil(lambda: freed_on == [main], timeout=5000)
        del made


class _Garbage:
    """Something of the test process's own, in a reference cycle."""

    def __init__(self) -> None:
        self.me = self


def test_the_live_app_in_a_test_process_freezes_nothing_of_it(db_path, qtbot, tmp_path):
    """The window's start is settled (collected, then frozen) only in the process the
    command line started for it: frozen, the test process's objects of the moment (its
    garbage, the window's cycles) would never be collected again."""
    garbage = _Garbage()
    freed = weakref.ref(garbage)
    frozen = gc.get_freeze_count()
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log", ()) as live:
        qtbot.waitUntil(lambda: isinstance(live.ctx.services.collector, UiThreadCollector),
                        timeout=10_000)  # the start was released (app._drive_collector)
        del garbage
    assert gc.get_freeze_count() == frozen
    gc.collect()
    assert freed() is None


def test_the_reader_never_drops_the_last_reference_to_a_callback_on_its_worker(qtbot):
    main = threading.get_ident()
    reader = BackgroundReader()
    freed_on: list[int] = []
    answers: list[int] = []

    class Receiver:
        """Stands for a widget whose bound method is the done callback."""

        def done(self, value: int) -> None:
            answers.append(value)

    try:
        for value in range(1000):
            receiver = Receiver()
            weakref.finalize(receiver, lambda: freed_on.append(threading.get_ident()))
            reader.submit(lambda value=value: value, receiver.done, answers.append,
                          key=value)
            del receiver  # the request is now the only holder
        qtbot.waitUntil(lambda: len(freed_on) == 1000, timeout=10_000)
        assert answers == list(range(1000))
        assert set(freed_on) == {main}
    finally:
        reader.shutdown()

"""Nothing of a click on the Network page runs on the UI thread: the warm paths (one
Dijkstra over the whole network) and the tie and relations panels' reads go to workers,
an answer for a person no longer chosen is dropped, and a burst of data changes costs one
rebuild of the network, not one each."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt

from relmanager.domain.network import RelationKind
from relmanager.domain.stages import Stage
from relmanager.services.writer import Change
from relmanager.store import activity, contacts, relations
from relmanager.store.models import database
from relmanager.ui.network import network_page


def _people(clock):
    ids = {name: contacts.create_contact(clock, name, stage=stage).id
           for name, stage in (("Ann Lee", Stage.FRIENDSHIP), ("Dan Roe", Stage.ENCOUNTER),
                               ("Eve Ng", Stage.DEVELOPMENT))}
    activity.log_interaction(clock, [ids["Ann Lee"]], "one_on_one", minutes=60)
    relations.relate(clock, ids["Ann Lee"], ids["Dan Roe"], RelationKind.COLLEAGUE)
    relations.relate(clock, ids["Eve Ng"], ids["Dan Roe"], RelationKind.FRIEND)
    return ids


def _page(open_window, ctx, qtbot):
    window = open_window(ctx)
    window.show_page("network")
    page = window.page_widget("network")
    qtbot.waitUntil(page.isVisible)
    page.wait_loaded()
    return page


def _click(qtbot, page, contact_id):
    item = page.view.items_by_id[contact_id]
    point = page.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_click_reads_and_searches_nothing_on_the_ui_thread(open_window, ctx, clock, qtbot,
                                                            monkeypatch):
    ids = _people(clock)
    page = _page(open_window, ctx, qtbot)
    searched_on: list[bool] = []
    real = network_page.warm_paths

    def counted(*args, **kwargs):
        searched_on.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(network_page, "warm_paths", counted)
    statements: list[str] = []
    conn = database.connection()  # the UI thread's own connection
    conn.set_trace_callback(statements.append)
    try:
        start = time.perf_counter()
        _click(qtbot, page, ids["Dan Roe"])
        on_ui = time.perf_counter() - start
        page.wait_loaded()
    finally:
        conn.set_trace_callback(None)
    assert statements == []  # the tie, the relations: read on a worker
    assert searched_on == [False]  # the paths: found on the worker, once
    assert on_ui < 0.5, on_ui  # the click itself returns at once (budget: a busy machine)
    assert page.path_list.item(0).text().startswith("You → Ann Lee → Dan Roe")
    assert page.tie.strength.text().startswith("Dan Roe: tie ")
    assert {page.tie.relations.list.item(i).text()
            for i in range(page.tie.relations.list.count())} == {
        "Colleague of Ann Lee", "Friend of Eve Ng"}


def test_an_answer_for_someone_no_longer_chosen_is_dropped(open_window, ctx, clock, qtbot):
    ids = _people(clock)
    page = _page(open_window, ctx, qtbot)
    page.select_person(ids["Dan Roe"])
    page.select_person(ids["Eve Ng"])  # before Dan's answers came back
    page.wait_loaded()
    assert page.selected_id == ids["Eve Ng"]
    assert page.tie.strength.text().startswith("Eve Ng: tie ")
    shown = page.path_list.item(0).text()
    assert shown.endswith("Eve Ng") or "Eve Ng\n" in shown or "No warm path" in shown
    # Dan's answers arriving late change nothing.
    page._show_paths((page.view_data, ids["Dan Roe"], [], {}))
    page.tie._shown((ids["Dan Roe"], None, "Dan Roe"))
    page.tie.relations._shown((ids["Dan Roe"], []))
    assert page.path_list.item(0).text() == shown
    assert page.tie.strength.text().startswith("Eve Ng: tie ")
    assert page.tie.relations.list.item(0).text() == "Friend of Dan Roe"
    # ...and an answer for a network since rebuilt is dropped too.
    old = page.view_data
    page.loader.reload()
    page.wait_loaded()
    assert page.view_data is not old
    page._show_paths((old, ids["Eve Ng"], [], {}))
    assert page.path_list.item(0).text() == shown


def test_twenty_quick_changes_rebuild_the_network_once(open_window, ctx, clock, qtbot,
                                                       monkeypatch):
    ids = _people(clock)
    page = _page(open_window, ctx, qtbot)
    builds: list[float] = []
    real = network_page.read_view

    def counted(*args, **kwargs):
        builds.append(time.monotonic())
        return real(*args, **kwargs)

    monkeypatch.setattr(network_page, "read_view", counted)
    last = 0.0
    for n in range(20):
        ctx.writer.write("the note", lambda n=n: contacts.update_contact(
            clock, ids["Ann Lee"], notes=f"note {n}"), Change.of_contacts((ids["Ann Lee"],)),
            tell=False)
        last = time.monotonic()
        qtbot.wait(20)
    qtbot.wait(network_page.REBUILD_AFTER_MS // 2)
    assert builds == []  # still gathering
    qtbot.waitUntil(lambda: len(builds) == 1, timeout=5000)
    page.loader.wait_loaded()
    qtbot.wait(300)
    assert len(builds) == 1
    assert builds[0] - last >= network_page.REBUILD_AFTER_MS / 1000 - 0.05

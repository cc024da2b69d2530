"""Two processes on one live database, for who knows whom: the real window is open (as
``relmanager.app`` builds it, with its services) while ``relmanager relate`` runs in a
separate process. The window notices the other process's commit (SQLite's data_version,
relmanager.services.outside_writes), and its Network page then draws the new relation and
finds the warm path through it. Nothing is lost on either side: the window's own writes
and the command's are all in the file, and the window never opened the file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.live_app import WATCH, LiveApp, live_app_after, run_cli


@pytest.fixture
def live(db_path: Path, qtbot, tmp_path: Path) -> Iterator[LiveApp]:
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log", (
            ("add", "Ann Lee", "--stage", "friendship"),
            ("add", "Dan Roe", "--stage", "encounter"),
            ("add", "Eve Ng", "--stage", "development"),
            ("log", "Ann Lee", "--channel", "one_on_one"))) as app:
        yield app


def _edges(page) -> set[frozenset[int]]:
    data = page.view_data
    return {frozenset((link.a, link.b)) for link in data.links} if data else set()


def test_a_relation_made_on_the_command_line_shows_on_the_open_network_page(live, qtbot):
    from relmanager.store import relations
    from relmanager.store.models import Contact

    window = live.window
    window.show_page("network")
    page = window.page_widget("network")
    qtbot.waitUntil(lambda: page.view_data is not None, timeout=20_000)
    ids = {c.display_name: c.id for c in Contact.select()}
    ann, dan, eve = ids["Ann Lee"], ids["Dan Roe"], ids["Eve Ng"]
    assert frozenset((ann, dan)) not in _edges(page)

    with WATCH.watching(live.path) as watch:
        done = run_cli(live.path, "relate", "Dan Roe", "Ann Lee", "--as", "colleague")
        assert done.returncode == 0, done.stderr
        # The window learns of it by itself (no click, no reload by hand).
        qtbot.waitUntil(lambda: frozenset((ann, dan)) in _edges(page), timeout=20_000)
        page.select_person(dan)
        page.wait_loaded()
        assert page.path_list.item(0).text().startswith("You → Ann Lee → Dan Roe")
        # The window writes too, meanwhile: a relation through its own panel.
        page.tie.relations.set_contact(eve)
        page.tie.relations.other.set_contact(dan)
        page.tie.relations.add()
        done = run_cli(live.path, "relate", "Eve Ng", "Ann Lee", "--as", "friend")
        assert done.returncode == 0, done.stderr
        qtbot.waitUntil(lambda: frozenset((ann, eve)) in _edges(page), timeout=20_000)
    assert not watch.hits, watch.report()
    # Nothing lost: a separate process sees all three relations.
    paths = json.loads(run_cli(live.path, "paths", "Dan Roe", "--json").stdout)
    assert any([v["name"] for v in path["via"]] == ["Ann Lee"] for path in paths), paths
    described = {r.describe() for r in relations.relations_of(dan)}
    assert described == {"colleague of Ann Lee", "colleague of Eve Ng"}

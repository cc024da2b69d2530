"""The benchmarks' floors do the work they claim: the import's floor writes exactly the
rows the import wrote (and the full-text index finds them), and a view is timed to one
paint with its data. Small data, a few seconds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from bench import harness
from bench.bench_import import CHILD_TABLES, floor_import, write_cards, written_rows
from bench.bench_views import paint_loaded
from relmanager.interchange import parse_file
from relmanager.store import importer, queries


def _without(rows: list[tuple], names: list[str], column: str) -> list[tuple]:
    at = names.index(column)
    return [row[:at] + row[at + 1:] for row in rows]


def test_the_import_floor_writes_the_rows_the_import_wrote(db, db_path: Path, clock,
                                                            tmp_path: Path) -> None:
    cards = write_cards(tmp_path / "cards.vcf", count=30)
    summary = importer.apply_plan(importer.plan_import(parse_file(cards), cards.name), clock)
    raw = harness.raw_connection(db_path)
    rows = written_rows(raw, summary.batch_id)
    assert rows.contacts == 30
    sizes = {table: len(rows.tables[table][1]) for table in CHILD_TABLES}
    assert sizes == {"contact_email": 60, "contact_phone": 30, "contact_link": 30,
                     "contact_tag": 60, "stage_change": 30}
    importer.undo_import(summary.batch_id, clock)
    assert written_rows(raw, summary.batch_id).contacts == 0

    batch_id, _parse_ms = floor_import(cards, raw, rows, expected=30)

    again = written_rows(raw, batch_id)
    names, contacts = rows.tables["contact"]
    assert _without(again.tables["contact"][1], names, "import_batch_id") == \
        _without(contacts, names, "import_batch_id")
    for table in CHILD_TABLES:
        assert again.tables[table] == rows.tables[table], table
    # Written through the schema's full-text triggers: the app's search finds them.
    last_name = contacts[0][names.index("display_name")].split()[-1]
    found = set(queries.contact_ids(queries.ContactFilter(text=last_name), clock.now()))
    assert contacts[0][0] in found
    raw.close()


class _Counting(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paintEvent(self, _event: QPaintEvent) -> None:
        self.paints += 1


def test_a_view_is_timed_to_one_paint_with_its_data(qtbot) -> None:
    widget = _Counting()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    loaded = [False]

    def load_asking_for_a_paint() -> None:  # as a view does when its data arrives
        loaded[0] = True
        widget.update()

    before = widget.paints
    paint_loaded([widget], lambda: loaded[0], load_asking_for_a_paint)
    assert widget.paints == before + 1  # the event loop's paint, not one more

    def load_without_a_paint() -> None:
        loaded[0] = True

    loaded[0] = False
    before = widget.paints
    paint_loaded([widget], lambda: loaded[0], load_without_a_paint)
    assert widget.paints == before + 1  # painted by paint_loaded itself


def test_the_graph_rows_run_on_a_small_network(db, db_path: Path, clock, qtbot) -> None:
    """bench_graph end to end on a 300-person demo: every row is produced, each with a
    floor that did work (the captured SQL replayed, networkx's own call)."""
    from bench import bench_graph
    from relmanager.store import demo
    from relmanager.store.db import close_db

    demo.generate(300, 3000, clock.now())
    close_db()
    rows = bench_graph.benchmarks(db_path, runs=1)
    assert [row.key for row in rows] == ["graph.build", "graph.paths", "graph.page",
                                         "graph.zoom"]
    assert all(row.floor is not None and row.floor > 0 for row in rows)


def test_the_capture_rows_run_on_small_data(db, db_path: Path, clock) -> None:
    """bench_capture end to end on a 300-person demo, 400 messages and 60 events: each
    row has a floor that read the same messages or events, and ours captured something
    (and was undone, so the copy ends as it began)."""
    from bench import bench_capture
    from relmanager.store import demo
    from relmanager.store.db import close_db

    demo.generate(300, 1000, clock.now())
    close_db()
    rows = bench_capture.benchmarks(db_path, runs=1, messages=400, events=60)
    assert [row.key for row in rows] == ["capture.mail", "capture.mail_write", "capture.rss",
                                         "capture.calendar"]
    assert all(row.floor is not None and row.floor > 0 for row in rows)
    assert rows[0].note.startswith("400 messages, ") and " 0 interactions" not in rows[0].note
    # The write floor inserted what ours wrote: an interaction and a capture record each.
    captured = int(rows[0].note.split(", ")[1].split()[0].replace(",", ""))
    assert f"the same {2 * captured:,} rows" in rows[1].floor_name
    assert rows[3].name == "capture of 60 calendar events"
    assert not rows[3].note.startswith("0 interactions")

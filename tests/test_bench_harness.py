"""The benchmark harness's own logic: ratio verdicts, percentiles, SQL capture and replay,
and ``--compare`` against a saved run. Fast, no data set."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bench import compare, harness, run


def _row(key: str, ratio: float | None, median: float = 10.0, unit: str = "ms",
         p95_ratio: float | None = None) -> dict:
    return {"key": key, "name": f"row {key}", "unit": unit, "median": median,
            "ratio": ratio, "p95_ratio": p95_ratio}


def _run(*rows: dict, machine: str = "m1") -> dict:
    return {"machine": machine, "when": "2026-12-05 04:00:00", "results": list(rows)}


# -- rows --------------------------------------------------------------------------------

def test_ratio_row_within_and_over_budget() -> None:
    inside = harness.ratio_row("k", "n", "ms", [20, 30, 40], [10, 15, 20], 2.0, floor_name="f")
    assert (inside.median, inside.floor, inside.ratio, inside.ok) == (30, 15, 2.0, True)
    assert inside.budget == "<= 2x"
    over = harness.ratio_row("k", "n", "ms", [31, 31, 31], [15, 15, 15], 2.0, floor_name="f")
    assert over.ratio == pytest.approx(31 / 15)
    assert over.ok is False


def test_ratio_row_p95_budget_fails_a_good_median() -> None:
    ours = [10.0] * 19 + [200.0]  # p95 (nearest rank) is the 19th of 20: 10
    floor = [5.0] * 20
    assert harness.ratio_row("k", "n", "ms", ours, floor, 3, p95_limit=5, floor_name="f").ok
    ours = [10.0] * 18 + [200.0, 200.0]  # now the 19th is 200: 40x the floor's p95
    row = harness.ratio_row("k", "n", "ms", ours, floor, 3, p95_limit=5, floor_name="f")
    assert row.ratio == 2.0
    assert row.p95 == 200.0
    assert row.p95_ratio == 40.0
    assert row.worst == 200.0
    assert row.ok is False
    assert row.budget == "<= 3x median, <= 5x p95"


def test_percentile_is_nearest_rank_and_median_of_even_count() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert harness.percentile(samples, 0.95) == 95.0
    assert harness.percentile([3.0], 0.95) == 3.0
    assert harness.median([1.0, 2.0, 3.0, 10.0]) == 2.5


def test_a_zero_floor_is_never_within_budget() -> None:
    row = harness.ratio_row("k", "n", "ms", [1.0], [0.0], 2.0, floor_name="f")
    assert row.ok is False


def test_table_puts_the_ratio_before_the_figures() -> None:
    row = harness.ratio_row("k", "board", "ms", [96.0], [20.0], 2.0, floor_name="raw SQL")
    header, _rule, line = harness.table([row]).splitlines()
    assert header.index("ratio") < header.index("measured") < header.index("floor")
    assert line.startswith("| board | 4.80x | <= 2x | **no** | 96.0 ms | 20.0 ms | raw SQL |")


# -- the raw-SQL floor ---------------------------------------------------------------------

def test_captured_queries_replay_raw_with_their_parameters(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    setup = sqlite3.connect(db)
    setup.executescript(
        "CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT);"
        "CREATE VIRTUAL TABLE words USING fts5(name);"
        "CREATE TABLE seen (at TEXT);"
        "CREATE TRIGGER one AFTER UPDATE ON person BEGIN INSERT INTO seen VALUES (1); END;"
        "CREATE TRIGGER two AFTER UPDATE ON person BEGIN INSERT INTO seen VALUES (2); END;"
        "INSERT INTO person (name) VALUES ('Ann O''Neil'), ('Bob'), ('Anna');"
        "INSERT INTO words (rowid, name) SELECT id, name FROM person;")
    setup.commit()
    with harness.captured_sql(setup) as statements:
        setup.execute("SELECT id FROM person WHERE name = ?", ("Ann O'Neil",)).fetchall()
        setup.execute("SELECT rowid FROM words WHERE words MATCH ?", ("ann*",)).fetchall()
        setup.execute("UPDATE person SET name = name WHERE id = ?", (2,))
    setup.execute("SELECT 1")  # after the block: not captured
    queries = harness.reads(statements)
    assert queries == ["SELECT id FROM person WHERE name = 'Ann O''Neil'",
                       "SELECT rowid FROM words WHERE words MATCH 'ann*'"]
    # Each trigger's start reports the UPDATE again; it was sent once.
    assert statements.count("UPDATE person SET name = name WHERE id = 2") > 1
    assert harness.replayable(statements)[-2:] == [
        "BEGIN ", "UPDATE person SET name = name WHERE id = 2"]
    raw = sqlite3.connect(db)
    assert harness.replay(raw, queries) == 1 + 2


def test_timed_pair_takes_turns_going_first() -> None:
    order: list[str] = []
    ours, floor = harness.timed_pair(lambda: order.append("ours"),
                                     lambda: order.append("floor"), 4, warmup=0)
    assert len(ours) == len(floor) == 4
    assert order == ["floor", "ours", "ours", "floor", "floor", "ours", "ours", "floor"]


# -- --compare ----------------------------------------------------------------------------

def test_a_row_more_than_ten_percent_worse_is_flagged() -> None:
    before = _run(_row("a", 2.0), _row("b", 2.0), _row("c", 2.0), _row("gone", 1.0))
    after = _run(_row("a", 2.21), _row("b", 2.19), _row("c", 1.5), _row("new", 1.0))
    text, worse = compare.report(before, after)
    assert [c.key for c in worse] == ["a"]
    by_key = {c.key: c for c in compare.compare_rows(before, after)}
    assert by_key["a"].change == pytest.approx(0.105)
    assert "WORSE" in by_key["a"].line and "+10.5%" in by_key["a"].line
    assert by_key["b"].worse is False and "same" in by_key["b"].line
    assert "better" in by_key["c"].line
    assert "new" in by_key["new"].line and "missing" in by_key["gone"].line
    assert "  not in this run: gone" in text.splitlines()
    assert "1 row(s) more than 10% worse: row a" in text


def test_the_ratio_decides_not_the_machine_speed() -> None:
    # A slower machine: every figure doubled, the floor too; the ratio held.
    before = _run(_row("a", 2.0, median=50.0), machine="fast")
    after = _run(_row("a", 2.0, median=100.0), machine="slow")
    text, worse = compare.report(before, after)
    assert worse == []
    assert "only the ratios are comparable" in text
    assert "median 50.0 -> 100.0 ms (+100%)" in text


def test_rows_without_a_ratio_compare_their_median_in_the_right_direction() -> None:
    before = _run(_row("import", None, 7000.0, "cards/s"), _row("t", None, 10.0))
    after = _run(_row("import", None, 6000.0, "cards/s"), _row("t", None, 10.5))
    _, worse = compare.report(before, after)
    assert [c.key for c in worse] == ["import"]  # fewer cards per second is worse


def test_compare_command_exit_status_and_bad_files(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    ref, same, slower = tmp_path / "ref.json", tmp_path / "same.json", tmp_path / "slow.json"
    ref.write_text(json.dumps(_run(_row("a", 2.0))))
    same.write_text(json.dumps(_run(_row("a", 2.1))))
    slower.write_text(json.dumps(_run(_row("a", 2.5))))
    assert compare.main([str(ref), str(same)]) == 0
    assert compare.main([str(ref), str(slower)]) == 1
    assert "+25.0%" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(SystemExit, match="cannot read the saved run"):
        compare.load(broken)
    broken.write_text("[]")
    with pytest.raises(SystemExit, match="not a saved benchmark run"):
        compare.load(broken)


def test_the_saved_reference_run_is_a_run_with_a_floor_for_every_row() -> None:
    saved = compare.load(harness.RESULTS / "reference.json")
    assert saved["machine"]
    rows = saved["results"]
    assert {"start", "board", "timeline.page", "uisearch", "import"} <= {r["key"] for r in rows}
    for row in rows:
        if row["budget"] != "(reference)" and row["median"] == row["median"]:
            assert row["floor"] is not None and row["limit"] is not None, row["key"]


def test_feature_modules_are_found_by_name() -> None:
    found = run.feature_modules()
    assert {"bench_views", "bench_import"} <= set(found)
    assert not set(found) & run.BUILT_IN


def test_a_bad_reference_stops_the_run_before_it_starts(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    started: list[bool] = []
    monkeypatch.setattr(run, "dataset", lambda: started.append(True))
    with pytest.raises(SystemExit, match="cannot read the saved run"):
        run.main(["--compare", str(tmp_path / "nowhere.json")])
    assert started == []

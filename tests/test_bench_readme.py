"""The README's performance table comes from saved runs: merged by row key (a later run
wins), each run's machine and load listed, and written only between the two markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import readme


def _run(when: str, load: str, **ratios: float) -> dict:
    return {"machine": "2 cores", "load": load, "when": when, "results": [
        {"key": key, "name": f"row {key}", "unit": "ms", "median": 10.0 * ratio,
         "floor": 10.0, "limit": 2.0, "ratio": ratio, "ok": ratio <= 2.0,
         "budget": "<= 2x", "floor_name": "raw"} for key, ratio in ratios.items()]}


def test_runs_merge_by_key_and_say_where_they_came_from() -> None:
    text = readme.block([_run("t1", "9.0", board=2.6, cold=1.1), _run("t2", "0.5", board=1.8)])
    assert "| row board | 1.80x | <= 2x | yes |" in text
    assert "2.60x" not in text and "| row cold | 1.10x |" in text
    assert text.index("row board") < text.index("row cold")  # the first run's order
    assert "run 1: t1" in text and "load average at the end 0.5" in text
    assert "Every judged row within its budget" in text


def test_write_replaces_only_between_the_markers(tmp_path: Path) -> None:
    page = tmp_path / "README.md"
    page.write_text(f"before\n{readme.START}\nold table\n{readme.END}\nafter\n")
    readme.write(page, readme.block([_run("t", "1.0", board=2.5)]))
    content = page.read_text()
    assert content.startswith("before\n") and content.endswith("\nafter\n")
    assert "old table" not in content and "Over budget in these runs: `board`" in content
    page.write_text("no markers\n")
    with pytest.raises(SystemExit, match="markers"):
        readme.write(page, "x")

"""bench.count_start reads callgrind's dumps right: the UI thread's only (the first of
``--separate-threads``), summed per dump trigger, the last dump (the process's end) too.
The dumps are laid out as callgrind 3.19 writes them (headers copied from a real run)."""

from __future__ import annotations

from pathlib import Path

from bench.count_start import _ui_thread_counts


def _dump(path: Path, trigger: str, thread: int, total: int) -> None:
    path.write_text(
        "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npid: 25781\n"
        f"part: 2\nthread: {thread}\n\n\ndesc: I1 cache: \ndesc: D1 cache: \n"
        f"desc: LL cache: \n\ndesc: Timerange: Basic block 28870786 - 75964932\n"
        f"desc: Trigger: {trigger}\n\npositions: line\nevents: Ir\nsummary: {total}\n\n"
        f"ob=(1) /usr/lib/x86_64-linux-gnu/libc.so.6\nfl=(1) ???\nfn=(1) malloc\n"
        f"0 {total}\n\ntotals: {total}\n", encoding="ascii")


def test_the_ui_threads_instructions_are_summed_per_module(tmp_path):
    _dump(tmp_path / "app.25781.1-01", "Client Request: run:boot", 1, 127_000_000)
    _dump(tmp_path / "app.25781.2-01", "Client Request: peewee", 1, 33_000_000)
    _dump(tmp_path / "app.25781.2-02", "Client Request: peewee", 2, 900)  # a worker
    _dump(tmp_path / "app.25781.3-01", "Client Request: run:main", 1, 200_000_000)
    _dump(tmp_path / "app.25781.4-01", "Client Request: peewee", 1, 1_000)  # its 2nd part
    _dump(tmp_path / "app.25781-01", "Program termination", 1, 7)
    _dump(tmp_path / "floor.25790-01", "Program termination", 1, 640_000_000)

    counts = _ui_thread_counts(tmp_path, "app")

    assert counts == {"run:boot": 127_000_000, "peewee": 33_001_000,
                      "run:main": 200_000_000, "end": 7}
    assert _ui_thread_counts(tmp_path, "floor") == {"end": 640_000_000}

"""The ``board`` row counted in instructions: a show of the board (its UI thread and its
worker apart) and the row's floor, each per show, under callgrind.

At the load of a shared 2-core machine a ``--only board`` run's ratio moves by 30% between
runs of one tree (bench/README.md, thirteenth and eighteenth rounds); callgrind's counts do
not. Each side runs in its own process twice, with no measured show and with ``--shows``
of them, after one warming show as the row has; the difference divided by the shows is
one show, what the process's start and imports cost left out. The page's disposal after
each show is in ours, as the floor window's close is in the floor's.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python -m bench.count_board

Needs valgrind and the cached data set (``bench.run`` builds it). Four processes, two at a
time, ~2-4 minutes on this machine idle. Ours is split by thread: valgrind numbers its
threads in order of creation and reuses a finished one's number, so the UI thread is
``-01`` and every show's worker (one thread at a time) ``-02``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import ROOT, dataset


def _show_many(which: str, shows: int) -> None:
    """In the counted process: one warming show, then ``shows`` of them, of ``which``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench import bench_views as bv

    app = bv._app()
    from relmanager.domain.clock import SystemClock
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store.db import close_db, init_db
    from relmanager.ui.board.board import BoardView

    path = dataset()
    init_db(path)
    ctx = AppContext.create(SystemClock(), path,
                            settings=make_settings(Path(tempfile.mkdtemp()) / "s.ini"))

    def ours() -> None:  # as bench_views.board_populated's ours, untimed
        view = BoardView(ctx, read_now=True)
        view.resize(*bv.SIZE)
        view.show()
        bv.paint_loaded([c.list.viewport() for c in view.columns.values()],
                        lambda: not view.loading, bv.event_loop_until_loaded(view))
        bv._dispose(view)

    statements = bv.board_statements(ours, ctx.clock.now())
    sql = bv.FreshReplay(path, statements)

    def floor() -> None:  # as bench_views.board_populated's floor, untimed
        window, lists = bv._empty_lists_window()
        sql()
        bv.paint_loaded([view.viewport() for view in lists], lambda: True, lambda: None)
        window.close()
        window.deleteLater()
        app.processEvents()

    run = ours if which == "ours" else floor
    for _ in range(shows + 1):
        run()
    sql.close()
    close_db()


def _totals(out_dir: Path, prefix: str) -> dict[str, int]:
    """Instructions by thread number ("01", "02", ...) of the process dumped as ``prefix``."""
    totals: dict[str, int] = {}
    for dump in out_dir.glob(f"{prefix}.*-*"):
        for line in dump.read_text(errors="replace").splitlines():
            if line.startswith("summary:") or line.startswith("totals:"):
                totals[dump.name.rsplit("-", 1)[1]] = int(line.split()[1])
                break
    return totals


def _count(which: str, shows: int, out_dir: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONHASHSEED="0")
    return subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--separate-threads=yes",
         f"--callgrind-out-file={out_dir}/{which}-{shows}.%p", sys.executable, "-m",
         "bench.count_board", "--child", which, "--shows", str(shows)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shows", type=int, default=4, help="measured shows (default 4)")
    parser.add_argument("--child", choices=("ours", "floor"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _show_many(args.child, args.shows)
        return 0
    dataset()  # built here, not under callgrind
    with tempfile.TemporaryDirectory(prefix="rm-count-board-") as tmp:
        out = Path(tmp)
        per_show: dict[str, dict[str, float]] = {}
        for which in ("ours", "floor"):
            processes = [_count(which, n, out) for n in (0, args.shows)]
            if any(p.wait() for p in processes):
                print(f"callgrind failed for {which}", file=sys.stderr)
                return 1
            none, some = _totals(out, f"{which}-0"), _totals(out, f"{which}-{args.shows}")
            per_show[which] = {thread: (some.get(thread, 0) - none.get(thread, 0)) / args.shows
                               for thread in sorted(set(none) | set(some))}
    ours, floor = per_show["ours"], per_show["floor"]
    ui, worker = ours.get("01", 0.0), sum(v for k, v in ours.items() if k != "01")
    base = sum(floor.values())
    print(f"instructions a show ({args.shows} shows): ours {(ui + worker) / 1e6:,.1f} M "
          f"(UI thread {ui / 1e6:,.1f} M, worker {worker / 1e6:,.1f} M), "
          f"floor {base / 1e6:,.1f} M: {(ui + worker) / base:.2f}x counted")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

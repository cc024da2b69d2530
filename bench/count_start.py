"""The cold start counted in instructions: the UI thread's, from spawn to the ``painted``
line, for the app and for the ``start`` row's floor (an empty QMainWindow), under callgrind.

Wall times on the shared 2-core machine move by 2x with the load; callgrind's counts of the
same start agree to ~0.1%, and their ratio follows the row's (bench/README.md, eighth and
eleventh rounds). ``--by-module`` also splits each count by module: a callgrind dump at
every module's execution boundary (``CALLGRIND_DUMP_STATS_AT`` from a three-line C shim,
built here with the C compiler, loaded with ctypes), so each module's own import cost is
apart from the modules it imports, and what runs outside any import is ``run:main``; that
hook and ctypes add ~11 M instructions to each process, so the two modes' totals differ.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python -m bench.count_start
    ... -m bench.count_start --by-module --top 40
    ... -m bench.count_start --env PYSIDE6_OPTION_PYTHON_ENUM=0x81   # the app only

Needs valgrind (and, for ``--by-module``, cc and valgrind's headers) and the cached data
set (``bench.run`` builds it). Takes ~1-2 minutes per process on this machine.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.bench_gui import FLOOR_SCRIPT, _environment, _session_bus
from bench.harness import ROOT, dataset

SHIM = """#include <valgrind/callgrind.h>
void mark(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
"""

#: Run inside the counted process: leaves at the ``painted`` line (os._exit, so nothing
#: after it is counted), pushes the start's two wall-clock fallbacks out of the way
#: (valgrind runs ~50x slower: they would fire before the paint and start work no real
#: start does first) and, given a shim, dumps at every module's execution boundary.
CHILD = r"""
import importlib.abc, os, runpy, sys
shim = None
if sys.argv[2]:  # ctypes only then: importing it counts ~10 M
    import ctypes
    shim = ctypes.CDLL(sys.argv[2])
stack = ["run:boot"]
def boundary():
    if shim is not None:
        shim.mark(stack[-1].encode())
class Tap:
    def __init__(self, real): self.real = real
    def write(self, text):
        if text.startswith("painted"):
            boundary(); self.real.write(text); self.real.flush(); os._exit(0)
        return self.real.write(text)
    def flush(self): self.real.flush()
    def __getattr__(self, name): return getattr(self.real, name)
sys.stdout = Tap(sys.stdout)
LATER = 600_000
PATCHED = ("relmanager.ui.contacts.contact_list", "relmanager.ui.shell.first_paint")
def patch(name, module):
    if name == PATCHED[0]:
        module.FULL_LIST_FALLBACK_MS = LATER
    elif name == PATCHED[1]:
        module.FirstPaint.FALLBACK_MS = LATER
class Hook(importlib.abc.MetaPathFinder):
    busy = False
    def find_spec(self, name, path, target=None):
        if self.busy or (shim is None and name not in PATCHED):  # only what it must touch
            return None
        self.busy = True
        try:
            spec = next((s for f in sys.meta_path if f is not self and hasattr(f, "find_spec")
                         for s in [f.find_spec(name, path, target)] if s is not None), None)
        finally:
            self.busy = False
        if spec is None or not hasattr(spec.loader, "exec_module"):
            return spec
        real = spec.loader.exec_module
        def exec_module(module):
            boundary(); stack.append(name)
            try:
                real(module)
            finally:
                boundary(); stack.pop()
            patch(name, module)
        try:
            spec.loader.exec_module = exec_module
        except (AttributeError, TypeError):
            pass
        return spec
sys.meta_path.insert(0, Hook())
boundary(); stack[-1] = "run:main"
if sys.argv[1] == "floor":
    sys.argv = ["-c"]
    exec(compile(os.environ["COUNT_START_FLOOR"], "<floor>", "exec"), {"__name__": "__main__"})
else:
    sys.argv = ["relmanager", *sys.argv[3:]]
    runpy.run_module("relmanager", run_name="__main__", alter_sys=True)
"""


def _build_shim(into: Path) -> Path:
    (into / "mark.c").write_text(SHIM, encoding="ascii")
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", str(into / "mark.so"),
                    str(into / "mark.c")], check=True)
    return into / "mark.so"


def _ui_thread_counts(out_dir: Path, prefix: str) -> collections.Counter[str]:
    """Instructions of the first thread (the UI thread), per dump trigger."""
    counts: collections.Counter[str] = collections.Counter()
    for path in out_dir.glob(f"{prefix}.*-01"):
        trigger, total = "end", 0
        with path.open(errors="replace") as dump:
            for line in dump:
                if line.startswith("desc: Trigger") and "Client Request: " in line:
                    trigger = line.split("Client Request: ", 1)[1].strip()
                elif line.startswith("totals:"):
                    total = int(line.split()[1])
        counts[trigger] += total
    return counts


def count(which: str, db: Path, env: dict[str, str], out_dir: Path, shim: Path | None
          ) -> collections.Counter[str]:
    """One counted start of ``which`` ("app" or "floor")."""
    app_args = ["--db", str(db), "--quit-after-paint"]
    if which == "app":  # a first start in the same home, as the row's runs follow each other
        subprocess.run([sys.executable, "-m", "relmanager", *app_args], env=env, cwd=ROOT,
                       stdout=subprocess.DEVNULL, check=True)
    command = ["valgrind", "--tool=callgrind", "--separate-threads=yes",
               f"--callgrind-out-file={out_dir / which}.%p", sys.executable, "-c", CHILD,
               which, str(shim or ""), *app_args]
    subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    return _ui_thread_counts(out_dir, which)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--by-module", action="store_true", help="split by module")
    parser.add_argument("--top", type=int, default=30, help="modules shown (--by-module)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="set for the app's process only (the floor stays as it is)")
    args = parser.parse_args(argv)
    source = dataset()
    work = Path(tempfile.mkdtemp(prefix="rm-count-start-"))
    try:
        db = work / "bench.sqlite3"
        shutil.copy(source, db)
        env = _environment(work)
        shim = _build_shim(work) if args.by_module else None
        with _session_bus(env):
            env["COUNT_START_FLOOR"] = FLOOR_SCRIPT
            floor = count("floor", db, env, work, shim)
            app_env = dict(env, **dict(pair.split("=", 1) for pair in args.env))
            app = count("app", db, app_env, work, shim)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor_total, app_total = sum(floor.values()), sum(app.values())
    print(f"UI thread to the first paint: floor {floor_total / 1e6:,.1f} M, "
          f"app {app_total / 1e6:,.1f} M: {app_total / floor_total:.2f}x")
    if args.by_module:
        print(f"{'floor':>10} {'app':>10} {'extra':>10}  module (own code; run:* outside imports)")
        for name in sorted(set(floor) | set(app), key=lambda n: floor[n] - app[n])[:args.top]:
            print(f"{floor[name] / 1e6:10.1f} {app[name] / 1e6:10.1f} "
                  f"{(app[name] - floor[name]) / 1e6:10.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

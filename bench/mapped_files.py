"""The files a measured process maps, put in one page-cache state before it starts.

A process's resident set counts the pages of its shared libraries mapped into it, and how
many get mapped depends on how those files sit in the page cache: Linux maps a fault's
neighbours only when they are cached (fault-around), and maps a large folio whole. So the
same process reads a different peak depending on the machine's history: the empty
window's peak was 66.6 MB (46.7 MB of it mapped files) in a fresh checkout and 56.0 MB
(38.5 MB) once its Qt libraries had been evicted and read back, and stayed there, all
offscreen; the ``memory`` row read its floor at 59.2 MB in one idle run of the merged
tree. Before each of the two processes starts, every file either has been seen mapping
is dropped from the page cache and read back in full, so both start from the same state
in every run, whatever ran before (``tests/test_bench_memory_environment.py``). Pages
another running process has mapped are not dropped (the kernel keeps them): the system
libraries every process uses stay as they are, which is the same for both.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

#: How often a running process's maps are read; a library mapped for less than this may be
#: missed once and is caught in a later run (the files are the union over every run).
POLL_SECONDS = 0.05


def mapped_paths(pid: int) -> set[str]:
    """The regular files mapped into ``pid`` now (nothing when it has exited)."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    paths = set()
    for line in maps.splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].startswith("/") and not fields[5].endswith(
                "(deleted)"):
            paths.add(fields[5])
    return paths


class MapWatcher:
    """Collects into ``found`` the files a child maps while it runs (a thread reading
    ``/proc/PID/maps`` until :meth:`stop`)."""

    def __init__(self, pid: int, found: set[str]) -> None:
        self.pid = pid
        self.found = found
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            self.look()
            if self._stop.wait(POLL_SECONDS):
                return

    def look(self) -> None:
        """Read the maps now: at the child's ``painted`` line, when it surely has its
        libraries mapped. Polling alone missed an empty window that painted and quit
        between two polls (~100 ms on an idle machine), and the memory environment's test
        then found no Qt library to settle."""
        self.found.update(mapped_paths(self.pid))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def settle(paths: set[str], skip_under: Path | None = None) -> int:
    """Drop each file's cached pages and read it back in full: the same page-cache state
    before every run. Returns the bytes read. Files under ``skip_under`` (the run's own
    database and its WAL index) are left alone."""
    chosen = {p for p in paths if skip_under is None or not Path(p).is_relative_to(skip_under)}
    evict(chosen)
    total = 0
    for path in sorted(chosen):
        try:
            with Path(path).open("rb", buffering=0) as f:
                while chunk := f.read(1 << 20):
                    total += len(chunk)
        except OSError:  # a file gone or unreadable: nothing to cache
            continue
    return total


def evict(paths: set[str]) -> None:
    """Drop the files' clean, unmapped pages from the page cache."""
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)

"""The start and memory rows' two processes run alike in every run: one pinned environment
(Qt's offscreen platform, none of the shell's Qt, allocator or preload switches) and the
files they map read into the page cache before each starts, so the figure is the code's,
not the machine's recent history (``bench.mapped_files``)."""

from __future__ import annotations

import ctypes
import mmap
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from bench import bench_gui
from bench.mapped_files import evict


def test_both_processes_run_offscreen_without_the_shells_switches(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in {"DISPLAY": ":1", "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": "2",
                        "MALLOC_ARENA_MAX": "1", "PYTHONMALLOC": "malloc",
                        "PYTHONTRACEMALLOC": "1", "LD_PRELOAD": "libjemalloc.so",
                        "QT_QPA_PLATFORMTHEME": "gtk3", "LANG": "C.UTF-8"}.items():
        monkeypatch.setenv(name, value)
    env = bench_gui._environment(tmp_path)
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["RELMANAGER_HOME"] == str(tmp_path)
    assert env["LANG"] == "C.UTF-8"  # the rest of the shell's environment is kept
    for name in ("DISPLAY", "QT_SCALE_FACTOR", "MALLOC_ARENA_MAX", "PYTHONMALLOC",
                 "PYTHONTRACEMALLOC", "LD_PRELOAD", "QT_QPA_PLATFORMTHEME"):
        assert name not in env, name


def _floor_peak(env: dict[str, str], mapped: set[str]) -> float:
    _ms, rss = bench_gui._time_to_paint([sys.executable, "-c", bench_gui.FLOOR_SCRIPT],
                                        env, mapped)
    assert rss is not None
    return rss


def _cached_fraction(path: str) -> float:
    """The share of ``path``'s pages in the page cache, as the kernel reports it
    (``mincore`` of a read-only mapping: mapping faults nothing in)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                          ctypes.c_int, ctypes.c_long]
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    size = Path(path).stat().st_size
    pages = -(-size // mmap.PAGESIZE)
    fd = os.open(path, os.O_RDONLY)
    try:
        address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        assert address not in (None, ctypes.c_void_p(-1).value), ctypes.get_errno()
        vector = ctypes.create_string_buffer(pages)
        try:
            assert libc.mincore(address, size, vector) == 0, ctypes.get_errno()
        finally:
            libc.munmap(address, size)
    finally:
        os.close(fd)
    return sum(byte & 1 for byte in vector.raw) / pages


def test_each_start_finds_the_libraries_it_maps_wholly_cached() -> None:
    """The empty window's peak was 66.6 MB in a fresh checkout and 56.0 MB once its Qt
    libraries had been evicted and read back: the pages of a library mapped into a process
    depend on how the file sits in the page cache. Each start of a run is preceded by
    the same state: every file seen mapped dropped and read back in full."""
    pytest.importorskip("PySide6")
    import PySide6

    home = Path(tempfile.mkdtemp(prefix="rm-bench-env-"))
    try:
        env = bench_gui._environment(home)
        mapped: set[str] = set()
        _floor_peak(env, mapped)  # learns the files
        qt = Path(PySide6.__file__).parent
        libraries = sorted(p for p in mapped if Path(p).is_relative_to(qt))
        assert any("libQt6Widgets" in p for p in libraries), sorted(mapped)
        evict(set(libraries))
        assert min(map(_cached_fraction, libraries)) < 0.5  # the eviction took
        first = _floor_peak(env, mapped)
        evict(set(libraries))
        # what the kernel cached after the second start: the whole of every file, as
        # the bench read it before the start (not the pages the start happened to fault)
        second = _floor_peak(env, mapped)
        cached = {Path(p).name: _cached_fraction(p) for p in libraries}
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert min(cached.values()) > 0.99, cached
    assert abs(second - first) < 1.0, (first, second)

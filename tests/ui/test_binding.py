"""The start-up workaround for PySide6's per-import source scan (relmanager.ui.shared.binding)."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

import pytest

from relmanager.ui.shared import binding

feature = pytest.importorskip("shibokensupport.feature")


@pytest.fixture
def scan_skipped(monkeypatch, tmp_path):
    """The workaround in place for one test, the binding's own check back afterwards."""
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert binding.skip_source_scan()
    yield tmp_path
    for name in [n for n in sys.modules if n.startswith("rm_binding_probe_")]:
        del sys.modules[name]


def _import(folder, name: str, source: str) -> None:
    (folder / f"{name}.py").write_text(source)
    importlib.invalidate_caches()
    __import__(name)  # the binding hooks __import__, not importlib.import_module


def test_a_module_holding_pyside_counts_as_using_it(scan_skipped):
    _import(scan_skipped, "rm_binding_probe_uses", "from PySide6.QtCore import QObject\n")
    assert feature.pyside_feature_dict["rm_binding_probe_uses"] == 0


def test_a_module_is_judged_by_what_it_holds_not_by_its_text(scan_skipped):
    # The binding's own check would read this file, find the word and say "uses PySide6".
    _import(scan_skipped, "rm_binding_probe_text", "# PySide6 is only named here\nX = 1\n")
    assert feature.pyside_feature_dict["rm_binding_probe_text"] == -1


def test_a_module_importing_the_package_counts(scan_skipped):
    _import(scan_skipped, "rm_binding_probe_package", "import PySide6.QtGui\n")
    assert feature.pyside_feature_dict["rm_binding_probe_package"] == 0


def test_other_binding_internals_are_left_alone(monkeypatch):
    elsewhere = ModuleType("shibokensupport.feature")  # a release without the function
    elsewhere.pyside_feature_dict = {}
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", elsewhere)
    assert binding.skip_source_scan() is False
    assert not hasattr(elsewhere, "_mod_uses_pyside")


"""The collector pause around bulk imports puts the collector back as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from relmanager import collector
from relmanager.interchange import parse_file
from relmanager.store import importer

FIXTURES = Path(__file__).parent / "interchange" / "fixtures"


@pytest.mark.parametrize("enabled", [True, False])
def test_the_pause_restores_the_collector_as_it_was(enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with collector.paused():
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
        with pytest.raises(RuntimeError), collector.paused():
            raise RuntimeError("the work failed")
        assert gc.isenabled() == enabled
    finally:
        gc.enable() if was else gc.disable()


def test_an_import_leaves_the_collector_on(db, clock):
    assert gc.isenabled()
    result = parse_file(FIXTURES / "vcard30_apple.vcf")
    assert gc.isenabled()
    plan = importer.plan_import(result, "vcard30_apple.vcf")
    assert gc.isenabled()
    importer.apply_plan(plan, clock)
    assert gc.isenabled()


def test_the_start_holds_the_collector_and_settles_it_once_up():
    was_enabled = gc.isenabled()
    try:
        collector.hold_for_start()
        assert not gc.isenabled()
        collector.release_after_start()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # the start's objects are left out of later runs
    finally:
        gc.unfreeze()
        if not was_enabled:
            gc.disable()

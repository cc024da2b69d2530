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

"""The collector pause around bulk imports, the start's hold, and the UI thread's driving
(relmanager.collector) leave the collector as the next step needs it."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from relmanager import collector
from relmanager.interchange import parse_file
from relmanager.store import importer

FIXTURES = Path(__file__).parent / "interchange" / "fixtures"

# In a fresh interpreter: the suite itself runs with the collector driven (conftest).
SWITCHES = '''
import gc
from relmanager import collector

assert gc.isenabled()
# A window this process was not started for (a test's live app): nothing is frozen.
collector.release_after_start()
assert gc.isenabled() and gc.get_freeze_count() == 0

with collector.paused():
    assert not gc.isenabled()
assert gc.isenabled()
try:
    with collector.paused():
        raise RuntimeError("the work failed")
except RuntimeError:
    pass
assert gc.isenabled()

# Two pauses that overlap (an import and a network build): on once the last has ended.
first, second = collector.paused(), collector.paused()
first.__enter__(); second.__enter__()
first.__exit__(None, None, None)
assert not gc.isenabled(), "switched on while the second pause still runs"
second.__exit__(None, None, None)
assert gc.isenabled()

# Driven (the window's life): off, pauses and the start's release inside leave it off.
with collector.driven():
    with collector.driven():
        with collector.paused():
            pass
        collector.release_after_start(settle=False)
        assert not gc.isenabled()
    assert not gc.isenabled()
assert gc.isenabled()

# A pause begun before the driver does not switch it on under the driver.
pause = collector.paused()
pause.__enter__()
with collector.driven():
    pause.__exit__(None, None, None)
    assert not gc.isenabled()
assert gc.isenabled()

# The start: held, then one collection and a freeze once the window is up.
collector.hold_for_start()
assert not gc.isenabled()
collector.release_after_start()
assert gc.isenabled() and gc.get_freeze_count() > 0
# run_gui's own release once the window has closed settles nothing again.
frozen = gc.get_freeze_count()
kept = [[n] for n in range(1000)]
collector.release_after_start()
assert gc.get_freeze_count() == frozen
print("ok")
'''


def test_pauses_drives_and_the_start_leave_the_collector_as_the_next_step_needs_it():
    done = subprocess.run([sys.executable, "-c", SWITCHES], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.strip() == "ok", done.stderr


def test_a_collection_is_due_as_the_collector_itself_would_have_run_it():
    gc.collect()  # every generation's count from 0
    assert collector.collect_if_due((10**9, 10, 10)) is None  # too few allocations yet
    assert collector.collect_if_due((0, 10**9, 10**9)) == 0
    gc.collect(0)  # counts[1] >= 1 from here, counts[2] still 0
    assert gc.get_count()[2] == 0
    assert collector.collect_if_due((0, 1, 1)) == 1
    gc.collect(1)  # counts[2] >= 1
    gc.collect(0)
    assert collector.collect_if_due((0, 1, 1)) == 2
    with collector.paused():  # an import or a network build is running
        assert collector.collect_if_due((0, 0, 0)) is None


def test_an_import_leaves_the_collector_as_it_found_it(db, clock):
    assert not gc.isenabled()  # driven, as in the window (conftest)
    result = parse_file(FIXTURES / "vcard30_apple.vcf")
    plan = importer.plan_import(result, "vcard30_apple.vcf")
    importer.apply_plan(plan, clock)
    assert not gc.isenabled()
    assert collector.collect_if_due((0, 10**9, 10**9)) == 0  # no pause left behind


def test_overlapping_pauses_hold_collections_until_the_last_has_ended():
    """In this process too (mutmut's runs see only in-process calls): an import and a
    network build on two workers, then one that failed."""
    first, second = collector.paused(), collector.paused()
    first.__enter__()
    second.__enter__()
    try:
        assert collector.collect_if_due((0, 0, 0)) is None
        first.__exit__(None, None, None)
        assert collector.collect_if_due((0, 0, 0)) is None  # the second still runs
    finally:
        second.__exit__(None, None, None)
    assert collector.collect_if_due((0, 10**9, 10**9)) == 0
    try:
        with collector.paused():
            raise RuntimeError("the work failed")
    except RuntimeError:
        pass
    assert collector.collect_if_due((0, 10**9, 10**9)) == 0
    assert not gc.isenabled()  # the suite's driving (conftest) goes on


def test_in_this_process_only_a_start_the_command_line_held_is_settled():
    """The switches of SWITCHES above, where mutmut sees them: a release with no hold
    before it (a live app built by a test) freezes nothing; a held start is collected
    and frozen once, and run_gui's own release at the end freezes nothing more."""
    frozen = gc.get_freeze_count()
    collector.release_after_start()
    assert gc.get_freeze_count() == frozen and not gc.isenabled()  # still driven
    collector.hold_for_start()
    try:
        collector.release_after_start()
        settled = gc.get_freeze_count()
        assert settled > frozen
        kept = [[n] for n in range(1000)]
        collector.release_after_start(settle=False)
        collector.release_after_start()
        assert gc.get_freeze_count() == settled and kept
    finally:
        gc.unfreeze()  # this process is not the app's: what was frozen goes back
    assert not gc.isenabled()

"""A writer process for the crash-safety test: logs interactions, moves stages and imports
small batches through the real store, printing a line after each commit. The test kills it
with SIGKILL at a random moment and then checks that every printed write is there."""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from relmanager.domain.clock import FakeClock
from relmanager.domain.stages import BOARD_ORDER
from relmanager.interchange.records import ParsedContact, ParseResult
from relmanager.store import activity, importer
from relmanager.store.db import init_db
from relmanager.store.models import Contact


def main(path: str, seed: int) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 9, 0))
    init_db(Path(path), clock=clock)
    rng = random.Random(seed)
    ids = [c.id for c in Contact.select(Contact.id)]
    n = 0
    while True:
        n += 1
        clock.advance(minutes=1)
        kind = rng.choice(("log", "move", "import"))
        if kind == "log":
            logged = activity.log_interaction(clock, [rng.choice(ids)], "phone",
                                              note=f"w{seed}-{n}",
                                              occurred_at=clock.now() - timedelta(hours=1))
            print(f"log {logged.interaction_ids[0]}", flush=True)
        elif kind == "move":
            contact = rng.choice(ids)
            stage = rng.choice(BOARD_ORDER)
            record = activity.move_stage(clock, [contact], stage)
            print(f"move {contact} {stage.value} {len(record.moves)}", flush=True)
        else:
            records = [ParsedContact(display_name=f"Imported {seed}-{n}-{k}",
                                     emails=[(f"i{seed}.{n}.{k}@x.example", "")])
                       for k in range(20)]
            plan = importer.plan_import(ParseResult(records, [], "vcard"), f"w{n}")
            summary = importer.apply_plan(plan, clock)
            print(f"import {summary.batch_id} {summary.added}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

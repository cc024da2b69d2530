"""``list``: the contacts, filtered and sorted, for a terminal or (``--json``) a script.

Its own module rather than beside ``add``, ``log`` and ``move`` (``contacts``): a listing
only reads, and ``relmanager list`` is what a script runs again and again (the race
against ``khard list`` in the benchmarks), so it imports the queries and nothing that
writes (the activity log, its time boxes and validation).
"""

from __future__ import annotations

import argparse
import json
import sys

from relmanager.commands import add_command
from relmanager.commands.common import add_db_option, cell, open_store, positive_int, stage_arg
from relmanager.domain.warmth import stored_warmth
from relmanager.domain.wording import relative_day
from relmanager.store import queries


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "list")
    add_db_option(p)
    p.add_argument("--stage", type=stage_arg, action="append", help="only this stage "
                   "(repeatable)")
    p.add_argument("--cold", action="store_true", help="only contacts going cold")
    p.add_argument("--tag", help="only contacts with this tag")
    p.add_argument("--search", default="", help="search text")
    p.add_argument("--archived", action="store_true", help="archived contacts instead")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--limit", type=positive_int, default=None)
    p.set_defaults(handler=cmd_list)


def cmd_list(args: argparse.Namespace) -> int:
    open_store(args, reading=True)
    now = args.clock.now()
    flt = queries.ContactFilter(
        text=args.search, stages=args.stage or (), tag=args.tag,
        warmth=queries.WarmthFilter.GOING_COLD if args.cold else queries.WarmthFilter.ANY,
        archived=args.archived)
    sort = queries.SortKey.URGENCY if args.cold else queries.SortKey.NAME
    ids = queries.contact_ids(flt, now, sort=sort, limit=args.limit)
    out = sys.stdout
    if args.json:
        out.write("[")
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        rows = queries.rows_for(chunk)
        for n, contact_id in enumerate(chunk):
            row = rows[contact_id]
            last, two_way = row["last_interaction_at"], row["last_two_way_at"]
            if args.json:
                item = {
                    "id": row["id"], "name": row["display_name"], "emails": row["emails"],
                    "organisation": row["organisation"], "stage": row["stage"],
                    "sphere": row["sphere"], "tags": row["tags"],
                    "warmth": stored_warmth(row, now).value,
                    "last_interaction_at": last.isoformat() if last else None,
                    "last_two_way_at": two_way.isoformat() if two_way else None,
                }
                out.write(("," if start + n else "") + "\n  " + json.dumps(item,
                                                                          ensure_ascii=False))
            else:
                # Beside warmth, the contact warmth counts: two-way, in the window's words.
                when = f"last two-way {relative_day(two_way, now)}"
                out.write(f"{row['id']:>7}  {cell(row['display_name'], 32)}  "
                          f"{row['stage']:<11}  {stored_warmth(row, now).value:<9}  {when}\n")
    if args.json:
        out.write("\n]\n" if ids else "]\n")
    elif not ids:
        print(_nobody(args), file=sys.stderr)  # stdout stays empty for scripts
    return 0


def _nobody(args: argparse.Namespace) -> str:
    """What an empty ``list`` means, said rather than left as silence."""
    narrowed = bool(args.stage or args.tag or args.search)
    if args.cold:
        return ("nobody matching is going cold" if narrowed or args.archived
                else "nobody is going cold: everyone is within their rhythm")
    if args.archived:
        return "no archived contacts match" if narrowed else "no archived contacts"
    return ("no contacts match" if narrowed
            else "no contacts yet (add one with: relmanager add NAME)")

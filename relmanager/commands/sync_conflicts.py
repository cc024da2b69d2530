"""``sync conflicts`` and ``sync resolve``: look at and settle the values two devices
changed differently, from the command line (the window has the same in Settings > Sync).

A conflict keeps one value in place (the same on every device) and the other next to it;
``--keep local`` keeps the value in place, ``--keep remote`` takes the other one. Either
choice is sent on the next sync, and the other devices drop the conflict when they see it.
"""

from __future__ import annotations

import argparse
import json

from relmanager.commands.common import CommandError, add_db_option, open_store


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.choices.get("sync")
    if parser is None:  # the sync command is not there: nothing to hang these on
        return
    actions = parser.add_subparsers(dest="sync_action", metavar="{conflicts,resolve}")
    listing = actions.add_parser("conflicts", help="list the conflicts with their ids")
    add_db_option(listing)
    listing.set_defaults(handler=cmd_conflicts)
    resolve = actions.add_parser("resolve", help="settle one conflict")
    add_db_option(resolve)
    resolve.add_argument("id", type=int, help="the conflict's id (see `sync conflicts`)")
    resolve.add_argument("--keep", choices=("local", "remote"), required=True,
                         help="local: the value in place here; remote: the other value")
    resolve.set_defaults(handler=cmd_resolve)


def _value(text: str) -> str:
    value = json.loads(text)
    return "(empty)" if value in (None, "", []) else json.dumps(value, ensure_ascii=False)


def cmd_conflicts(args: argparse.Namespace) -> int:
    from relmanager.store import sync_conflicts

    open_store(args, reading=True)  # only lists: answers on a read-only file or folder
    rows = sync_conflicts.conflicts()
    if not rows:
        print("no conflicts")
    for row in rows:
        what = sync_conflicts.describe(row.kind, row.local_id)
        print(f"{row.id}\t{what}\t{row.field}\tin place: {_value(row.local_json)}"
              f"\tother: {_value(row.remote_json)}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from relmanager.store import sync_conflicts

    open_store(args)
    if not sync_conflicts.conflict_exists(args.id):
        raise CommandError(f"no conflict with id {args.id}; `relmanager sync conflicts` "
                           "lists them")
    took = sync_conflicts.resolve_conflict(args.clock, args.id,
                                           use_theirs=args.keep == "remote")
    if not took:
        print("that value was edited since; the current value stays (conflict closed)")
    else:
        print(f"resolved: kept the {'other' if args.keep == 'remote' else 'value in place'}; "
              "it is sent on the next sync")
    return 0

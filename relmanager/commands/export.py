"""``export vcard|csv|ics OUT``: everything (or some stages or a tag) out to a file."""

from __future__ import annotations

import argparse

from relmanager.commands import add_command
from relmanager.commands.common import add_db_option, open_store, stage_arg
from relmanager.domain.wording import plural
from relmanager.paths import user_path

#: relmanager.store.exporter.KINDS, named here so that building the parser (every command
#: line does) does not import the exporter and icalendar; tests/cli checks they agree.
EXPORT_KINDS = ("vcard", "csv", "ics")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "export")
    add_db_option(p)
    p.add_argument("kind", choices=EXPORT_KINDS)
    p.add_argument("out")
    p.add_argument("--stage", type=stage_arg, action="append", default=[],
                   help="only contacts in this stage (repeatable)")
    p.add_argument("--tag", help="only contacts with this tag")
    p.add_argument("--active-only", action="store_true",
                   help="leave archived contacts out (an unfiltered export includes them, "
                   "marked as archived)")
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from relmanager.store import exporter

    open_store(args, reading=True)
    out = user_path(args.out)
    if args.kind == "ics":
        follow_ups, boxes = exporter.export_calendar(out, args.clock.now())
        print(f"wrote {out}: {plural(follow_ups, 'follow-up')}, "
              f"{plural(boxes, 'time box', 'time boxes')}")
        return 0
    ids = exporter.select_ids([s.value for s in args.stage], args.tag, now=args.clock.now(),
                              active_only=args.active_only)
    written = exporter.export_contacts(args.kind, out, ids)
    print(f"wrote {out}: {written.describe()}")
    return 0

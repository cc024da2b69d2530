"""``import``, ``undo-import`` and ``imports``: bringing contacts in from a terminal.

``import --dry-run`` says what would happen and writes nothing; a real import is one
transaction recorded as a batch that ``undo-import`` removes again. An import never
contacts anyone.
"""

from __future__ import annotations

import argparse
import sys

from relmanager.commands import add_command
from relmanager.commands.common import CommandError, add_db_option, open_store, visible
from relmanager.domain.wording import plural

MAX_PROBLEMS_SHOWN = 20


#: relmanager.interchange.FORMATS, named here so that building the parser does not
#: import every file reader; tests/cli checks they agree.
IMPORT_FORMATS = ("vcard", "linkedin", "google", "outlook", "spreadsheet")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "import")
    add_db_option(p)
    p.add_argument("file")
    p.add_argument("--format", choices=["auto", *IMPORT_FORMATS], default="auto")
    p.add_argument("--dry-run", action="store_true",
                   help="say what would be added, merged and skipped; write nothing")
    p.add_argument("--duplicates", choices=["merge", "skip", "add"], default="merge",
                   help="what to do with likely duplicates of existing contacts "
                        "(default: merge, which fills in and never overwrites)")
    p.set_defaults(handler=cmd_import)

    p = add_command(sub, "undo-import")
    add_db_option(p)
    p.add_argument("batch", nargs="?", type=int, help="import number (see `imports`)")
    p.set_defaults(handler=cmd_undo_import)

    p = add_command(sub, "imports")
    add_db_option(p)
    p.set_defaults(handler=cmd_imports)


def cmd_import(args: argparse.Namespace) -> int:
    from relmanager.interchange import parse_file
    from relmanager.store import importer

    result = parse_file(args.file, args.format)
    if result.fatal:
        raise CommandError(result.problems[0].message if result.problems
                           else f"{args.file} could not be read")
    from relmanager.services.photos import shrink_photos

    shrink_photos(result)  # only thumbnails reach the store (Qt's reader, size-limited)
    open_store(args)
    plan = importer.plan_import(result, args.file)
    for candidate in plan.candidates:
        if candidate.duplicate_of is not None:
            candidate.action = args.duplicates
    found = len(plan.candidates)
    verb = "would be" if args.dry_run else "were"
    print(f"{args.file}: {plural(found, 'contact')} found ({result.format})")
    if plan.groups:
        print(f"  {plan.left_out()}")
    if not args.dry_run and found:
        summary = importer.apply_plan(plan, args.clock)
        print(f"import {summary.batch_id}: {summary.added} added, {summary.merged} merged, "
              f"{summary.skipped} skipped (undo with: relmanager undo-import "
              f"{summary.batch_id})")
    else:
        print(f"{plan.count(importer.ADD)} {verb} added, {plan.count(importer.MERGE)} merged, "
              f"{plan.count(importer.SKIP)} skipped")
    for candidate in plan.candidates:
        if candidate.reason:
            print(f"  {visible(candidate.record.display_name)}: {candidate.reason}"
                  + (f" ({visible(candidate.duplicate_name)})" if candidate.duplicate_name
                     else "")
                  + f" -> {candidate.effective}")
    for problem in plan.problems[:MAX_PROBLEMS_SHOWN]:
        print(f"  problem: {problem}", file=sys.stderr)
    if len(plan.problems) > MAX_PROBLEMS_SHOWN:
        print(f"  ... and {plural(len(plan.problems) - MAX_PROBLEMS_SHOWN, 'more problem')}",
              file=sys.stderr)
    return 0


def cmd_undo_import(args: argparse.Namespace) -> int:
    from relmanager.store import importer

    open_store(args)
    # What is printed is what the undo removed (counted in its transaction).
    preview = importer.undo_import(importer.undo_preview(args.batch).batch_id, args.clock)
    print(f"import {preview.batch_id} ({preview.source}) undone: "
          f"{plural(preview.added, 'contact')} removed, "
          f"{plural(preview.merged, 'merged contact')} restored"
          + (f", {plural(preview.interactions, 'interaction')} logged with them since "
             "removed" if preview.interactions else ""))
    return 0


def cmd_imports(args: argparse.Namespace) -> int:
    from relmanager.store import importer

    open_store(args, reading=True)  # only lists: answers on a read-only file or folder
    found = importer.batches()
    if not found:
        print("no imports yet")
    for batch in found:
        state = f"undone {batch.undone_at:%Y-%m-%d %H:%M}" if batch.undone_at else "active"
        print(f"{batch.id:>4}  {batch.created_at:%Y-%m-%d %H:%M}  {batch.format:<9} "
              f"{batch.added:>6} added {batch.merged:>5} merged  {state}  {batch.source}")
    return 0

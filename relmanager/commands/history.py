"""``history``: one contact's interactions from a terminal, or as JSON for scripts.

Each line says who else was there (a group event is one row per participant sharing a
group key) and where it came from (typed, import, or captured from calendar or mail), so
a script can tell a captured e-mail that was only received from real two-way contact.
"""

from __future__ import annotations

import argparse
import json
import sys

from relmanager.commands import add_command
from relmanager.commands.common import add_db_option, open_store, visible
from relmanager.store import contacts, history_reads


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "history")
    add_db_option(p)
    p.add_argument("contact", help="id, email or unambiguous name")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(handler=cmd_history)
    register_export(sub)


def cmd_history(args: argparse.Namespace) -> int:
    open_store(args, reading=True)
    contact = contacts.find_contact(args.contact)
    rows = history_reads.records(contact.id)
    if args.json:
        items = [{
            "id": r.id, "occurred_at": r.occurred_at.isoformat(), "channel": r.channel,
            "minutes": r.minutes, "exchange": r.exchange, "note": r.note,
            "source": r.source, "two_way": r.two_way,
            "participants": [{"id": p.contact_id, "name": p.name, "emails": list(p.emails)}
                             for p in r.participants],
        } for r in rows]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not rows:
        print(f"no interactions with {visible(contact.display_name)} yet", file=sys.stderr)
        return 0
    for r in rows:
        others = [visible(p.name) for p in r.participants if p.contact_id != contact.id]
        with_text = f"  with {', '.join(others)}" if others else ""
        minutes = f"  {r.minutes} min" if r.minutes else ""
        received = "  (received only)" if not r.two_way and r.source == "mail" else ""
        print(f"{r.occurred_at:%Y-%m-%d %H:%M}  {r.channel:<12}{minutes}{with_text}"
              f"  [{r.source}]{received}")
    return 0


def register_export(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "export-interactions")
    add_db_option(p)
    p.add_argument("kind", choices=("ics", "csv"))
    p.add_argument("out")
    p.set_defaults(handler=cmd_export_interactions)


def cmd_export_interactions(args: argparse.Namespace) -> int:
    from relmanager.paths import user_path
    from relmanager.store.interaction_export import export_interactions

    open_store(args, reading=True)
    out = user_path(args.out)
    written = export_interactions(args.kind, out, args.clock.now())
    what = "event" if args.kind == "ics" else "row"
    print(f"wrote {out}: {written} {what}{'' if written == 1 else 's'}")
    return 0

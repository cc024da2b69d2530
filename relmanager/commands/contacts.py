"""``list``, ``add``, ``log`` and ``move``: everyday use from a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta

from relmanager.commands.common import (
    CommandError,
    add_db_option,
    cell,
    isolated,
    open_store,
    positive_int,
    stage_arg,
)
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.domain.warmth import Warmth
from relmanager.domain.wording import relative_day
from relmanager.store import activity, contacts, queries
from relmanager.store.errors import AmbiguousError, NotFoundError
from relmanager.store.validation import clean_sphere, parse_when


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="list contacts")
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

    p = sub.add_parser("add", help="add a contact")
    add_db_option(p)
    p.add_argument("name")
    p.add_argument("--email", action="append", default=[])
    p.add_argument("--phone", action="append", default=[])
    p.add_argument("--org", default="")
    p.add_argument("--title", default="")
    p.add_argument("--stage", type=stage_arg, default=stage_arg("encounter"))
    p.add_argument("--sphere", default="business", help="personal, business or both")
    p.add_argument("--intent", default="", help="why this connection")
    p.add_argument("--how-met", default="")
    p.add_argument("--where-met", default="")
    p.add_argument("--tag", action="append", default=[])
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("log", help="log an interaction with one or more contacts (several: "
                       "one group event, e.g. a dinner)")
    add_db_option(p)
    p.add_argument("contacts", nargs="+", metavar="contact",
                   help="id, email or unambiguous name; several for one group event")
    p.add_argument("--channel", required=True, help="e.g. one_on_one, email, phone, video")
    p.add_argument("--when", default="now", help="YYYY-MM-DD [HH:MM], yesterday, 'N days ago'")
    p.add_argument("--minutes", type=positive_int, default=0)
    p.add_argument("--exchange", choices=[e.value for e in Exchange], default="neutral")
    p.add_argument("--initiated-by", choices=[i.value for i in Initiator], default="me")
    p.add_argument("--note", default="")
    p.add_argument("--follow-up", metavar="TITLE", help="also create a follow-up")
    p.add_argument("--follow-up-in", type=positive_int, default=7, metavar="DAYS")
    p.set_defaults(handler=cmd_log)

    p = sub.add_parser("move", help="move a contact to another stage")
    add_db_option(p)
    p.add_argument("contact", help="id, email or unambiguous name")
    p.add_argument("stage", type=stage_arg)
    p.set_defaults(handler=cmd_move)


def warmth_of(row: dict, now: datetime) -> Warmth:
    if row.get("archived") or row.get("cooling_at") is None:
        return Warmth.UNTRACKED
    if row.get("cold_at") is not None and row["cold_at"] <= now:
        return Warmth.COLD
    return Warmth.COOLING if row["cooling_at"] <= now else Warmth.WARM


def cmd_list(args: argparse.Namespace) -> int:
    open_store(args)
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
                    "warmth": warmth_of(row, now).value,
                    "last_interaction_at": last.isoformat() if last else None,
                    "last_two_way_at": two_way.isoformat() if two_way else None,
                }
                out.write(("," if start + n else "") + "\n  " + json.dumps(item,
                                                                          ensure_ascii=False))
            else:
                # Beside warmth, the contact warmth counts: two-way, in the window's words.
                when = f"last two-way {relative_day(two_way, now)}"
                out.write(f"{row['id']:>7}  {cell(row['display_name'], 32)}  "
                          f"{row['stage']:<11}  {warmth_of(row, now).value:<9}  {when}\n")
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


def cmd_add(args: argparse.Namespace) -> int:
    open_store(args)
    sphere = clean_sphere(args.sphere)
    matches = [c for e in args.email for c in [_by_email(e)] if c]
    if matches:
        raise CommandError(f"{isolated(matches[0].display_name)} (#{matches[0].id}) already "
                           "has that email; not added")
    contact = contacts.create_contact(
        args.clock, args.name, emails=args.email, phones=args.phone, organisation=args.org,
        title=args.title, stage=args.stage, sphere=sphere, intent=args.intent,
        how_met=args.how_met, where_met=args.where_met, tags=args.tag,
        met_on=args.clock.now().date())
    print(f"added #{contact.id} {isolated(contact.display_name)} ({contact.stage})")
    return 0


def _by_email(email: str) -> object | None:
    try:
        return contacts.find_contact(email.strip()) if "@" in email else None
    except Exception:  # not found is the good case here
        return None


def cmd_log(args: argparse.Namespace) -> int:
    open_store(args)
    people = _people(args.contacts)
    now = args.clock.now()
    when = parse_when(args.when, now)
    follow_up = None
    if args.follow_up:
        follow_up = (args.follow_up, now + timedelta(days=args.follow_up_in))
    logged = activity.log_interaction(
        args.clock, [c.id for c in people], args.channel, occurred_at=when,
        minutes=args.minutes, exchange=args.exchange, initiated_by=args.initiated_by,
        note=args.note, follow_up=follow_up)
    names = ", ".join(isolated(c.display_name) for c in people)
    print(f"logged {args.channel} with {names} on {when:%Y-%m-%d %H:%M} "
          f"(#{', #'.join(str(i) for i in logged.interaction_ids)})")
    return 0


def _people(references: list[str]) -> list:
    """Every named contact, or an error naming each reference that is unknown or
    ambiguous: a group event is written whole or not at all."""
    found, problems = [], []
    named: dict[int, list[str]] = {}
    for reference in references:
        try:
            contact = contacts.find_contact(reference)
        except (NotFoundError, AmbiguousError) as error:
            problems.append(str(error))
            continue
        found.append(contact)
        named.setdefault(contact.id, []).append(reference)
    if problems:
        raise CommandError("nothing logged: " + "; ".join(problems))
    unique = list({c.id: c for c in found}.values())
    twice = [(c, named[c.id]) for c in unique if len(named[c.id]) > 1]
    if twice:
        said = "; ".join(f"{' and '.join(repr(r) for r in refs)} are both "
                         f"{isolated(c.display_name)} (#{c.id})" for c, refs in twice)
        raise CommandError(f"nothing logged: the same contact is named twice: {said}")
    return unique


def cmd_move(args: argparse.Namespace) -> int:
    open_store(args)
    contact = contacts.find_contact(args.contact)
    record = activity.move_stage(args.clock, [contact.id], args.stage)
    if not record.moves:
        print(f"{isolated(contact.display_name)} is already at {args.stage.value}")
    else:
        print(f"moved {isolated(contact.display_name)}: {record.moves[0].from_stage} -> "
              f"{args.stage.value}")
    return 0

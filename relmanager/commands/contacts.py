"""``add``, ``log`` and ``move``: everyday use from a terminal (``list`` is in ``listing``)."""

from __future__ import annotations

import argparse
from datetime import timedelta

from relmanager.commands import add_command
from relmanager.commands.common import (
    CommandError,
    add_db_option,
    open_store,
    positive_int,
    stage_arg,
    visible,
)
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.store import activity, contacts
from relmanager.store.errors import AmbiguousError, NotFoundError
from relmanager.store.validation import clean_sphere, parse_when


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "add")
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

    p = add_command(sub, "log")
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

    p = add_command(sub, "move")
    add_db_option(p)
    p.add_argument("contact", help="id, email or unambiguous name")
    p.add_argument("stage", type=stage_arg)
    p.set_defaults(handler=cmd_move)


def cmd_add(args: argparse.Namespace) -> int:
    open_store(args)
    sphere = clean_sphere(args.sphere)
    matches = [c for e in args.email for c in [_by_email(e)] if c]
    if matches:
        raise CommandError(f"{visible(matches[0].display_name)} (#{matches[0].id}) already "
                           "has that email; not added")
    contact = contacts.create_contact(
        args.clock, args.name, emails=args.email, phones=args.phone, organisation=args.org,
        title=args.title, stage=args.stage, sphere=sphere, intent=args.intent,
        how_met=args.how_met, where_met=args.where_met, tags=args.tag,
        met_on=args.clock.now().date())
    print(f"added #{contact.id} {visible(contact.display_name)} ({contact.stage})")
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
    names = ", ".join(visible(c.display_name) for c in people)
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
                         f"{visible(c.display_name)} (#{c.id})" for c, refs in twice)
        raise CommandError(f"nothing logged: the same contact is named twice: {said}")
    return unique


def cmd_move(args: argparse.Namespace) -> int:
    open_store(args)
    contact = contacts.find_contact(args.contact)
    record = activity.move_stage(args.clock, [contact.id], args.stage)
    if not record.moves:
        print(f"{visible(contact.display_name)} is already at {args.stage.value}")
    else:
        print(f"moved {visible(contact.display_name)}: {record.moves[0].from_stage} -> "
              f"{args.stage.value}")
    return 0

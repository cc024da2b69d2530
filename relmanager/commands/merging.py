"""``merge`` and ``duplicates``: one person entered twice becomes one contact."""

from __future__ import annotations

import argparse
import json

from relmanager.commands import add_command
from relmanager.commands.common import CommandError, add_db_option, open_store, visible
from relmanager.domain import merging
from relmanager.store import contacts, duplicates, merge


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "merge",
                    description="Merge contacts that are one person: interactions, stage "
                    "history, follow-ups, introductions, tags, e-mails, phones and links "
                    "move to the one kept; the others are deleted (also on the sync "
                    "server). Fields that differ take the default shown (the kept "
                    "contact's, an empty one filled, notes joined).")
    add_db_option(p)
    p.add_argument("contacts", nargs="+", metavar="CONTACT",
                   help="id, email or unambiguous name (two or more)")
    p.add_argument("--keep", metavar="CONTACT", help="the contact that remains (default: "
                   "one already synced, else the one with the most history)")
    p.add_argument("--dry-run", action="store_true", help="show what would happen; change "
                   "nothing")
    p.set_defaults(handler=cmd_merge)

    p = add_command(sub, "duplicates",
                    description="Contacts with the same e-mail or phone, or a similar "
                    "name at the same organisation. Merge them with `relmanager merge`.")
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="print a JSON array of groups")
    p.set_defaults(handler=cmd_duplicates)


def cmd_merge(args: argparse.Namespace) -> int:
    open_store(args)
    ids = list(dict.fromkeys(contacts.find_contact(ref).id for ref in args.contacts))
    if len(ids) < 2:
        raise CommandError("merge needs at least two different contacts")
    keep = contacts.find_contact(args.keep).id if args.keep else None
    if keep is not None and keep not in ids:
        raise CommandError("--keep must be one of the contacts merged")
    found = merge.candidates(ids)
    plan = merging.default_plan(found, keep)
    names = merge.names_of(ids)
    introducers = [c.values.get("introduced_by") for c in found if c.values.get("introduced_by")]
    names.update(merge.names_of([i for i in introducers if i not in names]))

    def who(contact_id: int) -> str:
        return f"{visible(names.get(contact_id, '?'))} (#{contact_id})"

    print(f"keep {who(plan.survivor)}; merge into it: "
          + ", ".join(who(i) for i in plan.others))
    shown = {*merging.differing(found), *merging.filled(found)}  # chosen, or filled in
    for field in [name for name in merging.FIELDS if name in shown]:
        print(f"  {merging.LABELS[field]}: "
              f"{visible(merging.describe(field, plan.values[field], names.get))}")
    moved = merge.preview(plan)
    print(f"  moves {moved.interactions} interactions, {moved.stage_changes} stage changes, "
          f"{moved.follow_ups} follow-ups, {moved.introductions} introductions; the kept "
          f"contact has {moved.emails} e-mails, {moved.phones} phones, {moved.links} links, "
          f"{moved.tags} tags")
    if args.dry_run:
        print("dry run: nothing was changed")
        return 0
    merge.merge_contacts(args.clock, plan)
    print(f"merged {len(plan.others) + 1} contacts into {who(plan.survivor)}")
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    open_store(args, reading=True)  # only lists: answers on a read-only file or folder
    groups = duplicates.find()
    names = merge.names_of([i for g in groups for i in g.ids])
    if args.json:
        print(json.dumps([{"ids": g.ids, "names": [names[i] for i in g.ids],
                           "reasons": g.reasons} for g in groups],
                         ensure_ascii=False, indent=2))
        return 0
    if not groups:
        print("no likely duplicates")
        return 0
    for group in groups:
        people = ", ".join(f"{visible(names[i])} (#{i})" for i in group.ids)
        print(f"{people}: {'; '.join(group.reasons)}")
    ids = " ".join(str(i) for i in groups[0].ids)
    print(f"{len(groups)} group{'s' if len(groups) != 1 else ''}; merge one with "
          f"`relmanager merge {ids}`")
    return 0

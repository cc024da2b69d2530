"""``brief``, ``meetings`` and ``log-meeting``: what to remember before meeting someone,
the meetings with known people coming up, and logging one afterwards (issue 24, item 6).

Meetings come from the calendars capture reads (``capture calendar FILE``): their future
events with attendees who are contacts are kept for the brief.
"""

from __future__ import annotations

import argparse
import json

from relmanager.commands import add_command
from relmanager.commands.common import add_db_option, open_store, visible


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "brief")
    add_db_option(p)
    p.add_argument("contact", help="id, e-mail or name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_brief)

    p = add_command(sub, "meetings")
    add_db_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_meetings)

    p = add_command(sub, "log-meeting")
    add_db_option(p)
    p.add_argument("meeting", type=int, help="meeting number (see `meetings`)")
    p.set_defaults(handler=cmd_log_meeting)


def cmd_brief(args: argparse.Namespace) -> int:
    from relmanager.domain.brief import brief_json, brief_text
    from relmanager.store.brief_reads import person_brief
    from relmanager.store.contacts import find_contact

    open_store(args, reading=True)
    now = args.clock.now()
    brief = person_brief(find_contact(args.contact).id, now)
    if args.json:
        print(json.dumps(brief_json(brief), ensure_ascii=False, indent=2))
    else:
        print(brief_text(brief, now))
    return 0


def cmd_meetings(args: argparse.Namespace) -> int:
    from relmanager.store import upcoming

    open_store(args, reading=True)
    meetings = upcoming.upcoming(args.clock.now(), limit=100)
    if args.json:
        print(json.dumps([{
            "id": m.id, "starts_at": m.starts_at.isoformat(), "ends_at": m.ends_at.isoformat(),
            "summary": m.summary, "channel": m.channel, "minutes": m.minutes,
            "logged": m.logged_at is not None,
            "people": [{"id": cid, "name": name} for cid, name in m.people]}
            for m in meetings], ensure_ascii=False, indent=2))
        return 0
    if not meetings:
        print("no coming meetings with contacts (capture a calendar to see them)")
    for m in meetings:
        state = "  logged" if m.logged_at else ""
        print(f"{m.id:>4}  {m.starts_at:%Y-%m-%d %H:%M}  {visible(m.summary) or 'Meeting'}  "
              f"with {m.names}{state}")
    return 0


def cmd_log_meeting(args: argparse.Namespace) -> int:
    from relmanager.store import upcoming

    open_store(args)
    logged = upcoming.log_meeting(args.clock, args.meeting)
    if not logged.interactions:
        print(f"meeting {args.meeting} was logged already; nothing written")
    else:
        print(f"meeting {args.meeting} logged with {len(logged.contacts)} "
              f"{'person' if len(logged.contacts) == 1 else 'people'}")
    return 0

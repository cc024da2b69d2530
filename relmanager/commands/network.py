"""``relate``, ``strength``, ``paths`` and ``ideas``: who knows whom, from a terminal."""

from __future__ import annotations

import argparse
import json

from relmanager.commands import add_command
from relmanager.commands.common import CommandError, add_db_option, open_store, visible
from relmanager.domain.network import RelationKind, idea_candidates, introduction_ideas
from relmanager.domain.ties import WEIGHTS, TieStrength
from relmanager.domain.warm_paths import OWN_TIE_ENOUGH, warm_paths
from relmanager.store import contacts, network_reads, relations


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "relate")
    add_db_option(p)
    p.add_argument("a", help="id, email or unambiguous name")
    p.add_argument("b", help="id, email or unambiguous name")
    p.add_argument("--as", dest="kind", required=True, choices=[k.value for k in RelationKind],
                   help="A is B's …; introduced-by: A was introduced by B")
    p.add_argument("--remove", action="store_true", help="forget this relation")
    p.set_defaults(handler=cmd_relate)

    p = add_command(sub, "strength")
    add_db_option(p)
    p.add_argument("contact", help="id, email or unambiguous name")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", type=int, metavar="0-100", help="keep this score instead")
    group.add_argument("--clear", action="store_true", help="forget a score set by hand")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_strength)

    p = add_command(sub, "paths")
    add_db_option(p)
    p.add_argument("contact", help="id, email or unambiguous name")
    p.add_argument("-k", type=int, default=5, help="how many paths (default 5)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_paths)

    p = add_command(sub, "ideas")
    add_db_option(p)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_ideas)


def cmd_relate(args: argparse.Namespace) -> int:
    open_store(args)
    a, b = contacts.find_contact(args.a), contacts.find_contact(args.b)
    a_name, b_name = visible(a.display_name), visible(b.display_name)
    kind = RelationKind(args.kind)
    if args.remove:
        done = relations.unrelate(args.clock, a.id, b.id, kind)
        print(f"{a_name} and {b_name}: "
              + (f"{kind.label.lower()} forgotten" if done else f"no {kind.value} relation"))
        return 0
    added = relations.relate(args.clock, a.id, b.id, kind)
    what = (f"{a_name} was introduced by {b_name}" if kind is RelationKind.INTRODUCED_BY
            else f"{a_name} and {b_name}: {kind.label.lower()}")
    print(what + ("" if added else " (already recorded)"))
    return 0


def _strength_json(strength: TieStrength) -> dict:
    return {"score": strength.score, "computed": strength.computed,
            "overridden": strength.overridden,
            "factors": [{"factor": f.key, "points": round(f.points, 1), "of": WEIGHTS[f.key],
                         "why": f.detail} for f in strength.factors]}


def cmd_strength(args: argparse.Namespace) -> int:
    open_store(args, reading=True)
    contact = contacts.find_contact(args.contact)
    if args.set is not None or args.clear:
        relations.set_tie_override(args.clock, contact.id, None if args.clear else args.set)
    snapshot = network_reads.read_network(args.clock.now().date())
    strength = snapshot.strength(contact.id)
    if strength is None:
        raise CommandError(f"{visible(contact.display_name)} is archived: no tie strength")
    if args.json:
        print(json.dumps({"id": contact.id, "name": contact.display_name,
                          **_strength_json(strength)}, ensure_ascii=False, indent=2))
        return 0
    head = f"{visible(contact.display_name)}: {strength.score}/100"
    if strength.overridden:
        head += f" (set by you; the factors say {strength.computed})"
    print(head)
    for factor in strength.factors:
        print(f"  {factor.key:<12} {factor.points:5.1f} of {WEIGHTS[factor.key]:>2}  "
              f"{factor.detail}")
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    open_store(args, reading=True)
    target = contacts.find_contact(args.contact)
    snapshot = network_reads.read_network(args.clock.now().date())
    paths = warm_paths(snapshot.network, target.id, k=max(args.k, 1), avoid=snapshot.parked)
    names = network_reads.names(sorted({n for p in paths for n in p.nodes[1:]}))
    if args.json:
        print(json.dumps([{
            "strength": round(p.strength, 3),
            "via": [{"id": n, "name": names.get(n, "")} for n in p.nodes[1:-1]],
            "steps": [{"strength": round(s, 3), "kinds": list(k)}
                      for s, k in zip(p.strengths, p.kinds, strict=True)],
        } for p in paths], ensure_ascii=False, indent=2))
        return 0
    if not paths:
        print(f"No warm path to {visible(target.display_name)} yet: record who knows them "
              f"(relmanager relate), or log a meeting you had together.")
        return 0
    own = snapshot.network.ties.get(target.id, 0.0)
    if own >= OWN_TIE_ENOUGH:
        print(f"You know {visible(target.display_name)} yourself (tie {round(own * 100)}/100); "
              "other ways in:")
    else:
        print(f"Who could introduce you to {visible(target.display_name)}, strongest first:")
    for n, path in enumerate(paths, 1):
        steps = ["you"] + [visible(names.get(node, f"#{node}")) for node in path.nodes[1:]]
        why = ", ".join("/".join(kinds) for kinds in path.kinds[1:])
        print(f"  {n}. {' → '.join(steps)}  ({round(path.strength * 100)}%; {why})")
    return 0


def cmd_ideas(args: argparse.Namespace) -> int:
    open_store(args, reading=True)
    snapshot = network_reads.read_network(args.clock.now().date())
    ideas = introduction_ideas(
        snapshot.network, network_reads.common_ground(idea_candidates(snapshot.network)),
        limit=max(args.limit, 1))
    names = network_reads.names(sorted({n for i in ideas for n in (i.a, i.b)}))
    if args.json:
        print(json.dumps([{"a": {"id": i.a, "name": names.get(i.a, "")},
                           "b": {"id": i.b, "name": names.get(i.b, "")},
                           "common": list(i.common)} for i in ideas],
                         ensure_ascii=False, indent=2))
        return 0
    if not ideas:
        print("No introduction ideas yet: tags and intents in common make them.")
        return 0
    for idea in ideas:
        common = ", ".join(visible(c) for c in idea.common)
        print(f"  {visible(names.get(idea.a, ''))} and {visible(names.get(idea.b, ''))}: "
              f"{common}")
    return 0

"""A meeting brief (issue 24, item 6): what to remember about a person before meeting
them, in the order a thoughtful friend would whisper it: why you know them, how you met,
what you share, what you last did together, what is open between you (follow-ups, your
asks), how give and take stands, introductions under way, and where the relationship is.

The records are filled by relmanager.store.brief_reads; the words are made here, once,
for the dialog, the command line and ``--json`` alike. Plain text only: a name or a note
from an imported card is shown as typed, never as markup.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from relmanager.domain.reciprocity import Balance
from relmanager.domain.text import visible

#: Interactions a brief lists.
LAST_INTERACTIONS = 3


@dataclass(frozen=True)
class BriefInteraction:
    occurred_at: datetime
    channel: str  # the channel's name
    minutes: int
    exchange: str  # give, ask, receive, neutral
    note: str
    with_others: int = 0  # other people in the same group interaction
    others: tuple[str, ...] = ()  # their names, in name order


@dataclass(frozen=True)
class BriefFollowUp:
    title: str
    due_at: datetime


@dataclass(frozen=True)
class PersonBrief:
    contact_id: int
    name: str
    organisation: str
    stage: str
    intent: str
    how_met: str
    where_met: str
    met_on: date | None
    introduced_by: str
    common_ground: tuple[str, ...]  # tag names
    last_interactions: tuple[BriefInteraction, ...]
    follow_ups: tuple[BriefFollowUp, ...]  # open, soonest first
    asks: tuple[BriefInteraction, ...]  # the user's recent asks of them
    balance: Balance  # the last year
    introductions: tuple[str, ...]  # open introductions they are part of, in words


def _met_line(brief: PersonBrief) -> str:
    parts = [p for p in (visible(brief.how_met),
                         f"in {visible(brief.where_met)}" if brief.where_met else "",
                         f"on {brief.met_on:%-d %B %Y}" if brief.met_on else "",
                         f"introduced by {visible(brief.introduced_by)}"
                         if brief.introduced_by else "")
             if p]
    return " ".join(parts) if parts else "not recorded"


#: Others of a group interaction a brief names; the rest are "and N more".
OTHERS_NAMED = 3


def others_named(names: tuple[str, ...], count: int) -> str:
    """"Bob Roe", "Bob Roe and Cy Moe", "Bob Roe, Cy Moe, Di Fay and 2 more": whom
    the user met, not a bare count (a count without names stands if none is known)."""
    if not names:
        return f"{count} other{'s' if count > 1 else ''}"
    shown = [visible(n) for n in names[:OTHERS_NAMED]]
    rest = count - len(shown)
    if rest > 0:
        return f"{', '.join(shown)} and {rest} more"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _interaction_line(item: BriefInteraction) -> str:
    text = f"{item.occurred_at:%Y-%m-%d} {item.channel}"
    if item.minutes:
        text += f", {item.minutes} min"
    if item.exchange != "neutral":
        text += f" ({item.exchange})"
    if item.with_others:
        text += f", with {others_named(item.others, item.with_others)}"
    if item.note:
        text += f": {visible(' '.join(item.note.split())[:160])}"
    return text


def brief_text(brief: PersonBrief, now: datetime | None = None) -> str:
    """The brief in plain lines (the dialog, ``relmanager brief``); the contact's own
    text isolated in them (:func:`relmanager.domain.text.visible`)."""
    lines = [visible(brief.name)
             + (f" ({visible(brief.organisation)})" if brief.organisation else ""),
             f"Stage: {brief.stage.capitalize()}",
             f"Intent: {visible(brief.intent) or 'not recorded'}",
             f"How you met: {_met_line(brief)}",
             "Common ground: " + (", ".join(visible(t) for t in brief.common_ground)
                                  or "none recorded")]
    lines.append("Last interactions:" if brief.last_interactions else
                 "Last interactions: none yet")
    lines += [f"  {_interaction_line(i)}" for i in brief.last_interactions]
    open_items = [f"  follow-up: {visible(f.title)} (due {f.due_at:%Y-%m-%d})"
                  for f in brief.follow_ups]
    open_items += [f"  your ask: {_interaction_line(a)}" for a in brief.asks]
    lines.append("Open follow-ups and asks:" if open_items else
                 "Open follow-ups and asks: none")
    lines += open_items
    lines.append(f"Give and take (last year): {brief.balance.gives} given, "
                 f"{brief.balance.asks} asked, {brief.balance.receives} received. "
                 f"{brief.balance.describe()}")
    lines.append("Introductions under way:" if brief.introductions else
                 "Introductions under way: none")
    lines += [f"  {line}" for line in brief.introductions]
    return "\n".join(lines)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def brief_json(brief: PersonBrief) -> dict[str, Any]:
    """The brief as JSON-ready values (``relmanager brief --json``)."""
    data = _plain(asdict(brief))
    # Balance is a NamedTuple (asdict keeps it a tuple): its fields by name, and in words.
    data["balance"] = {**brief.balance._asdict(), "summary": brief.balance.describe()}
    return data

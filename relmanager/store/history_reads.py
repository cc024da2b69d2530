"""What the profile's histories read: a contact's interactions and stage moves, as
frozen values, newest first.

A group event is one row per participant sharing a ``group_key`` (see
:class:`relmanager.store.models.Interaction`); a history shows the *other* participants
beside each such row ("with Ann Lee, Bo Chen"), read in one query for the whole page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from relmanager.store.capture_models import CaptureBatch, CaptureItem
from relmanager.store.in_lists import chunks
from relmanager.store.models import Channel, Contact, ContactEmail, Interaction, StageChange


@dataclass(frozen=True)
class InteractionEntry:
    id: int
    occurred_at: datetime
    channel_key: str
    channel_name: str
    richness: int
    channel_kind: str
    two_way: bool
    exchange: str
    initiated_by: str
    minutes: int | None
    note: str
    group_key: str | None = None
    #: The other participants of a group event, by name (empty for a one-person event).
    others: tuple[str, ...] = ()

    @property
    def with_text(self) -> str:
        """"with Ann Lee, Bo Chen" for a group event, "" otherwise."""
        return "with " + ", ".join(self.others) if self.others else ""


@dataclass(frozen=True)
class StageEntry:
    id: int
    changed_at: datetime
    from_stage: str | None
    to_stage: str


@dataclass(frozen=True)
class Participant:
    contact_id: int
    name: str
    emails: tuple[str, ...]


def participants(group_keys: Iterable[str]) -> dict[str, list[tuple[int, int, str]]]:
    """Every row of each group: (interaction id, contact id, name), in id order."""
    keys = sorted(set(group_keys))
    result: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for chunk in chunks(keys):
        for key, row_id, contact_id, name in (
                Interaction.select(Interaction.group_key, Interaction.id, Contact.id,
                                   Contact.display_name)
                .join(Contact).where(Interaction.group_key.in_(chunk))
                .order_by(Interaction.id).tuples()):
            result[key].append((row_id, contact_id, name))
    return dict(result)


def interactions(contact_id: int) -> list[InteractionEntry]:
    rows = list(Interaction.select(Interaction.id, Interaction.occurred_at, Channel.key,
                                   Channel.name, Channel.richness, Channel.kind,
                                   Channel.two_way, Interaction.exchange,
                                   Interaction.initiated_by, Interaction.minutes,
                                   Interaction.note, Interaction.group_key)
                .join(Channel).where(Interaction.contact == contact_id)
                .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).tuples())
    groups = participants(row[-1] for row in rows if row[-1])
    entries = []
    for row in rows:
        others = tuple(name for _rid, cid, name in groups.get(row[-1], ()) if cid != contact_id)
        entries.append(InteractionEntry(*row, others=others))
    return entries


def group_rows(interaction_id: int) -> list[int]:
    """The ids of every participant's row of the event ``interaction_id`` belongs to
    (just itself for a one-person event)."""
    key = (Interaction.select(Interaction.group_key)
           .where(Interaction.id == interaction_id).scalar())
    if not key:
        return [interaction_id]
    return [i for (i,) in Interaction.select(Interaction.id)
            .where(Interaction.group_key == key).order_by(Interaction.id).tuples()]


def stage_changes(contact_id: int) -> list[StageEntry]:
    rows = (StageChange.select(StageChange.id, StageChange.changed_at,
                               StageChange.from_stage, StageChange.to_stage)
            .where(StageChange.contact == contact_id)
            .order_by(StageChange.changed_at.desc(), StageChange.id.desc()).tuples())
    return [StageEntry(*row) for row in rows]


# -- the whole record, for `relmanager history --json` ---------------------------------
def _emails(contact_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(sorted(set(contact_ids))):
        for cid, email in (ContactEmail.select(ContactEmail.contact, ContactEmail.email)
                           .where(ContactEmail.contact.in_(chunk))
                           .order_by(ContactEmail.position, ContactEmail.id).tuples()):
            found[cid].append(email)
    return {cid: tuple(found.get(cid, ())) for cid in contact_ids}


def _sources(ids: Sequence[int]) -> dict[int, tuple[str, bool]]:
    """(source, two-way) of the captured rows among ``ids``: "mail" or "calendar"."""
    found: dict[int, tuple[str, bool]] = {}
    for chunk in chunks(ids):
        for row_id, source, two_way in (
                CaptureItem.select(CaptureItem.interaction, CaptureBatch.source,
                                   CaptureItem.two_way)
                .join(CaptureBatch).where(CaptureItem.interaction.in_(chunk)).tuples()):
            # a received-only mark that came with sync (store.group_sync) is mail too
            found[row_id] = ("mail" if source == "sync" else source, bool(two_way))
    return found


@dataclass(frozen=True)
class HistoryRecord:
    """One interaction as `relmanager history --json` prints it."""

    id: int
    occurred_at: datetime
    channel: str
    minutes: int
    exchange: str
    note: str
    #: typed (by hand), import, calendar or mail (captured)
    source: str
    #: False only for captured mail that was received and never answered
    two_way: bool
    participants: tuple[Participant, ...]


def records(contact_id: int) -> list[HistoryRecord]:
    """Every interaction of one contact, newest first, with all participants (this
    contact first) and where the row came from."""
    entries = interactions(contact_id)
    groups = participants(e.group_key for e in entries if e.group_key)
    people: dict[int, str] = {contact_id: Contact.get_by_id(contact_id).display_name}
    for rows in groups.values():
        people.update({cid: name for _rid, cid, name in rows})
    emails = _emails(list(people))
    ids = [e.id for e in entries]
    captured = _sources(ids)
    imported = set()
    for chunk in chunks(ids):
        imported |= {i for (i,) in Interaction.select(Interaction.id).where(
            Interaction.id.in_(chunk) & Interaction.import_batch.is_null(False)).tuples()}
    result = []
    for e in entries:
        cids = [contact_id] + [cid for _rid, cid, _n in groups.get(e.group_key or "", ())
                               if cid != contact_id]
        source, two_way = captured.get(e.id, ("import" if e.id in imported else "typed",
                                              e.two_way))
        result.append(HistoryRecord(
            e.id, e.occurred_at, e.channel_key, e.minutes or 0, e.exchange, e.note, source,
            bool(two_way and e.two_way),
            tuple(Participant(cid, people[cid], emails[cid]) for cid in dict.fromkeys(cids))))
    return result

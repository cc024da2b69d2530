"""A merge and the cards on the server: the survivor's card keeps what other clients
stored on either card.

The survivor's card is edited in place (sync patches its stored text, so its foreign
properties stay byte for byte). A merged-away card is deleted on the server; the
properties on it that Relmanager does not model (an address, a nickname, an IMPP
handle, another client's X- property) would go with it. So before the merge, those
lines are copied into the survivor's stored text, unless the survivor already has the
same line. A grouped property (``item3.ADR`` + ``item3.X-ABLabel``) comes whole, renamed
to a group the card does not use. Properties Relmanager models (names, addresses,
phones, links, tags, notes...) are merged as fields instead, and a card's identity
(UID, REV, PRODID) is never copied.

A card whose fields did not change would not be sent, so the survivor is queued and its
base (what both sides last agreed on) is marked with the merged uids, which no real
field equals: the next sync sends the card, and its success replaces the base.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relmanager.store import sync_pairs
from relmanager.store.models import SyncItem, database

if TYPE_CHECKING:
    from relmanager.interchange.content_lines import Line

#: Never copied from a merged-away card: identity, and what Relmanager merges as fields.
MODELLED = {
    "BEGIN", "END", "VERSION", "UID", "REV", "PRODID", "FN", "N", "ORG", "TITLE", "NOTE",
    "CATEGORIES", "BDAY", "PHOTO", "EMAIL", "TEL", "URL", "X-SOCIALPROFILE",
    "KIND", "X-ABUID",
}
MERGED_MARK = "merged_from"


@dataclass
class CardBefore:
    """The survivor's stored card text and base before a merge touched them."""

    href: str
    raw: str
    base_json: str | None
    #: (name, value) of each line carried over, so an undo after the card was synced
    #: takes them off the server's text again (its params may be rewritten: Radicale's).
    carried: tuple[tuple[str, str], ...] = ()


def _foreign(name: str) -> bool:
    return name not in MODELLED and not name.startswith("X-RELMANAGER-")


def _foreign_line(line: Line) -> bool:
    """A line not ours to merge: of those RELATED lines, only the introducer is (the
    survivor's introducer field decides it); a spouse, a child or a muse another app
    linked travels to the kept card."""
    from relmanager.interchange.card_patch import is_introducer

    return _foreign(line.name) and not (line.name == "RELATED" and is_introducer(line))


def carry_foreign(survivor: int, others: list[int]) -> CardBefore | None:
    """Copy the merged-away cards' foreign lines into the survivor's stored card; returns
    what puts it back, or None when there is nothing to do (no sync, nothing foreign)."""
    from relmanager.interchange.content_lines import Patcher

    item = SyncItem.get_or_none((SyncItem.kind == "contact") & (SyncItem.local_id == survivor)
                                & (SyncItem.state == "synced"))
    raw = sync_pairs.raw_of(item.href) if item is not None else None
    if item is None or raw is None:
        return None
    try:
        target = Patcher(raw, "VCARD")
        target.body()  # a card that does not close is not edited
    except ValueError:
        return None
    have = {_ungrouped(line.unfolded, line.group) for line in target.lines}
    added: list[Line] = []
    uids = []
    for other in others:
        other_item = SyncItem.get_or_none((SyncItem.kind == "contact")
                                          & (SyncItem.local_id == other))
        other_raw = sync_pairs.raw_of(other_item.href) if other_item is not None else None
        if other_raw is None:
            continue
        uids.append(other_item.uid)
        added += foreign_lines(other_raw, have)
    if not added:
        return None
    from relmanager.interchange.content_lines import value_of

    before = CardBefore(item.href, raw, item.base_json,
                        tuple((line.name, value_of(line)) for line in added))
    target.insert(None, added)
    _send_text(item, target.text(), uids, survivor)
    return before


def card_lines(raw: str) -> set[str]:
    """What :func:`foreign_lines` compares a card's lines by (a group's name aside)."""
    from relmanager.interchange.content_lines import Patcher

    return {_ungrouped(line.unfolded, line.group) for line in Patcher(raw, "VCARD").lines}


def foreign_lines(other_raw: str, have: set[str]) -> list[Line]:
    """The lines of ``other_raw`` that are not Relmanager's to merge as fields (see
    :data:`MODELLED`), less those ``have`` holds (:func:`card_lines`, updated with the
    ones returned): a grouped property whole or not at all. Nothing from a damaged card.
    Used by a merge of two synced contacts and by a file import merged into a contact
    (store.kept_cards)."""
    from relmanager.interchange.card_patch import unread_lines
    from relmanager.interchange.content_lines import Line, Patcher

    added: list[Line] = []
    try:
        source = Patcher(other_raw, "VCARD")
        body = [source.lines[i] for i in source.body()]
    except ValueError:  # damaged by another client: nothing can be taken from it
        return added
    groups: dict[str, list[Line]] = {}
    for line in body:
        if line.group:
            groups.setdefault(line.group.casefold(), []).append(line)
    # a second FN (the name in another script) or TITLE is not read here: it travels
    unread = unread_lines([line for line in body if not line.group])

    def foreign(line: Line) -> bool:
        return _foreign_line(line) or id(line) in unread

    for line in body:
        if not foreign(line):  # BEGIN and END are MODELLED too
            continue
        if line.group:
            members = groups[line.group.casefold()]
            if line is not members[0] or not all(foreign(m) for m in members):
                continue
            fresh = [m for m in members if _ungrouped(m.unfolded, m.group) not in have]
            if len(fresh) == len(members):
                have.update(_ungrouped(m.unfolded, m.group) for m in members)
                added.extend(Line(m.text, m.group, m.name) for m in members)
            continue
        key = _ungrouped(line.unfolded, None)
        if key not in have:
            have.add(key)
            added.append(Line(line.text, None, line.name))
    return added


def _send_text(item: SyncItem, text: str, uids: list[str], survivor: int) -> None:
    """Store ``text`` as the survivor's card and queue it with its base marked: a card
    whose fields did not change would not be sent (see the module's docstring)."""
    sync_pairs.set_raw(item.href, text)
    base = json.loads(item.base_json) if item.base_json else {}
    base[MERGED_MARK] = uids
    SyncItem.update(base_json=json.dumps(base)).where(SyncItem.id == item.id).execute()
    database.execute_sql("INSERT OR IGNORE INTO sync_change VALUES ('contact', ?)",
                         (survivor,))


def _ungrouped(text: str, group: str | None) -> str:
    return text[len(group) + 1:] if group else text


def put_back(before: CardBefore | None) -> None:
    """Undo :func:`carry_foreign`: not synced yet, the stored text and base as they
    were; synced since, the server's text stays (another client may have edited it) less
    the lines the merge carried over."""
    if before is None:
        return
    item = SyncItem.get_or_none(SyncItem.href == before.href)
    if item is None or item.base_json is None:
        return
    if MERGED_MARK in json.loads(item.base_json):
        sync_pairs.set_raw(before.href, before.raw)
        SyncItem.update(base_json=before.base_json).where(SyncItem.id == item.id).execute()
        return
    # Synced since: the server's card carries the merged-away card's lines, which the
    # undo brings back on their own card; taken off the survivor's, and sent.
    raw = sync_pairs.raw_of(before.href)
    text = _without(raw, before.carried) if raw is not None else None
    if text is not None and text != raw and item.local_id is not None:
        _send_text(item, text, [], item.local_id)


def _without(raw: str, carried: tuple[tuple[str, str], ...]) -> str | None:
    """``raw`` less one line of each (name, value) carried, a group only whole (its
    lines all carried); None when it is no card."""
    from relmanager.interchange.content_lines import Patcher, value_of

    try:
        patcher = Patcher(raw, "VCARD")
        body = [patcher.lines[i] for i in patcher.body()]
    except ValueError:
        return None
    wanted = list(carried)
    groups: dict[str, list[Line]] = {}
    for line in body:
        if line.group:
            groups.setdefault(line.group.casefold(), []).append(line)
    doomed: list[Line] = []
    for line in body:
        members = groups[line.group.casefold()] if line.group else [line]
        if line is not members[0]:
            continue
        keys = [(m.name, value_of(m)) for m in members]
        left = list(wanted)
        for key in keys:
            if key not in left:
                break
            left.remove(key)
        else:
            wanted = left
            doomed += members
    patcher.remove(doomed)
    return patcher.text()


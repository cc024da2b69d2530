"""The quick path of a first pull, for :class:`relmanager.sync.engine.SyncRun`.

A first pull of thousands of contacts spent most of its time on contacts that exist
nowhere here (written one at a time through the interactive-edit path) and then re-read
each of them alone to find nothing to send. Both are done a batch at a time here, with
the same result as the one-at-a-time path (tests/sync/test_sync_speed.py compares them).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from relmanager.store import sync_conflicts, sync_state
from relmanager.sync.merge import carried

if TYPE_CHECKING:
    from relmanager.sync.engine import SyncRun
    from relmanager.sync.entries import Entry

BATCH = 200


Pulled = tuple[str, str, "Entry", str]  # href, etag, the parsed entry, its text as fetched


def take_new_contacts(run: SyncRun, batch: list[Pulled]) -> list[Pulled]:
    """Contacts of a pulled batch that are new here (no pairing, no row with their uid,
    nothing the app refuses), written and paired in one go; returns the rest, for
    ``SyncRun._take`` one at a time. Each gets what ``_take`` gives a new contact: the
    card's fields as they are, its text kept as fetched (later edits are patched into
    it), paired with what this device made of the card as the base (a foreign card's
    stage and sphere are this device's defaults: nothing to send back). A card that
    carries another device's conflict goes the one-at-a-time way. Runs inside the
    batch's transaction."""
    from relmanager.store import relations, sync_bulk
    from relmanager.store.models import Contact

    uids = [entry.uid for _h, _e, entry, _t in batch]
    hrefs = [href for href, _e, _entry, _t in batch]
    Item = sync_state.SyncItem  # noqa: N806
    taken = {i.uid for i in Item.select(Item.uid).where(
        (Item.kind == "contact") & Item.uid.in_(uids))}
    taken |= {i.href for i in Item.select(Item.href).where(Item.href.in_(hrefs))}
    taken |= {c.uid for c in Contact.select(Contact.uid).where(Contact.uid.in_(uids))}
    fresh, rest = [], []
    for href, etag, entry, text in batch:
        remote, refused = sync_conflicts.sanitize_contact(entry.fields)
        if refused or entry.uid in taken or href in taken or "X-RELMANAGER-CONFLICT" in text:
            rest.append((href, etag, entry, text))
            continue
        taken.add(entry.uid)
        fresh.append((href, etag, entry, text, remote))
    ids, _refused = sync_bulk.create_contacts(run.clock,
                                              [(e.uid, r) for _h, _t, e, _x, r in fresh])
    for _h, _t, entry, _x, remote in fresh:  # each card lists its relations (both ways)
        if entry.uid in ids and remote.get("relations"):
            relations.set_relations_by_uid(run.clock.now(), ids[entry.uid],
                                           remote["relations"])
    made = sync_state.local_fields("contact", list(ids.values())) if ids else {}
    pairings, texts = [], []
    for href, etag, entry, text, remote in fresh:
        local_id = ids.get(entry.uid)
        if local_id is None or local_id not in made:  # refused: the slow path says why
            rest.append((href, etag, entry, text))
            continue
        after = made[local_id][1]
        base = {name: after.get(name) for name in carried(remote, remote)}
        texts.append((href, text))
        pairings.append({"kind": "contact", "local_id": local_id, "uid": entry.uid,
                         "href": href, "etag": etag or "", "base_json": json.dumps(base),
                         "state": "synced"})
        run._taken[("contact", local_id)] = base
        if remote.get("introduced_by"):
            run._introducers.append((local_id, remote["introduced_by"]))
    for first in range(0, len(pairings), BATCH):
        Item.insert_many(pairings[first:first + BATCH]).execute()
    for href, text in texts:
        sync_state.set_raw(href, text)
    run.report.pulled += len(pairings)
    return rest


def nothing_to_send(taken: dict[tuple[str, int], dict]) -> None:
    """Rows a pulled batch wrote that now hold exactly what the server has (``taken``:
    (kind, local id) -> the server's fields) leave the push queue at once, read back in
    one batch: the push would otherwise re-read each one alone only to find nothing to
    send (a third of a first pull's time)."""
    by_kind: dict[str, list[int]] = {}
    for kind, local_id in taken:
        by_kind.setdefault(kind, []).append(local_id)
    for kind, ids in by_kind.items():
        queued = sync_state.changed_ids_among(kind, ids)
        current = sync_state.local_fields(kind, queued) if queued else {}
        sync_state.clear_changed(kind, [
            local_id for local_id in queued if local_id in current
            and current[local_id][1] == taken[(kind, local_id)]])
    taken.clear()

"""Contacts that arrive by sync and are new here, written a batch at a time.

A first pull brings thousands of contacts that exist nowhere here; writing each through
``create_contact`` costs a dozen queries apiece (peewee builds each statement anew) and
made a first pull of 3,000 five times slower than vdirsyncer. The rows are the same ones
``sync_state.apply`` writes for a new contact (the same cleaning, children, tags, first
stage placement, search text and due dates), inserted with one statement per table and
chunk. A contact whose fields the cleaners refuse is left out and returned, for the
caller's one-at-a-time path (which keeps it waiting and says why).
"""

from __future__ import annotations

import base64
import uuid
from datetime import date
from typing import Any

from relmanager.domain.stages import Stage
from relmanager.store import denorm, table_rebuild
from relmanager.store.contacts import _clean_fields, sort_key, split_name, tag_ids
from relmanager.store.errors import ValidationError
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactTag,
    StageChange,
    database,
)
from relmanager.store.validation import clean_email

Fields = dict[str, Any]
CHUNK = 200


def _row(fields: Fields, uid: str, introducer: int | None, now: Any) -> dict[str, Any]:
    """The contact row ``_apply_contact`` + ``create_contact`` would write; raises
    ValidationError / ValueError for what they refuse."""
    plain: dict[str, Any] = {
        "first_name": fields["first_name"], "last_name": fields["last_name"],
        "organisation": fields["organisation"], "title": fields["title"],
        "notes": fields["notes"], "cadence_days": fields["cadence_days"],
        "met_on": date.fromisoformat(fields["met_on"]) if fields["met_on"] else None}
    if fields["sphere"] is not None:
        plain["sphere"] = fields["sphere"]
    for name in ("intent", "how_met", "where_met"):
        plain[name] = fields[name] or ""
    name = fields["display_name"] or " ".join(
        p for p in (fields["first_name"], fields["last_name"]) if p) or "(no name)"
    cleaned = _clean_fields({"display_name": name, **plain})
    name = cleaned["display_name"]
    if not cleaned.get("first_name") and not cleaned.get("last_name"):
        cleaned["first_name"], cleaned["last_name"] = split_name(name)
    stage = Stage(fields["stage"]) if fields["stage"] else Stage.INBOX
    return {**cleaned, "stage": stage.value,
            "sort_name": sort_key(name, cleaned["first_name"], cleaned["last_name"]),
            "created_at": now, "updated_at": now, "uid": uid or str(uuid.uuid4()),
            "introduced_by": introducer, "archived": bool(fields.get("archived")),
            "birthday": fields["birthday"],
            "photo": base64.b64decode(fields["photo"]) if fields["photo"] else None}


def _children(fields: Fields) -> tuple[list, list, list]:
    emails, seen = [], set()
    for position, (address, label) in enumerate(fields["emails"]):
        clean = clean_email(address)
        if clean not in seen:
            seen.add(clean)
            emails.append((clean, label or "", position))
    phones = [(n.strip(), label or "", p) for p, (n, label) in enumerate(fields["phones"])
              if n.strip()]
    links = [(k, u.strip(), p) for p, (k, u) in enumerate(fields["links"]) if u.strip()]
    return emails, phones, links


def create_contacts(clock: Any, new: list[tuple[str, Fields]]) -> tuple[dict[str, int],
                                                                        list[str]]:
    """Write the new contacts ``(uid, fields)``; returns (uid -> id of those written, the
    uids refused for the caller's one-at-a-time path). Run it inside the pull's
    transaction: the ids are handed out under its write lock."""
    now = clock.now()
    introducers = {f["introduced_by"] for _u, f in new if f["introduced_by"]}
    known = {c.uid: c.id for c in Contact.select(Contact.id, Contact.uid).where(
        Contact.uid.in_(list(introducers)))} if introducers else {}
    rows, kids, refused = [], [], []
    for uid, fields in new:
        try:
            row = _row(fields, uid, known.get(fields["introduced_by"] or ""), now)
            kids.append((uid, _children(fields), fields["tags"]))
        except (ValidationError, ValueError, LookupError):
            refused.append(uid)
            continue
        rows.append(row)
    if not rows:
        return {}, refused
    with database.atomic():
        start = table_rebuild.next_free_id(database, "contact")  # never a deleted id
        for offset, row in enumerate(rows):
            row["id"] = start + offset
        for first in range(0, len(rows), CHUNK):
            Contact.insert_many(rows[first:first + CHUNK]).execute()
        ids = {row["uid"]: row["id"] for row in rows}
        emails, phones, links, tagged = [], [], [], []
        names: dict[str, None] = {}  # in order of first use, as one by one creates them
        for uid, (mails, numbers, urls), tags in kids:
            cid = ids[uid]
            emails += [{"contact": cid, "email": e, "label": lb, "position": p}
                       for e, lb, p in mails]
            phones += [{"contact": cid, "number": n, "label": lb, "position": p}
                       for n, lb, p in numbers]
            links += [{"contact": cid, "kind": k, "url": u, "position": p}
                      for k, u, p in urls]
            tagged += [(cid, t) for t in tags]
            names.update(dict.fromkeys(tags))
        tag_of = {}
        for name in names:  # a few distinct tags, created when missing
            found = tag_ids([name])
            if found:
                tag_of[name] = found[0]
        for model, data in ((ContactEmail, emails), (ContactPhone, phones),
                            (ContactLink, links)):
            for first in range(0, len(data), CHUNK):
                model.insert_many(data[first:first + CHUNK]).execute()
        pairs = [{"contact": cid, "tag": tag_of[name]} for cid, name in tagged
                 if name in tag_of]
        for first in range(0, len(pairs), CHUNK):
            ContactTag.insert_many(pairs[first:first + CHUNK]).on_conflict_ignore().execute()
        placements = [{"contact": row["id"], "from_stage": None, "to_stage": row["stage"],
                       "changed_at": now} for row in rows]
        for first in range(0, len(placements), CHUNK):
            StageChange.insert_many(placements[first:first + CHUNK]).execute()
        all_ids = list(ids.values())
        denorm.refresh_search_text(all_ids)
        denorm.refresh_due_dates(all_ids)
    return ids, refused

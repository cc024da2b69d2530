"""The cards contacts were imported from, kept for the properties Relmanager does not read.

A file import keeps a card's text when it holds another app's properties
(relmanager.interchange.vcard_keep); an export and a first sync upload patch the
contact's fields into it (relmanager.interchange.card_text.patched_card, the rule sync
uses for the server's text), so an address, an IMPP handle or an X- property go back out
byte for byte, after any edit here. A card imported into an existing contact (a merge, a
file imported again) adds only its lines the kept card does not have, by the rule a merge
of two synced contacts uses (store.merge_cards.foreign_lines): importing the same file
twice adds nothing.

The table is made on the first import that keeps a card (an app that never imported one
has none, and a reading command never has to make it); a contact's row goes with the
contact (ON DELETE CASCADE); a deletion's undo (store.snapshots) and an import's undo
(store.import_merge) put it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from relmanager.interchange.content_lines import Line, Patcher, value_of
from relmanager.store.in_lists import rows_in
from relmanager.store.merge_cards import card_lines, foreign_lines
from relmanager.store.models import database

#: The value of a plain UID line (no group, no parameters).
_UID = re.compile(r"^UID[;:]([^\r\n]*)", re.M | re.I)
DDL = ("CREATE TABLE IF NOT EXISTS contact_card (contact_id INTEGER PRIMARY KEY NOT NULL "
       "REFERENCES contact (id) ON DELETE CASCADE, text TEXT NOT NULL)")


def _exists() -> bool:
    return database.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                "name = 'contact_card'").fetchone() is not None


def cards_of(ids: Sequence[int]) -> dict[int, str]:
    """The kept cards of ``ids`` (those that have one)."""
    if not ids or not _exists():
        return {}
    return dict(rows_in("SELECT contact_id, text FROM contact_card WHERE contact_id IN "
                        "({marks})", list(ids)))


def card_of(contact_id: int) -> str | None:
    return cards_of([contact_id]).get(contact_id)


def with_uid(text: str, uid: str) -> str:
    """``text`` naming the contact by ``uid``: a card without a UID (or with another
    one: imported into a contact matched by its e-mail) would be sent or exported as a
    card of another contact. Anything else stays as it was."""
    found_uids = _UID.findall(text)
    if len(found_uids) == 1 and found_uids[0].removeprefix("urn:uuid:") == uid:
        return text  # the common case, without splitting the card into lines
    try:
        patcher = Patcher(text, "VCARD")
        found = patcher.lines_named("UID")
    except ValueError:
        return text
    if [value_of(line).strip().removeprefix("urn:uuid:") for line in found] == [uid]:
        return text
    ending = "\r\n" if text.endswith("\r\n") else "\n"
    patcher.remove(found)
    at = next((i + 1 for i, line in enumerate(patcher.lines) if line.name == "VERSION"), 1)
    patcher.insert(at, [Line(f"UID:{uid}{ending}", None, "UID")])
    return patcher.text()


def keep(rows: Iterable[tuple[int, str, str]]) -> None:
    """Keep the cards of new contacts: (contact id, its uid, the card's text)."""
    found = [(contact_id, with_uid(text, uid)) for contact_id, uid, text in rows]
    if found:
        database.execute_sql(DDL)
        database.connection().executemany(
            "INSERT OR REPLACE INTO contact_card (contact_id, text) VALUES (?, ?)", found)


def merge_in(contact_id: int, uid: str, text: str) -> tuple[bool, str | None]:
    """A card imported into an existing contact: kept, or its lines the kept card lacks
    added to it. Returns (changed, the kept text before) for the import's undo."""
    before = card_of(contact_id)
    if before is None:
        keep([(contact_id, uid, text)])
        return True, None
    try:
        target = Patcher(before, "VCARD")
        target.body()  # a card that does not close is not edited
    except ValueError:
        return False, before
    added = foreign_lines(text, card_lines(before))
    if not added:
        return False, before
    target.insert(None, added)
    keep([(contact_id, uid, target.text())])
    return True, before


def put_back(contact_id: int, text: str | None) -> None:
    """The contact's kept card as it was (none: ``text`` None)."""
    if text is None:
        if _exists():
            database.execute_sql("DELETE FROM contact_card WHERE contact_id = ?",
                                 (contact_id,))
        return
    database.execute_sql(DDL)
    database.execute_sql("INSERT OR REPLACE INTO contact_card (contact_id, text) "
                         "VALUES (?, ?)", (contact_id, text))


def carry_in(survivor: int, uid: str, others: Sequence[int]) -> tuple[bool, str | None]:
    """A merge of contacts: the merged-away contacts' kept cards (deleted with them)
    brought into the survivor's, as an import into it would (:func:`merge_in`); returns
    (changed, the survivor's card before) for the merge's undo."""
    before = card_of(survivor)
    changed = False
    for text in cards_of(others).values():
        changed = merge_in(survivor, uid, text)[0] or changed
    return changed, before

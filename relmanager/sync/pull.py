"""The receiving half of a sync run: what changed on the server is merged in here.

Each entry's text is kept as fetched (relmanager.interchange.card_patch edits it later), the base of
the three-way merge is what this device made of the server's values (so a foreign card is
never sent back just for Relmanager's defaults), conflicts another device found are
taken over, and a contact deleted on one side but edited on the other comes back with
its interactions and follow-ups.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import peewee as pw

from relmanager.domain.clock import Clock
from relmanager.store import sync_conflicts, sync_state
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import database
from relmanager.sync import account as accounts
from relmanager.sync import first_pull, outgoing
from relmanager.sync.dav import DavClient
from relmanager.sync.entries import (
    Entry,
    EntryError,
    entry_label,
    parse_calendar_entry,
    parse_contact,
)
from relmanager.sync.merge import Conflict, carried, merge
from relmanager.sync.report import SyncReport

BATCH = 200
log = logging.getLogger(__name__)


class PullSide:
    """Mixed into SyncRun (relmanager.sync.engine), which sets these up."""

    account: accounts.SyncAccount
    client: DavClient
    clock: Clock
    report: SyncReport
    progress: Callable[[str], None]
    _introducers: list[tuple[int, str]]
    _revived: set[str]
    _taken: dict[tuple[str, int], dict]

    def _check(self) -> None:
        raise NotImplementedError

    # -- pull -------------------------------------------------------------------------
    def _pull(self, collection: str, kinds: tuple[str, ...]) -> str | None:
        self._check()
        self._drop_outside(collection, kinds)
        saved = self.account.tokens.get(collection)
        pending = sync_state.pending_hrefs(kinds)
        # With no token yet, nothing to compare: the listing brings the token along.
        current = self.client.state(collection) if saved else None
        if current and current == saved and not pending:
            self.report.unchanged.append(collection)
            return current
        self.progress(f"Looking for changes in {collection}")
        listing = self.client.changes(collection, saved)
        for href in listing.outside:
            # A hostile or buggy server's href: fetching, replacing or deleting it would
            # reach past the collection the account was given (see relmanager.sync.hrefs).
            log.warning("the server listed %r, outside %s: not fetched, changed or "
                        "deleted", href[:200], collection)
            self.report.skip(href[:80], f"listed by the server outside {collection}; "
                             "not fetched, changed or deleted")
        known = sync_state.known_hrefs(kinds)
        wanted = [h for h, etag in listing.changed.items() if known.get(h) != etag]
        wanted += [h for h in pending if h not in wanted]
        removed = list(listing.removed)
        if listing.complete:
            removed += [h for h in known if h not in listing.changed]
        fetched = self.client.multiget(collection, wanted, calendar=kinds != ("contact",)) \
            if wanted else {}
        # Listed but not sent: not gone (the listing says it is there), only not received
        # this time. Reported, and the token stays where it was, so the next sync asks
        # for them again.
        unreceived = [h for h in wanted if h not in fetched]
        for href in unreceived:
            self.report.skip(self._known_label(href), "the server did not send it; "
                             "it is asked for again on the next sync")
        entries: list[tuple[str, str, Entry, str]] = []
        for href, (etag, text) in fetched.items():
            try:
                parse = parse_contact if kinds == ("contact",) else parse_calendar_entry
                entries.append((href, etag, parse(text, href), text))
            except EntryError as error:  # not ours, or unreadable: looked at again if it changes
                if kinds == ("contact",):
                    self.report.skip(href.rsplit("/", 1)[-1], str(error).split(": ", 1)[-1])
                with database.atomic():
                    sync_state.record_pairing(kinds[0], None, f"unread:{href}", href, etag,
                                              None, "ignored")
        for start in range(0, len(entries), BATCH):
            self._check()
            self.progress(f"Receiving {min(start + BATCH, len(entries))} of {len(entries)}")
            with database.atomic():
                self._taken.clear()
                batch = entries[start:start + BATCH]
                if kinds == ("contact",):
                    batch = first_pull.take_new_contacts(self, batch)
                for href, etag, entry, text in batch:
                    self._take(href, etag, entry, text)
                first_pull.nothing_to_send(self._taken)
        with database.atomic():
            sync_state.link_introducers(self._introducers)
            self._introducers.clear()
            for href in removed:
                self._removed_there(href)
        if unreceived:
            return saved
        return listing.token or current

    def _drop_outside(self, collection: str, kinds: tuple[str, ...]) -> None:
        """Pairings with an href outside the collection (taken from a hostile listing by
        a version before relmanager.sync.hrefs) are dropped before anything is sent: an
        edit or a deletion here would otherwise PUT or DELETE there. The row stays and
        goes to the collection as a new entry; what is outside is left alone."""
        for href in sync_state.known_hrefs(kinds):
            if not self.client.is_member(href, collection):
                log.warning("a pairing named %r, outside %s: dropped, left alone there",
                            href[:200], collection)
                self.report.skip(href[:80], f"paired outside {collection} by an earlier "
                                 "version; not changed or deleted there, sent anew")
                with database.atomic():
                    sync_state.forget(href)

    def _known_label(self, href: str) -> str:
        item = sync_state.item_by_href(href)
        if item is not None and item.local_id is not None:
            found = sync_state.local_fields(item.kind, [item.local_id]).get(item.local_id)
            if found is not None:
                return self._label(item.kind, found[1])
        return href.rsplit("/", 1)[-1]

    def _label(self, kind: str, fields: dict) -> str:
        name = "" if kind == "contact" else sync_state.contact_name(fields.get("contact", ""))
        return entry_label(kind, fields, name)

    def _take(self, href: str, etag: str, entry: Entry, text: str) -> None:
        item = sync_state.item_by_href(href) or sync_state.item_by_uid(entry.kind, entry.uid)
        if item is not None and item.state == "synced":
            local_id = item.local_id
        else:
            if item is not None and item.state == "deleted" and entry.kind == "contact":
                self._revived.add(entry.uid)  # deleted here, changed there: back it comes
            # Never paired, deleted here (or brought back by undo), or waiting: the row
            # that carries this uid is the same thing; with none, the change there wins
            # and comes back as new: nothing lost.
            local_id = sync_state.local_id_by_uid(entry.kind, entry.uid)
        # A pairing deleted here and undone still knows what both sides last agreed on.
        base = sync_state.base_of(item) if item is not None and item.state != "pending" \
            else None
        old_raw = sync_state.raw_of(item.href) if item is not None else None
        left = sync_state.left_behind(entry.kind, entry.uid) if item is None else None
        if left is not None:
            # Lost there while changed here, and back there before our revival went up
            # (its PUT met a taken href: 412): what both sides last agreed on is the base
            # kept with its text, so each side's changes are kept, not clashed.
            old_raw, base = left
        local = sync_state.local_fields(entry.kind, [local_id]).get(local_id) \
            if local_id is not None else None
        remote, refused = entry.fields, {}
        if entry.kind == "contact":
            remote, refused = sync_conflicts.sanitize_contact(entry.fields)
        if local is not None and entry.unknown:
            remote = {**remote, **{name: local[1].get(name) for name in entry.unknown}}
        fields, conflicts = remote, []
        if local is not None:
            result = merge(base, local[1], remote)
            fields, conflicts = result.merged, result.conflicts
        try:
            with database.atomic():
                after = local[1] if local is not None else None
                if local is None or fields != local[1]:
                    local_id = sync_state.apply(self.clock, entry.kind, local_id, entry.uid,
                                                fields)
                    after = sync_state.local_fields(entry.kind, [local_id])[local_id][1]
                assert after is not None
                there = carried(fields, remote)
                # What both sides now agree on: for a value taken from the server, what
                # this device made of it (a foreign card's stage and sphere are this
                # device's defaults, its labels as this device writes them): nothing to
                # send back. A value kept here differs from the server's and is sent.
                remote_base = {name: after.get(name) if fields.get(name) == value else value
                               for name, value in there.items()}
                sync_state.record_pairing(entry.kind, local_id, entry.uid, href, etag,
                                          remote_base, raw=text)
                self._taken[(entry.kind, local_id)] = remote_base
                if base is not None:  # what changed there again makes older conflicts moot
                    clashing = {c.field for c in conflicts}
                    sync_conflicts.drop_conflicts(entry.kind, local_id, [
                        name for name, value in there.items()
                        if value != base.get(name) and name not in clashing])
                conflicts += [Conflict(name, fields.get(name), value)
                              for name, value in refused.items()]
                self._shared_conflicts(entry.kind, local_id, old_raw, text, after, conflicts)
                if conflicts:
                    self.report.conflicts += sync_conflicts.add_conflicts(
                        self.clock, entry.kind, local_id, conflicts)
        except (LookupError, ValueError, ValidationError, NotFoundError,
                pw.IntegrityError) as error:
            # Refused here (its contact is not here yet, a channel this device lacks...):
            # kept as waiting and fetched again on every sync until it goes in.
            if local_id is None or local is None:
                sync_state.record_pairing(entry.kind, None, entry.uid, href, "", None,
                                          "pending")
            elif item is not None:  # this device's version stands; the next edit replaces it
                sync_state.SyncItem.update(etag=etag).where(
                    sync_state.SyncItem.href == href).execute()
                sync_state.set_raw(href, text)
            self.report.skip(self._label(entry.kind, entry.fields), str(error))
            return
        if entry.kind == "contact" and fields.get("introduced_by"):
            self._introducers.append((local_id, fields["introduced_by"]))
        self.report.pulled += 1

    def _shared_conflicts(self, kind: str, local_id: int, old_raw: str | None, text: str,
                          after: dict, conflicts: list[Conflict]) -> None:
        """Conflicts another device found (see ``outgoing``): those it lists are added
        here, those it no longer lists were resolved there and go here too."""
        was, now = outgoing.markers_of(old_raw, kind), outgoing.markers_of(text, kind)
        sync_conflicts.drop_conflicts(kind, local_id, [n for n in was if n not in now])
        listed = {c.field for c in conflicts}
        for name, other in now.items():
            if name in after and name not in listed and other != after[name] \
                    and not sync_conflicts.has_conflict(kind, local_id, name):
                conflicts.append(Conflict(name, after[name], other))

    def _removed_there(self, href: str) -> None:
        item = sync_state.item_by_href(href)
        if item is None:
            return
        if item.local_id is not None and item.state == "synced":
            local = sync_state.local_fields(item.kind, [item.local_id]).get(item.local_id)
            unsent = item.kind == "contact" and sync_state.has_unsent_activity(item.local_id)
            revived = local is not None and item.kind != "contact" and \
                local[1].get("contact") in self._revived
            if local is None or (local[1] == sync_state.base_of(item) and not unsent
                                 and not revived):
                sync_state.delete_local(item.kind, item.local_id)
                self.report.deleted_here += 1
            else:
                # Deleted there, changed here (or its contact was, and comes back with its
                # history): sent anew, patched into the text the server last had, so the
                # properties other clients wrote come back with it (engine._prepare).
                if item.kind == "contact":
                    self._revived.add(item.uid)
                sync_state.leave_behind(item)
                return
        sync_state.forget(href)

    def _settle(self, collection: str, token: str | None, kinds: tuple[str, ...]
                ) -> str | None:
        """After pushing: when the only changes since ``token`` are our own, take the
        newer token, so the next sync of an unchanged server is one request again."""
        if not token:
            return token
        listing = self.client.changes(collection, token)
        known = sync_state.known_hrefs(kinds)
        ours = all(known.get(h) == etag for h, etag in listing.changed.items()) and \
            not any(h in known for h in listing.removed)
        return listing.token if ours and not listing.complete and listing.token else token

    # -- push -------------------------------------------------------------------------

    def _refetch(self, collection: str, href: str, kind: str) -> None:
        fetched = self.client.multiget(collection, [href], calendar=kind != "contact")
        if href not in fetched:
            return
        etag, text = fetched[href]
        parse = parse_contact if kind == "contact" else parse_calendar_entry
        try:
            entry = parse(text, href)
        except EntryError as error:
            self.report.skip(href.rsplit("/", 1)[-1], str(error).split(": ", 1)[-1])
            return
        with database.atomic():
            self._take(href, etag, entry, text)

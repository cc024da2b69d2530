"""One sync run: pull what changed on the server, merge, push what changed here.

Order matters: contacts are pulled before the journal and tasks that point at them, and
pushed before them too. An unchanged collection costs one request (its sync-token). Each
pulled batch is applied in one transaction, and the collection's token is stored only
after every batch went in, so a run cut off anywhere (a server that stops, a cancel, a
crash) is simply repeated by the next one: what was applied is recognised by its ETag,
what was pushed by its content, and what was not is still queued. Local data is never
changed by a failed request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import peewee as pw

from relmanager.domain.clock import Clock
from relmanager.store import sync_conflicts, sync_state
from relmanager.store.errors import NotFoundError, OperationCancelledError, ValidationError
from relmanager.store.models import database
from relmanager.sync import account as accounts
from relmanager.sync import outgoing
from relmanager.sync.dav import DavClient, DavError, DavPreconditionError, DavRefusedError
from relmanager.sync.entries import (
    Entry,
    EntryError,
    entry_label,
    parse_calendar_entry,
    parse_contact,
    resource_name,
)
from relmanager.sync.merge import Conflict, carried, merge

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
BATCH = 200
CALENDAR_KINDS = ("interaction", "follow_up")


@dataclass
class SyncReport:
    pulled: int = 0
    pushed: int = 0
    deleted_here: int = 0
    deleted_there: int = 0
    conflicts: int = 0
    skipped: list[str] = field(default_factory=list)  # what was skipped, by name
    reasons: list[str] = field(default_factory=list)  # "name: why", one per skip
    unchanged: list[str] = field(default_factory=list)  # collections that cost one request

    def skip(self, label: str, reason: str) -> None:
        """An entry left out of this run (tried again on the next one)."""
        self.skipped.append(label)
        self.reasons.append(f"{label}: {reason}")

    def done(self) -> str:
        parts = [f"uploaded {self.pushed}", f"downloaded {self.pulled}"]
        if self.deleted_here or self.deleted_there:
            parts.append(f"deleted {self.deleted_here + self.deleted_there}")
        if self.skipped:
            names = ", ".join(self.skipped[:5]) + (", ..." if len(self.skipped) > 5 else "")
            parts.append(f"skipped {len(self.skipped)} ({names})")
        return ", ".join(parts)

    def summary(self) -> str:
        text = "Synced: " + self.done()
        if self.conflicts:
            text += f"; {self.conflicts} conflict{'s' * (self.conflicts != 1)} to look at"
        return text

    @property
    def changed_anything(self) -> bool:
        return bool(self.pulled or self.pushed or self.deleted_here or self.deleted_there)


class SyncRun:
    def __init__(self, account: accounts.SyncAccount, client: DavClient, clock: Clock,
                 progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.account = account
        self.client = client
        self.clock = clock
        self.progress = progress or (lambda _text: None)
        self.cancelled = cancelled or (lambda: False)
        self.report = SyncReport()
        # (contact id, introducer uid): linked once every contact of the pull is in,
        # since an introducer may arrive after the person they introduced.
        self._introducers: list[tuple[int, str]] = []
        # Contacts deleted on one side and edited on the other, so brought back: their
        # interactions and follow-ups come back with them, on every side.
        self._revived: set[str] = set()

    def run(self) -> SyncReport:
        try:
            return self._run()
        except DavError as error:
            if not self.report.changed_anything:
                raise
            # Part of the run went through and is kept: saying "nothing was changed"
            # after hundreds of uploads would be false.
            message = str(error).replace("; nothing was changed", "").replace(
                " nothing was changed", "").rstrip(" ;.")
            raised = type(error).__new__(type(error))
            DavError.__init__(raised, f"{message}. Before it stopped, this sync "
                              f"{self.report.done()} (kept; the rest follows on the next "
                              "sync)")
            raise raised from None

    def _run(self) -> SyncReport:
        with database.atomic():
            sync_state.ensure_tables()
        book, calendar = self.account.addressbook, self.account.calendar
        book_token = self._pull(book, ("contact",))
        cal_token = self._pull(calendar, CALENDAR_KINDS)
        pushed = self.report.pushed + self.report.deleted_there
        self._push("contact", book)
        if self.report.pushed + self.report.deleted_there > pushed:
            book_token = self._settle(book, book_token, ("contact",))
        pushed = self.report.pushed + self.report.deleted_there
        for kind in CALENDAR_KINDS:
            self._push(kind, calendar)
        if self.report.pushed + self.report.deleted_there > pushed:
            cal_token = self._settle(calendar, cal_token, CALENDAR_KINDS)
        for collection, token in ((book, book_token), (calendar, cal_token)):
            if token:
                self.account.tokens[collection] = token
        self.account.last_sync = self.clock.now().replace(microsecond=0).isoformat()
        stored = accounts.load()
        key = (self.account.url, self.account.user, self.account.addressbook,
               self.account.calendar)
        # Sync switched off, or set up anew, while this run was on its way: keep that.
        if stored is not None and (stored.url, stored.user, stored.addressbook,
                                   stored.calendar) == key:
            self.account.interval_min = stored.interval_min
            accounts.save(self.account)
        return self.report

    def _check(self) -> None:
        if self.cancelled():
            raise OperationCancelledError("sync cancelled; what was done is kept and the "
                                          "rest follows on the next sync")

    # -- pull -------------------------------------------------------------------------
    def _pull(self, collection: str, kinds: tuple[str, ...]) -> str | None:
        self._check()
        saved = self.account.tokens.get(collection)
        pending = sync_state.pending_hrefs(kinds)
        current = self.client.state(collection)
        if current and current == saved and not pending:
            self.report.unchanged.append(collection)
            return current
        self.progress(f"Looking for changes in {collection}")
        listing = self.client.changes(collection, saved)
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
                for href, etag, entry, text in entries[start:start + BATCH]:
                    self._take(href, etag, entry, text)
        with database.atomic():
            sync_state.link_introducers(self._introducers)
            self._introducers.clear()
            for href in removed:
                self._removed_there(href)
        if unreceived:
            return saved
        return listing.token or current

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
        local = sync_state.local_fields(entry.kind, [local_id]).get(local_id) \
            if local_id is not None else None
        remote, refused = entry.fields, {}
        if entry.kind == "contact":
            remote, refused = sync_conflicts.sanitize_contact(entry.fields)
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
                local[1]["contact"] in self._revived
            if local is None or (local[1] == sync_state.base_of(item) and not unsent
                                 and not revived):
                sync_state.delete_local(item.kind, item.local_id)
                self.report.deleted_here += 1
            elif item.kind == "contact":
                self._revived.add(item.uid)
            # else: deleted there, changed here (or its contact was, and comes back with
            # its history): forgetting the pairing sends it anew
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
    def _push(self, kind: str, collection: str) -> None:
        for item in sync_state.deleted_items(kind):
            self._check()
            restored = sync_state.local_id_by_uid(kind, item.uid)
            if restored is not None:  # deleted, then brought back by undo: pair again
                with database.atomic():
                    sync_state.SyncItem.update(local_id=restored, state="synced").where(
                        sync_state.SyncItem.id == item.id).execute()
                continue
            base = sync_state.base_of(item)
            if kind != "contact" and base and base["contact"] in self._revived:
                # Its contact was deleted here but came back (edited on another device):
                # the contact's history comes back with it rather than being deleted.
                with database.atomic():
                    sync_state.forget(item.href)
                self._refetch(collection, item.href, kind)
                continue
            try:
                self.client.delete(item.href, item.etag or None)
            except DavPreconditionError:  # changed there after we deleted it: keep it
                self._refetch(collection, item.href, kind)
                continue
            with database.atomic():
                sync_state.forget(item.href)
            self.report.deleted_there += 1
        ids = sync_state.changed_ids(kind)
        for start in range(0, len(ids), BATCH):
            self._check()
            chunk = ids[start:start + BATCH]
            self.progress(f"Sending {kind.replace('_', '-')}s: {start + len(chunk)} of "
                          f"{len(ids)}")
            current = sync_state.local_fields(kind, chunk)
            for local_id in chunk:
                if local_id not in current:  # deleted meanwhile: handled as a deletion
                    sync_state.clear_changed(kind, [local_id])
                    continue
                try:
                    self._send(kind, collection, local_id, *current[local_id])
                except DavRefusedError as error:  # this one only; still queued for next time
                    self.report.skip(self._label(kind, current[local_id][1]), str(error))

    def _send(self, kind: str, collection: str, local_id: int, uid: str | None,
              fields: dict) -> None:
        item = sync_state.item_for(kind, local_id)
        if item is not None and item.state == "pending":
            item = None
        with database.atomic():
            markers = sync_conflicts.markers(kind, local_id, fields)
        raw = sync_state.raw_of(item.href) if item is not None else None
        if item is not None and sync_state.base_of(item) == fields and \
                markers == sorted(outgoing.encode_marker(n, v)
                                  for n, v in outgoing.markers_of(raw, kind).items()):
            self._settled(kind, local_id, fields)
            return
        uid = uid or (item.uid if item is not None else None) or _new_uid()
        if kind != "contact":
            with database.atomic():
                sync_state.set_row_uid(kind, local_id, uid)
        suffix = ".vcf" if kind == "contact" else ".ics"
        href = item.href if item is not None else \
            collection.rstrip("/") + "/" + resource_name(uid, suffix)
        base = sync_state.base_of(item)
        text, content_type = self._render(kind, uid, fields, base, raw, markers)
        for _attempt in range(2):
            try:
                etag = self.client.put(href, text, content_type,
                                       item.etag if item is not None and item.etag else None)
                break
            except DavPreconditionError:  # changed (or created) there: merge, then retry
                self._refetch(collection, href, kind)
                item = sync_state.item_for(kind, local_id)
                found = sync_state.local_fields(kind, [local_id]).get(local_id)
                if item is None or found is None:
                    return
                fields = found[1]
                with database.atomic():
                    markers = sync_conflicts.markers(kind, local_id, fields)
                if sync_state.base_of(item) == fields and not markers:
                    self._settled(kind, local_id, fields)
                    return
                text, content_type = self._render(kind, uid, fields, sync_state.base_of(item),
                                                  sync_state.raw_of(href), markers)
        else:
            return
        raw_after = text
        if not etag:  # the server may have changed what it stored: take its version
            found_there = self.client.multiget(collection, [href], calendar=kind != "contact")
            etag, raw_after = found_there.get(href, ("", text))
        with database.atomic("IMMEDIATE"):
            sync_state.record_pairing(kind, local_id, uid, href, etag, fields, raw=raw_after)
            self._settled(kind, local_id, fields)
        self.report.pushed += 1

    def _settled(self, kind: str, local_id: int, sent: dict) -> None:
        """Take the row off the queue only if it still holds what the server has now: an
        edit saved while the request was on its way stays queued for the next sync. The
        write lock comes first, so no edit can slip in between the check and the clear."""
        with database.atomic("IMMEDIATE"):
            now = sync_state.local_fields(kind, [local_id]).get(local_id)
            if now is None or now[1] == sent:
                sync_state.clear_changed(kind, [local_id])
            else:
                database.execute_sql("INSERT OR IGNORE INTO sync_change VALUES (?, ?)",
                                     (kind, local_id))

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

    def _render(self, kind: str, uid: str, fields: dict, base: dict | None,
                raw: str | None, markers: list[str]) -> tuple[str, str]:
        if kind == "contact":
            return outgoing.contact_text(uid, fields, base, raw, markers), "text/vcard"
        name = sync_state.contact_name(fields["contact"])
        channel = ""
        if kind == "interaction":
            from relmanager.store.activity import channel_by_key

            channel = channel_by_key(fields["channel"]).name
        return outgoing.entry_text(kind, uid, fields, base, raw, name, channel, markers), \
            "text/calendar"


def _new_uid() -> str:
    import uuid

    return str(uuid.uuid4())


def sync(clock: Clock, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None) -> SyncReport:
    """Run one sync with the stored account; raises DavError (network, 401),
    SecretsUnavailable (no password), or OperationCancelledError. A failure writes
    nothing: not even the error, which the caller shows."""
    account = accounts.load()
    if account is None:
        raise LookupError("sync is not set up; use Settings > Sync or "
                          "`relmanager sync --setup URL --user NAME`")
    client = account.client()
    try:
        return SyncRun(account, client, clock, progress, cancelled).run()
    finally:
        client.close()

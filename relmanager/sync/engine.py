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
from relmanager.sync import first_pull
from relmanager.sync.dav import (
    DavClient,
    DavPreconditionError,
    DavRefusedError,
    PutOutcome,
    Upload,
    member_href,
)
from relmanager.sync.entries import (
    Entry,
    EntryError,
    contact_vcard,
    follow_up_ics,
    interaction_ics,
    parse_calendar_entry,
    parse_contact,
)
from relmanager.sync.merge import Conflict, carried, merge

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
BATCH = 200
PUT_WORKERS = 4  # concurrent PUTs: enough to hide round trips, few enough for any server
CALENDAR_KINDS = ("interaction", "follow_up")


@dataclass
class SyncReport:
    pulled: int = 0
    pushed: int = 0
    deleted_here: int = 0
    deleted_there: int = 0
    conflicts: int = 0
    skipped: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # collections that cost one request

    def summary(self) -> str:
        parts = [f"{self.pulled} received", f"{self.pushed} sent"]
        if self.deleted_here or self.deleted_there:
            parts.append(f"{self.deleted_here + self.deleted_there} deleted")
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict{'s' * (self.conflicts != 1)} to look at")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return "Synced: " + ", ".join(parts)


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
        # (kind, local id) -> what the server now holds, for the rows a pulled batch wrote
        self._taken: dict[tuple[str, int], dict] = {}

    def run(self) -> SyncReport:
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
        # With no token yet, nothing to compare: the listing brings the token along.
        current = self.client.state(collection) if saved else None
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
        removed += [h for h in wanted if h not in fetched and h in known]
        entries: list[tuple[str, str, Entry]] = []
        for href, (etag, text) in fetched.items():
            try:
                parse = parse_contact if kinds == ("contact",) else parse_calendar_entry
                entries.append((href, etag, parse(text, href)))
            except EntryError as error:  # not ours, or unreadable: looked at again if it changes
                self.report.skipped.append(str(error))
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
                    batch = self._take_new_contacts(batch)
                for href, etag, entry in batch:
                    self._take(href, etag, entry)
                self._nothing_to_send()
        with database.atomic():
            sync_state.link_introducers(self._introducers)
            self._introducers.clear()
            for href in removed:
                self._removed_there(href)
        return listing.token or current

    def _take(self, href: str, etag: str, entry: Entry) -> None:
        item = sync_state.item_by_href(href) or sync_state.item_by_uid(entry.kind, entry.uid)
        if item is not None and item.state == "synced":
            local_id = item.local_id
        else:
            # Never paired, deleted here (or brought back by undo), or waiting: the row
            # that carries this uid is the same thing; with none, the change there wins
            # and comes back as new: nothing lost.
            local_id = sync_state.local_id_by_uid(entry.kind, entry.uid)
        # A pairing deleted here and undone still knows what both sides last agreed on.
        base = sync_state.base_of(item) if item is not None and item.state != "pending" \
            else None
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
                if local is None or fields != local[1]:
                    local_id = sync_state.apply(self.clock, entry.kind, local_id, entry.uid,
                                                fields)
                remote_base = carried(fields, remote)
                sync_state.record_pairing(entry.kind, local_id, entry.uid, href, etag,
                                          remote_base)
                self._taken[(entry.kind, local_id)] = remote_base
                if base is not None:  # what changed there again makes older conflicts moot
                    clashing = {c.field for c in conflicts}
                    sync_conflicts.drop_conflicts(entry.kind, local_id, [
                        name for name, value in remote_base.items()
                        if value != base.get(name) and name not in clashing])
                conflicts += [Conflict(name, fields.get(name), value)
                              for name, value in refused.items()]
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
            self.report.skipped.append(f"{href}: {error}")
            return
        if entry.kind == "contact" and fields.get("introduced_by"):
            self._introducers.append((local_id, fields["introduced_by"]))
        self.report.pulled += 1

    def _take_new_contacts(self, batch: list[tuple[str, str, Entry]]
                           ) -> list[tuple[str, str, Entry]]:
        return first_pull.take_new_contacts(self, batch)

    def _nothing_to_send(self) -> None:
        first_pull.nothing_to_send(self._taken)

    def _removed_there(self, href: str) -> None:
        item = sync_state.item_by_href(href)
        if item is None:
            return
        if item.local_id is not None and item.state == "synced":
            local = sync_state.local_fields(item.kind, [item.local_id]).get(item.local_id)
            unsent = item.kind == "contact" and sync_state.has_unsent_activity(item.local_id)
            if local is None or (local[1] == sync_state.base_of(item) and not unsent):
                sync_state.delete_local(item.kind, item.local_id)
                self.report.deleted_here += 1
            # else: deleted there, changed here: forgetting the pairing sends it anew
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
            try:
                self.client.delete(item.href, item.etag or None)
            except DavPreconditionError:  # changed there after we deleted it: keep it
                self._refetch(collection, item.href, kind)
                continue
            with database.atomic():
                sync_state.forget(item.href)
            self.report.deleted_there += 1
        ids = sync_state.changed_ids(kind)
        noun = kind.replace("_", "-")
        sent = 0
        for start in range(0, len(ids), BATCH):
            self._check()
            chunk = ids[start:start + BATCH]
            current = sync_state.local_fields(kind, chunk)
            uploads = []
            for local_id in chunk:
                if local_id not in current:  # deleted meanwhile: handled as a deletion
                    sync_state.clear_changed(kind, [local_id])
                    continue
                upload = self._prepare(kind, collection, local_id, *current[local_id])
                if upload is not None:
                    uploads.append(upload)
            sent += len(chunk) - len(uploads)

            def done(_outcome: PutOutcome) -> None:
                nonlocal sent
                sent += 1
                self.progress(f"Sending {noun}s: {sent} of {len(ids)}")

            # A few PUTs at once: a first upload of thousands waits on round trips. What
            # the server took is paired even when the network then failed.
            fatal = None
            for outcome in self.client.put_many(uploads, PUT_WORKERS, done, self.cancelled):
                if outcome.fatal:
                    fatal = fatal or outcome.error
                else:
                    self._sent(kind, collection, outcome)
            if fatal is not None:
                raise fatal
        self._check()

    def _prepare(self, kind: str, collection: str, local_id: int, uid: str | None,
                 fields: dict) -> Upload | None:
        """The PUT that brings the server up to this row, or None when it has it."""
        item = sync_state.item_for(kind, local_id)
        if item is not None and item.state == "pending":
            item = None
        if item is not None and sync_state.base_of(item) == fields:
            self._settled(kind, local_id, fields)
            return None
        uid = uid or (item.uid if item is not None else None) or _new_uid()
        if kind != "contact":
            with database.atomic():
                sync_state.set_row_uid(kind, local_id, uid)
        suffix = ".vcf" if kind == "contact" else ".ics"
        href = item.href if item is not None else member_href(collection, uid, suffix)
        text, content_type = self._render(kind, uid, fields)
        return Upload(href, text, content_type,
                      item.etag if item is not None and item.etag else None,
                      key=(local_id, uid, fields))

    def _sent(self, kind: str, collection: str, outcome: PutOutcome) -> None:
        """Record one PUT of :meth:`_push`: paired when taken; changed there meanwhile:
        merged and sent again; refused: reported by name and left queued for the next
        sync, while the rest goes on."""
        local_id, uid, fields = outcome.upload.key  # type: ignore[misc]
        if outcome.skipped:  # cancelled before it went: still queued
            return
        error = outcome.error
        if isinstance(error, DavPreconditionError):
            self._send(kind, collection, local_id, uid, fields)
            return
        if isinstance(error, DavRefusedError):
            self.report.skipped.append(error.about(self._label(kind, fields)))
            return
        etag = outcome.etag or self.client.etag(outcome.upload.href) or ""
        with database.atomic("IMMEDIATE"):
            sync_state.record_pairing(kind, local_id, uid, outcome.upload.href, etag, fields)
            self._settled(kind, local_id, fields)
        self.report.pushed += 1

    @staticmethod
    def _label(kind: str, fields: dict) -> str:
        if kind == "contact":
            return fields.get("display_name") or "a contact"
        who = sync_state.contact_name(fields["contact"])
        return f"{'an interaction' if kind == 'interaction' else 'a follow-up'} with {who}"

    def _send(self, kind: str, collection: str, local_id: int, uid: str | None,
              fields: dict) -> None:
        """One entry sent alone, merging what changed there first (after a 412)."""
        upload = self._prepare(kind, collection, local_id, uid, fields)
        if upload is None:
            return
        _local_id, uid, fields = upload.key  # type: ignore[misc]
        item = sync_state.item_for(kind, local_id)
        if item is not None and item.state == "pending":
            item = None
        href, text, content_type = upload.href, upload.text, upload.content_type
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
                if sync_state.base_of(item) == fields:
                    self._settled(kind, local_id, fields)
                    return
                text, content_type = self._render(kind, uid, fields)
        else:
            return
        etag = etag or self.client.etag(href) or ""
        with database.atomic("IMMEDIATE"):
            sync_state.record_pairing(kind, local_id, uid, href, etag, fields)
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
            self.report.skipped.append(str(error))
            return
        with database.atomic():
            self._take(href, etag, entry)

    def _render(self, kind: str, uid: str, fields: dict) -> tuple[str, str]:
        if kind == "contact":
            return contact_vcard(uid, fields), "text/vcard"
        name = sync_state.contact_name(fields["contact"])
        if kind == "interaction":
            from relmanager.store.activity import channel_by_key

            channel = channel_by_key(fields["channel"]).name
            return interaction_ics(uid, fields, name, channel), "text/calendar"
        return follow_up_ics(uid, fields, name), "text/calendar"


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

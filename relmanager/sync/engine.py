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

from relmanager.domain.clock import Clock
from relmanager.store import kept_cards, sync_conflicts, sync_state
from relmanager.store.errors import OperationCancelledError
from relmanager.store.models import database
from relmanager.sync import account as accounts
from relmanager.sync import outgoing
from relmanager.sync.dav import (
    DavClient,
    DavError,
    DavPreconditionError,
    DavRefusedError,
    PutOutcome,
    Upload,
)
from relmanager.sync.entries import resource_name
from relmanager.sync.pull import BATCH, PullSide
from relmanager.sync.report import SyncReport

__all__ = ["BATCH", "SyncReport", "SyncRun", "sync"]

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
CALENDAR_KINDS = ("interaction", "follow_up", "introduction")
PUT_WORKERS = 4  # concurrent PUTs: enough to hide round trips, few enough for any server


class SyncRun(PullSide):
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
        # (kind, local id) -> what the server now holds, for the rows a pulled batch wrote
        self._taken: dict[tuple[str, int], dict] = {}

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
        # Tables and triggers added since sync was set up (the stored text of entries,
        # introductions) are made on the first run of this version.
        sync_state.enable_tracking()
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
            if kind != "contact" and base and base.get("contact") in self._revived:
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
                if sync_state.local_id_by_uid(kind, item.uid) is None:
                    sync_state.forget(item.href)
                else:  # undone while the DELETE was on its way: it goes back, whole
                    sync_state.leave_behind(item)
            self.report.deleted_there += 1
        ids = sync_state.changed_ids(kind)
        noun = kind.replace("_", "-")
        sent = 0
        for start in range(0, len(ids), BATCH):
            self._check()
            chunk = ids[start:start + BATCH]
            current = sync_state.local_fields(kind, chunk)
            self._fetch_raws(collection, kind, current)
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
        """The PUT that brings the server up to this row (the card as fetched, patched),
        or None when the server has it already."""
        item = sync_state.item_for(kind, local_id)
        if item is not None and item.state == "pending":
            item = None
        markers = sync_conflicts.markers(kind, local_id, fields)
        raw = sync_state.raw_of(item.href) if item is not None else None
        base = sync_state.base_of(item)
        if item is not None and base == fields and \
                markers == sorted(outgoing.encode_marker(n, v)
                                  for n, v in outgoing.markers_of(raw, kind).items()):
            self._settled(kind, local_id, fields)
            return None
        left = sync_state.left_behind(kind, uid) if item is None and uid else None
        if left is not None:  # deleted there, changed here: its last text comes back
            raw, base = left
        elif item is None and kind == "contact":  # never sent: the card it was imported
            raw = kept_cards.card_of(local_id)  # from, patched (another app's lines kept)
        uid = uid or (item.uid if item is not None else None) or _new_uid()
        if kind != "contact":
            with database.atomic():
                sync_state.set_row_uid(kind, local_id, uid)
        suffix = ".vcf" if kind == "contact" else ".ics"
        href = item.href if item is not None else \
            collection.rstrip("/") + "/" + resource_name(uid, suffix)
        text, content_type = self._render(kind, uid, fields, base, raw, markers)
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
            try:
                self._retry(kind, collection, local_id, outcome.upload.href, fields)
            except DavRefusedError as refused:
                self.report.skip(self._label(kind, fields), f"refused by the server: "
                                 f"{refused.reason()}")
            return
        if isinstance(error, DavRefusedError):  # this one only; still queued for next time
            self.report.skip(self._label(kind, fields), f"refused by the server: "
                             f"{error.reason()}")
            return
        self._paired(kind, collection, local_id, uid, fields, outcome.upload.href,
                     outcome.etag, outcome.upload.text)

    def _paired(self, kind: str, collection: str, local_id: int, uid: str, fields: dict,
                href: str, etag: str | None, text: str) -> None:
        raw_after = text
        if not etag:  # the server may have changed what it stored: take its version
            found_there = self.client.multiget(collection, [href], calendar=kind != "contact")
            etag, raw_after = found_there.get(href, ("", text))
        with database.atomic("IMMEDIATE"):
            sync_state.record_pairing(kind, local_id, uid, href, etag, fields, raw=raw_after)
            self._settled(kind, local_id, fields)
        self.report.pushed += 1

    def _retry(self, kind: str, collection: str, local_id: int, href: str,
               fields: dict) -> None:
        """The server said the entry changed there (412): merge what it holds now into
        this row, then send again (twice at most)."""
        for _attempt in range(2):
            self._refetch(collection, href, kind)
            found = sync_state.local_fields(kind, [local_id]).get(local_id)
            if found is None:
                return
            upload = self._prepare(kind, collection, local_id, found[0], found[1])
            if upload is None:  # the merge left nothing to send
                return
            _id, uid, fields = upload.key  # type: ignore[misc]
            try:
                etag = self.client.put(upload.href, upload.text, upload.content_type,
                                       upload.etag)
            except DavPreconditionError:
                continue
            self._paired(kind, collection, local_id, uid, fields, upload.href, etag,
                         upload.text)
            return
        self.report.skip(self._label(kind, fields), "it kept changing on the server "
                         "during this sync; it is sent on the next one")

    def _fetch_raws(self, collection: str, kind: str,
                    current: dict[int, tuple[str | None, dict]]) -> None:
        """The server's texts of entries about to be patched (``current``: the rows of a
        chunk), when this device keeps none (paired by a version before texts were
        kept) or keeps one without CRs (read by a version before
        http_body.keep_carriage_returns: patched, every line of it went back with LF):
        fetched in one request, so the edit is patched into what other clients stored.
        Taken only with the paired ETag: changed there meanwhile, the conditional PUT
        finds out and merges, as for any entry."""
        stale: dict[str, str] = {}
        for local_id, (_uid, fields) in current.items():
            item = sync_state.item_for(kind, local_id)
            if item is None or item.state == "pending" or sync_state.base_of(item) == fields:
                continue
            raw = sync_state.raw_of(item.href)
            if raw is None or "\r" not in raw:
                stale[item.href] = item.etag
        if not stale:
            return
        found = self.client.multiget(collection, list(stale), calendar=kind != "contact")
        with database.atomic():
            for href, (etag, text) in found.items():
                if etag == stale.get(href):
                    sync_state.set_raw(href, text)

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

    def _render(self, kind: str, uid: str, fields: dict, base: dict | None,
                raw: str | None, markers: list[str]) -> tuple[str, str]:
        if kind == "contact":
            return outgoing.contact_text(uid, fields, base, raw, markers), "text/vcard"
        if kind == "introduction":
            names = {who: sync_state.contact_name(who) for n in ("requester", "target")
                     if (who := fields[n])}
            return outgoing.entry_text(kind, uid, fields, base, raw, "", "", markers,
                                       names), "text/calendar"
        name = sync_state.contact_name(fields["contact"])
        channel, people = "", None
        if kind == "interaction":
            from relmanager.store import group_sync
            from relmanager.store.activity import channel_by_key

            channel = channel_by_key(fields["channel"]).name
            people = group_sync.people(fields.get("participants") or [])
        return outgoing.entry_text(kind, uid, fields, base, raw, name, channel, markers,
                                   people=people), "text/calendar"


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

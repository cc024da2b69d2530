"""Many PUTs at once for :class:`relmanager.sync.dav.DavClient`: a first upload of
thousands of entries waits on round trips, so a small pool of connections (each a
``twin()`` of the client, with the same credentials and trust) sends them side by side,
and each entry comes back with its own outcome."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relmanager.sync.dav_errors import (
    DavError,
    DavLockedError,
    DavPreconditionError,
    DavRefusedError,
)
from relmanager.sync.transport import Transport

if TYPE_CHECKING:
    from relmanager.sync.dav import DavClient


@dataclass
class Upload:
    """One entry to PUT: where, what, and the ETag it replaces (None: a new entry)."""

    href: str
    text: str
    content_type: str
    etag: str | None = None
    key: object = None  # the caller's own reference (a local id)


@dataclass
class PutOutcome:
    """What became of one :class:`Upload`: its new ETag (which may be None when the
    server did not say it), or the error (changed there: a
    :class:`DavPreconditionError`; refused: a :class:`DavRefusedError`; anything else is
    ``fatal``), or ``skipped`` when it was not sent (cancelled, or after a fatal one)."""

    upload: Upload
    etag: str | None = None
    error: DavError | None = None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.skipped

    @property
    def fatal(self) -> bool:
        """A failure of the connection or the account, not of this entry."""
        return self.error is not None and not isinstance(
            self.error, DavPreconditionError | DavRefusedError)


def put_many(first: DavClient, uploads: Iterable[Upload], workers: int = 4,
             done: Callable[[PutOutcome], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> list[PutOutcome]:
    """PUT many entries over ``workers`` connections at once (a first upload of
    thousands of contacts is bound by round trips, not by either machine). Each entry
    gets its own :class:`PutOutcome`: a refused or changed entry does not stop the
    others; a failure that concerns every entry (the network, the password, a lock:
    ``fatal``) stops further PUTs, and the caller still learns which went through
    before it raises. ``done`` is called on the calling thread for each outcome, for
    progress; once ``cancelled()`` is true no further PUT starts, and the entries not
    sent come back with ``skipped`` set."""
    items = list(uploads)
    stop = cancelled or (lambda: False)
    outcomes: list[PutOutcome] = []
    if workers <= 1 or len(items) <= 1:
        for upload in items:
            broken = any(o.fatal for o in outcomes)
            outcome = PutOutcome(upload, skipped=True) if stop() or broken else \
                _put_one(first, upload)
            outcomes.append(outcome)
            if done:
                done(outcome)
        return outcomes
    clients = [first.twin() for _ in range(workers - 1)]
    free: list[Transport] = [first, *clients]
    lock = threading.Lock()
    broken = threading.Event()  # the network, the password, a lock: stop starting PUTs

    def send(upload: Upload) -> PutOutcome:
        if stop() or broken.is_set():
            return PutOutcome(upload, skipped=True)
        with lock:
            client = free.pop()
        try:
            outcome = _put_one(client, upload)
            if outcome.fatal:
                broken.set()
            return outcome
        finally:
            with lock:
                free.append(client)

    try:
        with ThreadPoolExecutor(max_workers=workers,
                                thread_name_prefix="dav-put") as pool:
            futures = {pool.submit(send, upload): n for n, upload in enumerate(items)}
            finished: dict[int, PutOutcome] = {}
            for future in as_completed(futures):  # progress as they finish
                outcome = future.result()
                finished[futures[future]] = outcome
                if done:
                    done(outcome)
    finally:
        for client in clients:
            client.close()
    return [finished[n] for n in range(len(items))]


#: Waits before a PUT refused with 423 is tried again: Xandikos locks its store (a git
#: index) while another of this run's PUTs writes, so several cards changed at once (an
#: entered relation changes both people's) meet the lock; a lock that outlasts them is
#: real and stops the run.
LOCKED_RETRY_WAITS = (0.1, 0.3, 0.9)


def _put_one(client: Transport, upload: Upload) -> PutOutcome:
    """One PUT; ``client`` is a DavClient (twin() keeps the class)."""
    for wait in (*LOCKED_RETRY_WAITS, None):
        try:
            etag = client.put(upload.href, upload.text, upload.content_type, upload.etag)
        except DavLockedError as error:  # nothing was written: the same PUT again
            if wait is None:
                return PutOutcome(upload, error=error)
            time.sleep(wait)
        except DavError as error:  # each entry's own outcome, whatever it was
            return PutOutcome(upload, error=error)
        else:
            return PutOutcome(upload, etag=etag)
    raise AssertionError("unreachable")

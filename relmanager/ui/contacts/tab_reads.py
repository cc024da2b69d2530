"""A profile tab whose few rows are read on a worker, never on the UI thread.

The Follow-ups and Give & take tabs read their contact's rows on the UI thread on every
selection in the contact list, and again on every change. The profile now hands them
what its own read brought (:mod:`relmanager.store.profile_bundle`, with the contact, so
the whole profile lands at once); their reloads after a change (a follow-up ticked, an
interaction logged) and their use outside the profile read on a
:class:`~relmanager.services.background.BackgroundReader`: the newest read wins, an answer
for a contact no longer shown is dropped, and a failed read is said in the tab, with
Retry, rather than shown as an empty tab ("no follow-ups").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication

from relmanager.services.background import BackgroundReader
from relmanager.ui.shared.page_loader import LoadFailure, failure_reason


class TabRead:
    """The reading half of a tab (mixed in before QWidget): subclasses give
    :meth:`_work` (the read, run on the worker) and :meth:`_show` (None: nothing to show)."""

    #: The reader's key for this tab's reads (the profile's reader serves several).
    KEY = "tab"

    def _setup_reads(self, reader: BackgroundReader | None, what: str) -> None:
        """``reader``: the profile's (the Contacts page's worker), which then feeds the
        tab (:meth:`show_read`) and reads it again when the contact's interactions change
        (:attr:`fed`); a tab used on its own gets a reader of its own and follows those
        changes itself."""
        #: Fed by its host's read: an interaction logged is read again there, not twice.
        self.fed = reader is not None
        self.reader = reader or BackgroundReader(self)  # type: ignore[arg-type]
        self.contact_id: int | None = None
        self.failure = LoadFailure(what)
        self.failure.hide()
        self.failure.retry.connect(self.reload)

    def _work(self, contact_id: int) -> Callable[[], Any]:
        raise NotImplementedError

    def _show(self, data: Any) -> None:
        raise NotImplementedError

    def set_contact(self, contact_id: int | None) -> None:
        """Show ``contact_id``, read on the worker (None: emptied at once)."""
        self.contact_id = contact_id
        if contact_id is None:
            self.failure.hide()
            self._show(None)
        else:
            self.reload()

    def show_read(self, contact_id: int, data: Any) -> None:
        """Show what another read (the profile's) brought for ``contact_id``."""
        self.contact_id = contact_id
        self.failure.hide()
        self._show(data)

    def reload(self) -> None:
        """Read the shown contact's rows again, on the worker."""
        cid = self.contact_id
        if cid is not None:
            self.reader.submit(self._work(cid), partial(self._landed, cid),
                               partial(self._failed, cid), key=self.KEY)

    def _landed(self, contact_id: int, data: Any) -> None:
        if contact_id == self.contact_id:  # else another contact was chosen meanwhile
            self.show_read(contact_id, data)

    def _failed(self, contact_id: int, error: BaseException) -> None:
        if contact_id == self.contact_id:
            self.failure.show_error(failure_reason(error))
            self.failure.show()
            self._show(None)

    def wait_loaded(self) -> None:
        """Block until the tab's reads are shown (tests, screenshots)."""
        self.reader.wait()
        QCoreApplication.processEvents()


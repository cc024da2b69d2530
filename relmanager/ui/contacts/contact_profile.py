"""One contact, whole: who they are, how warm it is, what happened, and what is next.

The header (:mod:`relmanager.ui.contacts.profile_header`) says the essentials and offers
the actions (log, email, call, introduce); tabs hold the editable details, the
interaction and stage histories, follow-ups, the give-and-take balance and the contact's
channel timeline. This module puts them together, follows the contact through other
windows' writes, and saves the form's edits as one undoable step.
"""

from __future__ import annotations

from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.ui.shared.page_loader import failure_reason

if TYPE_CHECKING:
    from relmanager.store.profile_bundle import ProfileBundle
    from relmanager.store.profile_reads import Profile

#: The known-tags read on the page's worker: the newest request wins.
KNOWN_TAGS_KEY = "profile-known-tags"
#: The contact and its histories, read on the page's worker: the newest request wins.
PROFILE_KEY = "profile"
#: A read not landed by then says so; a quick one shows the new contact in place of the
#: old, with no flash of an in-between state.
LOADING_DELAY_MS = 150


def _reads() -> ModuleType:
    """The profile's store reads (:mod:`relmanager.store.profile_reads`), imported when a
    contact is first shown: the page is on the window before the first paint, its reads
    are not, and their module (dataclasses of some twenty fields) cost that paint ~3 ms."""
    from relmanager.store import profile_reads

    return profile_reads


class ContactProfile(QWidget):
    """Shows the contact given to :meth:`set_contact`; edits go through the undo stack."""

    log_requested = Signal(int)
    #: Leaving was refused (edits with a wrong field): the list goes back to this contact.
    stay_requested = Signal(int)

    def __init__(self, ctx: AppContext, reader: BackgroundReader,
                 parent: QWidget | None = None) -> None:
        """``reader``: the Contacts page's worker (the list's), which reads the known
        tags for the form's completion."""
        super().__init__(parent)
        self.ctx = ctx
        self.reader = reader
        self.contact_id: int | None = None
        #: A close was refused once for edits the database did not take (a second drops them).
        self._close_refused = False
        self.panels: list[QWidget] = []
        self.empty = QLabel("Select a contact to see their profile,\nor press Ctrl+N to add one.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.failure = QLabel()
        self.failure.setTextFormat(Qt.TextFormat.PlainText)
        self.failure.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.failure.setWordWrap(True)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.failure)
        #: The contact whose read is on screen (``contact_id`` is the one asked for; they
        #: differ while its read is on the worker), and that read's contact (Revert).
        self.shown_id: int | None = None
        self._shown: Profile | None = None
        self._loading = QTimer(self, singleShot=True, interval=LOADING_DELAY_MS)
        self._loading.timeout.connect(self._show_loading)
        self.built = False  # the detail page is built when first needed (see ensure_built)
        events = ctx.events
        events.contacts_changed.connect(self._contacts_changed)
        events.contacts_removed.connect(self._contacts_removed)
        events.interactions_changed.connect(self._interactions_changed)

    # -- building -------------------------------------------------------------------
    def ensure_built(self) -> None:
        """Build the detail page (~20 ms of widgets): when a contact is first shown, or
        just after the window's first paint, which should not wait for it."""
        if not self.built:
            self.built = True
            self._build()

    def sizeHint(self) -> QSize:
        """Until the page is built, about the size it will want (so the splitter shares
        the window as it would with the page in place); then the page's own."""
        if self.built:
            return super().sizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * 76, 575)

    def minimumSizeHint(self) -> QSize:
        if self.built:
            return super().minimumSizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * 62, 335)

    def _build(self) -> None:
        # The form, the histories and the undo commands come with the page, after the
        # window's first paint (their modules are ~12 ms of a start).
        from relmanager.ui.contacts.contact_form import ContactForm
        from relmanager.ui.contacts.contact_history import InteractionHistory, StageHistory
        from relmanager.ui.contacts.profile_header import ProfileHeader, action_button

        page = QWidget()
        self.header = ProfileHeader(self.ctx)
        self.header.log_requested.connect(self.log_requested)

        self.form = ContactForm(self.ctx.clock)
        self.form.edited.connect(self._form_edited)
        # Enter in a field kept nothing ("Unsaved changes" stayed, only Save or Ctrl+S
        # kept the edit): a user who types and presses Enter expects the entry kept.
        self.form.submitted.connect(self._enter_pressed)
        self.save_button = action_button("&Save", "Save changes (Ctrl+S)", self.save)
        self.revert_button = action_button("&Revert", "Discard changes", self.revert)
        self.form_state = QLabel()
        self.form_state.setTextFormat(Qt.TextFormat.PlainText)
        save_row = QHBoxLayout()
        save_row.addWidget(self.form_state, 1)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_layout.addWidget(scroll, 1)
        details_layout.addLayout(save_row)
        QShortcut(QKeySequence.StandardKey.Save, details, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.history = InteractionHistory(self.ctx.clock, ctx=self.ctx)
        self.stages = StageHistory(self.ctx.clock)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Profile sections")
        self.tabs.addTab(details, "&Details")
        self.tabs.addTab(self.history, "Histo&ry")
        self.tabs.addTab(self.stages, "S&tages")
        from relmanager.ui.contacts.follow_ups_panel import FollowUpsPanel
        from relmanager.ui.contacts.reciprocity_panel import ReciprocityPanel
        from relmanager.ui.network.tie_panel import TiePanel
        from relmanager.ui.timeline.timeline import ContactTimeline

        for cls, title in ((FollowUpsPanel, "Follow-&ups"), (ReciprocityPanel, "&Give && take"),
                           (ContactTimeline, "Time&line"), (TiePanel, "Net&work")):
            panel = cls(self.ctx)
            self.panels.append(panel)
            self.tabs.addTab(panel, title)

        # Every tab in view: the profile is never narrower than its tab bar (the sixth
        # tab hid behind scroll arrows at the default size).
        self.tabs.setMinimumWidth(self.tabs.tabBar().sizeHint().width() + 4)
        layout = QVBoxLayout(page)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.page = page
        self.stack.addWidget(page)

    # -- showing --------------------------------------------------------------------
    def set_contact(self, contact_id: int | None) -> None:
        """Show ``contact_id``: its read goes to the page's worker, and the profile shows
        the contact when it lands (the one before stays until then; a slow read says it
        is reading, see :data:`LOADING_DELAY_MS`)."""
        if contact_id == self.contact_id:
            return
        if not self._save_pending():
            if contact_id is not None:  # another row was clicked: the list comes back
                self.stay_requested.emit(self.contact_id)
            # None: a search or filter hid the row; the profile stays, the search too
            return
        self.contact_id = contact_id
        if contact_id is None:
            self._clear()
        else:
            self.reload()

    def _clear(self) -> None:
        self._loading.stop()
        self.contact_id = self.shown_id = None
        self._shown = None
        self.reader.submit(lambda: None, _ignore, _ignore, key=PROFILE_KEY)  # moots a read
        self.stack.setCurrentWidget(self.empty)
        for panel in self.panels:
            panel.set_contact(None)

    def reload(self) -> None:
        """Re-read the contact on the page's worker (unsaved edits in the form stay)."""
        cid = self.contact_id
        if cid is None:
            return
        from relmanager.ui.contacts.avatar import read_profile  # with its photo decoded

        self.reader.submit(partial(read_profile, cid), partial(self._landed, cid),
                           partial(self._not_read, cid), key=PROFILE_KEY)
        if self.shown_id != cid:
            self._loading.start()
        if self.built:
            self._read_known_tags()

    def _show_loading(self) -> None:
        """The read is slow (a long history, a busy disk): the wait is said, in place of
        the contact before (greyed, it read as the new one's profile, and its form could
        still be typed into)."""
        if self.contact_id is None or self.shown_id == self.contact_id:
            return
        self.failure.setText("Reading the contact…")
        self.stack.setCurrentWidget(self.failure)

    def _landed(self, cid: int, bundle: ProfileBundle) -> None:
        """The read of ``cid`` landed: shown, unless the user moved on meanwhile. A
        re-read of the shown contact keeps the form's unsaved edits."""
        if cid != self.contact_id:
            return
        contact = bundle.contact
        if contact is None:  # deleted meanwhile
            self._clear()
            return
        self._loading.stop()
        fresh = self.shown_id != cid
        self.ensure_built()
        if fresh:
            self._read_known_tags()
        self.header.show_contact(contact)
        if fresh or not self.form.has_changes():
            self.form.load(contact)
            self._set_form_dirty(False)
        self.shown_id, self._shown = cid, contact
        self.history.show_rows(cid, contact.display_name, bundle.interactions)
        self.stages.show_rows(bundle.stages)
        self.stack.setCurrentWidget(self.page)
        if fresh:
            for panel in self.panels:
                panel.set_contact(cid)

    def _not_read(self, cid: int, error: BaseException) -> None:
        """The read failed: said, never an empty profile that reads as "nothing here".
        A failed re-read keeps the contact on screen (and the form's edits)."""
        if cid != self.contact_id:
            return
        self._loading.stop()
        reason = failure_reason(error)
        if self.shown_id == cid:
            self.ctx.events.status_message.emit(f"The profile was not re-read: {reason}")
            return
        self.failure.setText(f"This contact could not be read: {reason}\n\n"
                             "Select it again to retry.")
        self.stack.setCurrentWidget(self.failure)

    def _read_known_tags(self) -> None:
        """The tags to complete from, read on the page's worker (every tag's name: at
        100,000 contacts not a read for the UI thread); the completion keeps the tags it
        had until they land, and when the read fails."""
        from relmanager.store import tag_reads

        self.reader.submit(tag_reads.known_tags, self._known_tags_read, self._tags_not_read,
                           key=KNOWN_TAGS_KEY)

    def _known_tags_read(self, known: list[str]) -> None:
        from relmanager.ui.contacts.contact_form import TAGS_PLACEHOLDER

        self.form.tags.set_known(known)
        self.form.tags.setPlaceholderText(TAGS_PLACEHOLDER)

    def _tags_not_read(self, error: BaseException) -> None:
        self.form.tags.setPlaceholderText(f"Known tags not read: {failure_reason(error)}")

    def _contacts_changed(self, ids: list[int]) -> None:
        if self.contact_id and (not ids or self.contact_id in ids):
            self.reload()

    def _contacts_removed(self, ids: list[int]) -> None:
        """The shown contact was deleted: the profile empties. (It used to clear
        ``contact_id`` first, so ``set_contact(None)`` saw no change and the deleted
        contact stayed on screen, editable, its Save silently doing nothing.) Edits under
        way have nowhere to go; an undo brings the contact back as it was."""
        if self.contact_id is not None and self.contact_id in ids:
            if self.built:
                self._set_form_dirty(False)
            self.set_contact(None)

    def _interactions_changed(self, ids: list[int]) -> None:
        if self.contact_id and (not ids or self.contact_id in ids):
            self.reload()

    # -- editing --------------------------------------------------------------------
    def _form_edited(self) -> None:
        self._close_refused = False  # a close after new edits is refused anew
        self._set_form_dirty(True)

    def _set_form_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.form_state.setText("Unsaved changes" if dirty else "")

    def _enter_pressed(self) -> None:
        if self.save_button.isEnabled():
            self.save()

    def save(self) -> bool:
        """Validate and save the form as one undoable step; False when a field is wrong
        (or the form still shows the contact before, its successor's read on the way)."""
        if self.contact_id is None or self.shown_id != self.contact_id:
            return False
        collected = self.form.collect()
        if collected is None:
            self.form_state.setText("Please correct the fields marked below")
            return False
        changes, tags = collected
        if changes or tags is not None:
            from relmanager.ui.shared.undo import EditContactCommand, SetTagsCommand, perform

            stack = self.ctx.undo_stack
            stack.beginMacro(f"Edit {self.form.display_name.text().strip()}")
            ok = not changes or perform(self.ctx, EditContactCommand(self.ctx, self.contact_id,
                                                                     changes))
            ok = ok and (tags is None or perform(self.ctx, SetTagsCommand(
                self.ctx, self.contact_id, tags)))
            stack.endMacro()
            if not ok:  # one write failed: revert what the other saved, keep the form
                stack.undo()
                stack.command(stack.index()).setObsolete(True)
                stack.redo()  # an obsolete command is dropped from the stack, not redone
                self.form_state.setText("Not saved: the edits are still here; try again")
                return False
            self.ctx.events.status_message.emit("Saved")
        self._set_form_dirty(False)
        self.reload()  # the form shows what was stored (normalised) when the read lands
        return True

    def revert(self) -> None:
        """Back to the contact as last read (no read: the form's edits are dropped)."""
        if self.contact_id is not None and self._shown is not None:
            self.form.load(self._shown)
            self._set_form_dirty(False)

    def leave_for_close(self) -> bool:
        """Before the window closes: save pending edits. When they cannot be saved (a
        field is wrong, or another program holds the database), the first close is
        refused and says so; a second close drops them. False: the window stays.
        (Quitting used to drop them, with "Not saved" in a window already gone; edits
        with a wrong field were dropped at once, the right ones with them.)"""
        if self.contact_id is not None and self.built and self.save_button.isEnabled() \
                and not self.save():
            if not self._close_refused:
                self._close_refused = True
                self.ctx.events.write_failed.emit(
                    "Not closed: your edits to this contact are not saved (the database "
                    "did not take them). Save them again, or close again to drop them"
                    if self.form.collect(show_errors=False) is not None else
                    "Not closed: a field of this contact is wrong (marked in red). "
                    "Correct it or Revert, or close again to drop your edits")
                return False
            self.ctx.events.status_message.emit("Unsaved edits were discarded")
            self._set_form_dirty(False)
        self._close_refused = False
        self.set_contact(None)
        return True

    def _save_pending(self) -> bool:
        """Leaving a contact with edits saves them (undoable) rather than losing them.
        False when a field is wrong: the profile stays, its errors marked, rather than
        dropping every edit with "Edits with errors were discarded" in the status bar as
        it did (Revert drops them on purpose)."""
        if self.contact_id is None or not self.built or not self.save_button.isEnabled():
            return True
        if not _reads().exists(self.contact_id):
            return True
        if self.save():
            return True
        if self.form.collect(show_errors=False) is None:
            self.form_state.setText("Correct the fields marked below, or Revert, first")
            self.ctx.events.status_message.emit(
                "Still on this contact: correct the fields marked in red, or Revert")
            return False
        self.ctx.events.status_message.emit("Edits the database did not take were discarded")
        return True


def _ignore(_result: object) -> None:
    """A read made only to moot the one before it (no contact is shown now)."""

"""One contact, whole: who they are, how warm it is, what happened, and what is next.

The header (:mod:`relmanager.ui.contacts.profile_header`) says the essentials and offers
the actions (log, email, call, introduce); tabs hold the editable details, the
interaction and stage histories, follow-ups, the give-and-take balance and the contact's
channel timeline. This module puts them together, reads the contact on the Contacts
page's worker (the tabs' rows with it), and follows it through other windows' writes;
:mod:`~relmanager.ui.contacts.profile_editing` saves the form's edits as one undoable step,
and :mod:`~relmanager.ui.contacts.typed_ahead` keeps the keys typed while a contact is read.
"""

from __future__ import annotations

from functools import partial
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
from relmanager.ui.contacts.profile_editing import ProfileEditing
from relmanager.ui.contacts.typed_ahead import TypedAhead
from relmanager.ui.shared.page_loader import failure_reason

if TYPE_CHECKING:
    from relmanager.store.profile_bundle import ProfileBundle
    from relmanager.store.profile_reads import Profile

#: The known-tags read on the page's worker: the newest request wins.
KNOWN_TAGS_KEY = "profile-known-tags"
#: The contact and its histories, read on the page's worker: the newest request wins.
PROFILE_KEY = "profile"
#: How the status bar says a re-read failed; cleared by the next read that lands.
NOT_REREAD = "The profile was not re-read:"
#: A read not landed by then says so; a quick one shows the new contact in place of the
#: old, with no flash of an in-between state.
LOADING_DELAY_MS = 150


class ContactProfile(ProfileEditing, QWidget):
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
        #: Keys typed while a contact is read, typed into it when it lands.
        self.typed = TypedAhead(self, self.failure, self.save)
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

        self.form = ContactForm(self.ctx.clock, self.reader)
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

        # The first two are shown from the profile's own read (see _landed).
        self.follow_ups = FollowUpsPanel(self.ctx, reader=self.reader)
        self.give_take = ReciprocityPanel(self.ctx, reader=self.reader)
        for panel, title in ((self.follow_ups, "Follow-&ups"), (self.give_take, "&Give && take"),
                             (ContactTimeline(self.ctx), "Time&line"),
                             (TiePanel(self.ctx), "Net&work")):
            self.panels.append(panel)
            self.tabs.addTab(panel, title)

        # Every tab in view: the profile is never narrower than its tab bar (the sixth
        # tab hid behind scroll arrows at the default size).
        self.tabs.setMinimumWidth(self.tabs.tabBar().sizeHint().width() + 4)
        layout = QVBoxLayout(page)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.page = self.typed.page = page
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
        if self.typed.keys:  # typed for a contact never shown, and the user moved on
            self._say_dropped(self.typed.drop())
        self.contact_id = contact_id
        if contact_id is None:
            self._clear()
        else:
            self.reload()

    def _say_dropped(self, keys: int) -> None:
        if keys:
            self.ctx.events.status_message.emit(
                f"{keys} key{'s' if keys > 1 else ''} typed while the contact was read "
                "went nowhere: it was not shown")

    def _clear(self) -> None:
        self._loading.stop()
        self.typed.drop()
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

        self.reader.submit(partial(read_profile, cid, self.ctx.clock.now()),
                           partial(self._landed, cid),
                           partial(self._not_read, cid), key=PROFILE_KEY)
        if self.shown_id != cid:
            self._loading.start()
            self.typed.hold()
        else:  # back to the contact on screen (its successor's read not landed)
            self.typed.drop()
            if self.built and self.stack.currentWidget() is self.failure:
                self.stack.setCurrentWidget(self.page)
        if self.built:
            self._read_known_tags()

    def _show_loading(self) -> None:
        """The read is slow (a long history, a busy disk): the wait is said, in place of
        the contact before (greyed, it read as the new one's profile, and its form could
        still be typed into)."""
        if self.contact_id is None or self.shown_id == self.contact_id:
            return
        self.failure.setText("Reading the contact…\n\nWhat you type now goes into it.")
        self.typed.park_focus()
        self.stack.setCurrentWidget(self.failure)

    def _landed(self, cid: int, bundle: ProfileBundle) -> None:
        """The read of ``cid`` landed: shown, unless the user moved on meanwhile. A
        re-read of the shown contact keeps the form's unsaved edits."""
        if cid != self.contact_id:
            return
        contact = bundle.contact
        if contact is None:  # deleted meanwhile
            self._say_dropped(self.typed.drop())
            self._clear()
            return
        self._loading.stop()
        self.ctx.events.status_resolved.emit(NOT_REREAD)  # read now: that said no more
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
        self.follow_ups.show_read(cid, bundle.follow_ups)
        self.give_take.show_read(cid, bundle.balances)
        self.stack.setCurrentWidget(self.page)
        if fresh:
            for panel in self.panels[2:]:
                panel.set_contact(cid)
        if self.typed.holding:  # after everything: an Enter among them saves
            self.typed.release()

    def _not_read(self, cid: int, error: BaseException) -> None:
        """The read failed: said, never an empty profile that reads as "nothing here".
        A failed re-read keeps the contact on screen (and the form's edits)."""
        if cid != self.contact_id:
            return
        self._loading.stop()
        reason = failure_reason(error)
        self._say_dropped(self.typed.drop())
        if self.shown_id == cid:
            self.ctx.events.status_message.emit(f"{NOT_REREAD} {reason}")
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
        from relmanager.ui.contacts.form_fields import TAGS_PLACEHOLDER

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


def _ignore(_result: object) -> None:
    """A read made only to moot the one before it (no contact is shown now)."""

"""One contact, whole: who they are, how warm it is, what happened, and what is next.

The header says the essentials and offers the actions (log, email, call, introduce);
tabs hold the editable details, the interaction and stage histories, follow-ups, the
give-and-take balance and the contact's channel timeline. Mail and phone open the
user's own programs through QDesktopServices: the app itself never sends anything.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.reciprocity import ALL_TIME, balance
from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.services.context import AppContext
from relmanager.ui.shared.display import WARMTH_LABELS, relative_day, row_warmth
from relmanager.ui.shared.icons import dot_icon
from relmanager.ui.shared.palette import warmth_color
from relmanager.ui.shared.plain import isolated, mailto, tel, tip

if TYPE_CHECKING:
    from relmanager.store.profile_reads import Profile

OpenUrl = Callable[[QUrl], bool]


def _reads() -> ModuleType:
    """The profile's store reads (:mod:`relmanager.store.profile_reads`), imported when a
    contact is first shown: the page is on the window before the first paint, its reads
    are not, and their module (dataclasses of some twenty fields) cost that paint ~3 ms."""
    from relmanager.store import profile_reads

    return profile_reads


class ContactProfile(QWidget):
    """Shows the contact given to :meth:`set_contact`; edits go through the undo stack."""

    log_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_id: int | None = None
        #: A close was refused once for edits the database did not take (a second drops them).
        self._close_refused = False
        self.open_url: OpenUrl = QDesktopServices.openUrl
        self._emails: list[str] = []
        self._phones: list[str] = []
        self.panels: list[QWidget] = []
        self.empty = QLabel("Select a contact to see their profile,\nor press Ctrl+N to add one.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.empty)
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

        page = QWidget()
        self.name = QLabel()
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setAccessibleName("Contact name")
        self.subtitle = QLabel()
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.warmth_dot = QLabel()
        self.warmth = QLabel()
        self.warmth.setTextFormat(Qt.TextFormat.PlainText)
        self.warmth.setAccessibleName("Warmth")
        self.balance = QLabel()
        self.balance.setTextFormat(Qt.TextFormat.PlainText)
        self.balance.setAccessibleName("Give and take balance")
        self.stage = QComboBox()
        self.stage.addItems([s.label for s in BOARD_ORDER])
        self.stage.setAccessibleName("Stage")
        self.stage.setToolTip("Move to another stage (recorded in the stage history)")
        self.stage.activated.connect(self._stage_picked)
        for label in (self.name, self.subtitle, self.warmth, self.balance):
            label.setWordWrap(True)
        warmth_row = QHBoxLayout()
        warmth_row.addWidget(self.warmth_dot)
        warmth_row.addWidget(self.warmth, 1)
        warmth_row.addWidget(QLabel("Stage:"))
        warmth_row.addWidget(self.stage)

        self.log_button = self._button("&Log…", "Log an interaction with this person (Ctrl+L)",
                                       lambda: self.log_requested.emit(self.contact_id or 0))
        self.email_button = self._button("E&mail", "Open your mail program", self._email)
        self.call_button = self._button("&Call", "Open your dialer", self._call)
        # A push button with a menu: it makes room for its arrow (a tool button in
        # instant-popup mode drew the arrow over the end of "Introductions").
        self.intro_button = QPushButton("Introductions")
        self.intro_button.setAccessibleName("Introductions")
        intro_menu = QMenu(self.intro_button)
        self.introduce_action = intro_menu.addAction(
            "&Introduce to…", lambda: self._introduce(as_requester=True))
        self.introduce_action.setToolTip("Introduce this person to someone you know")
        self.ask_intro_action = intro_menu.addAction(
            "Ask to be &introduced…", lambda: self._introduce(as_requester=False))
        self.ask_intro_action.setToolTip("Ask someone to introduce you to this person")
        self.intro_button.setMenu(intro_menu)
        buttons = QHBoxLayout()
        for button in (self.log_button, self.email_button, self.call_button,
                       self.intro_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.form = ContactForm(self.ctx.clock)
        self.form.edited.connect(self._form_edited)
        # Enter in a field kept nothing ("Unsaved changes" stayed, only Save or Ctrl+S
        # kept the edit): a user who types and presses Enter expects the entry kept.
        self.form.submitted.connect(self._enter_pressed)
        self.save_button = self._button("&Save", "Save changes (Ctrl+S)", self.save)
        self.revert_button = self._button("&Revert", "Discard changes", self.revert)
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
        layout.addWidget(self.name)
        layout.addWidget(self.subtitle)
        layout.addLayout(warmth_row)
        layout.addWidget(self.balance)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        self.stack.addWidget(page)

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    # -- showing --------------------------------------------------------------------
    def set_contact(self, contact_id: int | None) -> None:
        if contact_id == self.contact_id:
            return
        self._save_pending()
        self.contact_id = contact_id
        contact = _reads().profile(contact_id)
        if contact is None:
            self.contact_id = None
            self.stack.setCurrentWidget(self.empty)
        else:
            self.ensure_built()
            self.form.load(contact)
            self._show_header(contact)
            self.history.load(contact.id)
            self.stages.load(contact.id)
            self._set_form_dirty(False)
            self.stack.setCurrentIndex(1)
        for panel in self.panels:
            panel.set_contact(self.contact_id)

    def _show_header(self, contact: Profile) -> None:
        now = self.ctx.clock.now()
        self.name.setText(contact.display_name)
        role = " at ".join(isolated(p) for p in (contact.title, contact.organisation) if p)
        archived = "  ·  archived" if contact.archived else ""
        self.subtitle.setText(f"{role or 'No organisation'}  ·  {contact.sphere}{archived}")
        self.stage.setCurrentIndex(BOARD_ORDER.index(Stage(contact.stage)))
        warmth = row_warmth({"archived": contact.archived, "cooling_at": contact.cooling_at,
                             "cold_at": contact.cold_at}, now)
        self.warmth_dot.setPixmap(dot_icon(warmth_color(warmth)).pixmap(14, 14))
        # "Warm: last two-way contact never" read as a contradiction for someone just met.
        detail = ("no two-way contact yet" if contact.last_two_way_at is None else
                  f"last two-way contact {relative_day(contact.last_two_way_at, now)}")
        if contact.cooling_at and warmth.value == "warm":
            detail += f"; due by {contact.cooling_at:%Y-%m-%d}"
        self.warmth.setText(f"{WARMTH_LABELS[warmth]}: {detail}")
        self.balance.setText(f"Give and take ({ALL_TIME}): "
                             f"{balance(list(contact.exchanges)).describe()}")
        self._emails = list(contact.emails)
        self._phones = list(contact.phones)
        # Only addresses that are addresses (one stored before validation was tightened
        # is listed by `relmanager check`, never handed to the mail program).
        self._emails = [e for e in self._emails if mailto(e) is not None]
        self.email_button.setEnabled(bool(self._emails))
        self.email_button.setToolTip(tip(f"Write to {self._emails[0]} in your mail program")
                                     if self._emails else "No email address")
        self.call_button.setEnabled(bool(self._phones))
        self.call_button.setToolTip(tip(f"Call {self._phones[0]} with your dialer")
                                    if self._phones else "No phone number")

    def reload(self) -> None:
        """Re-read the contact (keeping unsaved edits in the form)."""
        cid = self.contact_id
        contact = _reads().profile(cid)
        if contact is None:
            self.set_contact(None)
            return
        self._show_header(contact)
        if not self.form.has_changes():
            self.form.load(contact)
            self._set_form_dirty(False)
        self.history.load(cid)
        self.stages.load(cid)

    def _contacts_changed(self, ids: list[int]) -> None:
        if self.contact_id and (not ids or self.contact_id in ids):
            self.reload()

    def _contacts_removed(self, ids: list[int]) -> None:
        if self.contact_id in ids:
            self.contact_id = None
            self.set_contact(None)

    def _interactions_changed(self, ids: list[int]) -> None:
        if self.contact_id and (not ids or self.contact_id in ids):
            contact = _reads().profile(self.contact_id)
            if contact is not None:
                self._show_header(contact)
                self.history.load(contact.id)

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
        """Validate and save the form as one undoable step; False when a field is wrong."""
        if self.contact_id is None:
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
        contact = _reads().profile(self.contact_id)
        if contact is not None:
            self.form.load(contact)
        self._set_form_dirty(False)
        return True

    def revert(self) -> None:
        if self.contact_id is not None:
            contact = _reads().profile(self.contact_id)
            if contact is not None:
                self.form.load(contact)
            self._set_form_dirty(False)

    def leave_for_close(self) -> bool:
        """Before the window closes: save pending edits. When the database does not take
        them (another program holds it), the first close is refused and says so; a
        second close drops them. False: the window stays. (Quitting used to drop them,
        with "Not saved" in a window already gone.) Edits with wrong fields are dropped
        with a message, as leaving the contact does."""
        if self.contact_id is not None and self.built and self.save_button.isEnabled() \
                and not self.save():
            if self.form.collect(show_errors=False) is not None and not self._close_refused:
                self._close_refused = True
                self.ctx.events.write_failed.emit(
                    "Not closed: your edits to this contact are not saved (the database "
                    "did not take them). Save them again, or close again to drop them")
                return False
            self.ctx.events.status_message.emit("Unsaved edits were discarded")
            self._set_form_dirty(False)
        self._close_refused = False
        self.set_contact(None)
        return True

    def _save_pending(self) -> None:
        """Leaving a contact with edits saves them (undoable) rather than losing them."""
        if self.contact_id is None or not self.built or not self.save_button.isEnabled():
            return
        if not _reads().exists(self.contact_id):
            return
        if not self.save():
            self.ctx.events.status_message.emit("Edits with errors were discarded")

    def _stage_picked(self, index: int) -> None:
        stage = BOARD_ORDER[index]
        current = _reads().stage_of(self.contact_id)
        if self.contact_id and current is not None and current != stage.value:
            from relmanager.ui.shared.undo import MoveStageCommand, perform

            perform(self.ctx, MoveStageCommand(self.ctx, [self.contact_id], stage))

    # -- outside programs -----------------------------------------------------------
    def _email(self) -> None:
        """Hand the address to the mail program; without one, say so and put the
        address on the clipboard (the button once did nothing at all)."""
        from relmanager.services.desktop_links import handler_missing

        address = self._emails[0] if self._emails else ""
        url = mailto(address) if address else None
        if url is None:
            return
        if not handler_missing("mailto") and self.open_url(url):
            return
        QGuiApplication.clipboard().setText(address)
        self.ctx.events.status_message.emit(
            f"No mail program is set up to open e-mail links: {address} is copied to the "
            "clipboard")

    def _call(self) -> None:
        url = tel(self._phones[0]) if self._phones else None
        if url is not None:
            self.open_url(url)

    def _introduce(self, *, as_requester: bool) -> None:
        """"Introduce to…": this contact asks to meet someone through the user.
        "Ask for an intro…": the user wants to meet this contact through someone."""
        from relmanager.ui.introductions.intro_dialog import open_introduction_dialog as dialog

        if self.contact_id is None:
            return
        if as_requester:
            dialog(self.ctx, self, requester_id=self.contact_id)
        else:
            dialog(self.ctx, self, target_id=self.contact_id)

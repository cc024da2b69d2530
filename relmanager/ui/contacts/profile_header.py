"""The top of a contact's profile: who they are, how warm it is, and what to do now.

Name, role and sphere, warmth and stage, the give-and-take balance, and the actions (log,
e-mail, call, introductions). Its own widget because it is one job apart from the
profile's tabs and edits: it shows a :class:`~relmanager.store.profile_reads.Profile`
and hands the user's actions on (mail and phone to the user's own programs through
QDesktopServices; the app itself never sends anything).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.reciprocity import ALL_TIME
from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.domain.warmth import stored_warmth
from relmanager.services.context import AppContext
from relmanager.ui.shared.display import WARMTH_LABELS, relative_day
from relmanager.ui.shared.elided_label import ElidedLabel
from relmanager.ui.shared.icons import dot_icon
from relmanager.ui.shared.palette import warmth_color
from relmanager.ui.shared.plain import mailto, one_line, tel, tip

if TYPE_CHECKING:
    from relmanager.store.profile_reads import Profile


def action_button(text: str, tooltip: str, slot: Callable[[], object]) -> QPushButton:
    """A push button whose tooltip is also its accessible name (the profile's buttons say
    what they do to a screen reader in the words a mouse user hovers to read)."""
    button = QPushButton(text)
    button.setToolTip(tooltip)
    button.setAccessibleName(tooltip)
    button.clicked.connect(slot)
    return button


class ProfileHeader(QWidget):
    """Shows one contact's essentials (:meth:`show_contact`) and offers the actions on
    them. A stage picked here is one undoable move; "Log…" is asked of the window
    through :attr:`log_requested`, which owns the log dialog."""

    #: The contact's id (0 for none): the user asked to log an interaction.
    log_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_id: int | None = None
        self._emails: list[str] = []
        self._phones: list[str] = []
        self.name = ElidedLabel()  # one line, elided in the middle: a name may be 200 chars
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setAccessibleName("Contact name")
        from relmanager.ui.contacts.avatar import SIDE

        self.avatar = QLabel()  # the photo, round, or the initials
        self.avatar.setFixedSize(SIDE, SIDE)
        self.has_photo = False
        # One line too, elided, the whole in its tooltip: wrapped, an organisation of
        # 300 characters without a space was wider than the page.
        self.subtitle = ElidedLabel()
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
        for label in (self.warmth, self.balance):
            label.setWordWrap(True)
        warmth_row = QHBoxLayout()
        warmth_row.addWidget(self.warmth_dot)
        warmth_row.addWidget(self.warmth, 1)
        warmth_row.addWidget(QLabel("Stage:"))
        warmth_row.addWidget(self.stage)

        self.log_button = action_button(
            "&Log…", "Log an interaction with this person (Ctrl+L)",
            lambda: self.log_requested.emit(self.contact_id or 0))
        self.email_button = action_button("E&mail", "Open your mail program", self._email)
        self.call_button = action_button("&Call", "Open your dialer", self._call)
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

        # No margins of its own: the rows sit in the profile's page as they did when
        # they were the page's own rows.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        who = QVBoxLayout()  # the name and what they do, beside the avatar
        who.setSpacing(2)
        who.addStretch(1)
        who.addWidget(self.name)
        who.addWidget(self.subtitle)
        who.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(who, 1)
        layout.addLayout(top)
        layout.addLayout(warmth_row)
        layout.addWidget(self.balance)
        layout.addLayout(buttons)

    def show_contact(self, contact: Profile) -> None:
        """Show ``contact`` (read by the profile) as of the clock's now."""
        self.contact_id = contact.id
        now = self.ctx.clock.now()
        self.name.setText(one_line(contact.display_name))  # a NUL shown, not an end
        from relmanager.ui.contacts.avatar import avatar_pixmap

        pixmap, self.has_photo = avatar_pixmap(contact, self.devicePixelRatioF())
        self.avatar.setPixmap(pixmap)
        self.avatar.setAccessibleName("Photo" if self.has_photo else "Initials")
        # Each part cut for one line: a 100,000-character organisation wrapped the header
        # into rows of bars (the whole stays in the form's field and this tooltip).
        role = " at ".join(one_line(p) for p in (contact.title, contact.organisation) if p)
        archived = "  ·  archived" if contact.archived else ""
        self.subtitle.setText(f"{role or 'No organisation'}  ·  {contact.sphere}{archived}")
        self.stage.setCurrentIndex(BOARD_ORDER.index(Stage(contact.stage)))
        warmth = stored_warmth({"archived": contact.archived, "cooling_at": contact.cooling_at,
                             "cold_at": contact.cold_at}, now)
        self.warmth_dot.setPixmap(dot_icon(warmth_color(warmth)).pixmap(14, 14))
        # "Warm: last two-way contact never" read as a contradiction for someone just met.
        detail = ("no two-way contact yet" if contact.last_two_way_at is None else
                  f"last two-way contact {relative_day(contact.last_two_way_at, now)}")
        if contact.cooling_at and warmth.value == "warm":
            detail += f"; due by {contact.cooling_at:%Y-%m-%d}"
        self.warmth.setText(f"{WARMTH_LABELS[warmth]}: {detail}")
        self.balance.setText(f"Give and take ({ALL_TIME}): "
                             f"{contact.give_take.describe()}")
        # Only addresses that are addresses (one stored before validation was tightened
        # is listed by `relmanager check`, never handed to the mail program).
        self._emails = [e for e in contact.emails if mailto(e) is not None]
        self._phones = list(contact.phones)
        self.email_button.setEnabled(bool(self._emails))
        self.email_button.setToolTip(tip(f"Write to {self._emails[0]} in your mail program")
                                     if self._emails else "No email address")
        self.call_button.setEnabled(bool(self._phones))
        self.call_button.setToolTip(tip(f"Call {self._phones[0]} with your dialer")
                                    if self._phones else "No phone number")

    def _stage_picked(self, index: int) -> None:
        from relmanager.store.profile_reads import stage_of

        stage = BOARD_ORDER[index]
        current = stage_of(self.contact_id)
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
        if not handler_missing("mailto") and QDesktopServices.openUrl(url):
            return
        QGuiApplication.clipboard().setText(address)
        self.ctx.events.status_message.emit(
            f"No mail program is set up to open e-mail links: {address} is copied to the "
            "clipboard")

    def _call(self) -> None:
        url = tel(self._phones[0]) if self._phones else None
        if url is not None:
            QDesktopServices.openUrl(url)

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

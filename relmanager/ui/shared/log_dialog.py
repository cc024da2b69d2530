"""Logging an interaction: who, which channel, when, how long, give or ask, and a note.

The advice line is the product's point about channels made visible while choosing: an
email before recognition, a broadcast channel as the only contact, or an ask of someone
never given to gets a plain sentence saying why and what would be better. It never
blocks: the user knows things the app does not.

Its reads (the channels, the contact's name, the facts the advice needs) run on the
dialog's own worker (:mod:`relmanager.store.log_reads`): the dialog opens at once, its
channel list a moment later, and a contact with a long history never stalls the window
(those reads and the advice are :mod:`relmanager.ui.shared.log_advice`).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.channels import (
    ChannelSpec,
)
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.domain.warmth import Warmth
from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.store import log_reads
from relmanager.store.activity import DEFAULT_FOLLOW_UP
from relmanager.ui.contacts.form_fields import ErrorLabel
from relmanager.ui.shared.contact_picker import ContactPicker
from relmanager.ui.shared.dialog_keys import button_box, submit_on_ctrl_enter
from relmanager.ui.shared.discard_bar import DiscardBar
from relmanager.ui.shared.log_advice import ChannelsAndAdvice
from relmanager.ui.shared.palette import left_bar
from relmanager.ui.shared.people_chips import PeopleChips
from relmanager.ui.shared.text_box import TextBox
from relmanager.ui.shared.time_typing import type_whole
from relmanager.ui.shared.undo import LogInteractionCommand
from relmanager.ui.shared.wheel_guard import guard_wheel

EXCHANGES = ((Exchange.NEUTRAL, "Just keeping in touch"), (Exchange.GIVE, "I gave something"),
             (Exchange.ASK, "I asked for something"), (Exchange.RECEIVE, "I received something"))


def _nothing(_contact_id: int | None) -> None:
    """Enter in the contact field picks the first suggestion, and nothing more."""


def _qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(QDate(moment.year, moment.month, moment.day),
                     QTime(moment.hour, moment.minute))


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose mnemonic (Alt+letter) focuses ``widget``: rows holding a layout
    get no buddy from QFormLayout, and would show the '&' literally."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class LogDialog(ChannelsAndAdvice, QDialog):
    """Fill in and press Log; the write is one undoable command."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 contact_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timebox_session: int | None = None
        self.box_prompt: QLabel | None = None
        self.logged_ids: list[int] = []
        self.setWindowTitle("Log an interaction")
        self.setMinimumWidth(520)
        now = ctx.clock.now().replace(second=0, microsecond=0)
        #: The dialog's reads; its thread and connection end when the dialog does.
        self.reader = BackgroundReader(self)
        self.finished.connect(lambda _code: self.reader.shutdown())
        ctx.events.interactions_changed.connect(self._interactions_changed)
        self._facts: log_reads.AdviceFacts | None = None
        #: Log was pressed before the channels were read: it logs when they are.
        self._log_when_read = False
        self.contact = ContactPicker(ctx.clock, self.reader,
                                     placeholder="Who? Type a name, email or tag")
        self.contact.setAccessibleName("Contact")
        self.contact.contact_chosen.connect(lambda _id: self.update_advice())
        self.contact.returnPressed.connect(self._enter_in_picker)
        # A group event: the others at it, as chips (one row per person in the store).
        self.also = PeopleChips(ctx.clock, self.reader)
        self.contact.contact_chosen.connect(lambda cid: self.also.exclude({cid}))
        self.channel = QComboBox()
        self.channel.setAccessibleName("Channel")
        self.channel.setPlaceholderText("Reading the channels…")
        self._channels: dict[str, ChannelSpec] = {}
        self.channel.currentIndexChanged.connect(self._channel_changed)
        #: Whether the user picked the channel (then a group keeps it); else a group
        #: moves the one-on-one default to a meeting (domain.channels.channel_for_people).
        self._channel_chosen = False
        self.channel.activated.connect(self._channel_picked)
        self.also.changed.connect(self._group_changed)
        self.when = QDateTimeEdit(_qdatetime(now))
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setMaximumDateTime(_qdatetime(now))
        self.when.setAccessibleName("When it happened")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 24 * 60)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Minutes spent")
        self._minutes_touched = False
        self.minutes.valueChanged.connect(self._minutes_edited)
        self.exchange = QComboBox()
        for value, label in EXCHANGES:
            self.exchange.addItem(label, value.value)
        self.exchange.setAccessibleName("Give or take")
        self.exchange.currentIndexChanged.connect(lambda _i: self.update_advice())
        self.initiator = QComboBox()
        self.initiator.addItem("I reached out", Initiator.ME.value)
        self.initiator.addItem("They reached out", Initiator.THEM.value)
        self.initiator.setAccessibleName("Who reached out")
        self.note = TextBox(
            placeholderText="What you talked about, what you promised (Ctrl+Enter logs)")
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName("Note")
        self.follow_up = QCheckBox("Add a &follow-up")
        self.follow_up_title = QLineEdit(
            placeholderText=f"“{DEFAULT_FOLLOW_UP}” if left empty")
        self.follow_up_title.setToolTip("What to follow up on, e.g. send the article I "
                                        f"mentioned. Left empty, it is saved as "
                                        f"“{DEFAULT_FOLLOW_UP}”.")
        self.follow_up_title.setAccessibleName("Follow-up")
        self.follow_up_due = QDateEdit(QDate(now.year, now.month, now.day).addDays(7))
        self.follow_up_due.setCalendarPopup(True)
        self.follow_up_due.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_due.setAccessibleName("Follow-up due")
        type_whole(self.when, self.follow_up_due)
        self.follow_up.toggled.connect(self._follow_up_toggled)
        self._follow_up_toggled(False)
        self.advice = QLabel()
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("Advice")
        self.advice.setStyleSheet(left_bar("QLabel", Warmth.COOLING, "padding: 4px 8px;"))
        self.advice.hide()
        self.error = ErrorLabel()
        self.discard_bar = DiscardBar(self, "Discard this entry?", self.discard, self.note)
        self.buttons, self.log_button = button_box(self, "&Log")
        submit_on_ctrl_enter(self, self.note)

        form = QFormLayout()
        form.addRow("&Contact", self.contact)
        form.addRow(_buddy("Also w&ith", self.also.picker), self.also)
        form.addRow("C&hannel", self.channel)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 1)
        when_row.addWidget(QLabel("Time spent"))
        when_row.addWidget(self.minutes)
        form.addRow(_buddy("&When", self.when), when_row)
        exchange_row = QHBoxLayout()
        exchange_row.addWidget(self.exchange, 1)
        exchange_row.addWidget(self.initiator, 1)
        form.addRow(_buddy("&Exchange", self.exchange), exchange_row)
        form.addRow("&Note", self.note)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up_title, 1)
        follow_row.addWidget(QLabel("due"))
        follow_row.addWidget(self.follow_up_due)
        form.addRow(self.follow_up, follow_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.advice)
        layout.addWidget(self.error)
        layout.addWidget(self.discard_bar)
        layout.addWidget(self.buttons)
        self._channel_changed()
        guard_wheel(self)  # a wheel turn over Channel or When must not change them
        if contact_id:
            self.contact.preset(contact_id)
            self.channel.setFocus()
        else:
            self.contact.setFocus()
        self.reader.submit(partial(log_reads.opening, contact_id),
                           partial(self._opened, contact_id), self._not_opened, key="open")

    # -- reacting -------------------------------------------------------------------
    def _enter_in_picker(self) -> None:
        if self.contact.contact_id() is None and self.contact.text().strip():
            self.contact.pick_first(_nothing)

    def _minutes_edited(self) -> None:
        if self.minutes.hasFocus():
            self._minutes_touched = True

    def _follow_up_toggled(self, on: bool) -> None:
        self.follow_up_title.setEnabled(on)
        self.follow_up_due.setEnabled(on)
        if on:
            self.follow_up_title.setFocus()

    # -- logging --------------------------------------------------------------------
    def occurred_at(self) -> datetime:
        value = self.when.dateTime()
        day, time = value.date(), value.time()
        return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())

    def _accept_picked(self, contact_id: int | None) -> None:
        if contact_id is not None:
            self.accept()
        else:
            self.error.show_error(self.contact.failure or "Choose who the interaction was with")
            self.contact.setFocus()

    def accept(self) -> None:
        if not self._channels and not self.channel.placeholderText().endswith("not read"):
            self._log_when_read = True  # Log pressed within the moment of the first read
            return
        cid = self.contact.contact_id()
        if cid is None and self.contact.text().strip():
            # The best suggestion of the typed text, read on the worker: Log goes on
            # once it is in (at once when it is already), or says nobody was found.
            self.contact.pick_first(self._accept_picked)
            return
        if cid is None:
            self.error.show_error("Choose who the interaction was with")
            self.contact.setFocus()
            return
        when = self.occurred_at()
        if when > self.ctx.clock.now():
            self.error.show_error("An interaction cannot be in the future")
            self.when.setFocus()
            return
        follow_up = None
        if self.follow_up.isChecked():
            due = self.follow_up_due.date()
            follow_up = (self.follow_up_title.text().strip() or DEFAULT_FOLLOW_UP,
                         datetime(due.year(), due.month(), due.day(), 9, 0))
        row = self.current_channel()
        if row is None:
            self.error.show_error("Choose a channel")
            return
        people = [cid, *(i for i in self.also.ids() if i != cid)]
        command = LogInteractionCommand(
            self.ctx, people, row.key, occurred_at=when, minutes=self.minutes.value(),
            exchange=self.exchange.currentData(), initiated_by=self.initiator.currentData(),
            note=self.note.toPlainText(), follow_up=follow_up,
            timebox_session=self.timebox_session)
        from relmanager.ui.shared.undo import perform

        outcome = command.outcome
        if not perform(self.ctx, command):  # nothing was logged: keep what was typed
            self.error.show_error(f"Not saved: {outcome.reason}")
            return
        if command.logged is not None:
            self.logged_ids = command.logged.interaction_ids
            name = self.contact.text().split(" — ")[0]
            if len(people) > 1:
                name += f" and {len(people) - 1} more"
            said = f"Logged {row.name.lower()} with {name}"
            if follow_up is not None:  # what was saved, the default title included
                said += f"; follow-up “{follow_up[0]}” due {follow_up[1]:%-d %b}"
            self.ctx.events.status_message.emit(said)
        super().accept()


    # -- leaving without logging --------------------------------------------------
    def typed_something(self) -> bool:
        """Whether the user wrote anything that Esc would lose (a note or a follow-up)."""
        return bool(self.note.toPlainText().strip()
                    or (self.follow_up.isChecked() and self.follow_up_title.text().strip()))

    def reject(self) -> None:
        """Esc, Cancel or the window's close: at once when nothing was typed; with a
        typed note, the in-dialog question first (a bar, not a modal box: nothing blocks,
        and Esc again keeps editing rather than losing the note)."""
        if not self.discard_bar.holds_back(self.typed_something()):
            super().reject()

    def discard(self) -> None:
        """Close without logging, the typed note dropped (the bar's Discard)."""
        self.discard_bar.hide()
        super().reject()

    # -- the end of a time box ------------------------------------------------------
    def ask_about_box(self, session_id: int, minutes: int, people: list[str],
                      ended_at: datetime | None = None) -> None:
        """Turn this into the end-of-box question: "what did you do?", the box's minutes
        filled in (and kept when the channel changes), dated at the box's end (so it is
        inside the box's span and counts toward the week's minutes even when answered
        late), and Cancel worded as the one-click Skip."""
        self.timebox_session = session_id
        self.minutes.setValue(minutes)
        if ended_at is not None:
            self.when.setDateTime(_qdatetime(ended_at))
        self._minutes_touched = True
        self.setWindowTitle("Time box over: what did you do?")
        # The names by the display rule, each cut: they came raw from the box's
        # suggestions, so an ESC or an override in one was shown here as stored. Imported
        # here: only the end of a box asks (the dialog opens without it).
        from relmanager.services import reminder_rules as rules

        for_whom = (f" (suggested: {rules.names(people, rules.SHORT_NAME_CHARS)})"
                    if people else "")
        text = (f"Your {minutes}-minute time box is over{for_whom}. Log what you did and "
                "it counts toward this week's minutes, or skip it.")
        if self.box_prompt is None:
            self.box_prompt = QLabel()
            self.box_prompt.setTextFormat(Qt.TextFormat.PlainText)  # names are plain text
            self.box_prompt.setWordWrap(True)
            self.box_prompt.setAccessibleName("Time box")
            self.layout().insertWidget(0, self.box_prompt)
        self.box_prompt.setText(text)
        skip = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        skip.setText("&Skip")
        skip.setToolTip("Nothing to log for this box (Esc)")

"""The meeting brief (issue 24, item 6): opened from the tray's "Meeting with Ann Lee in
10 min: brief", it shows a brief per person (domain.brief words, plain text only: every
name, note and tag is shown as typed, never as markup), and after the meeting "Log it"
logs it once for everyone there.

The brief is read on a worker thread (a handful of indexed reads per person), and a failed
read says so in place, never an empty brief.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.brief import brief_text
from relmanager.domain.text import one_line
from relmanager.services.background import BackgroundReader
from relmanager.services.writer import Change, NotWritten
from relmanager.store import brief_reads, upcoming
from relmanager.ui.shared.text_box import TextBox

if TYPE_CHECKING:
    from relmanager.services.context import AppContext

RULE = "\n\n" + "─" * 40 + "\n\n"


def _read(meeting_id: int, now):  # type: ignore[no-untyped-def]
    meeting = upcoming.meeting(meeting_id)
    return meeting, brief_reads.meeting_briefs(meeting, now)


class BriefDialog(QDialog):
    """One meeting's brief, and its "Log it" once the meeting is over."""

    def __init__(self, ctx: AppContext, meeting_id: int, parent: QWidget | None = None, *,
                 reader: BackgroundReader | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.meeting: upcoming.Meeting | None = None
        self.setWindowTitle("Meeting brief")
        self.heading = QLabel("Reading the brief…")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.text = TextBox()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Brief")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.log_button = QPushButton("&Log it")
        self.log_button.setToolTip("Log the meeting once, for everyone there who is a contact")
        self.log_button.setEnabled(False)
        self.log_button.clicked.connect(self.log_it)
        buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, 560)
        self._reader = reader or BackgroundReader(self)
        self._own_reader = reader is None
        self.reload()

    def reload(self) -> None:
        now = self.ctx.clock.now()
        self._reader.submit(lambda: _read(self.meeting_id, now), self._show, self._failed,
                            key=("brief", id(self)))

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        meeting, briefs = result
        self.meeting = meeting
        now = self.ctx.clock.now()
        what = one_line(meeting.summary) or "Meeting"  # a calendar's title, as it came
        self.setWindowTitle(f"Brief: {what}")
        self.heading.setText(f"{what}, {meeting.starts_at:%a %-d %b %H:%M}–"
                             f"{meeting.ends_at:%H:%M} ({meeting.channel}), with "
                             f"{meeting.names}")
        self.text.setPlainText(RULE.join(brief_text(b, now) for b in briefs))
        self._update_log_state()

    def _update_log_state(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        if meeting.logged_at is not None:
            self.log_button.setEnabled(False)
            self.status.setText(f"Logged on {meeting.logged_at:%-d %b %H:%M}.")
        elif meeting.ends_at > self.ctx.clock.now():
            self.log_button.setEnabled(False)
            self.status.setText(f"Log it after the meeting ends at {meeting.ends_at:%H:%M}.")
        else:
            self.log_button.setEnabled(True)
            self.status.setText(f"Log it: one interaction with {meeting.names}, "
                                f"{meeting.minutes} min, {meeting.channel}.")

    def _failed(self, error: BaseException) -> None:
        self.heading.setText("Could not read the brief.")
        self.text.setPlainText(str(error))
        self.log_button.setEnabled(False)
        self.status.setText("")

    def log_it(self) -> None:
        """One group interaction for everyone matched, once (the store refuses a second)."""
        if self.meeting is None:
            return
        self.log_button.setEnabled(False)
        clock = self.ctx.clock
        try:
            logged = self.ctx.writer.write(
                "meeting log", lambda: upcoming.log_meeting(clock, self.meeting_id),
                lambda r: Change(contacts=r.contacts, interactions=r.interactions),
                tell=False)
        except NotWritten as error:
            self.status.setText(f"Not logged: {error}")
            self._update_log_state()
            return
        people = len(logged.contacts)
        self.status.setText(f"Logged for {people} {'person' if people == 1 else 'people'}."
                            if logged.interactions else "It was logged already.")
        self.meeting = replace(self.meeting, logged_at=clock.now())

    def done(self, result: int) -> None:
        if self._own_reader:
            self._reader.shutdown()
        super().done(result)


def open_brief(ctx: AppContext, meeting_id: int, parent: QWidget | None = None) -> BriefDialog:
    """The brief, non-modal (the user may look at the contact or Today beside it)."""
    dialog = BriefDialog(ctx, meeting_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog

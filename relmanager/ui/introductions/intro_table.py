"""The introductions as the page's table shows them: each row's people (by the display
rule, or "you"), the reasons for each side, the status, when it last moved and its
check-in; a row's steps on one line for the page's status line."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from relmanager.domain.introductions import IntroStatus, check_in_words, through_word, who_line
from relmanager.store.introduction_reads import IntroRow
from relmanager.ui.shared.display import relative_day
from relmanager.ui.shared.plain import contact_tip, one_line
from relmanager.ui.shared.table_columns import NamedColumns

COLUMNS = ("Who", "To meet", "Through", "Why (for each side)", "Status", "Since", "Check-in")
Index = QModelIndex | QPersistentModelIndex


def person_shown(contact: Any) -> str:
    """A person of an introduction as shown (the display rule: this page, its status
    lines and its questions), or "you"."""
    return one_line(contact.display_name) if contact is not None else "you"


def _people(intro: IntroRow) -> tuple[str | None, str | None, str | None]:
    """(requester, target, introducer) as shown, None for the user: the domain's words
    take them so."""
    def shown(person: Any) -> str | None:
        return person_shown(person) if person is not None else None

    return shown(intro.requester), shown(intro.target), shown(intro.introducer)


def who_shown(intro: IntroRow) -> str:
    """The introduction's people in one line (``domain.introductions.who_line``)."""
    return who_line(*_people(intro))


def step_line(intro: IntroRow) -> str:
    """Every dated step of one introduction on one line, the check-in and outcome after."""
    parts = [f"{s.label} {getattr(intro, s.date_field):%-d %b %Y}" for s in IntroStatus
             if getattr(intro, s.date_field)]
    if intro.follow_up_due_at:
        parts.append(f"check-in due {intro.follow_up_due_at:%-d %b %Y}")
    if intro.outcome:
        parts.append(f"outcome: {one_line(intro.outcome)}")
    return " · ".join(parts)


class IntroductionsModel(NamedColumns, QAbstractTableModel):
    columns = COLUMNS

    def __init__(self, now: Any) -> None:
        super().__init__()
        self._now = now
        self.rows: list[IntroRow] = []

    def set_rows(self, rows: list[IntroRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    @staticmethod
    def _reasons(intro: IntroRow) -> str:
        return " / ".join(r for r in (intro.reason_requester, intro.reason_target) if r)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        intro = self.rows[index.row()]
        status = IntroStatus(intro.status)
        now: datetime = self._now()
        if role == Qt.ItemDataRole.ToolTipRole:
            steps = [f"{s.label}: {getattr(intro, s.date_field):%Y-%m-%d}" for s in IntroStatus
                     if getattr(intro, s.date_field)]
            extra = [f"Outcome: {intro.outcome}"] if intro.outcome else []
            # The reasons in full above the steps: the column cuts a long one short.
            why = [self._reasons(intro)] if index.column() == 3 else []
            return contact_tip(*why, *steps, *extra)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return person_shown(intro.requester)
        if column == 1:
            return person_shown(intro.target)
        if column == 2:
            return through_word(*_people(intro))
        if column == 3:
            return one_line(self._reasons(intro))
        if column == 4:
            return status.label
        if column == 5:
            return relative_day(getattr(intro, status.date_field) or intro.requested_at, now)
        if column == 6:
            return check_in_words(status, intro.follow_up_due_at, intro.followed_up_at, now)
        return ""

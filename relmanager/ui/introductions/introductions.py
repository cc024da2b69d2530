"""The Introductions page: every introduction with who, why for each side, where it
stands and when each step happened; the next step is one click, other steps are in the
menu beside it, and making one without recorded consent warns without blocking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.introductions import (
    FOLLOW_UP_AFTER_DAYS,
    NEXT_STEPS,
    IntroStatus,
    can_move,
    consent_is_yours_to_ask,
    consent_warning,
    follow_up_person,
    primary_next,
    step_verb,
)
from relmanager.services.context import AppContext
from relmanager.services.writer import FOLLOW_UPS, NotWritten
from relmanager.store import follow_ups, introduction_reads
from relmanager.store.introduction_reads import IntroRow
from relmanager.ui.introductions.intro_commands import IntroductionStepCommand
from relmanager.ui.introductions.intro_table import (
    IntroductionsModel,
    person_shown,
    step_line,
    who_shown,
)
from relmanager.ui.shared.page_loader import LoaderPage, PageLoader
from relmanager.ui.shared.plain import menu_text
from relmanager.ui.shared.undo import perform

Index = QModelIndex | QPersistentModelIndex


def verb(intro: IntroRow, step: IntroStatus) -> str:
    """Taking ``step`` on ``intro`` in words (``domain.introductions.step_verb``)."""
    return step_verb(step, *(p.display_name if p is not None else None
                             for p in (intro.requester, intro.target, intro.introducer)))


def read_rows(show: str) -> list[IntroRow]:
    """The introductions ``show`` asks for, newest first (run on the page's worker)."""
    return introduction_reads.rows(show)


def ask_text(parent: QWidget, title: str, label: str) -> tuple[str, bool]:
    """QInputDialog.getText, wide enough for a sentence and its whole title (the static
    call made a tiny dialog whose title was cut)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue("")  # builds its line edit, which sets the dialog's width (the
    # dialog's own minimum is replaced by its layout's when it is shown)
    for edit in dialog.findChildren(QLineEdit):
        edit.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 56)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok


HOW_ONE_STARTS = ("An introduction puts two people you know in touch, tracked from the "
                  "request through both sides' consent to the closed loop. "
                  "New introduction… starts one, as do a profile's Introductions button "
                  "and the Network page.")


def empty_text(show: str, label: str) -> str:
    """What an empty list says, for the filter shown: none at all, or none at this step."""
    if show == "all":
        return f"No introductions yet. {HOW_ONE_STARTS}"
    if show == "open":
        return f"No open introductions. {HOW_ONE_STARTS}"
    return f"No introductions at “{label}”. Choose “All introductions” to see the others."


class IntroductionsView(LoaderPage, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loader = PageLoader(self, "introductions", self._read, self._show, delay_ms=0)
        self.model = IntroductionsModel(ctx.clock.now)
        #: An introduction just made here: selected when the read that shows it lands.
        self._select_id: int | None = None
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName("Show")
        self.show_filter.addItem("Open introductions", "open")
        self.show_filter.addItem("All introductions", "all")
        for status in IntroStatus:
            self.show_filter.addItem(status.label, status.value)
        self.show_filter.currentIndexChanged.connect(self.reload)
        self.follow_up_button = QPushButton("Add follow-up…")
        self.follow_up_button.setToolTip("A reminder tied to this introduction, e.g. "
                                         "'send Ana the job link'")
        # Through lambdas: clicked(bool) would arrive as the optional first argument.
        self.follow_up_button.clicked.connect(lambda: self.add_follow_up())  # noqa: PLW0108
        self.new_button = QPushButton("New introduction…")
        self.new_button.clicked.connect(self.new_introduction)
        self.next_button = QPushButton("Next step")
        self.next_button.setAccessibleName("Next step")
        self.next_button.clicked.connect(lambda: self.advance_selected())  # noqa: PLW0108
        self.more_button = QPushButton("Other step…")
        self.more_button.clicked.connect(self._other_steps)
        top = QHBoxLayout()
        top.addWidget(self.show_filter)
        top.addStretch(1)
        top.addWidget(self.next_button)
        top.addWidget(self.more_button)
        top.addWidget(self.follow_up_button)
        top.addWidget(self.new_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Introductions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((150, 150, 110, 300, 120, 100, 130)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._open_person)
        self.warning = QLabel()
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b9770e;")
        self.warning.hide()
        # An empty page said nothing (headings over a blank table): it now says there are
        # none, and how one starts.
        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setAccessibleName("No introductions")
        self.empty.hide()
        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.table, 1)
        listing_layout.addWidget(self.empty, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.loader.wrap(listing), 1)
        self.steps = QLabel()
        self.steps.setTextFormat(Qt.TextFormat.PlainText)
        self.steps.setWordWrap(True)
        self.steps.setAccessibleName("Steps of the selected introduction")
        layout.addWidget(self.steps)
        layout.addWidget(self.warning)
        ctx.events.introductions_changed.connect(self.loader.changed)
        ctx.events.contacts_removed.connect(lambda _ids: self.loader.changed())
        self._update_buttons()

    def reload(self) -> None:
        """Re-read on the worker thread (the newest request wins)."""
        self.loader.reload()

    def _read(self) -> Callable[[], list[IntroRow]]:
        show = self.show_filter.currentData()
        return lambda: read_rows(show)

    def _show(self, rows: list[IntroRow]) -> None:
        current = self.selected()
        self.model.set_rows(rows)
        self.empty.setText(empty_text(self.show_filter.currentData(),
                                      self.show_filter.currentText()))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        for column in (0, 1, 2, 4, 5, 6):  # short columns fit; "Why" takes the rest
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 200))
        wanted = self._select_id or (current.id if current is not None else None)
        for row, intro in enumerate(self.model.rows):
            if intro.id == wanted:
                self.table.selectRow(row)
                self._select_id = None
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        self.loader.shown()
        super().showEvent(event)

    def selected(self) -> IntroRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _update_buttons(self) -> None:
        intro = self.selected()
        step = primary_next(IntroStatus(intro.status)) if intro else None
        self.next_button.setEnabled(step is not None)
        self.next_button.setText(menu_text(verb(intro, step)) if intro and step
                                 else "Next step")
        self.more_button.setEnabled(bool(intro and len(NEXT_STEPS[IntroStatus(intro.status)])
                                         > 1))
        self.follow_up_button.setEnabled(bool(intro and follow_up_person(
            intro.requester_id, intro.target_id, intro.introducer_id)))
        self.steps.setText(step_line(intro) if intro else "")
        # A made introduction nobody asked the target about keeps its warning while shown
        # (only where that consent was the user's to ask).
        warning = (consent_warning(intro.consent_given_at is not None, IntroStatus(intro.status))
                   if intro and consent_is_yours_to_ask(intro.target_id, intro.introducer_id)
                   else None)
        self.warning.setVisible(bool(warning))
        self.warning.setText(warning or "")

    def advance_selected(self, status: IntroStatus | None = None) -> bool:
        """Take the selected introduction one step (the happy path unless ``status``)."""
        intro = self.selected()
        if intro is None:
            return False
        step = status or primary_next(IntroStatus(intro.status))
        if step is None:
            return False
        if (step is IntroStatus.MADE
                and consent_is_yours_to_ask(intro.target_id, intro.introducer_id)
                and consent_warning(intro.consent_given_at is not None, step)):
            step = self._without_consent(intro)
            if step is None:
                return False
        outcome = ""
        if step is IntroStatus.FOLLOWED_UP:
            outcome, ok = ask_text(self, "How did it go?", "What did they say (optional)?")
            if not ok:
                return False
        people = tuple(p for p in (intro.requester_id, intro.target_id, intro.introducer_id)
                       if p)
        command = IntroductionStepCommand(self.ctx, verb(intro, step), intro.id, step, people,
                                          outcome)
        if not perform(self.ctx, command) or command.result is None:
            return False  # nothing changed: the row keeps its status (the banner says why)
        result = command.result
        self.warning.setVisible(bool(result.warning))
        self.warning.setText(result.warning or "")
        # Who meets whom as Today says it: "you and you" for one made to the user by
        # someone, "Ana and Ben" for Nia's introduction of them as if the user made it.
        self.ctx.events.status_message.emit(f"{verb(intro, step)}: {who_shown(intro)} "
                                            "(Ctrl+Z to undo)")
        return True

    def _without_consent(self, intro: IntroRow) -> IntroStatus | None:
        """Ask before an introduction made without the other side's consent (section 7:
        consent first): ask for it instead (the default, when that step is open), make
        it anyway, or cancel. "Introduction made" picked by mistake from Other step…
        was made at once, consent skipped without a word and no way back."""
        other = person_shown(intro.target)
        box = QMessageBox(QMessageBox.Icon.Question, "Make the introduction without consent?",
                          f"{other} has not said yes to meeting {person_shown(intro.requester)}. "
                          "An introduction nobody asked for costs them time.",
                          QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        ask = None
        if can_move(IntroStatus(intro.status), IntroStatus.CONSENT_ASKED):
            ask = box.addButton(f"Ask {other} first", QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton("Make it anyway", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(ask or cancel)
        box.setEscapeButton(cancel)
        box.exec()
        if box.clickedButton() is anyway:
            return IntroStatus.MADE
        if ask is not None and box.clickedButton() is ask:
            return IntroStatus.CONSENT_ASKED
        return None

    def _other_steps(self) -> None:
        intro = self.selected()
        if intro is None:
            return
        menu = QMenu(self)
        for step in NEXT_STEPS[IntroStatus(intro.status)]:
            menu.addAction(menu_text(verb(intro, step)),
                           lambda s=step: self.advance_selected(s))
        menu.popup(self.more_button.mapToGlobal(self.more_button.rect().bottomLeft()))

    def add_follow_up(self, title: str | None = None) -> bool:
        """A follow-up on the introduction, due in two weeks, on the person to meet (else
        the introducer: ``domain.introductions.follow_up_person``)."""
        intro = self.selected()
        person = intro and follow_up_person(intro.requester_id, intro.target_id,
                                            intro.introducer_id)
        if not person:
            return False
        if title is None:
            title, ok = ask_text(self, "Follow-up", "What to follow up on?")
            if not ok:
                return False
        due = self.ctx.clock.now() + timedelta(days=FOLLOW_UP_AFTER_DAYS)
        try:
            self.ctx.writer.write(f"follow-up '{title}'", lambda: follow_ups.create_follow_up(
                self.ctx.clock, person, title, due, introduction_id=intro.id), FOLLOW_UPS)
        except NotWritten:
            return False
        return True

    def new_introduction(self) -> bool:
        """The dialog; the introduction it makes is selected once the list shows it, so its
        Next step is one click away (it was left unselected, the button greyed out)."""
        from relmanager.ui.introductions.intro_dialog import open_introduction_dialog

        created = open_introduction_dialog(self.ctx, self)
        if created is None:
            return False
        self._select_id = created
        self.reload()
        return True

    def _open_person(self, index: QModelIndex) -> None:
        intro = self.model.rows[index.row()]
        person = {0: intro.requester_id, 1: intro.target_id, 2: intro.introducer_id}.get(
            index.column()) or intro.target_id or intro.requester_id
        if person:
            self.ctx.events.open_contact.emit(person)

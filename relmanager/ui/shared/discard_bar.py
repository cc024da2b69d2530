""""Discard this …?" inside a dialog, asked when Esc, Cancel or the window's close would
lose what the user typed.

First the log dialog's (its note); the new-contact dialog closed on Esc without a word and
a typed name and address were gone (seen by stranger), so the bar is shared. A bar, not a
modal box: nothing blocks, and Esc again keeps editing rather than losing the text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from relmanager.domain.warmth import Warmth
from relmanager.ui.shared.palette import left_bar


class DiscardBar(QFrame):
    """The question with Discard and Keep editing (the default, focused: Enter or Esc
    keeps the text; only Discard, Alt+D, drops it). ``discard`` closes the dialog without
    saving; ``back_to`` is the field Keep editing returns the focus to."""

    def __init__(self, dialog: QWidget, question: str, discard: Callable[[], None],
                 back_to: QWidget) -> None:
        super().__init__(dialog)
        self._back_to = back_to
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("discardBar")
        self.setAccessibleName(question)
        self.setStyleSheet(left_bar("#discardBar", Warmth.COLD))
        label = QLabel(f"{question} What you typed will be lost.")
        label.setWordWrap(True)
        self.discard_button = QPushButton("&Discard")
        self.discard_button.setAutoDefault(False)
        self.discard_button.clicked.connect(discard)
        self.keep_button = QPushButton("&Keep editing")
        self.keep_button.setAutoDefault(True)
        self.discard_button.setAccessibleName(question.rstrip("?"))
        self.keep_button.setAccessibleName("Keep editing")
        self.keep_button.clicked.connect(self.keep_editing)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(label, 1)
        row.addWidget(self.discard_button)
        row.addWidget(self.keep_button)
        self.hide()

    def ask(self) -> None:
        """Show the question, focus on Keep editing (an auto-default button: Enter
        presses it while it has the focus; the dialog's default is again once it has not)."""
        self.show()
        dialog = self.window()  # room for the question: nothing above it squeezed
        if dialog.layout() is not None:  # (the form's boxes were cut off at the bottom)
            dialog.layout().activate()
            dialog.resize(dialog.width(), max(dialog.height(), dialog.sizeHint().height()))
        self.keep_button.setFocus()

    def keep_editing(self) -> None:
        self.hide()
        self._back_to.setFocus()

    def holds_back(self, typed: bool) -> bool:
        """Whether the dialog's reject (Esc, Cancel, its close) is held back: Esc on the
        question keeps editing, and with something ``typed`` the question is asked first.
        False: nothing to lose, the dialog closes at once."""
        if self.isVisible():
            self.keep_editing()
            return True
        if typed:
            self.ask()
            return True
        return False

"""The multi-line box for contact text (notes, intents, log notes, a brief).

Qt's default for a QPlainTextEdit wraps at word boundaries *or anywhere*: to break a word
longer than the line it measures the word again at every break it tries, which costs
quadratic time in the word's length. A note that is one unbroken run (a pasted token, a
base64 blob, a hostile vCard's NOTE of 100,000 letters, which the limits allow) took
about 4 s to lay out on a 2-core laptop, with the window frozen: selecting that contact
hung the Contacts page (stranger3's finding 1). Wrapping at word boundaries only lays the
same note out in about 0.15 s; a word longer than the box runs on behind a horizontal
scroll bar, as in a text editor, and ordinary text wraps exactly as before.
"""

from __future__ import annotations

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class TextBox(QPlainTextEdit):
    """A QPlainTextEdit that wraps at word boundaries only (see the module's reason)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, **kwargs: object
                 ) -> None:
        super().__init__(text, parent, **kwargs)
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)

"""The multi-line box for contact text (notes, intents, log notes, a brief).

Text wraps at word boundaries, and a word longer than the line is broken at the box's
edge (Qt's default), so nothing hides behind a horizontal scroll bar: an intent of one
long run of letters ran on sideways (stranger4).

But to break a word longer than the line, Qt's default measures the word again at every
break it tries, which costs time quadratic in the word's length. A note that is one
unbroken run (a pasted token, a base64 blob, a hostile vCard's NOTE of 100,000 letters,
which the limits allow) took about 4 s to lay out on a 2-core laptop, with the window
frozen (stranger3's finding 1). So a text holding a run of ``LONG_RUN`` characters or
more without a space is laid out breaking anywhere (~0.05 s for 100,000 letters), chosen
before the text is laid out. A run that long is
no word anyone reads, and a 2,000-letter run costs the default ~2 ms.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

#: The shortest run without a space laid out breaking anywhere (see the module).
LONG_RUN = 2000
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN}}}")
_WORDS = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
_ANYWHERE = QTextOption.WrapMode.WrapAnywhere


def _wrap_for(text: str) -> QTextOption.WrapMode:
    return _ANYWHERE if _LONG_RUN.search(text) else _WORDS


class TextBox(QPlainTextEdit):
    """A QPlainTextEdit that wraps every line, choosing how before a text is laid out
    (see the module's reason)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, **kwargs: object
                 ) -> None:
        super().__init__(parent, **kwargs)
        self.setWordWrapMode(_WORDS)
        if text:
            self.setPlainText(text)
        self.textChanged.connect(self._check_wrap)

    def setPlainText(self, text: str) -> None:
        self._set_wrap(_wrap_for(text))
        super().setPlainText(text)

    def _check_wrap(self) -> None:
        """After an edit (typing, a paste, a drop): breaking anywhere while a long run
        is in the text, at word boundaries again once none is left; a short text is not
        read at all. An edit's layout waits for the event loop, so a pasted run is laid
        out after this has chosen; ``setPlainText`` lays out at once and chooses first."""
        if self.document().characterCount() < LONG_RUN:
            self._set_wrap(_WORDS)
        else:
            self._set_wrap(_wrap_for(self.toPlainText()))

    def _set_wrap(self, mode: QTextOption.WrapMode) -> None:
        if self.wordWrapMode() != mode:
            self.setWordWrapMode(mode)

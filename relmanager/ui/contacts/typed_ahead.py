"""Keys typed into the profile while its next contact is read: held, then typed into it.

A person clicks a name and starts typing at once. The profile reads the new contact on a
worker (a few milliseconds, or seconds for a long history on a busy disk), and until the
read lands it shows the contact before, then "Reading the contact…". Keys typed in that
window went into the previous contact's form and were thrown away when the new one was
loaded over it (Save refused meanwhile): typed, seen, and lost.

While the read is on its way, :class:`TypedAhead` takes the key events bound for the
profile (an application event filter, so none slips past to a child) and holds them;
clicks on the page before are dropped (its fields, combo boxes and buttons belong to a
contact no longer selected) but still move the focus, so a click into a field chooses
where the held keys go. When the new contact is on screen the focus goes back where it
was and the keys are sent again, in order, to whatever has the focus then: they land in
the contact the user selected and now sees, as if typed a moment later. A read that fails,
or a move to yet another contact, drops them and says how many (they were never on
screen, and belong to no contact that is shown).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

_KEYS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
_CLICKS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
           QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel, QEvent.Type.ContextMenu,
           QEvent.Type.Drop)


def _copy(event: QKeyEvent) -> QKeyEvent:
    return QKeyEvent(event.type(), event.key(), event.modifiers(), event.nativeScanCode(),
                     event.nativeVirtualKey(), event.nativeModifiers(), event.text(),
                     event.isAutoRepeat(), event.count())


def _to_the_end(field: QWidget | None) -> None:
    """The held keys go after the field's text: the new contact's text was not on screen
    when they were typed, and a load leaves the cursor at its start (so a long value reads
    from its first letter), where they would have split it."""
    if isinstance(field, QLineEdit):
        field.end(False)
    elif isinstance(field, QPlainTextEdit):
        field.moveCursor(QTextCursor.MoveOperation.End)


class TypedAhead(QObject):
    """Holds the keys for ``scope`` (the profile) while :attr:`holding`.

    ``page`` is the part of the scope that shows the contact before (clicks on it are
    dropped while holding); ``save`` is what Ctrl+S does once the keys are typed in (a
    shortcut is not set off by a key sent again, and the form's Save refuses while the
    contact before is on screen); ``parking`` is where the focus waits while ``page`` is hidden
    (Qt would otherwise hand it to the next widget in the window, the contact list, whose
    type-ahead turned the held keys into jumps to other contacts).
    """

    def __init__(self, scope: QWidget, parking: QWidget, save: Callable[[], object]) -> None:
        super().__init__(scope)
        self.scope, self.parking, self.save = scope, parking, save
        self.page: QWidget | None = None
        self.holding = False
        self.keys: list[QKeyEvent] = []
        self._focus: QWidget | None = None  # where the focus was in the page
        self._clicked = False  # a click into the page was dropped while holding

    def _inside(self, widget: QWidget | None, area: QWidget | None) -> bool:
        return widget is not None and area is not None and (
            widget is area or area.isAncestorOf(widget))

    def hold(self) -> None:
        """From now until :meth:`release` or :meth:`drop`, keys for the profile are held."""
        if not self.holding:
            self.holding = True
            QApplication.instance().installEventFilter(self)

    def park_focus(self) -> None:
        """Before ``page`` is hidden: the focus it holds waits on ``parking``."""
        focused = QApplication.focusWidget()
        if self._inside(focused, self.page):
            self._focus = focused
            self.parking.setFocus()

    def release(self) -> int:
        """The contact is on screen: the focus goes back into the page, and the held keys
        are sent to whatever has the focus, in order, as long as it is in the profile (a
        Tab out of it ends the replay: the rest would act on the list). Returns how many
        key presses were typed in."""
        self._stop()
        focus, self._focus = self._focus, None
        if focus is not None and QApplication.focusWidget() is self.parking \
                and self._inside(focus, self.page):
            focus.setFocus()
        keys, self.keys = self.keys, []
        clicked, self._clicked = self._clicked, False
        # A field clicked during the read gets its cursor at the end even with no key
        # held yet: the click chose the field but not a place in the new contact's text,
        # and the load left the cursor at the start, where the keys typed next (after
        # the read landed) went in front of the text.
        _to_the_end(QApplication.focusWidget() if keys or clicked else None)
        typed = 0
        for event in keys:
            target = QApplication.focusWidget()
            if not self._inside(target, self.scope) or target is self.parking:
                break
            if event.matches(QKeySequence.StandardKey.Save):
                if event.type() == QEvent.Type.KeyPress:
                    self.save()
            else:
                QApplication.sendEvent(target, event)
            typed += event.type() == QEvent.Type.KeyPress
        return typed

    def drop(self) -> int:
        """Nothing to type the held keys into: forgotten. Returns how many key presses."""
        self._stop()
        self._focus = None
        self._clicked = False
        dropped = sum(e.type() == QEvent.Type.KeyPress for e in self.keys)
        self.keys = []
        return dropped

    def _stop(self) -> None:
        if self.holding:
            self.holding = False
            QApplication.instance().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _KEYS and kind not in _CLICKS and kind != QEvent.Type.ShortcutOverride:
            return False
        if not isinstance(watched, QWidget) or not self._inside(watched, self.scope):
            return False
        if kind == QEvent.Type.ShortcutOverride:  # Ctrl+S is held too, other shortcuts act
            if not event.matches(QKeySequence.StandardKey.Save):  # type: ignore[attr-defined]
                return False
            event.accept()  # no shortcut: the press comes as a key event, and is held
            return True
        if kind in _KEYS:
            self.keys.append(_copy(event))  # type: ignore[arg-type]
            return True
        # A click on the contact before: the focus has moved already (Qt gives click
        # focus before the filters see the press); what it would do is dropped.
        dropped = self._inside(watched, self.page)
        self._clicked |= dropped and kind == QEvent.Type.MouseButtonPress
        return dropped

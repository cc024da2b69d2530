"""The wheel scrolls the form, not the box under the pointer (review 18, item 6).

A long form in a scroll area is read by turning the wheel; a combo box, spin box or date
edit passing under the pointer would otherwise take the turn and change its value (the
Sphere changed from personal to both and the form said "Unsaved changes"). A guarded box
takes focus only by a click or Tab (StrongFocus, not WheelFocus) and answers the wheel
only while it has focus; otherwise the event goes on to the scroll area.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

#: The kinds of widget whose value a stray wheel turn changes (QDateEdit and
#: QDateTimeEdit are spin boxes).
GUARDED = (QComboBox, QAbstractSpinBox)


class _WheelGuard(QObject):
    """An event filter ignoring wheel events on a box without focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget)
                and not watched.hasFocus()):
            event.ignore()  # unhandled: the parent (the scroll area) scrolls instead
            return True
        return super().eventFilter(watched, event)


def guard_wheel(root: QWidget) -> None:
    """Guard every combo box, spin box and date edit inside ``root`` (call after building)."""
    guard = root.findChild(_WheelGuard, "wheel_guard")
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("wheel_guard")
    for widget in root.findChildren(QWidget):
        if isinstance(widget, GUARDED):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(guard)

"""The board columns' scroll bars, drawn flat.

Measured on the board's show (issue 23): with the Fusion style (Qt's on a Linux desktop
without a theme, and the tests' and benchmarks'), one vertical scroll bar took 0.8 ms to
repaint and 1.2-2 ms to paint first (gradients, rounded and antialiased), so the seven
columns' bars cost ~10 ms of the board's first paint, about as much as its 66 cards. A
flat groove and handle in the palette's colours cost ~0.1 ms. Only the drawing changes:
the geometry (handle, arrows, hit testing) is the application style's, so the bar
behaves as every other one.

The rectangles are drawn with ``drawRect`` and no pen rather than ``fillRect``: the
first ``QPainter.fillRect`` call from Python had PySide6 build the Python types of every
overload's argument (``QBrush``, ``QGradient`` and their enums), ~2 ms of the board's
first paint; the same pixels.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

_SCROLL_BAR = QStyle.ComplexControl.CC_ScrollBar
_SLIDER = QStyle.SubControl.SC_ScrollBarSlider
_ADD_LINE = QStyle.SubControl.SC_ScrollBarAddLine
_SUB_LINE = QStyle.SubControl.SC_ScrollBarSubLine
_HORIZONTAL = QStyle.StateFlag.State_Horizontal
_ENABLED = QStyle.StateFlag.State_Enabled
_ARROW = QStyle.PrimitiveElement
_VERTICAL_ARROWS = ((_SUB_LINE, _ARROW.PE_IndicatorArrowUp),
                    (_ADD_LINE, _ARROW.PE_IndicatorArrowDown))
_HORIZONTAL_ARROWS = ((_SUB_LINE, _ARROW.PE_IndicatorArrowLeft),
                      (_ADD_LINE, _ARROW.PE_IndicatorArrowRight))


class FlatScrollBarStyle(QProxyStyle):
    """The application style, but scroll bars painted as a flat groove and handle (with
    the style's arrows). Set on a scroll bar with ``bar.setStyle(style)``; the style
    must outlive it (parent it to the page)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__()  # the application's style underneath
        if parent is not None:
            self.setParent(parent)

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,
                           painter: QPainter, widget: QWidget | None = None) -> None:
        if control != _SCROLL_BAR or not isinstance(option, QStyleOptionSlider):
            super().drawComplexControl(control, option, painter, widget)
            return
        palette = option.palette
        _fill(painter, option.rect, palette.color(QPalette.ColorRole.Window))
        arrows = _HORIZONTAL_ARROWS if option.state & _HORIZONTAL else _VERTICAL_ARROWS
        for part, arrow in arrows:
            rect = self.subControlRect(control, option, part, widget)
            if rect.isValid():
                arrow_option = QStyleOptionSlider(option)
                arrow_option.rect = rect
                self.drawPrimitive(arrow, arrow_option, painter, widget)
        if not option.state & _ENABLED or option.maximum == option.minimum:
            return
        handle: QRect = self.subControlRect(control, option, _SLIDER, widget)
        if handle.isValid():
            active = bool(option.activeSubControls & _SLIDER)
            colour = palette.color(QPalette.ColorRole.Dark if active else QPalette.ColorRole.Mid)
            _fill(painter, handle.adjusted(2, 1, -2, -1), colour)


def _fill(painter: QPainter, rect: QRect, colour: QColor) -> None:
    """``painter.fillRect(rect, colour)``, without its first call's cost (see the
    module's docstring)."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRect(rect)
    painter.restore()


def flatten(bar: QWidget, style: FlatScrollBarStyle) -> None:
    """Paint ``bar`` with ``style`` (see the module's docstring)."""
    bar.setStyle(style)
    bar.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the groove fills it

"""What a person sees clipped, measured on the real widgets: a widget cut off by its
parent, a button or label whose text is wider than the widget, a combo box's current text
cut, a tab hidden behind the tab bar's scroll arrows, a column header cut, a table cell
cut with no tooltip holding its full text, a line edit showing the end of its text.

Each check returns readable findings ("QPushButton 'Introductions': text needs 112 px,
has 96") so a failing test says what to fix. Only visible widgets count, and children of
a scroll area's viewport are allowed to extend past it (that is what scrolling is for).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTabBar,
    QToolButton,
    QWidget,
)

SLACK = 1  # px of rounding allowed


def _name(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "currentText", "accessibleName", "objectName"):
        value = getattr(widget, getter, None)
        if callable(value) and value():
            text = value()
            break
    return f"{type(widget).__name__} {text[:40]!r}"


def _shown(root: QWidget) -> list[QWidget]:
    """``root`` and its descendants that are visible on screen and have a size."""
    return [w for w in [root, *root.findChildren(QWidget)]
            if w.isVisible() and w.width() > 0 and w.height() > 0 and w.window() is root.window()]


def _in_scrolled_content(widget: QWidget) -> bool:
    """True for a widget inside a scroll area's viewport (its own extent may exceed the
    viewport: the area scrolls)."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def _visible_text(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def outside_parent(root: QWidget) -> list[str]:
    """Widgets that stick out of their parent's rectangle (not in scrolled content)."""
    found = []
    for widget in _shown(root):
        parent = widget.parentWidget()
        if parent is None or widget.isWindow() or _in_scrolled_content(widget):
            continue
        if isinstance(parent, QTabBar) or isinstance(widget, QHeaderView):
            continue  # the tab bar's scroll arrows are checked by tabs_hidden
        if not parent.rect().contains(widget.geometry()):
            found.append(f"{_name(widget)} at {widget.geometry().getRect()} is outside "
                         f"its parent {_name(parent)} of {parent.width()}x{parent.height()}")
    return found


def button_text_cut(root: QWidget) -> list[str]:
    """Buttons whose text (plus icon and menu arrow) is wider than the room the style
    gives it inside the real button."""
    found = []
    for button in (w for w in _shown(root) if isinstance(w, QAbstractButton)):
        text = _visible_text(button.text())
        if not text:
            continue
        style = button.style()
        metrics = button.fontMetrics()
        need = metrics.horizontalAdvance(text)
        if not button.icon().isNull():
            need += button.iconSize().width() + 4
        if isinstance(button, QPushButton):
            option = QStyleOptionButton()
            button.initStyleOption(option)
            room = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                        button).width()
            if button.menu() is not None:
                need += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option,
                                          button)
        elif isinstance(button, QToolButton):
            room = button.width() - 2 * style.pixelMetric(
                QStyle.PixelMetric.PM_ButtonMargin, None, button) // 2
            if button.menu() is not None and button.popupMode() != \
                    QToolButton.ToolButtonPopupMode.DelayedPopup:
                need += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None,
                                          button)
        elif isinstance(button, (QCheckBox, QRadioButton)):
            need = button.sizeHint().width()
            room = button.width()
        else:
            continue
        if need > room + SLACK:
            found.append(f"{_name(button)}: text needs {need} px, has {room}")
    return found


def label_text_cut(root: QWidget) -> list[str]:
    """Labels whose text does not fit: one line wider than the label, or wrapped text
    taller than it."""
    found = []
    for label in (w for w in _shown(root) if isinstance(w, QLabel)):
        text = label.text()
        if not text or label.textFormat() == Qt.TextFormat.RichText or \
                (label.pixmap() is not None and not label.pixmap().isNull()):
            continue
        room = label.contentsRect()
        if label.wordWrap():
            need_h = label.heightForWidth(label.width())
            if need_h > label.height() + SLACK:
                found.append(f"{_name(label)}: wrapped text needs {need_h} px high, "
                             f"has {label.height()}")
            continue
        if label.buddy() is not None:
            text = _visible_text(text)
        metrics = label.fontMetrics()
        need = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        if need > room.width() + SLACK:
            found.append(f"{_name(label)}: text needs {need} px, has {room.width()}")
    return found


def combo_text_cut(root: QWidget) -> list[str]:
    """Combo boxes too narrow for their current text and arrow."""
    found = []
    for combo in (w for w in _shown(root) if isinstance(w, QComboBox)):
        text = combo.currentText()
        if not text or combo.isEditable():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, combo)
        need = combo.fontMetrics().horizontalAdvance(text)
        if not combo.itemIcon(combo.currentIndex()).isNull():
            need += combo.iconSize().width() + 4
        if need > room.width() + SLACK:
            found.append(f"{_name(combo)}: text needs {need} px, has {room.width()}")
    return found


def tabs_hidden(root: QWidget) -> list[str]:
    """Tab bars with a tab (partly) out of view, behind the scroll arrows."""
    found = []
    for bar in (w for w in _shown(root) if isinstance(w, QTabBar)):
        for i in range(bar.count()):
            if not bar.rect().contains(bar.tabRect(i)):
                found.append(f"tab {_visible_text(bar.tabText(i))!r} of {bar.count()} is "
                             f"out of view in a tab bar {bar.width()} px wide")
        arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
        if arrows:
            found.append(f"tab bar with tabs {[bar.tabText(i) for i in range(bar.count())]} "
                         "shows scroll arrows")
    return found


def _cell_option(view: QAbstractItemView) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    return option


def cells_cut(root: QWidget) -> list[str]:
    """Header labels cut in their sections, and visible cells whose text is cut without a
    tooltip holding it in full (a long free text may be elided if hovering shows it)."""
    found = []
    for view in (w for w in _shown(root) if isinstance(w, QAbstractItemView)):
        model = view.model()
        header = getattr(view, "horizontalHeader", None) or getattr(view, "header", None)
        header = header() if header is not None else None
        if model is None or header is None or not header.isVisible():
            continue
        metrics = header.fontMetrics()
        margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            need = metrics.horizontalAdvance(label) + margin
            if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
                need += header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
            if label and need > header.sectionSize(column) + SLACK:
                found.append(f"{view.accessibleName() or type(view).__name__}: header "
                             f"{label!r} needs {need} px, has {header.sectionSize(column)}")
        bar = view.horizontalScrollBar()
        if bar.isVisible() and bar.maximum() > 0 and not view.property("scrolls_sideways"):
            found.append(f"{view.accessibleName() or type(view).__name__}: columns "
                         f"{header.length()} px wide in {view.viewport().width()} px "
                         "(a sideways scroll bar)")
        option = _cell_option(view)
        delegate = view.itemDelegate()
        viewport = view.viewport().rect()
        for row in range(min(model.rowCount(), 60)):
            for column in range(model.columnCount()):
                index = model.index(row, column, QModelIndex())
                rect: QRect = view.visualRect(index)
                if header.isSectionHidden(column) or not viewport.intersects(rect):
                    continue
                text = index.data(Qt.ItemDataRole.DisplayRole)
                if not text or view.indexWidget(index) is not None:
                    continue
                need = delegate.sizeHint(option, index).width()
                if need <= rect.width() + SLACK:
                    continue
                full = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
                if str(text) not in full:
                    found.append(f"{view.accessibleName() or type(view).__name__}: cell "
                                 f"{text!r} needs {need} px, has {rect.width()}, "
                                 "and no tooltip says it in full")
    return found


def line_edit_start_hidden(root: QWidget) -> list[str]:
    """Line edits (not being typed in) too narrow for their text that show its end, not
    its start: "n.achterberg182@…" instead of "leon.achterberg…" (a path field whose end,
    the file name, is what matters says so with the property ``shows_end``)."""
    found = []
    for edit in (w for w in _shown(root) if isinstance(w, QLineEdit)):
        text = edit.displayText()
        if not text or edit.hasFocus() or edit.property("shows_end"):
            continue
        room = edit.contentsRect().width() - 8
        if edit.fontMetrics().horizontalAdvance(text) > room and edit.cursorPosition() != 0:
            found.append(f"{_name(edit)}: shows the end of {text!r}, not its start")
    return found


CHECKS = (outside_parent, button_text_cut, label_text_cut, combo_text_cut, tabs_hidden,
          cells_cut, line_edit_start_hidden)


def clipping(root: QWidget) -> list[str]:
    """Every finding of every check, for ``root`` and what it holds."""
    return [finding for check in CHECKS for finding in check(root)]

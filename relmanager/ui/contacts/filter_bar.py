"""The contact list's filter bar: search box and pickers, turned into a ContactFilter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from relmanager.domain.stages import BOARD_ORDER
from relmanager.store.contact_rows import ContactFilter, WarmthFilter
from relmanager.ui.shared.plain import one_line


class SearchField(QLineEdit):
    """A line edit whose clear button is set up when it can first be seen: with focus or
    text. The button's icon comes from the icon theme, and the first theme lookup scans
    the theme folders (~20 ms under a bare X server), which the window's first paint of
    an empty search box need not wait for.

    Down hands the keyboard to the results (``down_pressed``); Enter (``returnPressed``)
    opens the selected or first one: search is usable without the mouse."""

    down_pressed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, placeholderText=placeholder)
        self.textChanged.connect(self._enable_clear)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._enable_clear()
        super().focusInEvent(event)

    def _enable_clear(self) -> None:
        if not self.isClearButtonEnabled():
            self.setClearButtonEnabled(True)


class FilterBar(QWidget):
    """Search box and filter pickers; ``changed(debounce)`` says when to re-query."""

    changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchField("Search name, email, organisation, tags, notes")
        self.search.setAccessibleName("Search contacts")
        self.search.textChanged.connect(lambda: self.changed.emit(True))
        self.stage = self._combo("Stage filter", ["All stages", *(s.label for s in BOARD_ORDER)])
        self.sphere = self._combo("Sphere filter", ["Both spheres", "Business", "Personal"])
        self.tag = self._combo("Tag filter", ["Any tag"])
        self.warmth = self._combo("Warmth filter", ["Any warmth", "Going cold", "Cold"])
        self.archived = self._combo("Archive filter", ["Active", "Archived", "All"])
        self.only_takes = QCheckBox("Only taking")
        self.only_takes.setToolTip("People you have asked of or received from but never given to")
        self.only_takes.setAccessibleName("Only people I take from")
        self.only_takes.toggled.connect(lambda: self.changed.emit(False))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.only_takes)
        top.addWidget(self.warmth)
        top.addWidget(self.archived)
        # Each picker keeps the width of its longest entry (squeezed, "Both sphe" was
        # cut); the tag picker, whose tags can be long, reads ~12 characters. Warmth and
        # archive sit by the search box (which gives up the room), so the list fits
        # beside the profile on a small screen.
        self.tag.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tag.setMinimumContentsLength(12)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.stage, self.sphere, self.tag, self.warmth, self.archived):
            widget.setMinimumWidth(widget.sizeHint().width())
        for widget in (self.stage, self.sphere, self.tag):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(row)

    def _combo(self, name: str, items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.addItems(items)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(lambda: self.changed.emit(False))
        return combo

    def set_tags(self, names: Sequence[str]) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("Any tag", None)
        for name in names:  # shown by the display rule, filtered by the tag as stored
            self.tag.addItem(one_line(name), name)
        self.tag.setCurrentIndex(max(self.tag.findData(current), 0) if current else 0)
        self.tag.blockSignals(False)

    def current_filter(self) -> ContactFilter:
        stage = self.stage.currentIndex()
        archived = {0: False, 1: True, 2: None}[self.archived.currentIndex()]
        warmth = (WarmthFilter.ANY, WarmthFilter.GOING_COLD,
                  WarmthFilter.COLD)[self.warmth.currentIndex()]
        extra: tuple[object, ...] = ()
        if self.only_takes.isChecked():  # a peewee expression: not before the first paint
            from relmanager.store.queries import only_takes_condition

            extra = (only_takes_condition(),)
        return ContactFilter(
            text=self.search.text(),
            stages=(BOARD_ORDER[stage - 1],) if stage > 0 else (),
            sphere=(None, "business", "personal")[self.sphere.currentIndex()],
            tag=self.tag.currentData() if self.tag.currentIndex() > 0 else None,
            warmth=warmth,
            archived=archived,
            extra=extra,
        )

    def clear(self) -> None:
        for combo in (self.stage, self.sphere, self.tag, self.warmth):
            combo.setCurrentIndex(0)
        self.archived.setCurrentIndex(2)
        self.only_takes.setChecked(False)
        self.search.clear()

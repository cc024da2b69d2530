"""Where the user is in one of Today's lists, kept while the list is read again.

Today reads its lists again whenever the data changes: the user's own log, a sync in the
background, another program writing. Each read rebuilt the rows from nothing, so the row
the user had selected with the keyboard or the mouse lost its selection (L and Ctrl+L
then logged with nobody) and a list scrolled down jumped back to its top. A row is found
again by its contact and its texts, else by its contact alone (its "3 days" became
"4 days"); a row that left the list leaves the keyboard where it was, nothing selected.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

RowKey = tuple[int, tuple[str, ...]]


@dataclass(frozen=True)
class ListPlace:
    """The selected, current and top rows of a list (by key), and the current row's
    index for when that row has gone."""

    selected: RowKey | None
    current: RowKey | None
    current_index: int
    top: RowKey | None


def place_of(tree: QTreeWidget, id_role: Qt.ItemDataRole) -> ListPlace:
    """Where the user is in ``tree`` now."""
    def key(item: QTreeWidgetItem | None) -> RowKey | None:
        if item is None:
            return None
        texts = tuple(item.text(column) for column in range(tree.columnCount()))
        return item.data(0, id_role), texts

    selected = tree.selectedItems()
    current = tree.currentItem()
    index = tree.indexOfTopLevelItem(current) if current is not None else -1
    return ListPlace(key(selected[0]) if selected else None, key(current), index,
                     key(tree.itemAt(0, 0)))


def restore_place(tree: QTreeWidget, items: list[QTreeWidgetItem], place: ListPlace,
                  id_role: Qt.ItemDataRole) -> None:
    """Put the user back at ``place`` among ``items`` (the list's new rows)."""
    def find(key: RowKey | None) -> QTreeWidgetItem | None:
        if key is None:
            return None
        same_person = [item for item in items if item.data(0, id_role) == key[0]]
        for item in same_person:
            if tuple(item.text(c) for c in range(tree.columnCount())) == key[1]:
                return item
        return same_person[0] if same_person else None

    flags = QItemSelectionModel.SelectionFlag
    current = find(place.current)
    if current is None and place.current_index >= 0 and items:
        current = items[min(place.current_index, len(items) - 1)]
    if current is not None:
        tree.setCurrentItem(current, 0, flags.NoUpdate)
    selected = find(place.selected)
    if selected is not None:
        selected.setSelected(True)
    top = find(place.top)
    if top is not None:
        tree.scrollToItem(top, QAbstractItemView.ScrollHint.PositionAtTop)

"""The header row of a table model with fixed, named columns.

Three models (the contact list, the import preview, introductions) each wrote the same
``columnCount`` and ``headerData``; the one copy is here, as a mixin placed before
``QAbstractTableModel`` in the bases (Qt then calls these overrides).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class NamedColumns:
    """``columnCount`` and a horizontal header from ``columns`` (the headers' texts)."""

    columns: tuple[str, ...] | list[str] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

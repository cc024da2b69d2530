"""The import preview's table: one row per contact found, a checkbox, what it looks like
a duplicate of, and the action (add / merge / skip) the user can change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from relmanager.store import importer
from relmanager.ui.shared.table_columns import NamedColumns

COLUMNS = ("Import", "Name", "Email", "Organisation", "Looks like", "Action")
ACTION_COLUMN = 5
ACTION_LABELS = {importer.ADD: "Add as new", importer.MERGE: "Merge into existing",
                 importer.SKIP: "Skip"}

Index = QModelIndex | QPersistentModelIndex


class PreviewModel(NamedColumns, QAbstractTableModel):
    columns = COLUMNS

    def __init__(self, plan: importer.ImportPlan) -> None:
        super().__init__()
        self.plan = plan

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.plan.candidates)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        candidate = self.plan.candidates[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if candidate.include else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            record = candidate.record
            if column == 1:
                return record.display_name
            if column == 2:
                return record.emails[0][0] if record.emails else ""
            if column == 3:
                return record.organisation
            if column == 4:
                if candidate.duplicate_name:
                    return f"{candidate.duplicate_name} ({candidate.reason})"
                return candidate.reason
            if column == ACTION_COLUMN:
                return (candidate.action if role == Qt.ItemDataRole.EditRole
                        else ACTION_LABELS[candidate.effective])
        if role == Qt.ItemDataRole.ToolTipRole and column == ACTION_COLUMN:
            return "Double-click to choose: add as new, merge into the existing contact, skip"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == ACTION_COLUMN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        candidate = self.plan.candidates[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            candidate.include = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and index.column() == ACTION_COLUMN:
            if value == importer.MERGE and candidate.duplicate_of is None:
                return False
            candidate.action = value
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), ACTION_COLUMN))
        return True

    def set_all(self, include: bool) -> None:
        for candidate in self.plan.candidates:
            candidate.include = include
        if self.plan.candidates:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.plan.candidates) - 1, ACTION_COLUMN))


class ActionDelegate(QStyledItemDelegate):
    """A combo box for the action column; merge is offered only for likely duplicates."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        model = index.model()
        assert isinstance(model, PreviewModel)
        candidate = model.plan.candidates[index.row()]
        for action, label in ACTION_LABELS.items():
            if action != importer.MERGE or candidate.duplicate_of is not None:
                combo.addItem(label, action)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

"""The import wizard's review page: every contact found in the file, each with add /
merge / skip (likely duplicates flagged), and the file's problems. Apart from the
wizard's flow because it is the one page that shows a plan and lets the user change it;
the wizard only moves between pages and runs the work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relmanager.store import importer
from relmanager.ui.import_export.import_model import ACTION_COLUMN, ActionDelegate, PreviewModel
from relmanager.ui.shared.text_box import TextBox

FORMAT_LABELS = {"auto": "Detect automatically", "vcard": "vCard (.vcf)",
                 "linkedin": "LinkedIn Connections.csv", "google": "Google Contacts CSV",
                 "outlook": "Outlook CSV", "spreadsheet": "Spreadsheet CSV"}
#: The column that takes the room the others leave, and the rows measured for the rest.
LOOKS_LIKE = 4
FIT_ROWS = 200
#: The widest Name, Email and Organisation may be, in average characters (tooltips and
#: the profile have them in full).
MOST_CHARS = {1: 28, 2: 30, 3: 24}


class ImportPreview(QWidget):
    """Shows an :class:`~relmanager.store.importer.ImportPlan` (:meth:`show_plan`);
    :attr:`changed` when the user ticks, unticks or changes what a row does."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found = QLabel()
        self.found.setTextFormat(Qt.TextFormat.PlainText)
        self.found.setWordWrap(True)
        self.table = QTableView()
        self.table.setAccessibleName("Contacts found")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setItemDelegateForColumn(ACTION_COLUMN, ActionDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        select_all = QPushButton("Select all")
        select_none = QPushButton("Select none")
        select_all.clicked.connect(lambda: self.model and self.model.set_all(True))
        select_none.clicked.connect(lambda: self.model and self.model.set_all(False))
        row = QHBoxLayout()
        row.addWidget(select_all)
        row.addWidget(select_none)
        row.addStretch(1)
        self.problems = TextBox()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Problems found in the file")
        self.problems.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.addWidget(self.found)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Problems in the file (not imported, or cut to the limits "
                                "every contact has):"))
        layout.addWidget(self.problems)
        self.model: PreviewModel | None = None

    def _fit_columns(self) -> None:
        """Each column as wide as what it shows (from the first rows, capped), and
        "Looks like" the rest: with fixed widths it was cut ("Luca Achterberg (same …")
        at 1366 px while Email kept room it did not use (a first user's report)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(FIT_ROWS)  # a big file: the first rows say it
        self.table.resizeColumnsToContents()
        em = self.fontMetrics().averageCharWidth()
        for column, most in MOST_CHARS.items():
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), most * em))
        # The action's combo box (with its arrow) opens in the cell: room for it.
        self.table.setColumnWidth(ACTION_COLUMN,
                                  max(self.table.columnWidth(ACTION_COLUMN), 22 * em))
        header.setSectionResizeMode(LOOKS_LIKE, QHeaderView.ResizeMode.Stretch)

    def show_plan(self, plan: importer.ImportPlan) -> None:
        """Fill the table and the two texts from ``plan`` (whose actions the table edits)."""
        self.model = PreviewModel(plan)
        self.model.dataChanged.connect(self.changed)
        self.table.setModel(self.model)
        self._fit_columns()
        duplicates = sum(1 for c in plan.candidates if c.duplicate_of is not None)
        found = len(plan.candidates)
        self.found.setText(
            f"{found} contact{'s' if found != 1 else ''} found in {Path(plan.source).name} "
            f"({FORMAT_LABELS.get(plan.format, plan.format)}). "
            + (f"{duplicates} look{'s' if duplicates == 1 else ''} like "
               f"{'someone' if duplicates == 1 else 'people'} you already have: merged "
               "(filling in, never overwriting) unless you choose otherwise. "
               if duplicates else "None of them looks like someone you already have. ")
            + f"Untick anyone you do not want. {plan.left_out()}".rstrip())
        self.problems.setPlainText("\n".join(str(p) for p in plan.problems)
                                   or "No problems found in the file.")

"""Today's "Log…" cells look like what they are: a real button in a column headed "Log"
(they were flat text in an unlabelled column after a blank gap, and read as a label).

Each button takes Tab focus, so the keyboard reaches it as well as the L key on a selected
row; the column is as wide as its button and the "Why now" column takes the room left, so
the buttons stay in view on a narrow window instead of behind a sideways scroll bar.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QPushButton, QTreeWidget, QWidget

from relmanager.ui.shared.plain import tip

LOG_COLUMN = 4
WHY_COLUMN = 2
MAX_TEXT = 260  # a long name or reason is cut (its tooltip has it) rather than the button


def log_button(name: str) -> QPushButton:
    """The button of one going-cold row, named for the person (plain text)."""
    button = QPushButton("Log…")
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.setToolTip(tip(f"Log an interaction with {name} (or select the row, press L)"))
    button.setAccessibleName(f"Log an interaction with {name}")
    button.setAutoDefault(False)
    return button


def log_column_fixed(tree: QTreeWidget) -> None:
    """The Log column fits its button; "Why now" stretches; the others fit their text."""
    header = tree.header()
    header.setStretchLastSection(False)
    for column in range(tree.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(WHY_COLUMN, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(LOG_COLUMN, QHeaderView.ResizeMode.Fixed)
    width = log_button("").sizeHint().width()
    header.resizeSection(LOG_COLUMN, max(width, header.sectionSizeHint(LOG_COLUMN)) + 4)
    header.setMaximumSectionSize(MAX_TEXT)


def chain_tab_order(widgets: list[QWidget]) -> None:
    """Tab goes from the list through its rows' buttons, top down, then on (the buttons
    are made after the widgets below the list, so Tab skipped them to the footer)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)

"""The Inbox's "New from import" line: how many contacts an import brought that are still
waiting to be placed, shown first in the Inbox column, and a filter to only them.

After an import the new people were mixed, by name, among everyone already in the Inbox,
and nothing said which were new. The count comes from the board's own read
(``board_queries.new_from_import_count``) under the board's other filters.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from relmanager.domain.wording import plural


class NewFromImportButton(QPushButton):
    """Checkable: checked, the board shows only the contacts new from an import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setAccessibleName("New from import")
        # Two short lines fit a narrow column (a board column is ~150 px at 1366 px).
        self.setMinimumWidth(0)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.toggled.connect(lambda _on: self._say())
        self._count = 0
        self.hide()

    def show_count(self, count: int) -> None:
        """The number of contacts new from import; hidden at none (unless filtering)."""
        self._count = count
        self._say()

    def _say(self) -> None:
        new = plural(self._count, "new from import", "new from import")
        if self.isChecked():
            self.setText(f"Only {new}\nShow all")
            self.setToolTip("Showing only contacts an import added that are still in the "
                            "Inbox. Click to show every card again.")
        else:
            self.setText(f"{new}\nShow only these")
            self.setToolTip("Contacts an import added that are still in the Inbox, waiting "
                            "to be placed. Click to show only them.")
        self.setVisible(self._count > 0 or self.isChecked())

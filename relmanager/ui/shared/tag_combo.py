"""The "Any tag" picker the board, the timeline and the network page filter by."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from relmanager.ui.shared.plain import one_line


def fill_tag_combo(combo: QComboBox, names: list[str]) -> None:
    """"Any tag" and ``names``, keeping the chosen tag. Unchanged names leave the combo
    (and its open popup) as it is; no change signal while it is refilled."""
    current = combo.currentData()
    if combo.count() and [combo.itemData(i) for i in range(1, combo.count())] == names:
        return
    combo.blockSignals(True)
    combo.clear()
    combo.addItem("Any tag", None)
    for name in names:
        combo.addItem(one_line(name), name)  # shown by the display rule, filtered as stored
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)

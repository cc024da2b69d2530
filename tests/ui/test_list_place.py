"""list_place on a real QTreeWidget rebuilt as Today rebuilds its lists: a row found again
by its contact and texts, by its contact alone when its texts changed, the keyboard kept
in place (within the list) when the row left, nothing chosen for the user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from relmanager.ui.today.list_place import place_of, restore_place

ROLE = Qt.ItemDataRole.UserRole


@pytest.fixture
def tree(qtbot):
    tree = QTreeWidget()
    tree.setHeaderLabels(["Name", "Why now"])
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    qtbot.addWidget(tree)
    tree.resize(300, 120)
    tree.show()
    qtbot.waitExposed(tree)
    return tree


def _rebuild(tree, rows):
    """Today's way: the place read, the list cleared and filled, the place put back."""
    place = place_of(tree, ROLE)
    tree.clear()
    items = []
    for contact_id, why in rows:
        item = QTreeWidgetItem([f"P{contact_id}", why])
        item.setData(0, ROLE, contact_id)
        items.append(item)
    tree.addTopLevelItems(items)
    restore_place(tree, items, place, ROLE)
    return items


def _ids(items):
    return [item.data(0, ROLE) for item in items]


def test_a_row_whose_texts_changed_is_found_by_its_contact(tree):
    _rebuild(tree, [(1, "2 weeks"), (2, "3 weeks"), (3, "4 weeks")])
    tree.setCurrentItem(tree.topLevelItem(1))
    _rebuild(tree, [(1, "2 weeks"), (2, "4 weeks"), (3, "4 weeks")])
    assert _ids(tree.selectedItems()) == [2]
    assert tree.currentItem().data(0, ROLE) == 2


def test_the_same_texts_pick_the_same_row_of_a_person_listed_twice(tree):
    _rebuild(tree, [(1, "send slides"), (1, "call about June"), (2, "thank")])
    tree.setCurrentItem(tree.topLevelItem(1))
    items = _rebuild(tree, [(2, "thank"), (1, "send slides"), (1, "call about June")])
    assert tree.selectedItems() == [items[2]]


def test_a_row_that_left_keeps_the_index_within_the_list_and_selects_nobody(tree):
    _rebuild(tree, [(1, "a"), (2, "b"), (3, "c")])
    tree.setCurrentItem(tree.topLevelItem(2))
    items = _rebuild(tree, [(1, "a"), (2, "b")])
    assert tree.selectedItems() == []
    assert tree.currentItem() is items[1]


def test_nothing_selected_stays_nothing_selected(tree):
    _rebuild(tree, [(1, "a"), (2, "b")])
    assert tree.currentItem() is None
    _rebuild(tree, [(1, "a"), (2, "b")])
    assert tree.selectedItems() == [] and tree.currentItem() is None


def test_the_top_row_stays_on_top(tree):
    _rebuild(tree, [(n, "x") for n in range(40)])
    tree.scrollToItem(tree.topLevelItem(20), QAbstractItemView.ScrollHint.PositionAtTop)
    _rebuild(tree, [(n, "x") for n in range(40)])
    assert tree.itemAt(0, 0).data(0, ROLE) == 20
    assert tree.selectedItems() == []


def test_the_first_row_leaving_keeps_the_keyboard_on_the_first_row(tree):
    _rebuild(tree, [(1, "a"), (2, "b")])
    tree.setCurrentItem(tree.topLevelItem(0))
    items = _rebuild(tree, [(2, "b")])
    assert tree.currentItem() is items[0]
    assert tree.selectedItems() == []


def test_the_current_row_is_followed_where_it_moved(tree):
    _rebuild(tree, [(1, "a"), (2, "b"), (3, "c")])
    tree.setCurrentItem(tree.topLevelItem(2))
    items = _rebuild(tree, [(3, "c"), (1, "a"), (2, "b")])
    assert tree.currentItem() is items[0]
    assert tree.selectedItems() == [items[0]]


def test_a_list_emptied_under_the_keyboard_has_no_row(tree):
    _rebuild(tree, [(1, "a")])
    tree.setCurrentItem(tree.topLevelItem(0))
    _rebuild(tree, [])
    assert tree.currentItem() is None and tree.selectedItems() == []

"""The contact list's bulk actions, filters and sorting, driven through the real window:
select rows with the keyboard, act through the Edit menu's actions, and check both the
database and what the list then shows; undo puts everything back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext, make_settings
from relmanager.store.contacts import add_tags, create_contact, tags_of
from relmanager.store.models import Contact
from tests.ui.conftest import refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, clock, qtbot, open_window):
    for name, org, sphere in (("Ada Lovelace", "Engines", "business"),
                              ("Grace Hopper", "Navy", "business"),
                              ("Zed Friend", "", "personal")):
        create_contact(clock, name, organisation=org, sphere=sphere, stage=Stage.ENCOUNTER)
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    return win




def _rows(window) -> list[str]:
    model = window.contacts.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _select(window, names: list[str]) -> None:
    table = window.contacts.table
    selection = table.selectionModel()
    selection.clearSelection()
    for row, name in enumerate(_rows(window)):
        if name in names:
            selection.select(window.contacts.model.index(row, 0),
                             QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)


def _answer_tag_dialog(text: str) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            dialog.findChild(QLineEdit).setText(text)
            dialog.accept()
        else:
            QTimer.singleShot(20, answer)
    QTimer.singleShot(20, answer)


def test_bulk_tag_move_and_archive_with_undo(window, qtbot):
    _select(window, ["Ada Lovelace", "Grace Hopper"])
    assert len(window.contacts.selected_ids()) == 2
    _answer_tag_dialog("pioneer")
    window.actions.actions["tag"].trigger()  # the dialog opens once the tags are read

    def tagged() -> set[str]:
        return {c.display_name for c in Contact.select() if "pioneer" in tags_of(c.id)}
    qtbot.waitUntil(lambda: tagged() == {"Ada Lovelace", "Grace Hopper"}, timeout=5000)

    _select(window, ["Ada Lovelace", "Grace Hopper"])
    window.contacts.move_selected(Stage.RECOGNITION)
    assert {c.stage for c in Contact.select().where(Contact.sphere == "business")} \
        == {Stage.RECOGNITION.value}

    _select(window, ["Zed Friend"])
    window.actions.actions["archive"].trigger()
    assert Contact.get(Contact.display_name == "Zed Friend").archived
    refresh_list(window, qtbot)
    assert "Zed Friend" not in _rows(window)  # the list shows active contacts

    stack = window.ctx.undo_stack
    stack.undo()
    assert not Contact.get(Contact.display_name == "Zed Friend").archived
    stack.undo()
    assert Contact.get(Contact.display_name == "Ada Lovelace").stage == Stage.ENCOUNTER.value
    stack.undo()
    assert not any("pioneer" in tags_of(c.id) for c in Contact.select())


def test_sphere_and_tag_filters_and_sorting(window, qtbot):
    filters = window.contacts.filters
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        filters.sphere.setCurrentIndex(2)  # Personal
    assert _rows(window) == ["Zed Friend"]
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        filters.sphere.setCurrentIndex(0)
    ascending = _rows(window)
    assert ascending == ["Zed Friend", "Grace Hopper", "Ada Lovelace"]  # by family name
    header = window.contacts.table.horizontalHeader()
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert _rows(window) == ascending[::-1]
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # organisation
    assert _rows(window)[-2:] == ["Ada Lovelace", "Grace Hopper"]


def test_tag_filter(window, qtbot):
    ada = Contact.get(Contact.display_name == "Ada Lovelace")
    add_tags([ada.id], ["maths"])
    window.contacts.reload_tags()  # read on the worker
    tag = window.contacts.filters.tag
    qtbot.waitUntil(lambda: tag.findText("maths") >= 0, timeout=5000)
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        tag.setCurrentIndex(tag.findText("maths"))
    assert _rows(window) == ["Ada Lovelace"]


def test_first_screenful_is_there_before_the_full_list(db, db_path, clock, tmp_path, qtbot):
    """The window's first paint shows people: the worker's first page lands (nothing is
    read on the UI thread, the list says "Loading…" meanwhile), and the worker's full
    result then replaces it."""
    from relmanager.store import demo
    from relmanager.ui.contacts.contact_list import FIRST_PAGE, ContactListView

    demo.generate(FIRST_PAGE + 40, 0, clock.now())
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    view = ContactListView(ctx)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 0  # before any event is processed: nothing read here
    assert view.count_label.text() == "Loading…"
    view.wait_loaded()
    assert view.model.rowCount() == FIRST_PAGE
    first = [view.model.contact_id(r) for r in range(FIRST_PAGE)]
    with qtbot.waitSignal(view.results_applied, timeout=5000):
        pass
    assert view.model.rowCount() == FIRST_PAGE + 40
    assert view.model.ids()[:FIRST_PAGE] == first
    view.shutdown()


def test_full_list_is_read_after_the_first_screenful_is_painted(
        db, db_path, clock, tmp_path, qtbot):
    """The worker's read would compete with the first paint for the interpreter."""
    from PySide6.QtCore import QEvent, QObject

    from relmanager.store import demo
    from relmanager.ui.contacts.contact_list import FIRST_PAGE, ContactListView

    demo.generate(FIRST_PAGE + 40, 0, clock.now())
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    view = ContactListView(ctx)
    qtbot.addWidget(view)
    order: list[str] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "paint" not in order:
                order.append("paint")
            return False

    spy = PaintSpy()
    view.table.viewport().installEventFilter(spy)
    reload = view.loader.reload
    view.loader.reload = lambda: (order.append("query"), reload())
    view.resize(900, 600)
    view.show()
    with qtbot.waitSignal(view.results_applied, timeout=5000):
        pass
    assert order[:2] == ["paint", "query"]
    assert view.model.rowCount() == FIRST_PAGE + 40
    view.shutdown()


def test_a_list_never_shown_still_reads_the_full_list(db, db_path, clock, tmp_path, qtbot):
    from relmanager.store import demo
    from relmanager.ui.contacts.contact_list import FIRST_PAGE, ContactListView

    demo.generate(FIRST_PAGE + 5, 0, clock.now())
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    view = ContactListView(ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.results_applied, timeout=5000):
        pass
    assert not view.isVisible()
    assert view.model.rowCount() == FIRST_PAGE + 5
    view.shutdown()


def test_select_all_on_the_first_page_selects_everyone_once_the_list_is_in(
        db, db_path, clock, tmp_path, qtbot):
    """Ctrl+A while only the first screenful is in means all contacts: a bulk action must
    not apply to the first 80 of the N listed."""
    from relmanager.store import demo
    from relmanager.ui.contacts.contact_list import FIRST_PAGE, ContactListView

    demo.generate(FIRST_PAGE + 40, 0, clock.now())
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    view = ContactListView(ctx)
    qtbot.addWidget(view)
    view.wait_loaded()  # the first screenful
    assert view.model.rowCount() == FIRST_PAGE
    view.table.selectAll()
    with qtbot.waitSignal(view.results_applied, timeout=5000):
        pass
    assert len(view.selected_ids()) == view.model.rowCount() == FIRST_PAGE + 40
    view.shutdown()

"""Dialogs as big as what they hold, and nothing in them cut: Settings (was 640x420 of
mostly empty space), the import result (980x620 around two lines), the past imports'
When column, and the follow-up questions on Introductions (a tiny box with its title
cut). Measured on the real widgets (tests/ui/layout_check.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from relmanager.services.context import AppContext
from relmanager.store.contacts import create_contact
from relmanager.ui.import_export.import_wizard import CHOOSE, DONE, ImportWizard
from tests.ui.conftest import load_history
from tests.ui.layout_check import clipping

FIXTURES = Path(__file__).parents[1] / "interchange" / "fixtures"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
EMPTY_ROOM = 90  # px of height a dialog may have beyond what its content asks for


def test_settings_is_as_big_as_its_page(ctx, qtbot):
    from relmanager.ui.settings.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    page = dialog.stack.currentWidget()
    wanted = page.sizeHint().height() + 2 * dialog.fontMetrics().height() + 40
    assert dialog.height() <= wanted + EMPTY_ROOM
    assert clipping(dialog) == []


def _wizard(db_path, clock, qtbot) -> ImportWizard:
    wizard = ImportWizard(AppContext.create(clock, db_path))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _import(wizard: ImportWizard, qtbot) -> None:
    wizard.path.setText(str(FIXTURES / "outlook_com.csv"))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() not in (CHOOSE, 1), timeout=5000)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == DONE, timeout=5000)


def test_the_import_result_is_not_a_big_empty_window(db, db_path, clock, qtbot):
    create_contact(clock, "Ngozi Okonjo", emails=["ngozi@example.org"])
    wizard = _wizard(db_path, clock, qtbot)
    _import(wizard, qtbot)
    qtbot.wait(50)
    done = wizard.pages.currentWidget()
    assert wizard.height() <= done.sizeHint().height() + wizard.next.height() + 40 + \
        EMPTY_ROOM
    assert clipping(wizard) == []


def test_the_import_result_shrinks_about_its_centre_and_reads_as_done(db, db_path, clock,
                                                                      qtbot):
    """A first user saw the result as a small box left at the top left of where the big
    dialog had been, and read "Import 1 done" as a count."""
    wizard = _wizard(db_path, clock, qtbot)
    wizard.move(150, 60)
    qtbot.wait(50)
    centre = wizard.frameGeometry().center()
    _import(wizard, qtbot)
    qtbot.wait(50)
    moved = wizard.frameGeometry().center() - centre
    assert abs(moved.x()) <= 2 and abs(moved.y()) <= 2
    assert wizard.frameGeometry().top() > 60 + 100  # it did shrink, about the centre
    assert wizard.result.text().startswith("Imported: 2 added to the Inbox")
    assert "import #1 under Past imports" in wizard.result.text()


def test_the_review_shows_whom_a_row_looks_like_in_full(db, db_path, clock, qtbot):
    """"Looks like" was cut ("Luca Achterberg (same …") in the 980 px dialog while
    Email kept room it did not use: the columns are as wide as what they show."""
    create_contact(clock, "Ngozi Okonjo-Iweala", emails=["ngozi@example.org"])
    wizard = _wizard(db_path, clock, qtbot)
    assert wizard.width() <= 1000  # as it opens on a 1366x768 laptop
    wizard.path.setText(str(FIXTURES / "outlook_com.csv"))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() not in (CHOOSE, 1), timeout=5000)
    qtbot.wait(50)
    table = wizard.preview.table
    model = table.model()
    looks = [model.index(r, 4).data() for r in range(model.rowCount())]
    assert any(looks), "the fixture has a likely duplicate"
    margin = 2 * (table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    for column in range(model.columnCount()):
        for row in range(model.rowCount()):
            text = model.index(row, column).data() or ""
            if isinstance(text, str) and column != 0:
                assert table.fontMetrics().horizontalAdvance(text) + margin <= \
                    table.columnWidth(column), (column, text)
    assert clipping(wizard) == []


def test_past_imports_show_when_in_full(db, db_path, clock, qtbot):
    create_contact(clock, "Ngozi Okonjo", emails=["ngozi@example.org"])
    _import(_wizard(db_path, clock, qtbot), qtbot)
    wizard = _wizard(db_path, clock, qtbot)  # a new one lists the import just made
    assert wizard.past.history.topLevelItemCount() == 1
    assert clipping(wizard) == []


@pytest.mark.parametrize(("button", "title"), [("next_button", "How did it go?"),
                                               ("follow_up_button", "Follow-up")])
def test_introduction_questions_show_their_title_and_question(ctx, clock, qtbot, button,
                                                              title):
    from relmanager.domain.introductions import IntroStatus
    from relmanager.store import introductions
    from relmanager.ui.introductions.introductions import IntroductionsView

    ana = create_contact(clock, "Ana Lima").id
    ben = create_contact(clock, "Ben Okafor").id
    intro = introductions.create_introduction(clock, requester_id=ana, target_id=ben)
    introductions.advance(clock, intro.id, IntroStatus.MADE)
    view = IntroductionsView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.wait_loaded()
    view.show_filter.setCurrentIndex(view.show_filter.findData("all"))
    view.wait_loaded()
    view.table.selectRow(0)
    seen: list[tuple[str, int, int, list[str]]] = []

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, inspect)
            return
        qtbot.waitExposed(dialog)
        # The window title needs its text and the title bar's buttons (~100 px).
        needed = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + 100
        seen.append((dialog.windowTitle(), dialog.width(), needed, clipping(dialog)))
        dialog.reject()

    QTimer.singleShot(20, inspect)
    qtbot.mouseClick(getattr(view, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    shown_title, width, needed, found = seen[0]
    assert shown_title == title
    assert width >= needed
    assert width >= dialog_reading_width(view)
    assert found == []


def dialog_reading_width(widget) -> int:
    """About fifty characters: room to type a sentence without scrolling."""
    return widget.fontMetrics().averageCharWidth() * 50


def _log(window):
    return window.open_log_dialog(1)


def _new_contact(window):
    dialog = window.open_new_contact_dialog()
    dialog.name.setText("Ada Lovelace")
    return dialog


def _about(window):
    return window.show_about()


def _introduction(window):
    from relmanager.ui.introductions.intro_dialog import IntroductionDialog

    dialog = IntroductionDialog(window.ctx, window, target_id=2)
    dialog.show()
    return dialog


def _export(window):
    from relmanager.ui.import_export.export_dialog import ExportDialog

    dialog = ExportDialog(window.ctx, window, selected_ids=[1, 2])
    dialog.show()
    return dialog


def _restore(window):
    from relmanager.ui.shell.backup_actions import RestoreDialog

    dialog = RestoreDialog(window.ctx, window)
    dialog.show()
    return dialog


def _settings_every_page(window):
    from relmanager.ui.settings.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.ctx, window)
    dialog.show()
    return dialog


@pytest.mark.parametrize("opener", [_log, _new_contact, _about, _introduction, _export,
                                    _restore, _settings_every_page],
                         ids=lambda f: f.__name__.strip("_"))
def test_every_dialog_opens_with_nothing_cut(open_window, ctx, clock, qtbot, opener):
    """Each dialog at the size it opens at: every button, label and combo box whole, and
    the dialog fits a 1024x640 screen less its panel and title bar."""
    for name in ("Ada Byron", "Grace Hopper", "Alan Turing"):
        create_contact(clock, name, emails=[f"{name.split()[0].lower()}@example.org"])
    window = open_window(ctx)
    dialog = opener(window)
    qtbot.waitExposed(dialog)
    qtbot.wait(100)
    pages = getattr(dialog, "pages", None)
    for row in range(pages.count() if hasattr(pages, "setCurrentRow") else 1):
        if hasattr(pages, "setCurrentRow"):
            pages.setCurrentRow(row)
            qtbot.wait(50)
        found = clipping(dialog)
        assert not found, "\n".join(found)
        assert dialog.width() <= 1024 and dialog.height() <= 560
    dialog.close()


def test_the_interaction_edit_dialog_shows_its_whole_title(ctx, clock, qtbot):
    """Review 18, item 13: opened from the History tab, the edit dialog's title bar read
    "Change an inter… n — Relmanager"."""
    from PySide6.QtGui import QFont, QFontMetrics

    from relmanager.store import activity
    from relmanager.ui.contacts.contact_history import InteractionHistory
    from relmanager.ui.contacts.history_edit import EditEventDialog

    ann = create_contact(clock, "Ann Lee")
    activity.log_interaction(clock, [ann.id], "meeting", minutes=90, note="dinner")
    history = InteractionHistory(clock, ctx=ctx)
    qtbot.addWidget(history)
    load_history(history, ann.id)
    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    seen = []

    def measure() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EditEventDialog):
            QTimer.singleShot(20, measure)
            return
        bold = QFont(dialog.font())
        bold.setBold(True)
        shown = f"{dialog.windowTitle()} — Relmanager"
        # The window manager's title: bold text, an icon and three buttons (~120 px).
        seen.append((dialog.width(), QFontMetrics(bold).horizontalAdvance(shown) + 120,
                     clipping(dialog)))
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    QTimer.singleShot(20, measure)
    history.edit_selected()
    width, needed, found = seen[0]
    assert width >= needed and found == []

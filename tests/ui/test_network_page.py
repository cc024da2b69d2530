"""The Network page through input: Ctrl+6 opens it, a click on a person shows their tie
and warm paths, "Ask for an introduction…" opens the dialog with the path's introducer
and the target filled in, and a score set by hand is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from relmanager.domain.network import RelationKind
from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, network_reads, relations
from relmanager.ui.introductions.intro_dialog import IntroductionDialog
from relmanager.ui.network.network_page import NetworkPage
from tests.ui.conftest import open_page_by_keys


def _people(clock):
    ids = {name: contacts.create_contact(clock, name, stage=stage).id
           for name, stage in (("Ann Lee", Stage.FRIENDSHIP), ("Dan Roe", Stage.ENCOUNTER),
                               ("Eve Ng", Stage.DEVELOPMENT))}
    activity.log_interaction(clock, [ids["Ann Lee"]], "one_on_one", minutes=60)
    relations.relate(clock, ids["Ann Lee"], ids["Dan Roe"], RelationKind.COLLEAGUE)
    return ids


def _open(open_window, ctx, qtbot):
    window, page = open_page_by_keys(open_window, ctx, qtbot, "network", Qt.Key.Key_6,
                                     NetworkPage)
    page.wait_loaded()
    return window, page


def _click_person(qtbot, page, contact_id):
    item = page.view.items_by_id[contact_id]
    point = page.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    page.wait_loaded()  # the paths and the tie are read on workers


def test_clicking_a_person_shows_the_tie_and_the_warm_path(open_window, ctx, clock, qtbot):
    ids = _people(clock)
    _window, page = _open(open_window, ctx, qtbot)
    assert set(page.view.items_by_id) == set(ids.values())
    _click_person(qtbot, page, ids["Dan Roe"])
    assert page.tie.strength.text().startswith("Dan Roe: tie ")
    assert page.path_list.item(0).text().startswith("You → Ann Lee → Dan Roe")
    assert page.introduce_button.isEnabled()

    seen = {}

    def check_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IntroductionDialog)
        seen["introducer"] = dialog.first.contact_id()
        seen["target"] = dialog.second.contact_id()
        dialog.reject()

    QTimer.singleShot(0, check_dialog)
    qtbot.mouseClick(page.introduce_button, Qt.MouseButton.LeftButton)
    assert seen == {"introducer": ids["Ann Lee"], "target": ids["Dan Roe"]}


def test_a_score_set_by_hand_is_kept_and_shown(open_window, ctx, clock, qtbot):
    ids = _people(clock)
    _window, page = _open(open_window, ctx, qtbot)
    _click_person(qtbot, page, ids["Eve Ng"])
    page.tie.override.selectAll()
    qtbot.keyClicks(page.tie.override, "77")
    qtbot.mouseClick(page.tie.set_button, Qt.MouseButton.LeftButton)
    page.wait_loaded()
    assert network_reads.read_network(clock.now().date()).strength(ids["Eve Ng"]).score == 77
    assert "77/100 (set by you" in page.tie.strength.text()


def test_filters_narrow_the_drawing(open_window, ctx, clock, qtbot):
    ids = _people(clock)
    _window, page = _open(open_window, ctx, qtbot)
    page.stage.setFocus()
    page.stage.setCurrentIndex(page.stage.findData(Stage.FRIENDSHIP.value))
    page.wait_loaded()
    assert set(page.view.items_by_id) == {ids["Ann Lee"]}


def test_a_relation_typed_beside_the_drawing_becomes_a_warm_path(open_window, ctx, clock,
                                                                   qtbot):
    ids = _people(clock)
    _window, page = _open(open_window, ctx, qtbot)
    _click_person(qtbot, page, ids["Eve Ng"])
    panel = page.tie.relations
    panel.kind.setCurrentIndex(panel.kind.findData(RelationKind.FRIEND.value))
    panel.other.setFocus()
    qtbot.keyClicks(panel.other, "Ann")
    qtbot.keyClick(panel.other, Qt.Key.Key_Return)  # picks once the suggestions are read
    qtbot.waitUntil(lambda: [r.describe() for r in relations.relations_of(ids["Eve Ng"])]
                    == ["friend of Ann Lee"], timeout=10000)
    page.tie.wait_loaded()
    assert panel.list.item(0).text() == "Friend of Ann Lee"
    page.wait_loaded()
    _click_person(qtbot, page, ids["Eve Ng"])
    assert page.path_list.item(0).text().startswith("You → Ann Lee → Eve Ng")

    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert relations.relations_of(ids["Eve Ng"]) == []


def test_a_name_with_markup_stays_text_in_the_drawing(open_window, ctx, clock, qtbot):
    evil = contacts.create_contact(clock, '<img src="file:///etc/passwd"><b>X</b>').id
    _window, page = _open(open_window, ctx, qtbot)
    tooltip = page.view.items_by_id[evil].toolTip()
    assert "&lt;img" in tooltip and "<img" not in tooltip  # escaped: shown, not loaded


def test_a_failed_read_is_said_in_the_tie_and_relations_panels(open_window, ctx, clock,
                                                              qtbot, db_path):
    """A panel whose read fails says so in place: never an empty "no relations yet"."""
    from tests.ui.test_load_failures import broken

    ids = _people(clock)
    _window, page = _open(open_window, ctx, qtbot)
    _click_person(qtbot, page, ids["Ann Lee"])
    with broken(db_path):
        page.tie.set_contact(ids["Ann Lee"])
        page.tie.wait_loaded()
    assert page.tie.strength.text().startswith("Could not load the tie strength:")
    assert page.tie.relations.error.text().startswith("Could not load the relations:")
    assert page.tie.relations.error.isVisibleTo(page)

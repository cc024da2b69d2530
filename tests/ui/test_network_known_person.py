"""Review 18 #12: clicking someone the user knows well themselves chooses no path for
them and leaves "Ask for an introduction…" off until a path is picked; no warm path goes
through a Parked contact; the chosen person wears a halo; introduction ideas read one
line each; the relate suggestions are wide enough for "Name — Organisation"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relmanager.domain.network import RelationKind
from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, relations
from tests.ui.test_network_page import _click_person, _open


def _people(clock):
    ids = {name: contacts.create_contact(clock, name, stage=stage).id
           for name, stage in (("Sophie Osei", Stage.INTIMACY), ("Ann Lee", Stage.FRIENDSHIP),
                               ("Pat Park", Stage.PARKED))}
    for contact_id in ids.values():
        activity.log_interaction(clock, [contact_id], "one_on_one", minutes=60)
    relations.relate(clock, ids["Ann Lee"], ids["Sophie Osei"], RelationKind.FRIEND)
    relations.relate(clock, ids["Pat Park"], ids["Sophie Osei"], RelationKind.FRIEND)
    return ids


def test_someone_known_well_gets_no_chosen_path_and_none_through_parked(
        open_window, ctx, clock, qtbot):
    ids = _people(clock)
    _window, page = _open(open_window, ctx, qtbot)
    _click_person(qtbot, page, ids["Sophie Osei"])
    assert page.paths_label.text().startswith("You know them yourself (tie ")
    texts = [page.path_list.item(i).text() for i in range(page.path_list.count())]
    assert texts and texts[0].startswith("You → Ann Lee → Sophie Osei")
    assert not any("Pat Park" in text for text in texts), texts
    assert page.path_list.currentRow() == -1
    assert not page.introduce_button.isEnabled()

    listing = page.path_list  # the user picks the path: now they may ask
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton,
                     pos=listing.visualItemRect(listing.item(0)).center())
    assert page.introduce_button.isEnabled()


def test_the_chosen_person_wears_a_halo_that_moves_with_the_choice(
        open_window, ctx, clock, qtbot):
    ids = _people(clock)
    _window, page = _open(open_window, ctx, qtbot)
    sophie, ann = (page.view.items_by_id[ids[n]] for n in ("Sophie Osei", "Ann Lee"))
    _click_person(qtbot, page, ids["Sophie Osei"])
    assert sophie.halo is not None
    dot, ring = sophie.sceneBoundingRect(), sophie.halo.sceneBoundingRect()
    assert ring.width() >= dot.width() + 12
    _click_person(qtbot, page, ids["Ann Lee"])
    assert sophie.halo is None and ann.halo is not None


def test_names_are_never_hidden_under_other_dots(open_window, ctx, clock, qtbot):
    for n in range(40):  # a crowd at about one distance: names and dots jostle
        cid = contacts.create_contact(clock, f"Person Number{n:02d}",
                                      stage=Stage.DEVELOPMENT).id
        activity.log_interaction(clock, [cid], "one_on_one", minutes=30)
    _window, page = _open(open_window, ctx, qtbot)
    scene = page.view.scene()
    named = [item for item in page.view.items_by_id.values() if item.tag is not None]
    assert len(named) >= 5
    boxes = [item.tag.sceneBoundingRect() for item in named]
    for i, box in enumerate(boxes):  # no two names overlap
        assert not any(box.intersects(other) for other in boxes[i + 1:])
    for item in named:  # and no other dot is drawn over a name
        box = item.tag.sceneBoundingRect()
        for other in scene.items(box):
            if other is item or other.parentItem() in (item, item.tag) or other is item.tag:
                continue
            if other in page.view.items_by_id.values():
                assert other.zValue() < item.zValue() or not other.sceneBoundingRect() \
                    .intersects(box), f"{other.person.name} over {item.person.name}"


def test_introduction_ideas_read_one_line_each(open_window, ctx, clock, qtbot):
    ids = _people(clock)
    dan = contacts.create_contact(clock, "Dan Roe", stage=Stage.FRIENDSHIP).id
    activity.log_interaction(clock, [dan], "one_on_one", minutes=60)
    contacts.add_tags([ids["Ann Lee"], dan], ["product guild"])
    _window, page = _open(open_window, ctx, qtbot)
    texts = [page.idea_list.item(i).text() for i in range(page.idea_list.count())]
    assert texts and all("\n" not in text and " · in common: " in text for text in texts)
    assert page.idea_list.alternatingRowColors()


def test_relate_suggestions_are_wide_enough_for_name_and_organisation(
        open_window, ctx, clock, qtbot):
    ids = _people(clock)
    contacts.create_contact(clock, "Mikael Lee",
                            organisation="Silver Ridge Consulting and Partners Ltd")
    _window, page = _open(open_window, ctx, qtbot)
    _click_person(qtbot, page, ids["Sophie Osei"])
    picker = page.tie.relations.other
    picker.setFocus()
    qtbot.keyClicks(picker, "Mikael")
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    label = "Mikael Lee — Silver Ridge Consulting and Partners Ltd"
    assert popup.width() >= popup.fontMetrics().horizontalAdvance(label) + 8

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

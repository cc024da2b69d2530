"""The chosen person's name wins on the Network page: in a crowded sector the names it
would overlap are hidden while the choice lasts (each shows again on hover), so no two
names are ever drawn over each other."""

from __future__ import annotations

from collections import Counter

from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts
from tests.ui.test_network_page import _click_person, _open


def _crowd(clock) -> None:
    """Sixty people in Development at about one tie (the densest sector by far), and a
    few elsewhere."""
    for n in range(60):
        cid = contacts.create_contact(clock, f"Person Number{n:02d}",
                                      stage=Stage.DEVELOPMENT).id
        activity.log_interaction(clock, [cid], "one_on_one", minutes=30 + n % 7)
    for n, stage in enumerate((Stage.FRIENDSHIP, Stage.ENCOUNTER, Stage.INTIMACY)):
        cid = contacts.create_contact(clock, f"Other Person{n}", stage=stage).id
        activity.log_interaction(clock, [cid], "one_on_one", minutes=30)


def _drawn_names(view):
    """(person, scene rect) of every name drawn now: shown all the time and not hidden,
    or shown because the person is chosen or hovered."""
    drawn = []
    for item in view.items_by_id.values():
        tag = item.tag if item.tag is not None else item._hover_tag
        if tag is not None and tag.isVisible():
            drawn.append((item, tag.sceneBoundingRect()))
    return drawn


def _overlaps(drawn):
    return [(a.person.name, b.person.name) for i, (a, box) in enumerate(drawn)
            for b, other in drawn[i + 1:] if box.intersects(other)]


def test_the_chosen_name_hides_the_names_it_would_cover(open_window, ctx, clock, qtbot):
    _crowd(clock)
    window, page = _open(open_window, ctx, qtbot)
    window.resize(1366, 768)
    view = page.view
    counts = Counter(item.person.stage for item in view.items_by_id.values())
    densest = counts.most_common(1)[0][0]
    assert densest is Stage.DEVELOPMENT
    named = [item for item in view.items_by_id.values() if item.tag is not None]
    assert not _overlaps(_drawn_names(view))  # before any choice: none overlap
    # An unnamed person of the crowd whose name, once shown, lands on a shown name.
    chosen = covered = None
    for item in view.items_by_id.values():
        if item.person.stage is not densest or item.tag is not None:
            continue
        _click_person(qtbot, page, item.person.id)
        box = item._hover_tag.sceneBoundingRect()
        under = [other for other in named if other.tag.sceneBoundingRect().intersects(box)]
        if under:
            chosen, covered = item, under
            break
    assert chosen is not None, "no chosen name falls on another: the crowd is not dense"
    drawn = _drawn_names(view)
    assert not _overlaps(drawn), _overlaps(drawn)
    assert chosen in [item for item, _box in drawn]
    assert all(not other.tag.isVisible() for other in covered)
    shown = [item for item in named if item not in covered]
    assert shown and all(item.tag.isVisible() for item in shown)  # only those it covers

    # The choice moves on to someone far away: the covered names are back.
    far = next(item for item in named if item.person.stage is not densest)
    _click_person(qtbot, page, far.person.id)
    assert all(other.tag.isVisible() for other in covered)
    assert not _overlaps(_drawn_names(view))


def test_a_covered_name_shows_again_on_hover(open_window, ctx, clock, qtbot):
    _crowd(clock)
    _window, page = _open(open_window, ctx, qtbot)
    view = page.view
    named = [item for item in view.items_by_id.values() if item.tag is not None]
    for item in list(view.items_by_id.values()):
        if item.tag is None and item.person.stage is Stage.DEVELOPMENT:
            _click_person(qtbot, page, item.person.id)
            covered = [other for other in named if not other.tag.isVisible()]
            if covered:
                break
    else:
        raise AssertionError("no choice covered a name")
    other = covered[0]
    point = view.mapFromScene(other.sceneBoundingRect().center())
    qtbot.mouseMove(view.viewport(), point)
    qtbot.waitUntil(other.tag.isVisible, timeout=2000)
    qtbot.mouseMove(view.viewport(), view.mapFromScene(0, 0))  # onto You, off them
    qtbot.waitUntil(lambda: not other.tag.isVisible(), timeout=2000)


def test_a_hovered_name_never_lies_over_a_shown_one(open_window, ctx, clock, qtbot):
    """Hovering a person of the crowd drew their name over the names shown beside them
    (on a see-through backing: both unreadable). The hovered name goes where it lies over
    no shown name if it can, and the shown names it still covers are hidden while the
    pointer is there; they come back when it leaves."""
    _crowd(clock)
    window, page = _open(open_window, ctx, qtbot)
    window.resize(1366, 768)
    view = page.view
    named = [item for item in view.items_by_id.values() if item.tag is not None]
    boxes = [item.tag.sceneBoundingRect() for item in named]
    hoverable = [item for item in view.items_by_id.values() if item.tag is None
                 and not any(item.sceneBoundingRect().intersects(b) for b in boxes)]
    assert len(hoverable) >= 10
    away = view.mapFromScene(0, 0)  # on You, off everyone
    hidden_any = False
    for item in hoverable:
        qtbot.mouseMove(view.viewport(), view.mapFromScene(item.sceneBoundingRect().center()))
        qtbot.waitUntil(lambda item=item: item._hover_tag is not None, timeout=2000)
        drawn = _drawn_names(view)
        assert item in [shown for shown, _box in drawn]
        assert not _overlaps(drawn), (item.person.name, _overlaps(drawn))
        hidden_any |= any(not other.tag.isVisible() for other in named)
        qtbot.mouseMove(view.viewport(), away)
        qtbot.waitUntil(lambda item=item: item._hover_tag is None, timeout=2000)
        assert all(other.tag.isVisible() for other in named)  # all back
    assert hidden_any or len(named) >= 5  # the crowd made some room, or none was needed

"""The Network drawing at 300 people is readable and clickable: no two dots overlap
(people with the same tie used to pile onto one arc), nobody is drawn closer than their
tie says, a click a few pixels beside a dot finds it, the strongest ties are named and the
rest on hover, and the whole network is fitted to the view until the user zooms."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from relmanager.domain.network import ME
from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.ui.network import ego_layout
from relmanager.ui.network.ego_items import HIT_PIXELS, Link, Person
from relmanager.ui.network.ego_scene import EgoView


def _crowd(count: int = 300) -> list[Person]:
    """Like a real address book: a big Inbox all at tie 0, a few close people."""
    rng = random.Random(3)
    people = []
    for n in range(count):
        stage = Stage.INBOX if n < count // 2 else rng.choice(BOARD_ORDER)
        tie = 0.0 if stage is Stage.INBOX else round(rng.random(), 1)
        people.append(Person(n + 1, f"Person {n + 1:03d}", stage, tie))
    return people


def test_no_two_dots_overlap_and_nobody_is_drawn_closer_than_their_tie():
    people = _crowd()
    places = ego_layout.layout((p.id, p.stage, p.tie, p.name) for p in people)
    assert set(places) == {p.id for p in people} | {ME}
    points = [(p, places[p.id]) for p in people]
    closest = min(math.dist((a.x, a.y), (b.x, b.y))
                  for i, (_p, a) in enumerate(points) for _q, b in points[i + 1:])
    assert closest >= ego_layout.SPACING - 1e-6, closest
    for person, at in points:
        assert math.hypot(at.x, at.y) >= ego_layout.tie_radius(person.tie) - 1e-6
    # Stronger ties stay nearer the centre within a stage (the reading of the drawing).
    for stage in {p.stage for p in people}:
        group = sorted((p for p in people if p.stage is stage), key=lambda p: -p.tie)
        radii = [math.hypot(places[p.id].x, places[p.id].y) for p in group]
        assert all(a <= b + 1e-6 for a, b in itertools.pairwise(radii))


@pytest.fixture
def view(qtbot):
    widget = EgoView()
    widget.resize(760, 560)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    people = _crowd()
    widget.show_network(people, [Link(1, 2, 0.9, False)])
    return widget


def _on_screen(view: EgoView, point: QPointF) -> QPoint:
    return view.mapFromScene(point)


def test_a_click_just_beside_a_small_dot_finds_it(view, qtbot):
    item = view.items_by_id[7]  # an Inbox dot: the smallest kind
    centre = _on_screen(view, item.sceneBoundingRect().center())
    radius = view.mapFromScene(item.sceneBoundingRect()).boundingRect().width() / 2
    others = [_on_screen(view, other.sceneBoundingRect().center())
              for other in view.items_by_id.values() if other is not item]
    reach = round(radius) + HIT_PIXELS - 3

    def off(angle: float) -> QPoint:
        return QPoint(centre.x() + round(reach * math.cos(angle)),
                      centre.y() + round(reach * math.sin(angle)))

    # A side where this dot is the nearest one (between two dots, the nearer is taken).
    beside = max((off(n * math.pi / 4) for n in range(8)),
                 key=lambda p: min(math.dist((p.x(), p.y()), (o.x(), o.y())) for o in others))
    assert min(math.dist((beside.x(), beside.y()), (o.x(), o.y())) for o in others) > reach
    assert not view.mapFromScene(item.sceneBoundingRect()).boundingRect().contains(beside)
    with qtbot.waitSignal(view.person_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=beside)
    assert clicked.args == [7]


def test_the_strongest_are_named_and_the_others_on_hover(view, qtbot):
    strongest = max(view.items_by_id.values(), key=lambda i: i.person.tie)
    assert strongest.tag is not None
    named = sum(1 for item in view.items_by_id.values() if item.tag is not None)
    assert 10 <= named <= 40
    # Names are readable at the fitted size: at least 10 pixels high on screen.
    height = view.mapFromScene(strongest.tag.sceneBoundingRect()).boundingRect().height()
    assert height >= 10, height
    quiet = next(i for i in view.items_by_id.values() if i.tag is None)
    QTest.mouseMove(view.viewport(), _on_screen(view, quiet.sceneBoundingRect().center()))
    qtbot.waitUntil(lambda: quiet._hover_tag is not None, timeout=2000)
    QTest.mouseMove(view.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: quiet._hover_tag is None, timeout=2000)


def test_the_network_is_fitted_until_the_user_zooms_and_fit_brings_it_back(view, qtbot):
    def all_in_view() -> bool:
        shown = view.mapFromScene(view.scene().itemsBoundingRect()).boundingRect()
        return view.viewport().rect().adjusted(-2, -2, 2, 2).contains(shown)

    assert all_in_view()
    assert not view.verticalScrollBar().isVisible()
    view.resize(480, 360)
    qtbot.waitUntil(all_in_view)  # fitted again when the view shrinks
    view.zoom(2.0)
    assert not all_in_view()
    view.resize(900, 650)
    qtbot.wait(50)
    assert not all_in_view()  # the user's zoom is kept
    view.fit()
    assert all_in_view()

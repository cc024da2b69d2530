"""The ego network drawn with Qt's graphics view: the user in the centre, each contact at
a distance that shrinks as the tie grows stronger, grouped by stage around the circle.

Edges are drawn as one path item per style (entered, derived; strong, weak) rather than
one item each: thousands of edges then cost a handful of items, and pan and zoom stay
smooth at 2,000 people. People are one item each, so a click finds the person.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from relmanager.domain.network import ME, DerivedKind
from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.ui.shared.plain import tip

#: The outer ring's radius; a tie of strength s sits at (1 - s) of it from the centre.
RADIUS = 600.0
INNER = 60.0
NODE = 9.0
#: Colours by stage, cold to warm (Inbox and Parked grey).
STAGE_COLORS: dict[Stage, str] = {
    Stage.INBOX: "#9aa0a6", Stage.ENCOUNTER: "#7fb3d5", Stage.RECOGNITION: "#5dade2",
    Stage.DEVELOPMENT: "#48c9b0", Stage.FRIENDSHIP: "#f5b041", Stage.INTIMACY: "#e74c3c",
    Stage.PARKED: "#c8c8c8",
}
#: Names are drawn for this many of the strongest ties; the rest show on hover.
NAMED = 40


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    stage: Stage
    tie: float  # 0..1


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    strength: float
    derived: bool


def layout(people: list[Person]) -> dict[int, QPointF]:
    """Each person on the ring of their tie, in the stage's sector, strongest first."""
    by_stage: dict[Stage, list[Person]] = {}
    for person in people:
        by_stage.setdefault(person.stage, []).append(person)
    stages = [s for s in BOARD_ORDER if s in by_stage]
    # Sectors grow with the square root of a stage's size, so the few close friends get
    # room to be read instead of a sliver next to a crowded Inbox.
    total = sum(math.sqrt(len(by_stage[s])) for s in stages) or 1.0
    places: dict[int, QPointF] = {ME: QPointF(0, 0)}
    angle = -math.pi / 2
    for stage in stages:
        group = sorted(by_stage[stage], key=lambda p: (-p.tie, p.name.casefold()))
        span = 2 * math.pi * math.sqrt(len(group)) / total
        for n, person in enumerate(group):
            a = angle + span * (n + 0.5) / len(group)
            r = INNER + (1 - person.tie) * (RADIUS - INNER)
            places[person.id] = QPointF(r * math.cos(a), r * math.sin(a))
        angle += span
    return places


class PersonItem(QGraphicsEllipseItem):
    def __init__(self, person: Person, at: QPointF) -> None:
        size = NODE + 6 * person.tie
        super().__init__(QRectF(-size / 2, -size / 2, size, size))
        self.person = person
        self.setPos(at)
        self.setBrush(QBrush(QColor(STAGE_COLORS[person.stage])))
        self.setPen(QPen(QColor("#404040"), 0.8))
        self.setToolTip(tip(f"{person.name} · {person.stage.label} · tie "
                            f"{round(person.tie * 100)}"))
        self.setAcceptHoverEvents(True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(2)

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            selected = bool(value)
            self.setPen(QPen(QColor("#1a5fb4" if selected else "#404040"),
                             3.0 if selected else 0.8))
            self.setZValue(4 if selected else 2)
        return super().itemChange(change, value)


class EgoView(QGraphicsView):
    """Pan by dragging, zoom with the wheel (or Ctrl + / Ctrl -), click a person."""

    person_clicked = Signal(int)
    person_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAccessibleName("Network")
        self.items_by_id: dict[int, PersonItem] = {}

    def show_network(self, people: list[Person], links: list[Link]) -> None:
        scene = self.scene()
        scene.clear()
        self.items_by_id = {}
        places = layout(people)
        scene.setSceneRect(QRectF(-RADIUS - 80, -RADIUS - 80, 2 * RADIUS + 160,
                                  2 * RADIUS + 160))
        for radius in (0.25, 0.5, 0.75):  # rings at tie 75, 50, 25
            r = INNER + radius * (RADIUS - INNER)
            ring = scene.addEllipse(QRectF(-r, -r, 2 * r, 2 * r),
                                    QPen(QColor(128, 128, 128, 60), 1, Qt.PenStyle.DotLine))
            ring.setZValue(0)
        paths = {key: QPainterPath() for key in
                 ("you", "entered-strong", "entered", "derived")}
        for person in people:
            paths["you"].moveTo(0, 0)
            paths["you"].lineTo(places[person.id])
        for link in links:
            if link.a not in places or link.b not in places:
                continue
            key = "derived" if link.derived else (
                "entered-strong" if link.strength >= 0.8 else "entered")
            paths[key].moveTo(places[link.a])
            paths[key].lineTo(places[link.b])
        styles = {
            "you": QPen(QColor(128, 128, 128, 40), 0.6),
            "derived": QPen(QColor(90, 120, 160, 120), 1.0, Qt.PenStyle.DashLine),
            "entered": QPen(QColor(60, 90, 140, 190), 1.4),
            "entered-strong": QPen(QColor(40, 60, 120, 230), 2.4),
        }
        for key, path in paths.items():
            item = QGraphicsPathItem(path)
            item.setPen(styles[key])
            item.setZValue(1)
            scene.addItem(item)
        me = scene.addEllipse(QRectF(-14, -14, 28, 28), QPen(QColor("#202020"), 1.5),
                              QBrush(QColor("#ffffff")))
        me.setZValue(3)
        me_label = scene.addSimpleText("You")
        me_label.setPos(-me_label.boundingRect().width() / 2, 16)
        me_label.setZValue(3)
        for person in people:
            item = PersonItem(person, places[person.id])
            scene.addItem(item)
            self.items_by_id[person.id] = item
        self._label(sorted(people, key=lambda p: -p.tie)[:NAMED])
        self.fit()

    def _label(self, people: list[Person]) -> None:
        """Names for the strongest ties, skipping any that would overlap one already
        placed (the rest show on hover)."""
        taken: list[QRectF] = []
        for person in people:
            item = self.items_by_id[person.id]
            label = QGraphicsSimpleTextItem(person.name, item)
            label.setBrush(self.palette().text())
            left = item.pos().x() < 0
            width = label.boundingRect().width()
            label.setPos(-NODE - width if left else NODE, -NODE)
            box = label.sceneBoundingRect().adjusted(-2, -1, 2, 1)
            if any(box.intersects(other) for other in taken):
                label.setParentItem(None)
                self.scene().removeItem(label)
                continue
            taken.append(box)

    def fit(self) -> None:
        self.fitInView(self.scene().itemsBoundingRect().adjusted(-40, -40, 40, 40),
                       Qt.AspectRatioMode.KeepAspectRatio)

    def select(self, contact_id: int) -> None:
        self.scene().clearSelection()
        item = self.items_by_id.get(contact_id)
        if item is not None:
            item.setSelected(True)
            self.centerOn(item)

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)

    def _person_at(self, pos) -> PersonItem | None:
        for item in self.items(pos):
            if isinstance(item, PersonItem):
                return item
            if isinstance(item.parentItem(), PersonItem):
                return item.parentItem()
        return None

    def mousePressEvent(self, event) -> None:
        item = self._person_at(event.position().toPoint())
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.scene().clearSelection()
            item.setSelected(True)
            self.person_clicked.emit(item.person.id)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        item = self._person_at(event.position().toPoint())
        if item is not None:
            self.person_activated.emit(item.person.id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def is_derived(kinds: tuple) -> bool:
    """An edge is drawn as derived only when nothing the user entered backs it."""
    return all(isinstance(kind, DerivedKind) for kind in kinds)

"""The ego network drawn with Qt's graphics view: the user in the centre, each contact at
a distance that shrinks as the tie grows stronger, grouped by stage around the circle.

Edges are drawn as one path item per style (entered, derived; strong, weak) rather than
one item each: thousands of edges then cost a handful of items, and pan and zoom stay
smooth at 2,000 people. People are one item each, so a click finds the person; each is
placed by :mod:`relmanager.ui.network.ego_layout` so that no two overlap, answers a click a
few pixels around its dot, and shows its name on hover (the strongest ties and the chosen
person are named all the time, on a backing that keeps names readable over lines). The
view fits the whole network until the user zooms or pans, and again on Fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from relmanager.domain.network import DerivedKind
from relmanager.domain.stages import Stage
from relmanager.ui.network import ego_layout
from relmanager.ui.shared.plain import tip

#: Colours by stage, cold to warm (Inbox and Parked grey).
STAGE_COLORS: dict[Stage, str] = {
    Stage.INBOX: "#9aa0a6", Stage.ENCOUNTER: "#7fb3d5", Stage.RECOGNITION: "#5dade2",
    Stage.DEVELOPMENT: "#48c9b0", Stage.FRIENDSHIP: "#f5b041", Stage.INTIMACY: "#e74c3c",
    Stage.PARKED: "#c8c8c8",
}
#: Names are drawn for this many of the strongest ties; the rest show on hover.
NAMED = 40
#: Lines from the centre are drawn to this many of the strongest ties.
SPOKES = 150
#: The smallest dot (a tie of 0); a tie of 1 is ego_layout.NODE_MAX.
NODE = 11.0
#: How far around a dot (pixels on screen) a click still finds it: the nearest dot within
#: it is taken. Found by the view, not by a larger shape() per item: a Python override of
#: shape() or boundingRect() is called for every item on every repaint (a zoom step at
#: 2,000 people went from ~130 to ~500 ms).
HIT_PIXELS = 7
#: How far (scene units, at least) the chosen person's halo reaches beyond the dot.
HALO = 8.0


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
    """Where each person is drawn (ego_layout: by tie and stage, never overlapping)."""
    placed = ego_layout.layout((p.id, p.stage, p.tie, p.name) for p in people)
    return {cid: QPointF(at.x, at.y) for cid, at in placed.items()}


#: Names are this many pixels high when the whole network is in view.
NAME_PIXELS = 12


def name_tag(text: str, parent: QGraphicsItem, left: bool) -> QGraphicsRectItem:
    """A name beside a dot, on a light backing so it reads over the lines (plain text:
    a simple text item never interprets markup), as large as the view's fit allows."""
    label = QGraphicsSimpleTextItem(text)
    view = next(iter(parent.scene().views()), None) if parent.scene() else None
    font = QFont(label.font())
    font.setPixelSize(getattr(view, "name_pixels", NAME_PIXELS))
    label.setFont(font)
    label.setBrush(QBrush(QColor("#202020")))
    box = label.boundingRect().adjusted(-3, -1, 3, 1)
    tag = QGraphicsRectItem(box, parent)
    tag.setBrush(QBrush(QColor(255, 255, 255, 215)))
    tag.setPen(QPen(Qt.PenStyle.NoPen))
    label.setParentItem(tag)
    half = parent.boundingRect().width() / 2
    tag.setPos(-half - box.width() - 2 if left else half + 4, -box.height() / 2)
    return tag


class EdgesItem(QGraphicsPathItem):
    """One style's edges, drawn without antialiasing.

    Thousands of thin, faint lines: smoothing their edges was two thirds of a zoom
    step's repaint at 2,000 people (graph.zoom 3.2x its floor, 1.8x without), and at
    one or two pixels wide it changes little that the eye sees; the dots and names
    keep theirs. One paint() override for a handful of items, not one per person
    (see HIT_PIXELS)."""

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        super().paint(painter, option, widget)


class PersonItem(QGraphicsEllipseItem):
    def __init__(self, person: Person, at: QPointF) -> None:
        size = NODE + (ego_layout.NODE_MAX - NODE) * person.tie
        super().__init__(QRectF(-size / 2, -size / 2, size, size))
        self.person = person
        self.tag: QGraphicsRectItem | None = None  # the name shown all the time
        #: True while the chosen person's name covers this one's place: the name is then
        #: hidden, and shown again on hover or once the choice moves on.
        self.covered = False
        self._hover_tag: QGraphicsRectItem | None = None
        self.halo: QGraphicsEllipseItem | None = None  # the ring round the chosen one
        self.setPos(at)
        self.setBrush(QBrush(QColor(STAGE_COLORS[person.stage])))
        self.setPen(QPen(QColor("#404040"), 0.8))
        self.setToolTip(tip(f"{person.name} · {person.stage.label} · tie "
                            f"{round(person.tie * 100)}"))
        self.setAcceptHoverEvents(True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(2)

    def show_name(self, shown: bool) -> None:
        """The name on hover (or while chosen), unless it is shown all the time."""
        if self.tag is not None:
            if self.covered:
                self.tag.setVisible(shown)
            return
        if shown and self._hover_tag is None:
            self._hover_tag = name_tag(self.person.name, self, self.pos().x() < 0)
            self.setZValue(5)
        elif not shown and self._hover_tag is not None and not self.isSelected():
            scene = self.scene()
            if scene is not None:
                scene.removeItem(self._hover_tag)
            self._hover_tag = None
            self.setZValue(self.resting_z())

    def resting_z(self) -> float:
        """Named people above the other dots, so no dot hides a name's backing."""
        return 3 if self.tag is not None else 2

    def name_box(self) -> QRectF | None:
        """Where this person's name is drawn in the scene, None when it is not."""
        tag = self.tag if self.tag is not None else self._hover_tag
        return tag.sceneBoundingRect() if tag is not None else None

    def cover(self, covered: bool) -> None:
        """Hide the name shown all the time while the chosen person's name is over it."""
        self.covered = covered
        if self.tag is not None:
            self.tag.setVisible(not covered or self.isUnderMouse())

    def set_halo(self, shown: bool) -> None:
        """A wide blue ring behind the chosen person's dot: a thicker outline alone was
        barely visible among 300 dots (review 18 #12)."""
        if shown and self.halo is None:
            view = next(iter(self.scene().views()), None) if self.scene() else None
            reach = max(HALO, getattr(view, "name_pixels", NAME_PIXELS) * 0.9)
            r = self.rect().width() / 2 + reach  # about a name's height on screen
            halo = QGraphicsEllipseItem(QRectF(-r, -r, 2 * r, 2 * r), self)
            halo.setPen(QPen(QColor(26, 95, 180, 230), max(3.0, r * 0.25)))
            halo.setBrush(QBrush(QColor(26, 95, 180, 70)))
            halo.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
            halo.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.halo = halo
        elif not shown and self.halo is not None:
            scene = self.scene()
            if scene is not None:
                scene.removeItem(self.halo)
            self.halo = None

    def hoverEnterEvent(self, event) -> None:
        self.show_name(True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.show_name(False)
        super().hoverLeaveEvent(event)

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            selected = bool(value)
            self.setPen(QPen(QColor("#1a5fb4" if selected else "#404040"),
                             3.0 if selected else 0.8))
            self.setZValue(4 if selected else self.resting_z())
            self.set_halo(selected)
            if selected:
                self.show_name(True)
            elif not self.isUnderMouse():
                self.show_name(False)
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
        #: Fit the whole network to the view (on a new drawing and on resize) until the
        #: user zooms or pans; Fit turns it back on.
        self.auto_fit = True
        self.name_pixels = NAME_PIXELS  # a name's height in scene units (set per drawing)
        self._pressed_person = False
        #: The people whose names the chosen person's name covers (see _make_room).
        self._covered: list[PersonItem] = []
        self.scene().selectionChanged.connect(self._make_room)

    def _make_room(self) -> None:
        """The chosen person's name wins: the names shown all the time that it would
        overlap are hidden while the choice lasts (each shows again on hover), since a
        name drawn over a neighbour's read as neither (review s25m)."""
        for item in self._covered:
            item.cover(False)
        self._covered = []
        chosen = [item for item in self.scene().selectedItems()
                  if isinstance(item, PersonItem)]
        for item in chosen:
            # The scene says "selection changed" before the item hears it is chosen
            # (and shows its name): show it now to know where it goes.
            item.show_name(True)
            box = item.name_box()
            if box is None:
                continue
            for other in self.items_by_id.values():
                if other is item or other.tag is None or other.isSelected():
                    continue
                if other.tag.sceneBoundingRect().intersects(box):
                    other.cover(True)
                    self._covered.append(other)

    def show_network(self, people: list[Person], links: list[Link]) -> None:
        scene = self.scene()
        self.items_by_id = {}
        self._covered = []
        scene.clear()
        places = layout(people)
        # Names in scene units that come out NAME_PIXELS high once the network is fitted.
        xs, ys = [p.x() for p in places.values()], [p.y() for p in places.values()]
        width, height = max(xs) - min(xs) + 240, max(ys) - min(ys) + 80
        port = self.viewport().size()
        scale = min(port.width() / width, port.height() / height)
        self.name_pixels = max(6, min(40, round(NAME_PIXELS / max(scale, 0.05))))
        for tie in (0.75, 0.5, 0.25):  # rings at tie 75, 50, 25
            r = ego_layout.tie_radius(tie)
            ring = scene.addEllipse(QRectF(-r, -r, 2 * r, 2 * r),
                                    QPen(QColor(128, 128, 128, 60), 1, Qt.PenStyle.DotLine))
            ring.setZValue(0)
        paths = {key: QPainterPath() for key in
                 ("you", "entered-strong", "entered", "derived")}
        # A faint line from you to the strongest ties only: distance already says the
        # tie, and 2,000 antialiased spokes were a third of a zoom step's repaint.
        for person in sorted(people, key=lambda p: -p.tie)[:SPOKES]:
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
            item = EdgesItem(path)
            item.setPen(styles[key])
            item.setZValue(1)
            scene.addItem(item)
        me = scene.addEllipse(QRectF(-14, -14, 28, 28), QPen(QColor("#202020"), 1.5),
                              QBrush(QColor("#ffffff")))
        me.setZValue(3)
        me_label = scene.addSimpleText("You")
        font = QFont(me_label.font())
        font.setPixelSize(self.name_pixels)
        me_label.setFont(font)
        me_label.setPos(-me_label.boundingRect().width() / 2, 16)
        me_label.setZValue(3)
        for person in people:
            item = PersonItem(person, places[person.id])
            scene.addItem(item)
            self.items_by_id[person.id] = item
        self._label(sorted(people, key=lambda p: -p.tie)[:NAMED])
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self.auto_fit = True
        self.fit()

    def _label(self, people: list[Person]) -> None:
        """Names for the strongest ties, skipping any that would overlap a name already
        placed (the rest show on hover)."""
        taken: list[QRectF] = []
        for person in people:
            item = self.items_by_id[person.id]
            tag = name_tag(person.name, item, item.pos().x() < 0)
            box = tag.sceneBoundingRect()
            if any(box.intersects(other) for other in taken):
                tag.setParentItem(None)
                self.scene().removeItem(tag)
                continue
            item.tag = tag
            item.setZValue(item.resting_z())
            taken.append(box)

    def fit(self) -> None:
        """The whole network in view (Fit, and after each drawing)."""
        self.auto_fit = True
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def select(self, contact_id: int) -> None:
        self.scene().clearSelection()
        item = self.items_by_id.get(contact_id)
        if item is not None:
            item.setSelected(True)
            self.ensureVisible(item)

    def zoom(self, factor: float) -> None:
        self.auto_fit = False
        self.scale(factor, factor)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        if QApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            self.auto_fit = False  # panned by hand: a resize keeps the user's view
        super().scrollContentsBy(dx, dy)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)

    def _person_at(self, pos) -> PersonItem | None:
        """The person under ``pos`` (a dot, or a name shown beside one), else the nearest
        dot within HIT_PIXELS: a small dot is clicked a few pixels off as easily."""
        for hit in self.items(pos):
            item = _owner(hit)
            if item is not None:
                return item
        near = QRect(pos.x() - HIT_PIXELS, pos.y() - HIT_PIXELS, 2 * HIT_PIXELS + 1,
                     2 * HIT_PIXELS + 1)
        best, best_distance = None, float(HIT_PIXELS * HIT_PIXELS * 2 + 1)
        for hit in self.items(near):
            if isinstance(hit, PersonItem):
                centre = self.mapFromScene(hit.sceneBoundingRect().center())
                distance = float((centre.x() - pos.x()) ** 2 + (centre.y() - pos.y()) ** 2)
                if distance < best_distance:
                    best, best_distance = hit, distance
        return best

    def mousePressEvent(self, event) -> None:
        item = self._person_at(event.position().toPoint())
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.scene().clearSelection()
            item.setSelected(True)
            self.person_clicked.emit(item.person.id)
            self._pressed_person = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pressed_person:  # the press chose a person: its release is ours too
            self._pressed_person = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        item = self._person_at(event.position().toPoint())
        if item is not None:
            self.person_activated.emit(item.person.id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def _owner(item: QGraphicsItem | None) -> PersonItem | None:
    """The person an item of the drawing belongs to (their dot, or their name)."""
    while item is not None and not isinstance(item, PersonItem):
        item = item.parentItem()
    return item


def is_derived(kinds: tuple) -> bool:
    """An edge is drawn as derived only when nothing the user entered backs it."""
    return all(isinstance(kind, DerivedKind) for kind in kinds)

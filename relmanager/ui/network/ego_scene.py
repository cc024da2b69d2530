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

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from relmanager.ui.network import ego_layout
from relmanager.ui.network.ego_items import (
    HIT_PIXELS,
    NAME_PIXELS,
    NAMED,
    SPOKES,
    EdgesItem,
    Link,
    Person,
    PersonItem,
    layout,
    name_tag,
    owner_of,
)


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
            item = owner_of(hit)
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

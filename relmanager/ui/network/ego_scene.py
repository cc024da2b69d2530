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
    QGraphicsRectItem,
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
    place_tag,
    sides_for,
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
        #: Per person whose name is shown over the others (hovered or chosen), the names
        #: shown all the time that it hides meanwhile (see place_shown_name).
        self._covers: dict[int, list[PersonItem]] = {}
        #: "You" and its label: no name is placed over them.
        self._you_box = QRectF()
        self.scene().selectionChanged.connect(self._make_room)

    def _make_room(self) -> None:
        """The chosen person's name is shown (placed by place_shown_name)."""
        # The scene says "selection changed" before the item hears it is chosen (and
        # shows its name): show it now.
        for item in self.scene().selectedItems():
            if isinstance(item, PersonItem):
                item.show_name(True)

    def _overlaps(self, box: QRectF, owner: PersonItem) -> tuple[int, int, int]:
        """(names, You, dots) that a name of ``owner`` at ``box`` would lie over."""
        padded = self._padded(box)
        names = sum(1 for other in self.items_by_id.values()
                    if other is not owner and other.tag is not None
                    and other.tag.sceneBoundingRect().intersects(padded))
        dots = sum(1 for hit in self.scene().items(
            box, Qt.ItemSelectionMode.IntersectsItemBoundingRect)
            if isinstance(hit, PersonItem) and hit is not owner)
        return names, int(box.intersects(self._you_box)), dots

    def place_shown_name(self, item: PersonItem) -> QGraphicsRectItem:
        """The name of a hovered or chosen person, on the side of its dot where it lies
        over the fewest names, then dots; the names shown all the time that it still
        covers are hidden until it goes (release_room), since a name drawn over a
        neighbour's read as neither (review s25m; hovering a crowd still did)."""
        tag = name_tag(item.person.name, item, opaque=True)
        best: tuple[tuple[int, int, int], str] | None = None
        for side in sides_for(item):
            place_tag(tag, side)
            cost = self._overlaps(tag.sceneBoundingRect(), item)
            if best is None or cost < best[0]:
                best = (cost, side)
            if cost == (0, 0, 0):
                break
        assert best is not None
        place_tag(tag, best[1])
        self.make_room(item, tag)
        return tag

    def make_room(self, item: PersonItem, tag: QGraphicsRectItem) -> None:
        """Hide the names shown all the time that ``item``'s shown name (and its halo,
        when chosen) lie over, until release_room."""
        self.release_room(item)
        boxes = [self._padded(tag.sceneBoundingRect())]
        if item.halo is not None:
            boxes.append(item.halo.sceneBoundingRect())
        hidden = [other for other in self.items_by_id.values()
                  if other is not item and other.tag is not None
                  and any(other.tag.sceneBoundingRect().intersects(b) for b in boxes)]
        self._covers[item.person.id] = hidden
        for other in hidden:
            other.cover(True)

    def _padded(self, box: QRectF) -> QRectF:
        """A name's box with a gap around it: two names that touch read as one."""
        gap = self.name_pixels * 0.4
        return box.adjusted(-gap, -gap / 4, gap, gap / 4)

    def release_room(self, item: PersonItem) -> None:
        """``item``'s shown name is gone: the names it hid show again, unless another
        shown name still lies over them."""
        hidden = self._covers.pop(item.person.id, [])
        still = {id(other) for others in self._covers.values() for other in others}
        for other in hidden:
            if id(other) not in still:
                other.cover(False)

    def show_network(self, people: list[Person], links: list[Link]) -> None:
        scene = self.scene()
        self.items_by_id = {}
        self._covers = {}
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
        self._you_box = me.sceneBoundingRect().united(me_label.sceneBoundingRect())
        for person in people:
            item = PersonItem(person, places[person.id])
            scene.addItem(item)
            self.items_by_id[person.id] = item
        self._label(sorted(people, key=lambda p: -p.tie)[:NAMED])
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self.auto_fit = True
        self.fit()

    def _label(self, people: list[Person]) -> None:
        """Names for the strongest ties, never over another name or You: each on the
        side of its dot (outward, inward, above, below) where it hides the fewest other
        dots, none where it can; one that fits on no side is not drawn (it shows on
        hover). Always beside the dot, a name hid the dots of the closest people in the
        centre's crowd."""
        taken: list[QRectF] = []
        named_dots: list[QRectF] = []  # raised over the other dots: never under a name
        for person in people:
            item = self.items_by_id[person.id]
            dot = item.sceneBoundingRect()
            if any(dot.intersects(t) for t in taken):
                continue  # named, its dot would be drawn over that name
            tag = name_tag(person.name, item)
            best: tuple[int, str] | None = None
            for side in sides_for(item):
                place_tag(tag, side)
                box = tag.sceneBoundingRect()
                padded = self._padded(box)
                if box.intersects(self._you_box) or any(padded.intersects(t) for t in taken) \
                        or any(box.intersects(d) for d in named_dots):
                    continue
                dots = self._overlaps(box, item)[2]
                if best is None or dots < best[0]:
                    best = (dots, side)
                if dots == 0:
                    break
            if best is None:
                tag.setParentItem(None)
                self.scene().removeItem(tag)
                continue
            place_tag(tag, best[1])
            item.tag = tag
            item.setZValue(item.resting_z())
            taken.append(tag.sceneBoundingRect())
            named_dots.append(dot)

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
        """The person under ``pos`` (a dot, else a name shown beside one), else the
        nearest dot within HIT_PIXELS: a small dot is clicked a few pixels off as
        easily."""
        hits = self.items(pos)
        for hit in hits:  # a dot first: one beside a name's backing is still clicked
            if isinstance(hit, PersonItem):
                return hit
        for hit in hits:
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

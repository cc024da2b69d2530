"""What the ego network is drawn with: a person's dot and name, the edges' path items,
and where each person goes (the view that shows them is :mod:`ego_scene`).

People are one item each, so a click finds the person; edges are one path item per
style, so thousands of them cost a handful of items. Names are plain text items on a
light backing: a simple text item never interprets markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
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


#: Where a name may go beside its dot, tried in this order after the outward side (right
#: of a dot right of You, left of one left of You).
SIDES = ("right", "left", "above", "below")


def name_tag(text: str, parent: QGraphicsItem, side: str = "right", *,
             opaque: bool = False) -> QGraphicsRectItem:
    """A name beside a dot (``side`` of it), on a light backing so it reads over the
    lines (plain text: a simple text item never interprets markup), as large as the
    view's fit allows. ``opaque`` for a name shown over the others (hovered, chosen):
    nothing beneath may show through it."""
    label = QGraphicsSimpleTextItem(text)
    view = next(iter(parent.scene().views()), None) if parent.scene() else None
    font = QFont(label.font())
    font.setPixelSize(getattr(view, "name_pixels", NAME_PIXELS))
    label.setFont(font)
    label.setBrush(QBrush(QColor("#202020")))
    box = label.boundingRect().adjusted(-3, -1, 3, 1)
    tag = QGraphicsRectItem(box, parent)
    tag.setBrush(QBrush(QColor(255, 255, 255, 255 if opaque else 215)))
    tag.setPen(QPen(Qt.PenStyle.NoPen))
    label.setParentItem(tag)
    place_tag(tag, side)
    return tag


def place_tag(tag: QGraphicsRectItem, side: str) -> None:
    """Put a name on ``side`` of its dot (its parent)."""
    half = tag.parentItem().boundingRect().width() / 2
    box = tag.rect()
    width, height = box.width(), box.height()
    tag.setPos({"right": QPointF(half + 4 - box.left(), -height / 2 - box.top()),
                "left": QPointF(-half - 2 - box.right(), -height / 2 - box.top()),
                "above": QPointF(-width / 2 - box.left(), -half - 1 - box.bottom()),
                "below": QPointF(-width / 2 - box.left(), half + 1 - box.top())}[side])


def sides_for(item: QGraphicsItem) -> tuple[str, ...]:
    """The sides to try for ``item``'s name, the outward one first."""
    outward = "left" if item.pos().x() < 0 else "right"
    return (outward, *(side for side in SIDES if side != outward))


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
        """The name on hover (or while chosen), unless it is shown all the time; the
        view hides the names it (or the chosen one's halo) lies over meanwhile."""
        view = next(iter(self.scene().views()), None) if self.scene() else None
        make_room = getattr(view, "make_room", None)
        release = getattr(view, "release_room", None)
        if self.tag is not None:
            if self.covered:
                self.tag.setVisible(shown)
            if shown and self.isSelected() and make_room is not None:
                make_room(self, self.tag)  # its halo
            elif not shown and not self.isSelected() and release is not None:
                release(self)
            return
        if shown and self._hover_tag is not None:
            if make_room is not None:  # chosen while hovered: its halo too
                make_room(self, self._hover_tag)
        elif shown and self._hover_tag is None:
            place = getattr(view, "place_shown_name", None)
            self._hover_tag = (place(self) if place is not None else
                               name_tag(self.person.name, self, sides_for(self)[0],
                                        opaque=True))
            self.setZValue(5)
        elif not shown and self._hover_tag is not None and not self.isSelected():
            scene = self.scene()
            if scene is not None:
                scene.removeItem(self._hover_tag)
            self._hover_tag = None
            self.setZValue(self.resting_z())
            if release is not None:
                release(self)

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


def owner_of(item: QGraphicsItem | None) -> PersonItem | None:
    """The person an item of the drawing belongs to (their dot, or their name)."""
    while item is not None and not isinstance(item, PersonItem):
        item = item.parentItem()
    return item


def is_derived(kinds: tuple) -> bool:
    """An edge is drawn as derived only when nothing the user entered backs it."""
    return all(isinstance(kind, DerivedKind) for kind in kinds)

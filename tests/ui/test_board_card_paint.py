"""A board card's texts are laid out once, not on every paint: elided when the card is
first painted (for its width, font and day) and drawn from that layout after, the same
pixels either way; a card read again with other fields is laid out again."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from relmanager.store.board_cards import Card
from relmanager.ui.board import card_delegate
from relmanager.ui.board.card_delegate import CARD_HEIGHT, CardDelegate

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

NOW = datetime(2026, 3, 2, 9, 0)


class _Index:
    """What the delegate asks of an index: the card (its one data role)."""

    def __init__(self, card: Card) -> None:
        self.card = card

    def data(self, _role: int) -> Card:
        return self.card


@pytest.fixture
def elisions(monkeypatch) -> list[str]:
    """Every text the delegate elides (its metrics are built from this class)."""
    seen: list[str] = []

    class Counting(QFontMetrics):
        def elidedText(self, text, *args):
            seen.append(text)
            return super().elidedText(text, *args)

    monkeypatch.setattr(card_delegate, "QFontMetrics", Counting)
    return seen


def _card(**changes: object) -> Card:
    card = Card(7, "Valentina Alvarez-Montgomery", "Northwind Ventures International", "",
                NOW - timedelta(days=40), None, ("climate", "python", "robotics"),
                "email", 3, NOW - timedelta(days=12))
    return dataclasses.replace(card, **changes)


def _paint(delegate: CardDelegate, card: Card, view: QListView) -> QImage:
    image = QImage(260, CARD_HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.palette, option.font = view.palette(), view.font()
    option.rect = QRect(0, 0, 240, CARD_HEIGHT)
    delegate.paint(painter, option, _Index(card))
    painter.end()
    return image


def test_texts_are_elided_once_and_drawn_alike_after(qapp, elisions) -> None:
    view = QListView()
    delegate = CardDelegate(lambda: NOW)
    first = _paint(delegate, _card(), view)
    assert len(elisions) == 3  # name, organisation, tags
    second = _paint(delegate, _card(), view)  # an equal card: a reload that changed nothing
    third = _paint(delegate, _card(), view)
    assert len(elisions) == 3
    assert first == second == third  # strings on the first paint, static texts after


def test_a_changed_card_is_laid_out_again(qapp, elisions) -> None:
    view = QListView()
    delegate = CardDelegate(lambda: NOW)
    before = _paint(delegate, _card(), view)
    after = _paint(delegate, _card(display_name="Bo Lee"), view)
    assert "Bo Lee" in elisions and before != after

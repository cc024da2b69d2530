"""Whom a time box suggests when nobody is pressing, in words a person reads (the first
hour, seen from outside): the tray's "Spend it on" listed "Bo Lind · next to cool". It
now says when they begin to cool, from the contact's own rhythm."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.domain.wording import cools_in
from relmanager.store import timeboxes
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(("days", "words"), [
    (-3, "cooling from today"), (0, "cooling from today"), (1, "cools tomorrow"),
    (5, "cools in 5 days"), (21, "cools in 3 weeks")])
def test_cools_in(days, words):
    assert cools_in(NOW + timedelta(days=days, hours=3), NOW) == words


def test_a_warm_contact_suggested_for_a_box_says_when_it_cools(db, clock):
    bo = create_contact(clock, "Bo Lind", stage=Stage.FRIENDSHIP)
    cooling_at = Contact.get_by_id(bo.id).cooling_at
    assert cooling_at is not None and cooling_at > clock.now()
    (item,) = timeboxes.suggest_for_box(clock.now())
    assert item.contact_id == bo.id
    assert item.reason == cools_in(cooling_at, clock.now())
    assert item.reason.startswith("cools in ")

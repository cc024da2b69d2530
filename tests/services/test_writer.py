"""The one writer: a store call in a bounded transaction, its change signal after the
commit, a failure said once and the database unchanged; and no page emits "data changed"
by hand any more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relmanager.services.context import AppContext, make_settings
from relmanager.services.writer import FOLLOW_UPS, Change, NotWritten
from relmanager.store import follow_ups
from relmanager.store.contacts import create_contact
from relmanager.store.errors import ValidationError
from relmanager.store.models import FollowUp
from tests.ui.test_failed_writes import another_process_writing

ROOT = Path(__file__).resolve().parents[2] / "relmanager"


@pytest.fixture
def ctx(db, db_path, clock, tmp_path):
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))


def _record(ctx: AppContext) -> list[tuple]:
    seen: list[tuple] = []
    events = ctx.events
    events.contacts_removed.connect(lambda ids: seen.append(("removed", ids)))
    events.contacts_changed.connect(lambda ids: seen.append(("contacts", ids)))
    events.interactions_changed.connect(lambda ids: seen.append(("interactions", ids)))
    events.follow_ups_changed.connect(lambda: seen.append(("follow_ups",)))
    events.introductions_changed.connect(lambda: seen.append(("introductions",)))
    events.settings_changed.connect(lambda: seen.append(("settings",)))
    events.write_failed.connect(lambda text: seen.append(("failed", text)))
    return seen


def test_a_write_commits_then_says_what_changed(ctx, clock):
    ada = create_contact(clock, "Ada Lovelace")
    seen = _record(ctx)
    counts: list[int] = []
    ctx.events.follow_ups_changed.connect(lambda: counts.append(FollowUp.select().count()))
    made = ctx.writer.write("follow-up", lambda: follow_ups.create_follow_up(
        clock, ada.id, "send the paper", clock.now()), FOLLOW_UPS)
    assert made.title == "send the paper"
    assert seen == [("follow_ups",)]
    assert counts == [1], "the signal comes after the row is there"


def test_the_change_may_depend_on_the_result_and_keeps_a_fixed_order(ctx):
    seen = _record(ctx)
    ctx.writer.write("x", lambda: 7, lambda n: Change(
        interactions=(n,), contacts=(), removed=(3,), introductions=True, settings=True))
    assert seen == [("removed", [3]), ("contacts", []), ("interactions", [7]),
                    ("introductions",), ("settings",)]


def test_a_failed_write_is_said_once_changes_nothing_and_emits_no_change(
        ctx, clock, db_path):
    ada = create_contact(clock, "Ada Lovelace")
    seen = _record(ctx)
    with another_process_writing(db_path), pytest.raises(NotWritten):
        ctx.writer.write("follow-up 'call'", lambda: follow_ups.create_follow_up(
            clock, ada.id, "call", clock.now()), FOLLOW_UPS)
    assert FollowUp.select().count() == 0
    assert len(seen) == 1 and seen[0][0] == "failed"
    assert seen[0][1].startswith("Not saved: follow-up 'call'. ")


def test_bad_input_goes_back_to_the_form_or_is_said(ctx, clock):
    ada = create_contact(clock, "Ada Lovelace")
    seen = _record(ctx)

    def blank():
        return follow_ups.create_follow_up(clock, ada.id, "  ", clock.now())

    with pytest.raises(ValidationError):
        ctx.writer.write("follow-up", blank, FOLLOW_UPS, form=True)
    assert seen == []
    with pytest.raises(NotWritten):
        ctx.writer.write("follow-up", blank, FOLLOW_UPS)
    assert [s[0] for s in seen] == ["failed"]
    with pytest.raises(NotWritten):
        ctx.writer.write("follow-up", blank, FOLLOW_UPS, tell=False)
    assert len(seen) == 1, "a dialog that says it itself: no second message"


_HAND_EMIT = re.compile(r"\.(contacts_changed|contacts_removed|interactions_changed|"
                        r"follow_ups_changed|introductions_changed|settings_changed)\.emit\(")


def test_no_module_emits_data_changed_by_hand():
    """Only the writer says "data changed": a page that emits by hand fails here."""
    allowed = {ROOT / "services" / "writer.py"}
    offenders = [f"{path.relative_to(ROOT)}:{n}"
                 for path in ROOT.rglob("*.py") if path not in allowed
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if _HAND_EMIT.search(line)]
    assert offenders == []

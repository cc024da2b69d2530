"""What counts towards a time box (issue 22, the first hour): only interactions dated
inside the box's span, and at most the box's own elapsed minutes. One rule
(``domain.timebox.box_minutes``) read by Today, the tray and the CLI through
``store.timeboxes.week_progress``; on a FakeClock."""

from __future__ import annotations

from datetime import datetime, timedelta

from relmanager import cli
from relmanager.domain.stages import Stage
from relmanager.domain.timebox import box_minutes, box_span
from relmanager.store import timeboxes
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact


def test_a_box_counts_only_what_is_dated_inside_it_and_at_most_its_length() -> None:
    start = datetime(2026, 3, 4, 10, 0, 20)
    span = box_span(start, 15, None, start + timedelta(minutes=10))
    assert span.elapsed_minutes == 10
    yesterday = (start - timedelta(days=1), 30)
    assert box_minutes(span, [yesterday]) == 0
    assert box_minutes(span, [(datetime(2026, 3, 4, 10, 0), 5)]) == 5  # the box's minute
    assert box_minutes(span, [(start + timedelta(minutes=5), 45)]) == 10  # elapsed so far
    over = box_span(start, 15, None, start + timedelta(hours=2))
    assert over.elapsed_minutes == 15
    assert box_minutes(over, [(start + timedelta(minutes=5), 45)]) == 15
    assert box_minutes(over, [(start + timedelta(minutes=44), 5)]) == 5  # in the grace
    assert box_minutes(over, [(start + timedelta(minutes=46), 5)]) == 0
    stopped = box_span(start, 15, start + timedelta(minutes=4, seconds=10), start)
    assert stopped.elapsed_minutes == 5


def test_a_log_dated_yesterday_does_not_count_towards_the_running_box(db, clock):
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    clock.set(clock.now().replace(hour=10, minute=0))
    timeboxes.start_box(clock, 15)
    clock.advance(minutes=5)
    logged = log_interaction(clock, [ada.id], "phone", minutes=20,
                             occurred_at=clock.now() - timedelta(days=1))
    assert timeboxes.week_progress(clock.now()).invested_minutes == 0
    from relmanager.store.models import Interaction

    assert Interaction.get_by_id(logged.interaction_ids[0]).timebox_session is None


def test_a_45_minute_log_counts_15_towards_a_15_minute_box(db, clock):
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    clock.set(clock.now().replace(hour=10, minute=0))
    timeboxes.start_box(clock, 15)
    clock.advance(minutes=3)
    log_interaction(clock, [ada.id], "one_on_one", minutes=45)
    assert timeboxes.week_progress(clock.now()).invested_minutes == 3  # 3 min ran so far
    clock.advance(minutes=30)
    assert timeboxes.week_progress(clock.now()).invested_minutes == 15


def test_the_cli_log_dated_yesterday_leaves_the_box_alone(db, db_path, clock, capsys):
    create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    clock.set(clock.now().replace(hour=10, minute=0))
    timeboxes.start_box(clock, 15)
    clock.advance(minutes=5)
    assert cli.main(["--db", str(db_path), "log", "Ada Lovelace", "--channel", "phone",
                     "--minutes", "45", "--when", "yesterday"], clock=clock) == 0
    assert cli.main(["--db", str(db_path), "log", "Ada Lovelace", "--channel", "phone",
                     "--minutes", "45"], clock=clock) == 0
    assert timeboxes.week_progress(clock.now()).invested_minutes == 5



def test_a_group_event_counts_once_towards_the_box(db, clock):
    """Three friends at one 10-minute call are 10 minutes of the box, as on the timeline
    (a row per participant, counted through the event's lead row), not 30."""
    people = [create_contact(clock, name, stage=Stage.FRIENDSHIP).id
              for name in ("Ada", "Bo", "Cy")]
    clock.set(clock.now().replace(hour=10, minute=0))
    timeboxes.start_box(clock, 60)
    clock.advance(minutes=40)
    log_interaction(clock, people, "video", minutes=10)
    assert timeboxes.week_progress(clock.now()).invested_minutes == 10

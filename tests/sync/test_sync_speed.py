"""A first sync of many contacts (issue 18, item 14): the pull reads back what it wrote
in batches, not one contact at a time; the first upload runs a few PUTs at once, shows
its progress (the command line prints it; Settings > Sync has a bar) and can be
cancelled, keeping what went through and queueing the rest."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

from relmanager.cli import main
from relmanager.services.context import AppContext, make_settings
from relmanager.services.sync import SyncService
from relmanager.store import db as store_db
from relmanager.store import sync_state
from relmanager.store.contacts import create_contact
from relmanager.store.models import SyncItem, database
from relmanager.sync import account, engine
from relmanager.sync.dav import DavClient
from tests.sync.conftest import PASSWORD, USER

COUNT = 120


def _make(clock, count: int = COUNT, prefix: str = "Person") -> None:
    with database.atomic():
        for n in range(count):
            create_contact(clock, f"{prefix} {n:03d}", emails=[f"{prefix}{n}@example.org"])


def test_a_first_pull_does_not_read_each_contact_back_alone(devices, clock, monkeypatch):
    with devices.a:
        _make(clock)
        assert engine.sync(clock).pushed == COUNT
    reads: list[int] = []
    original = sync_state.local_fields

    def counting(kind, ids):
        reads.append(len(ids))
        return original(kind, ids)

    monkeypatch.setattr(sync_state, "local_fields", counting)
    puts: list[str] = []
    original_put = DavClient.put

    def counting_put(self, href, *args, **kwargs):
        puts.append(href)
        return original_put(self, href, *args, **kwargs)

    monkeypatch.setattr(DavClient, "put", counting_put)
    with devices.b:
        report = engine.sync(clock)
        assert report.pulled == COUNT and report.pushed == 0
        assert sync_state.changed_ids("contact") == []
    assert puts == []
    assert sum(1 for n in reads if n == 1) <= 2, reads  # not one read per contact


def test_the_first_upload_runs_puts_at_once(devices, clock, monkeypatch):
    in_flight, most = [0], [0]
    lock = threading.Lock()
    original = DavClient.put

    def watched(self, *args, **kwargs):
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        try:
            time.sleep(0.01)  # a round trip to a server further away than loopback
            return original(self, *args, **kwargs)
        finally:
            with lock:
                in_flight[0] -= 1

    monkeypatch.setattr(DavClient, "put", watched)
    with devices.a:
        _make(clock, 40)
        assert engine.sync(clock).pushed == 40
        assert SyncItem.select().count() == 40
    assert 2 <= most[0] <= engine.PUT_WORKERS
    with devices.b:
        assert engine.sync(clock).pulled == 40


def test_the_cli_prints_progress(isolated_home, clock, capsys, monkeypatch, dav_server):
    db = isolated_home / "cli.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["sync", "--db", str(db), "--setup", dav_server.url, "--user", USER,
                 "--password-stdin"], clock=clock) == 0
    store_db.close_db()
    store_db.init_db(db, clock=clock)
    _make(clock, 30)
    store_db.close_db()
    capsys.readouterr()
    assert main(["sync", "--db", str(db)], clock=clock) == 0
    store_db.close_db()
    captured = capsys.readouterr()
    assert captured.out.strip() == "Synced: uploaded 30, downloaded 0"
    assert "Sending contacts: " in captured.err and " of 30" in captured.err


def test_progress_counts_read_the_engine_lines():
    from relmanager.services.sync import progress_counts

    assert progress_counts("Sending contacts: 400 of 3000") == (400, 3000)
    assert progress_counts("Receiving 200 of 3000") == (200, 3000)
    assert progress_counts("Looking for changes in /alice/book/") == (0, 0)


def test_the_page_shows_progress_and_cancel_keeps_what_was_sent(
        qtbot, db, db_path, clock, tmp_path, radicale, monkeypatch):
    from PySide6.QtCore import Qt

    from relmanager.ui.settings.sync_page import SyncPage

    account.set_up(radicale.url, USER, PASSWORD)
    _make(clock, 300)
    gate = threading.Event()
    original = DavClient.put

    def slow(self, *args, **kwargs):
        gate.wait(10)  # held until the test has looked at the page
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DavClient, "put", slow)
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    service = SyncService(ctx, first_sync_ms=10**9)
    ctx.services.sync = service
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.progress.isVisible() and page.cancel_button.isVisible())
    gate.set()
    qtbot.waitUntil(lambda: page.progress.maximum() == 300 and page.progress.value() >= 8,
                    timeout=15000)
    shots = Path(os.environ.get("RELMANAGER_TEST_SHOTS", tmp_path))
    page.grab().save(str(shots / "sync-progress.png"))
    with qtbot.waitSignal(service.failed, timeout=15000) as failed:
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert "cancelled" in failed.args[0]
    assert not page.progress.isVisible()
    sent = SyncItem.select().count()
    assert 0 < sent < 300
    assert len(sync_state.changed_ids("contact")) == 300 - sent
    monkeypatch.setattr(DavClient, "put", original)
    with qtbot.waitSignal(service.synced, timeout=30000) as synced:
        service.sync_now()
    assert synced.args[0].pushed == 300 - sent
    service.shutdown()


def test_contacts_written_in_bulk_equal_those_written_one_by_one(devices, clock):
    """The batch path of a first pull writes the same rows as create_contact does."""
    from datetime import date

    from relmanager.domain.stages import Stage
    from relmanager.store.models import (
        Contact,
        ContactEmail,
        ContactLink,
        ContactPhone,
        ContactTag,
        StageChange,
    )

    def rows() -> dict:
        found = {}
        for contact in Contact.select().order_by(Contact.uid):
            values = {k: v for k, v in contact.__data__.items()
                      if k not in ("id", "created_at", "updated_at", "introduced_by")}
            values["introduced_by"] = contact.introduced_by.uid \
                if contact.introduced_by_id else None
            values["emails"] = [(e.email, e.label, e.position) for e in
                                ContactEmail.select().where(ContactEmail.contact == contact)
                                .order_by(ContactEmail.position)]
            values["phones"] = [(p.number, p.label, p.position) for p in
                                ContactPhone.select().where(ContactPhone.contact == contact)]
            values["links"] = [(k.kind, k.url, k.position) for k in
                               ContactLink.select().where(ContactLink.contact == contact)]
            values["tags"] = sorted(t.tag.name for t in
                                    ContactTag.select().where(ContactTag.contact == contact))
            values["stages"] = [(s.from_stage, s.to_stage) for s in
                                StageChange.select().where(StageChange.contact == contact)]
            found[contact.uid] = values
        return found

    with devices.a:
        grace = create_contact(clock, "Grace Hopper", emails=[("grace@navy.mil", "work"),
                                                              "g@example.org"],
                               phones=[("+1 555 0100", "mobile")],
                               links=[("website", "https://example.org/grace")],
                               tags=["cobol", "Navy"], stage=Stage.FRIENDSHIP,
                               organisation="US Navy", title="Rear Admiral",
                               notes="Line one\nline two", intent="mentor",
                               how_met="conference", where_met="Arlington",
                               met_on=date(2020, 5, 4), cadence_days=30, sphere="both")
        create_contact(clock, "Ada Lovelace", introduced_by=grace.id, tags=["cobol"],
                       birthday="--12-10")
        create_contact(clock, "Plain Person")
        engine.sync(clock)
        expected = rows()
    with devices.b:
        engine.sync(clock)
        got = rows()
        for uid in expected:
            for key in expected[uid]:
                assert got[uid][key] == expected[uid][key], (key, got[uid][key], expected[uid][key])
        assert got == expected  # search text and due dates included
        assert "hopper" in Contact.get(Contact.display_name == "Grace Hopper").search_text

"""``relmanager capture calendar --account`` against real CalDAV servers (issue 24, item 2):
past events with attendees on the sync account's calendar become interactions once; a
re-run captures nothing; a second device capturing the same events and then syncing does
not double them (the UID / RECURRENCE-ID key, carried into the entries' uids)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

from relmanager.store import db as store_db
from relmanager.sync import account
from relmanager.sync.dav import CAL, DavClient, member_href
from tests.sync.conftest import PASSWORD, USER

EVENTS = {
    # a past meeting with two contacts (and the user as organiser)
    "dinner": """BEGIN:VEVENT
UID:dinner-1@phone
DTSTAMP:20260101T000000Z
DTSTART:20260210T190000Z
DTEND:20260210T210000Z
SUMMARY:Dinner
LOCATION:Luigi's, Main Street
ORGANIZER:mailto:me@example.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:grace@example.org
END:VEVENT""",
    # a weekly call with Ada: three occurrences before 2 March, more after
    "weekly": """BEGIN:VEVENT
UID:weekly-ada@phone
DTSTAMP:20260101T000000Z
DTSTART:20260209T100000Z
DTEND:20260209T103000Z
RRULE:FREQ=WEEKLY;COUNT=6
SUMMARY:Weekly
LOCATION:https://meet.example.com/abc
ORGANIZER:mailto:ada@example.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.org
END:VEVENT""",
    # declined by Grace: Ada only
    "declined": """BEGIN:VEVENT
UID:declined@phone
DTSTAMP:20260101T000000Z
DTSTART:20260120T120000Z
DTEND:20260120T130000Z
SUMMARY:Lunch
ORGANIZER:mailto:me@example.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.org
ATTENDEE;PARTSTAT=DECLINED:mailto:grace@example.org
END:VEVENT""",
    # in the future: never captured
    "future": """BEGIN:VEVENT
UID:future@phone
DTSTAMP:20260101T000000Z
DTSTART:20260410T100000Z
DTEND:20260410T110000Z
SUMMARY:Later
ORGANIZER:mailto:me@example.org
ATTENDEE:mailto:grace@example.org
END:VEVENT""",
}
#: dinner: Ada + Grace (2), weekly: 3 (9, 16 and 23 Feb; 2 March 10:00 is after 09:00),
#: declined: Ada (1)
EXPECTED = 6


def _put_events(db: Path, clock) -> None:
    """An event calendar next to Relmanager's journal, as a phone's calendar app keeps."""
    store_db.init_db(db, clock=clock)
    try:
        client: DavClient = account.load().client()
        try:
            principal = client.principal()
            homes = dict(client.propfind(principal, "<cal:calendar-home-set/>"))
            home = next(iter(homes.values())).findtext(
                f"{{{CAL}}}calendar-home-set/{{DAV:}}href")
            events = urljoin(client.base, home.rstrip("/") + "/phone-events/")
            body = (f'<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" '
                    f'xmlns:c="{CAL}"><d:set><d:prop><d:displayname>Phone</d:displayname>'
                    f'<c:supported-calendar-component-set><c:comp name="VEVENT"/>'
                    f"</c:supported-calendar-component-set></d:prop></d:set>"
                    f"</c:mkcalendar>")
            assert client.request("MKCALENDAR", events, body).status in (200, 201)
            for name, event in EVENTS.items():
                text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\n"
                        + event.replace("\n", "\r\n") + "\r\nEND:VCALENDAR\r\n")
                client.put(member_href(events, name, ".ics"), text, "text/calendar", None)
        finally:
            client.close()
    finally:
        store_db.close_db()


def _interactions(cli, db: Path) -> list[dict]:
    code, out, err = cli(db, "list", "--json")
    assert code == 0, err
    return json.loads(out)


def _count(db: Path, clock) -> int:
    from relmanager.store.models import Interaction

    store_db.init_db(db, clock=clock)
    try:
        return Interaction.select().count()
    finally:
        store_db.close_db()


def test_capture_from_the_account_once_across_runs_and_devices(cli, dav_server, clock,
                                                               isolated_home):
    a, b = isolated_home / "a.sqlite3", isolated_home / "b.sqlite3"
    for db in (a, b):
        code, _out, err = cli(db, "sync", "--setup", dav_server.url, "--user", USER,
                              "--password-stdin", stdin=PASSWORD + "\n")
        assert code == 0, err
        assert cli(db, "me", "--email", "me@example.org")[0] == 0
    cli(a, "add", "Ada Lovelace", "--email", "ada@example.org", "--stage", "friendship")
    cli(a, "add", "Grace Hopper", "--email", "grace@example.org", "--stage", "friendship")
    assert cli(a, "sync")[0] == 0
    assert cli(b, "sync")[0] == 0  # the same contacts (same uids) on both devices
    _put_events(a, clock)

    code, out, err = cli(a, "capture", "calendar", "--account", "--dry-run")
    assert code == 0, err
    assert f"{EXPECTED} interactions with 2 people would be captured" in out
    assert _count(a, clock) == 0
    code, out, err = cli(a, "capture", "calendar", "--account")
    assert code == 0, err
    assert f"{EXPECTED} interactions with 2 people captured" in out
    rows = {r["name"]: r for r in _interactions(cli, a)}
    assert rows["Ada Lovelace"]["last_interaction_at"].startswith("2026-02-23")
    assert rows["Grace Hopper"]["last_interaction_at"].startswith("2026-02-10")
    # The coming meetings are kept for their briefs, as from an .ics file: the weekly
    # call's next two occurrences (the April one is past the two weeks looked ahead).
    code, out, err = cli(a, "meetings", "--json")
    assert code == 0, err
    coming = json.loads(out)
    assert [(m["summary"], m["starts_at"][:10]) for m in coming] == [
        ("Weekly", "2026-03-02"), ("Weekly", "2026-03-09")]
    code, out, _ = cli(a, "capture", "calendar", "--account")
    assert f"0 interactions with 0 people captured; {EXPECTED} already captured" in out
    assert _count(a, clock) == EXPECTED

    # The second device captures the same events before either syncs them.
    code, out, _ = cli(b, "capture", "calendar", "--account")
    assert f"{EXPECTED} interactions with 2 people captured" in out
    for db in (a, b, a):
        code, out, err = cli(db, "sync")
        assert code == 0, err
    assert _count(a, clock) == EXPECTED
    assert _count(b, clock) == EXPECTED
    # ...and capturing again after the sync still adds nothing.
    code, out, _ = cli(b, "capture", "calendar", "--account")
    assert "0 interactions with 0 people captured" in out
    assert _count(b, clock) == EXPECTED


def test_no_account_and_both_sources_are_clear_errors(cli, isolated_home):
    db = isolated_home / "c.sqlite3"
    cli(db, "me", "--email", "me@example.org")
    code, _, err = cli(db, "capture", "calendar", "--account")
    assert code == 1 and "no sync account is set up" in err
    code, _, err = cli(db, "capture", "calendar", "x.ics", "--account")
    assert code == 1 and "either a calendar FILE" in err


def test_a_wrong_password_on_the_account_is_one_line(cli, radicale, isolated_home,
                                                      monkeypatch):
    db = isolated_home / "d.sqlite3"
    assert cli(db, "sync", "--setup", radicale.url, "--user", USER, "--password-stdin",
               stdin=PASSWORD + "\n")[0] == 0
    cli(db, "me", "--email", "me@example.org")
    monkeypatch.setattr(account.SyncAccount, "password", lambda self: "wrong")
    code, _, err = cli(db, "capture", "calendar", "--account")
    assert code == 1 and "the sync account's calendars:" in err
    assert "Traceback" not in err and "wrong" not in err


AUDIT = """
import json, os, sys
import keyring
for service, user, password in json.loads(os.environ["AUDIT_SECRETS"]):
    keyring.get_keyring().set_password(service, user, password)  # the test's memory keyring
seen = []
def hook(event, args):
    if event == "socket.connect":
        seen.append(args[1] if isinstance(args[1], str) else list(args[1])[:2])
sys.addaudithook(hook)
from relmanager.cli import main
try:
    code = main(sys.argv[2:])
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(seen, out)
sys.exit(code)
"""


def _audited(tmp_path: Path, *argv: str) -> tuple[int, list]:
    """``relmanager ARGV`` in a child process that logs every socket it connects."""
    import os
    import subprocess
    import sys

    import keyring

    secrets = [[s, u, p] for (s, u), p in keyring.get_keyring().store.items()]
    log = tmp_path / f"connects-{len(list(tmp_path.glob('connects-*')))}.json"
    done = subprocess.run([sys.executable, "-c", AUDIT, str(log), *argv],
                          check=False, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "RELMANAGER_FAKE_NOW": "2026-03-02T09:00:00",
                               "AUDIT_SECRETS": json.dumps(secrets)})
    assert done.returncode == 0, done.stderr
    return done.returncode, json.loads(log.read_text())


def test_capture_connects_to_no_server_but_the_configured_one(cli, radicale, isolated_home,
                                                              clock, tmp_path):
    """Issue 24, item 9: zero network connections except to the configured servers. A
    local mbox or .ics: none at all (other than local sockets such as the keyring's
    D-Bus); the sync account's calendars: only the sync server's address and port."""
    db = isolated_home / "audit.sqlite3"
    assert cli(db, "sync", "--setup", radicale.url, "--user", USER, "--password-stdin",
               stdin=PASSWORD + "\n")[0] == 0
    cli(db, "me", "--email", "me@example.org")
    cli(db, "add", "Ada Lovelace", "--email", "ada@example.org")
    _put_events(db, clock)
    mbox = tmp_path / "one.mbox"
    mbox.write_text("From - Tue Feb 03 10:00:00 2026\nMessage-ID: <a@x>\n"
                    "Date: Tue, 03 Feb 2026 10:00:00 +0000\nFrom: me@example.org\n"
                    "To: ada@example.org\n\nhi\n")
    ics = tmp_path / "one.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
                   + EVENTS["dinner"].replace("\n", "\r\n") + "\r\nEND:VCALENDAR\r\n")

    _code, seen = _audited(tmp_path, "capture", "--db", str(db), "mail", str(mbox))
    assert [s for s in seen if not isinstance(s, str)] == []
    _code, seen = _audited(tmp_path, "capture", "--db", str(db), "calendar", str(ics))
    assert [s for s in seen if not isinstance(s, str)] == []

    _code, seen = _audited(tmp_path, "capture", "--db", str(db), "calendar", "--account")
    network = [tuple(s) for s in seen if not isinstance(s, str)]
    assert network, "the audit hook saw no connection to the server at all"
    assert set(network) == {("127.0.0.1", radicale.port)}

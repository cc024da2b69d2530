"""Credentials go only where the user sent them (issue 18, item 12): two loopback servers
on different ports are two origins, and the second must never see the Authorization
header, whether the first redirects there or names it in a listing; https never drops to
http; http:// is refused for other machines; a password inside the address is refused
and one stored by an older version is scrubbed from the database."""

from __future__ import annotations

import json
import sqlite3

import pytest

from relmanager import secrets
from relmanager.store import db as store_db
from relmanager.store import settings
from relmanager.sync import account
from relmanager.sync.dav import DavClient, DavError
from tests.sync.conftest import PASSWORD, USER
from tests.sync.servers import make_certificate, recording_server

MULTISTATUS = {"Content-Type": "application/xml; charset=utf-8"}


def _principal_at(href: str) -> bytes:
    return (f'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response>'
            f"<d:href>/</d:href><d:propstat><d:prop><d:current-user-principal>"
            f"<d:href>{href}</d:href></d:current-user-principal></d:prop>"
            f"<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
            f"</d:multistatus>").encode()


def _unauthorized(_method: str, _path: str):
    return 401, {"WWW-Authenticate": 'Basic realm="other"'}, b""


def test_a_redirect_to_another_origin_never_carries_the_password():
    with recording_server(_unauthorized) as other:
        def redirect(_method, path):
            return 307, {"Location": other.url.rstrip("/") + path}, b""

        with recording_server(redirect) as first:
            client = DavClient(first.url, USER, PASSWORD, timeout=5)
            try:
                with pytest.raises(DavError) as caught:
                    client.discover(create=False)
            finally:
                client.close()
    assert first.authorizations(), "the server the user typed gets the credentials"
    assert other.seen, "the redirect was followed (without the password)"
    assert other.authorizations() == []
    message = str(caught.value)
    assert PASSWORD not in message
    assert "user name or password" not in message  # not blamed on the password


def test_an_href_on_another_origin_never_gets_the_password():
    """Discovery does not even ask a principal on another origin (see
    test_discovery_hostile.py); a request for an address there, made all the same, goes
    without the password."""
    with recording_server(_unauthorized) as other:
        def principal_elsewhere(_method, _path):
            return 207, MULTISTATUS, _principal_at(other.url + "alice/")

        with recording_server(principal_elsewhere) as first:
            client = DavClient(first.url, USER, PASSWORD, timeout=5)
            try:
                with pytest.raises(DavError):
                    client.discover(create=False)
                assert other.seen == []
                with pytest.raises(DavError) as caught:
                    client.request("PROPFIND", other.url + "alice/", "<x/>")
            finally:
                client.close()
    assert first.authorizations()
    assert other.seen and other.authorizations() == []
    assert "only sent to the address you entered" in str(caught.value)


def test_https_never_redirects_down_to_http(tmp_path, monkeypatch):
    certificate = make_certificate(tmp_path / "tls")
    # Trusted the way every version could (the test is about the redirect, not trust).
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert))
    with recording_server(_unauthorized) as plain:
        def downgrade(_method, path):
            return 301, {"Location": plain.url.rstrip("/") + path}, b""

        with recording_server(downgrade, tls=certificate.server_context()) as secure:
            client = DavClient(secure.url, USER, PASSWORD, timeout=5)
            try:
                with pytest.raises(DavError) as caught:
                    client.discover(create=False)
            finally:
                client.close()
    assert secure.authorizations()
    assert plain.authorizations() == []
    assert plain.seen == []  # not followed at all
    assert "unencrypted" in str(caught.value)


@pytest.mark.parametrize("url", ["http://dav.example.org/", "http://192.168.1.10:5232/",
                                 "HTTP://cloud.example.org/remote.php/dav"])
def test_http_to_another_machine_is_refused(url):
    with pytest.raises(DavError) as caught:
        DavClient(url, USER, PASSWORD)
    assert "https://" in str(caught.value)
    assert "unencrypted" in str(caught.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:5232/", "http://localhost:5232/",
                                 "http://[::1]:5232/", "https://dav.example.org/"])
def test_https_and_this_machine_are_accepted(url):
    DavClient(url, USER, PASSWORD).close()


def test_a_password_inside_the_address_is_refused_and_never_stored(db):
    url = "https://alice:hunter2-secret@dav.example.org/dav/"
    with pytest.raises(DavError) as caught:
        account.set_up(url, USER, PASSWORD)
    message = str(caught.value)
    assert "hunter2-secret" not in message
    assert "User name and Password fields" in message
    assert account.load() is None
    assert settings.get_value("sync.account") is None


def test_a_password_stored_inside_the_address_is_scrubbed_on_open(db_path, clock):
    store_db.init_db(db_path, clock=clock)
    settings.set_value("sync.account", {
        "url": "https://alice:hunter2-secret@dav.example.org:8443/dav/", "user": "alice",
        "addressbook": "/alice/book/", "calendar": "/alice/cal/"})
    store_db.close_db()
    raw = db_path.read_bytes() + (db_path.with_name(db_path.name + "-wal").read_bytes()
                                  if db_path.with_name(db_path.name + "-wal").exists()
                                  else b"")
    assert b"hunter2-secret" in raw  # what older versions left behind

    store_db.init_db(db_path, clock=clock)
    stored = account.load()
    assert stored is not None and stored.url == "https://dav.example.org:8443/dav/"
    assert stored.addressbook == "/alice/book/"
    notice = account.take_notice()
    assert notice and "removed" in notice and "change that password" in notice
    assert account.take_notice() is None  # told once
    store_db.close_db()
    for path in db_path.parent.glob(db_path.name + "*"):
        assert b"hunter2-secret" not in path.read_bytes(), path.name
    with sqlite3.connect(db_path) as check:
        value = check.execute("SELECT value FROM setting WHERE key='sync.account'").fetchone()
    assert "hunter2" not in json.loads(value[0])["url"]


def test_the_cli_tells_the_user_the_password_was_removed(db_path, clock, capsys):
    from relmanager.cli import main

    store_db.init_db(db_path, clock=clock)
    settings.set_value("sync.account", {"url": "https://a:pw-in-url@dav.example.org/",
                                        "user": "a"})
    store_db.close_db()
    assert main(["sync", "--db", str(db_path), "--status"], clock=clock) == 0
    store_db.close_db()
    captured = capsys.readouterr()
    assert "password was stored inside the sync server address" in captured.err
    assert "pw-in-url" not in captured.out + captured.err
    assert secrets.get_secret(account.SECRET, "a@https://dav.example.org/") is None


def test_the_status_bar_and_the_sync_page_tell_the_user(qtbot, db_path, clock, tmp_path):
    from relmanager.services.context import AppContext, make_settings
    from relmanager.services.sync import SyncService
    from relmanager.ui.settings.sync_page import SyncPage

    store_db.init_db(db_path, clock=clock)
    settings.set_value("sync.account", {"url": "https://a:pw-in-url@dav.example.org/",
                                        "user": "a"})
    store_db.close_db()
    store_db.init_db(db_path, clock=clock)  # the app opening it
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    service = SyncService(ctx, first_sync_ms=10**9)
    ctx.services.sync = service
    assert service.status_text() == "Sync needs you: see Settings > Sync"
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    assert "password was stored inside the sync server address" in page.result.text()
    assert "pw-in-url" not in page.result.text() + page.url.text()
    assert service.status_text() == "Not synced yet"  # told once

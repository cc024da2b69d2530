"""A server with its own (self-signed) certificate (issue 18, item 10): the error says the
certificate is not trusted and shows its fingerprint (not "check the address"), and the
user can trust it: `relmanager sync --setup URL --ca-file PEM`, `--trust-fingerprint`,
or Settings > Sync > Trust this certificate…, which pins it. Against a real Radicale
speaking TLS on 127.0.0.1 with a certificate made for the test."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from relmanager.services.context import AppContext, make_settings
from relmanager.sync import account
from tests.sync.conftest import PASSWORD, USER, Radicale
from tests.sync.servers import Certificate, make_certificate


def fingerprint(der: bytes) -> str:
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


@pytest.fixture
def tls_radicale(tmp_path: Path):
    certificate = make_certificate(tmp_path / "tls")
    server = Radicale(tmp_path / "radicale-tls")
    server.args += ["--server-ssl", "True", "--server-certificate", str(certificate.cert),
                    "--server-key", str(certificate.key)]
    server.url = server.url.replace("http://", "https://")
    server.start()
    yield server, certificate
    server.stop()


def test_cli_untrusted_then_trusted_with_ca_file(cli, tls_radicale, isolated_home):
    server, certificate = tls_radicale
    db = isolated_home / "a.sqlite3"
    code, _out, err = cli(db, "sync", "--setup", server.url, "--user", USER,
                          "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 1
    assert "not trusted" in err and "check the address" not in err
    assert fingerprint(certificate.der) in err
    assert "--ca-file" in err and "Traceback" not in err
    code, _out, err = cli(db, "sync", "--setup", server.url, "--user", USER,
                          "--password-stdin", "--ca-file", str(certificate.cert),
                          stdin=PASSWORD + "\n")
    assert code == 0, err
    cli(db, "add", "Ada Lovelace", "--email", "ada@example.org")
    code, out, err = cli(db, "sync")
    assert code == 0, err
    assert out.strip() == "Synced: uploaded 1, downloaded 0"


def test_cli_trusts_a_fingerprint_and_refuses_another_certificate(
        cli, tls_radicale, isolated_home, tmp_path):
    server, certificate = tls_radicale
    db = isolated_home / "a.sqlite3"
    other: Certificate = make_certificate(tmp_path / "other", "other")
    code, _out, err = cli(db, "sync", "--setup", server.url, "--user", USER,
                          "--password-stdin", "--trust-fingerprint",
                          fingerprint(other.der), stdin=PASSWORD + "\n")
    assert code == 1 and "not the one you chose to trust" in err
    code, _out, err = cli(db, "sync", "--setup", server.url, "--user", USER,
                          "--password-stdin", "--trust-fingerprint",
                          fingerprint(certificate.der).replace(":", "").lower(),
                          stdin=PASSWORD + "\n")
    assert code == 0, err
    code, _out, err = cli(db, "sync")
    assert code == 0, err


def test_settings_page_offers_to_trust_the_certificate(qtbot, db, db_path, clock, tmp_path,
                                                        tls_radicale, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from relmanager.ui.settings.sync_page import SyncPage

    server, certificate = tls_radicale
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert not page.trust_button.isVisible()
    page.url.setText(server.url)
    page.user.setText(USER)
    page.password.setText(PASSWORD)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not trusted" in page.result.text(), timeout=15000)
    assert page.trust_button.isVisible()
    shown = []

    def answer(_parent, _title, text, *_args):
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
    assert fingerprint(certificate.der) in shown[0]
    qtbot.waitUntil(lambda: page.result.text().startswith("Connected as alice"),
                    timeout=15000)
    assert fingerprint(certificate.der) in page.trusted.text()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text().startswith("Saved."), timeout=15000)
    shots = Path(os.environ.get("RELMANAGER_TEST_SHOTS", tmp_path))
    page.grab().save(str(shots / "sync-page-trusted.png"))
    assert account.load().pin_sha256 == fingerprint(certificate.der)
    client = account.load().client()
    try:
        assert client.discover(create=False).addressbook
    finally:
        client.close()


def test_a_file_that_is_not_a_certificate_is_refused(cli, isolated_home, tmp_path):
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
    code, _out, err = cli(isolated_home / "a.sqlite3", "sync", "--setup",
                          "https://127.0.0.1:1/", "--user", USER, "--password-stdin",
                          "--ca-file", str(bad), stdin=PASSWORD + "\n")
    assert code == 1 and "not a readable PEM certificate" in err and "Traceback" not in err
    code, _out, err = cli(isolated_home / "a.sqlite3", "sync", "--setup",
                          "https://127.0.0.1:1/", "--user", USER, "--password-stdin",
                          "--ca-file", str(tmp_path / "missing.pem"), stdin=PASSWORD + "\n")
    assert code == 1 and "cannot read the certificate file" in err

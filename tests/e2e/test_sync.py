"""F5 in the real window syncs with a real Radicale on 127.0.0.1: the contact made in the
window reaches the server, and one put on the server (by another device) comes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import AppProcess
from tests.sync.conftest import PASSWORD, USER, Radicale

pytestmark = pytest.mark.slow


@pytest.fixture
def radicale(tmp_path: Path):
    server = Radicale(tmp_path / "radicale")
    server.start()
    yield server
    server.stop()


def _server_cards(server: Radicale) -> str:
    """The address books as the server stores them (its own cache folders left out)."""
    return "\n".join(p.read_text() for p in (server.root / "collections").rglob("*.vcf")
                     if not any(part.startswith(".Radicale") for part in p.parts))


def test_f5_syncs_with_the_server(app: AppProcess, radicale: Radicale, tmp_path: Path):
    app.cli("add", "Ada Lovelace", "--email", "ada@example.org")
    app.cli("sync", "--setup", radicale.url, "--user", USER, "--password-stdin",
            stdin=PASSWORD + "\n")
    # A second device (its own database) puts Grace on the server first.
    other = AppProcess(tmp_path / "other.sqlite3", app.env)
    other.cli("add", "Grace Hopper")
    other.cli("sync", "--setup", radicale.url, "--user", USER, "--password-stdin",
              stdin=PASSWORD + "\n")
    other.cli("sync")
    assert "Grace Hopper" in _server_cards(radicale)
    assert "Ada Lovelace" not in _server_cards(radicale)

    app.start()
    app.key("F5")
    # The app also syncs by itself 20 s after start (FIRST_SYNC_MS): a sync within 12 s
    # of the key is the key's.
    done = app.wait_for("sync_done", timeout=12)
    assert "Ada Lovelace" in _server_cards(radicale)
    assert sorted(c["name"] for c in app.contacts()) == ["Ada Lovelace", "Grace Hopper"]
    assert done["summary"]
    app.ensure_not_logged("sync_failed")

"""A real Xandikos CardDAV/CalDAV server on 127.0.0.1, the stricter second server the
sync tests run against. scripts/foreign-tools installs it into its own venv
(``.foreign/xandikos``);
``RELMANAGER_TEST_XANDIKOS`` may name another ``xandikos`` executable. Xandikos has no
accounts of its own (a proxy in front of it checks passwords), so any user name and
password are let in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.sync.dav_process import ServerProcess

ROOT = Path(__file__).resolve().parents[2]


def executable() -> str | None:
    """The xandikos program to run, or None when it is not installed."""
    named = os.environ.get("RELMANAGER_TEST_XANDIKOS")
    if named:
        return named if Path(named).exists() else None
    local = ROOT / ".foreign" / "xandikos" / "bin" / "xandikos"
    return str(local) if local.exists() else shutil.which("xandikos")


class Xandikos(ServerProcess):
    """One server process with the default address book and calendar of ``/user/``."""

    kind = "xandikos"
    start_timeout_s = 30.0

    def __init__(self, root: Path, program: str) -> None:
        super().__init__(root)
        self.args = [program, "serve", "-d", str(root / "data"), "--defaults",
                     "--port", str(self.port), "--listen-address", "127.0.0.1",
                     "--state-dir", str(root / "state"), "--no-detect-systemd"]

"""A throwaway Dovecot IMAP server on a loopback port, for the IMAP capture tests.

Its whole configuration, mail and logs live in one temporary folder; it listens on
127.0.0.1 only, plain IMAP (loopback), one user with a password from a passwd-file.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


@dataclass(frozen=True)
class Dovecot:
    port: int
    user: str
    password: str
    maildir: Path  # the user's Maildir (INBOX; subfolders are ".Name")
    uid: int
    gid: int

    def deliver(self, name: str, data: bytes, folder: str = "") -> None:
        """Put a message in INBOX (or Maildir++ subfolder ``folder``) as the mail user,
        marked seen, so a test can check it stays exactly as it was."""
        box = self.maildir / f".{folder}" if folder else self.maildir
        for sub in ("cur", "new", "tmp"):
            (box / sub).mkdir(parents=True, exist_ok=True)
        path = box / "cur" / f"{name}:2,S"
        path.write_bytes(data)
        for item in (self.maildir.parent, self.maildir, *self.maildir.rglob("*")):
            os.chown(item, self.uid, self.gid)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def dovecot_server() -> Iterator[Dovecot]:
    root = Path(tempfile.mkdtemp(prefix="relmanager-dovecot-"))
    root.chmod(0o755)  # the mail user (not root) reaches its Maildir through it
    if os.getuid() == 0:
        internal, login = "dovecot", "dovenull"
        mail_uid = pwd.getpwnam("dovecot")
    else:
        internal = login = pwd.getpwuid(os.getuid()).pw_name
        mail_uid = pwd.getpwuid(os.getuid())
    maildir = root / "mail" / "alice"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    port = _free_port()
    (root / "users").write_text("alice:{PLAIN}s3cret-imap\n")
    conf = root / "dovecot.conf"
    conf.write_text(f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={mail_uid.pw_uid} gid={mail_uid.pw_gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
""")
    (root / "run").mkdir()
    (root / "state").mkdir()
    server = Dovecot(port, "alice", "s3cret-imap", maildir, mail_uid.pw_uid, mail_uid.pw_gid)
    server.deliver("0.init", b"")  # owns the folders; an empty file is removed below
    (maildir / "cur" / "0.init:2,S").unlink()

    errors = (root / "stderr.txt").open("wb")
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL,
                               stderr=errors)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (root / "dovecot.log")
                    raise RuntimeError("dovecot did not start: " + (
                        log.read_text()[-2000:] if log.exists() else "")
                        + (root / "stderr.txt").read_text()[-2000:]) from None
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()
        shutil.rmtree(root, ignore_errors=True)

"""Relmanager and vdirsyncer (with khard for contacts and todoman for tasks) on the same
account of a real Radicale: what the user adds in khard and todoman survives Relmanager's
edits, and what Relmanager writes shows in khard and todoman. The foreign programs run as
real processes from their own venvs (scripts/foreign-tools); without them the test skips
and says why."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from relmanager.domain.stages import Stage
from relmanager.interchange.content_lines import split_lines
from relmanager.store.activity import move_stage
from relmanager.store.contacts import create_contact, find_contact, update_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import FollowUp
from relmanager.sync import engine
from tests.sync.conftest import PASSWORD, USER, foreign_tool

# khard's editor: a script that edits the YAML template khard hands it, as a user would.
KHARD_EDIT = """
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r"^Nickname *:.*$", "Nickname: Enchantress of Numbers", text, flags=re.M)
text = re.sub(r"^Anniversary *:.*$", "Anniversary: 1835-07-08", text, flags=re.M)
text = re.sub(r"^Address *:.*?(?=^Categories)", '''Address:
    home:
        Box:
        Extended:
        Street: 12 St James Square
        Code: SW1Y 4JH
        City: London
        Region:
        Country: United Kingdom
''', text, flags=re.M | re.S)
open(path, "w", encoding="utf-8").write(text)
"""


class Clients:
    """vdirsyncer, khard and todoman configured for one account, all in ``root``."""

    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        self.vdirsyncer = foreign_tool("vdirsyncer")
        self.khard = foreign_tool("khard")
        self.todo = foreign_tool("todoman")
        (root / "status").mkdir(parents=True)
        (root / "contacts").mkdir()
        (root / "calendars").mkdir()
        pair = """
[pair {name}]
a = "{name}_local"
b = "{name}_remote"
collections = ["from b"]

[storage {name}_local]
type = "filesystem"
path = "{root}/{name}/"
fileext = "{ext}"

[storage {name}_remote]
type = "{kind}"
url = "{url}"
username = "{user}"
password = "{password}"
"""
        config = f'[general]\nstatus_path = "{root}/status/"\n'
        for name, ext, kind in (("contacts", ".vcf", "carddav"),
                                ("calendars", ".ics", "caldav")):
            config += pair.format(name=name, ext=ext, kind=kind, url=url, user=USER,
                                  password=PASSWORD, root=root)
        (root / "vdirsyncer.conf").write_text(config)
        (root / "edit.py").write_text(KHARD_EDIT)
        editor = root / "editor.sh"
        editor.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{root}/edit.py" "$1"\n')
        editor.chmod(0o755)

    def run(self, *argv: str | Path, stdin: str = "") -> str:
        env = {**os.environ, "HOME": str(self.root), "EDITOR": str(self.root / "editor.sh"),
               "XDG_CONFIG_HOME": str(self.root / "config"),
               "XDG_CACHE_HOME": str(self.root / "cache"),
               "XDG_DATA_HOME": str(self.root / "data")}
        done = subprocess.run([str(a) for a in argv], input=stdin, capture_output=True,
                              text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
        return done.stdout

    def sync(self) -> None:
        conf = self.root / "vdirsyncer.conf"
        self.run(self.vdirsyncer, "-c", conf, "discover", stdin="y\n" * 10)
        self.run(self.vdirsyncer, "-c", conf, "sync")

    def book(self) -> Path:
        return next(p for p in (self.root / "contacts").iterdir() if p.is_dir())

    def calendar(self) -> Path:
        return next(p for p in (self.root / "calendars").iterdir() if p.is_dir())

    def khard_conf(self) -> Path:
        conf = self.root / "khard.conf"
        conf.write_text(f"[addressbooks]\n[[main]]\npath = {self.book()}/\n[general]\n"
                        f"editor = {self.root / 'editor.sh'}\n"
                        f"merge_editor = {self.root / 'editor.sh'}\n")
        return conf

    def todo_conf(self) -> Path:
        conf = self.root / "todoman.py"
        conf.write_text(f'path = "{self.root}/calendars/*"\ndate_format = "%Y-%m-%d"\n'
                        f'time_format = "%H:%M"\ncache_path = "{self.root}/todoman.sqlite"\n')
        return conf


def _foreign(text: str, owned: set[str]) -> list[str]:
    return [line.unfolded for line in split_lines(text) if line.name not in owned
            and not line.name.startswith("X-RELMANAGER-")]


def test_khard_and_todoman_edits_survive_relmanager_and_back(dav_server, isolated_home,
                                                             clock, devices, tmp_path):
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", emails=["ada@engines.example"],
                             phones=[("+44 20 7946 0001", "mobile")],
                             stage=Stage.DEVELOPMENT, organisation="Analytical Engines")
        create_follow_up(clock, ada.id, "send the notes", clock.now() + timedelta(days=2))
        engine.sync(clock)
    clients = Clients(tmp_path / "foreign", dav_server.url)
    clients.sync()
    khard = clients.khard_conf()
    listed = clients.run(clients.khard, "-c", khard, "list", "--parsable")
    assert "Ada Lovelace" in listed

    # 1. edit in khard (nickname, address, anniversary), vdirsyncer sync
    clients.run(clients.khard, "-c", khard, "edit", "Ada")
    card_file = next(clients.book().glob("*.vcf"))
    after_khard = card_file.read_text()
    assert "Enchantress of Numbers" in after_khard and "St James Square" in after_khard
    # 2. todoman marks the task done
    todo = clients.todo_conf()
    tasks = json.loads(clients.run(clients.todo, "-c", todo, "--porcelain", "list"))
    assert [t["summary"] for t in tasks] == ["send the notes (Ada Lovelace)"]
    clients.run(clients.todo, "-c", todo, "done", str(tasks[0]["id"]))
    task_file = next(clients.calendar().glob("*.ics"))
    after_todoman = task_file.read_text()
    clients.sync()

    # 3. Relmanager takes both, then edits the contact and the task, and syncs
    with devices.a:
        report = engine.sync(clock)
        assert report.pulled == 2 and not report.skipped, report.summary()
        assert FollowUp.get().done_at is not None  # done in todoman
        ada = find_contact("Ada Lovelace")
        move_stage(clock, [ada.id], Stage.FRIENDSHIP)
        update_contact(clock, ada.id, title="Countess of Lovelace")
        follow_up = FollowUp.get()
        FollowUp.update(note="with the table of Bernoulli numbers").where(
            FollowUp.id == follow_up.id).execute()
        report = engine.sync(clock)
        assert report.pushed == 2, report.summary()
    clients.sync()

    # 4. khard still shows every field; todoman's task keeps what todoman wrote
    shown = clients.run(clients.khard, "-c", khard, "show", "Ada")
    for expected in ("Enchantress of Numbers", "12 St James Square", "London",
                     "ada@engines.example", "+44 20 7946 0001", "Countess of Lovelace"):
        assert expected in shown, shown
    final_card = card_file.read_text()
    assert _foreign(final_card, {"TITLE"}) == _foreign(after_khard, {"TITLE"})
    assert "X-RELMANAGER-STAGE:friendship" in final_card
    final_task = task_file.read_text()
    assert _foreign(final_task, {"DESCRIPTION"}) == _foreign(after_todoman, {"DESCRIPTION"})
    assert "Bernoulli" in final_task
    tasks = json.loads(clients.run(clients.todo, "-c", todo, "--porcelain", "list",
                                   "--status", "ANY"))
    assert tasks[0]["completed"] is True or tasks[0].get("completed_at")

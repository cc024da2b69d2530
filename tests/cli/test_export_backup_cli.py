"""``export``, ``backup``, ``backups`` and ``restore`` through the real command line."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.paths import backup_dir


@pytest.fixture
def cli(db_path: Path, clock, capsys: pytest.CaptureFixture[str]):
    def call(*argv: str) -> tuple[int, str, str]:
        code = main([argv[0], "--db", str(db_path), *argv[1:]], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err
    return call


def test_export_each_kind_privately(cli, tmp_path):
    cli("add", "Ada Lovelace", "--email", "ada@example.org", "--stage", "friendship")
    cli("add", "Bo Berg", "--stage", "recognition", "--tag", "math")
    code, out, _ = cli("export", "vcard", str(tmp_path / "all.vcf"))
    assert code == 0 and "2 contacts" in out
    assert (tmp_path / "all.vcf").read_text().count("BEGIN:VCARD") == 2
    code, out, _ = cli("export", "csv", str(tmp_path / "f.csv"), "--stage", "friendship")
    assert out.strip().endswith(": 1 contact")
    code, out, _ = cli("export", "vcard", str(tmp_path / "tag.vcf"), "--tag", "math")
    assert "Bo Berg" in (tmp_path / "tag.vcf").read_text()
    code, out, _ = cli("export", "ics", str(tmp_path / "plan.ics"))
    assert code == 0 and "BEGIN:VCALENDAR" in (tmp_path / "plan.ics").read_text()
    for name in ("all.vcf", "f.csv", "tag.vcf", "plan.ics"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_export_to_a_missing_folder_fails_cleanly(cli, tmp_path):
    code, out, err = cli("export", "vcard", str(tmp_path / "nope" / "all.vcf"))
    assert code != 0 and out == "" and err.count("\n") == 1


def test_backup_list_restore_keeps_the_replaced_database(cli, db_path, tmp_path):
    cli("add", "Before Backup")
    code, out, _ = cli("backup")
    assert code == 0 and "backed up to" in out
    backup = Path(out.split("backed up to ")[1].strip())
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    cli("add", "After Backup")
    code, out, _ = cli("backups")
    assert backup.name in out
    code, out, err = cli("restore", str(backup))
    assert code == 0, err
    assert code == 0 and ": 1 contact, 0 interactions" in out and "kept as" in out
    code, out, _ = cli("list")
    assert "Before Backup" in out and "After Backup" not in out
    kept = next(backup_dir(db_path).glob("before-restore-*.sqlite3"))
    names = [r[0] for r in sqlite3.connect(kept).execute("SELECT display_name FROM contact")]
    assert sorted(names) == ["After Backup", "Before Backup"]


def test_restore_refuses_a_broken_file_and_changes_nothing(cli, db_path, tmp_path):
    cli("add", "Kept")
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50 + b"garbage" * 100)
    before = db_path.read_bytes()
    code, _out, err = cli("restore", str(broken))
    assert code == 1 and "broken.sqlite3" in err
    assert db_path.read_bytes() == before
    code, out, _ = cli("list")
    assert "Kept" in out

"""``relmanager import``, ``undo-import`` and ``imports`` through the real command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from relmanager.cli import main

FIXTURES = Path(__file__).parents[1] / "interchange" / "fixtures"


@pytest.fixture
def cli(db_path: Path, clock, capsys: pytest.CaptureFixture[str]):
    def call(*argv: str) -> tuple[int, str, str]:
        code = main([argv[0], "--db", str(db_path), *argv[1:]], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err
    return call


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dry_run_reports_and_writes_nothing(cli, db_path):
    code, out, err = cli("import", str(FIXTURES / "linkedin_connections.csv"), "--dry-run")
    assert code == 0
    assert "4 contacts found (linkedin)" in out and "4 would be added, 0 merged" in out
    assert "row 4 (line 8): no name and no email; skipped" in err
    code, out, _ = cli("list")
    assert out.strip() == "" or "Ada" not in out


def test_import_then_duplicates_then_undo(cli):
    code, out, _ = cli("import", str(FIXTURES / "vcard30_apple.vcf"))
    assert code == 0 and "import 1: 2 added, 0 merged, 0 skipped" in out
    code, out, _ = cli("list", "--search", "lamarr")
    assert "Hedy Lamarr" in out and "inbox" in out
    code, out, _ = cli("import", str(FIXTURES / "vcard30_apple.vcf"), "--duplicates", "skip")
    assert "import 2: 0 added, 0 merged, 2 skipped" in out
    assert "Hedy Lamarr: same email hedy@example.com (Hedy Lamarr) -> skip" in out
    code, out, _ = cli("imports")
    assert out.count("active") == 2
    code, out, _ = cli("undo-import", "1")
    assert code == 0 and "import 1 (" in out and "2 contacts removed" in out
    code, out, _ = cli("list", "--search", "lamarr")
    assert "Hedy" not in out
    code, _out, err = cli("undo-import", "1")
    assert code == 1 and "already undone" in err


@pytest.mark.parametrize("name", ["junk.bin", "empty.vcf", "not_contacts.txt"])
def test_unreadable_files_fail_with_one_line_and_leave_the_database(cli, db_path, name):
    cli("add", "Kept Contact")
    before = _digest(db_path)
    code, out, err = cli("import", str(FIXTURES / name))
    assert code == 1 and out == ""
    assert err.startswith("relmanager: error: ") and name in err and err.count("\n") == 1
    assert _digest(db_path) == before


def test_missing_file_and_no_import_to_undo(cli, tmp_path):
    code, _out, err = cli("import", str(tmp_path / "nope.vcf"))
    assert code == 1 and "nope.vcf" in err
    code, _out, err = cli("undo-import")
    assert code == 1 and "no import to undo" in err

"""A name from a vCard with a NUL, an ESC or a right-to-left override is stored as it
came and shown whole, isolated, as text.

A vCard 2.1 card can carry any byte in quoted-printable (``=00``, ``=1B``), and a sync
server any character. The NUL was kept in the name but everything that carries a name on
is a C string somewhere (D-Bus to the notification server and the tray's menu, the
window system, a pipe from ``relmanager list`` to ``cut``): "Ann<NUL>Evil Smith" became
"Ann". An ESC printed by the command line starts a terminal escape sequence (here one
that sets the terminal's title). And an override in the name of an archived contact read
the list's "(archived)" backwards. A control character is shown as U+FFFD everywhere a
name is shown; the database keeps what came.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from relmanager.domain.stages import Stage
from relmanager.domain.text import visible
from relmanager.store.contacts import create_contact
from relmanager.ui.shared.plain import inert, menu_text
from tests.bidi_levels import RLO, open_after

ROOT = Path(__file__).resolve().parents[2]
NUL_NAME = "Ann\x00Evil Smith"
ESC_NAME = "Eve\x1b]0;pwned\x07 Mallory"

CARDS = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Ann=00Evil Smith\r\n"
    "N:Smith;Ann;;;\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Eve=1B]0;pwned=07 Mallory\r\n"
    "END:VCARD\r\n"
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob {RLO}Roe\r\nEND:VCARD\r\n"
)


def test_controls_are_shown_as_replacement_characters():
    assert visible(NUL_NAME) == "Ann\ufffdEvil Smith"
    assert visible("a\tb\nc") == "a\ufffdb\ufffdc"  # one line: a name
    assert visible("a\tb\nc\x00", lines=True) == "a\tb\nc\ufffd"  # a notification's body
    assert visible("Ada Lovelace") == "Ada Lovelace"
    assert visible("\x85\x9f\x7f") == "\ufffd" * 3  # C1 and DEL too
    assert visible(f"{RLO}A\x00") == "A\ufffd"  # an override is dropped for display
    assert "\x00" not in inert(f"{NUL_NAME}: cooling\nLog?") and "\n" in inert("a\nb")
    assert menu_text(f"{NUL_NAME} & Co") == "Ann\ufffdEvil Smith && Co"


def _named(clock, name: str):
    """A contact whose name is ``name`` as an import or a sync stores it (the window's
    own form refuses control characters)."""
    from relmanager.store.models import Contact

    contact = create_contact(clock, "Placeholder", stage=Stage.DEVELOPMENT)
    Contact.update(display_name=name).where(Contact.id == contact.id).execute()
    return contact


def _cli(db: Path, *argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "relmanager", argv[0], "--db", str(db),
                           *argv[1:]], capture_output=True, cwd=ROOT, env=env, timeout=120,
                          check=False)


def test_the_command_line_prints_the_whole_name_and_no_control(tmp_path):
    db = tmp_path / "odd.sqlite3"
    vcf = tmp_path / "odd.vcf"
    vcf.write_bytes(CARDS.encode("utf-8"))
    assert _cli(db, "import", str(vcf)).returncode == 0
    conn = sqlite3.connect(db)
    stored = sorted(n for (n,) in conn.execute("SELECT display_name FROM contact"))
    conn.close()
    assert stored == sorted([NUL_NAME, ESC_NAME, f"Bob {RLO}Roe"])  # as they came
    for argv in (["list"], ["history", "Smith"], ["duplicates"], ["brief", "Smith"]):
        done = _cli(db, *argv)
        said = (done.stdout + done.stderr).decode("utf-8")
        assert "\x00" not in said and "\x1b" not in said and "\x07" not in said, (
            argv, ascii(said))
        assert RLO not in said, (argv, ascii(said))  # "Bob Roe", not "Bob eoR"
    listed = _cli(db, "list").stdout.decode("utf-8")
    assert "Ann\ufffdEvil Smith" in listed and "Eve\ufffd]0;pwned\ufffd Mallory" in listed
    assert "Bob Roe" in listed  # the override dropped for display
    for line in listed.splitlines():
        if "Roe" in line:
            assert set(open_after(line, "Roe")) == {0}, ascii(line)


def test_the_contact_list_shows_the_name_whole_and_isolated_before_archived(
        clock, window, qtbot):
    from relmanager.store.contacts import set_archived
    from tests.ui.conftest import refresh_list

    bob = _named(clock, f"Bob {RLO}Roe\x00")
    set_archived(clock, [bob.id], True)
    window.show_page("contacts")
    refresh_list(window, qtbot)
    contacts = window.contacts
    with qtbot.waitSignal(contacts.results_applied, timeout=5000):
        contacts.filters.archived.setCurrentIndex(2)  # all
    shown = [contacts.model.index(r, 0).data() for r in range(contacts.model.rowCount())]
    assert len(shown) == 1 and shown[0].endswith("  (archived)"), shown
    assert "\x00" not in shown[0] and open_after(shown[0], "Roe\ufffd") == [0], ascii(shown)


def test_the_tray_menu_shows_a_nul_name_whole(clock, window):
    from tests.ui.conftest import tray_menu_titles

    _named(clock, NUL_NAME)
    titles = tray_menu_titles(window.ctx, window, clock)
    mine = [t for t in titles if "Evil Smith" in t]
    assert mine and all("\x00" not in t and "Ann\ufffdEvil" in t for t in mine), titles


def test_a_nul_in_the_family_name_is_kept_in_the_name_and_its_parts_alike(tmp_path):
    """One rule for the name and its parts (stranger4 2f): the import stored
    "Ann Nul<NUL>Tail" as the name and "NulTail" as the family name."""
    db = tmp_path / "nul.sqlite3"
    vcf = tmp_path / "nul.vcf"
    vcf.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:Nul=00Tail;"
                    b"Ann;;;\r\nEND:VCARD\r\n")
    assert _cli(db, "import", str(vcf)).returncode == 0
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT display_name, first_name, last_name FROM contact").fetchone()
    conn.close()
    assert row == ("Ann Nul\x00Tail", "Ann", "Nul\x00Tail"), ascii(row)
    listed = _cli(db, "list").stdout.decode("utf-8")
    assert "Ann Nul\ufffdTail" in listed and "\x00" not in listed

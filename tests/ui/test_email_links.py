"""E-mail addresses are addresses, and links to the user's programs cannot carry
parameters (issue 19): ``x@y.org?attach=/home/u/.ssh/id_rsa`` is refused by ``add``, the
form and import; one stored by an older version is reported, never handed to the mail
program; and whatever the address, the mailto: link has no query."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from relmanager.cli import main
from relmanager.store.contacts import create_contact
from relmanager.store.db import close_db
from relmanager.store.errors import ValidationError
from relmanager.store.models import Contact, ContactEmail
from relmanager.ui.shared.plain import mailto
from tests.ui.conftest import profile_shown

BAD = ["x@y.org?attach=/home/u/.ssh/id_rsa", "x@y.org?bcc=spy%40evil.example",
       "a&b=c@y.org", "x@y.org\r\nbcc: spy@evil.example", "a b@y.org", "a@b@y.org",
       "x\x00@y.org", "a" * 65 + "@y.org"]


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.mark.parametrize("address", BAD)
def test_add_and_the_store_refuse_addresses_that_are_not_addresses(db_path, clock, capsys,
                                                                   address):
    main(["add", "--db", str(db_path), "Ada"], clock=clock)
    close_db()
    before = db_path.read_bytes()
    code = main(["add", "--db", str(db_path), "Eve", "--email", address], clock=clock)
    close_db()
    _out, err = capsys.readouterr()
    assert code != 0
    assert "not an email address" in err
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("address", BAD)
def test_the_form_refuses_them(db, clock, address):
    with pytest.raises(ValidationError):
        create_contact(clock, "Eve", emails=[address])


def test_import_skips_and_reports_them(tmp_path, db_path, clock, capsys):
    card = "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", "FN:Eve",
                        *(f"EMAIL:{b}" for b in BAD[:3]), "EMAIL:eve@example.org",
                        "END:VCARD", ""])
    source = tmp_path / "eve.vcf"
    source.write_text(card, encoding="utf-8")
    assert main(["import", "--db", str(db_path), str(source)], clock=clock) == 0
    close_db()
    _out, err = capsys.readouterr()
    assert err.count("is not an e-mail address") == 3, err
    assert "attach=/home/u/.ssh/id_rsa" in err
    from relmanager.store.db import init_db

    init_db(db_path, clock=clock)
    assert [e.email for e in ContactEmail.select()] == ["eve@example.org"]


def test_links_are_quoted_so_nothing_becomes_a_parameter():
    url = mailto("ada@example.org")
    assert url is not None and url.toString() == "mailto:ada@example.org"
    for address in BAD:
        assert mailto(address) is None
    # Even a path with '?' (should one slip through) stays in the path.
    crafted = QUrl()
    crafted.setScheme("mailto")
    crafted.setPath(BAD[0])
    assert crafted.query() == "" and "%3F" in crafted.toString()


def _legacy(clock, *addresses: str) -> Contact:
    """A contact with addresses as an older version stored them (no validation)."""
    contact = create_contact(clock, "Old Eve")
    for position, address in enumerate(addresses):
        ContactEmail.insert(contact=contact.id, email=address, position=position).execute()
    return contact


def test_a_stored_bad_address_is_never_handed_to_the_mail_program(ctx, open_window, clock,
                                                                   qtbot):
    eve = _legacy(clock, BAD[0], "eve@example.org")
    only_bad = _legacy(clock, BAD[1])
    window = open_window(ctx)
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("mailto", catcher, "catch")
    try:
        window.show_contact(eve.id)
        profile_shown(window.profile, qtbot)
        window.profile.header.email_button.click()
        window.show_contact(only_bad.id)
        profile_shown(window.profile, qtbot)
        assert not window.profile.header.email_button.isEnabled()
        window.profile.header._email()  # even called directly: nothing opens
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
    assert [u.toString() for u in catcher.urls] == ["mailto:eve@example.org"]
    assert all(u.query() == "" for u in catcher.urls)


def test_check_lists_stored_bad_addresses_and_the_app_tells_once(db_path, clock, capsys):
    from relmanager.store.db import init_db
    from relmanager.store.email_audit import report_once

    init_db(db_path, clock=clock)
    _legacy(clock, BAD[0], "eve@example.org")
    close_db()
    assert main(["check", "--db", str(db_path)], clock=clock) == 0
    out, _err = capsys.readouterr()
    assert "1 stored e-mail address is not a valid address" in out
    assert "attach=/home/u/.ssh/id_rsa" in out
    close_db()
    init_db(db_path, clock=clock)
    first = report_once()
    assert [b.email for b in first] == [BAD[0]]
    assert report_once() == []
    assert [e.email for e in ContactEmail.select().order_by(ContactEmail.position)] == \
        [BAD[0], "eve@example.org"]  # reported, not changed

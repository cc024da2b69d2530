"""Reading mail headers from real clients' layouts, and from hostile files."""

from __future__ import annotations

import base64
import resource
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relmanager.domain.limits import MAX_NAME
from relmanager.interchange import mail_in
from relmanager.interchange.mail_in import MAX_LINE, HeaderError, parse_headers, read_mail

FIXTURES = Path(__file__).parent / "fixtures"


def test_thunderbird_mbox_headers_only() -> None:
    scan = read_mail(FIXTURES / "thunderbird.mbox")
    assert scan.problems == [] and scan.seen == 7
    ids = [m.message_id for m in scan.messages]
    # ">From what I hear" in a body is not a new message.
    assert ids == ["<m1@example.org>", "<a1@example.com>", "<g1@example.com>",
                   "<n1@list.example>", "<m2@example.org>", "<b1@example.net>",
                   "<l1@example.net>"]
    first, reply = scan.messages[0], scan.messages[1]
    assert first.sender == "me@example.org" and first.recipients == ("ada@example.com",)
    assert reply.in_reply_to == "<m1@example.org>"
    assert scan.messages[3].list_id.startswith("Weekly digest")
    assert scan.messages[4].recipients == ("ada@example.com", "grace@example.com",
                                           "stranger@elsewhere.org")
    assert scan.messages[5].precedence == "bulk"
    assert scan.messages[6].sender == "linus@example.net"  # encoded-word name


def test_maildir_cur_and_new() -> None:
    scan = read_mail(FIXTURES / "maildir")
    assert scan.problems == [] and scan.seen == 3
    assert sorted(m.message_id for m in scan.messages) == [
        "<l2@example.net>", "<m3@example.org>", "<s1@elsewhere.org>"]
    stranger = next(m for m in scan.messages if m.message_id == "<s1@elsewhere.org>")
    assert stranger.date.hour in range(24) and stranger.date.tzinfo is None


def test_apple_mail_export_folder(tmp_path: Path) -> None:
    export = tmp_path / "Inbox.mbox"
    export.mkdir()
    (export / "mbox").write_bytes((FIXTURES / "thunderbird.mbox").read_bytes())
    (export / "Info.plist").write_text("<plist/>")
    assert read_mail(export).seen == 7


def _msg(headers: bytes, body: bytes = b"body\n") -> bytes:
    return b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + headers + b"\n" + body + b"\n"


GOOD = (b"Message-ID: <ok@x.org>\nDate: Mon, 02 Feb 2026 10:00:00 +0000\n"
        b"From: a@x.org\nTo: b@y.org\n")


def test_truncated_mbox_keeps_the_complete_messages(tmp_path: Path) -> None:
    path = tmp_path / "cut.mbox"
    path.write_bytes(_msg(GOOD) + b"From x Thu Jan  1 00:00:00 2026\nMessage-ID: <cut@x.org>\n"
                     b"Date: Mon, 02 Feb 20")
    scan = read_mail(path)
    assert [m.message_id for m in scan.messages] == ["<ok@x.org>"]
    assert len(scan.problems) == 1 and "message 2" in scan.problems[0]
    assert "cut short" in scan.problems[0]


def test_junk_and_8bit_headers(tmp_path: Path) -> None:
    junk = (b"\x00\x01garbage without colon\nDate: yesterday-ish\nFrom: <<<>>>\n"
            b"To: ,,,;;;@@@\n")
    eight_bit = (b"Message-ID: <8bit@x.org>\nDate: Mon, 02 Feb 2026 10:00:00 +0000\n"
                 b"From: J\xf6rg M\xc3\xbcller <jorg@x.org>\nTo: b@y.org\n")
    path = tmp_path / "junk.mbox"
    path.write_bytes(_msg(junk) + _msg(eight_bit) + _msg(GOOD))
    scan = read_mail(path)
    assert [m.message_id for m in scan.messages] == ["<8bit@x.org>", "<ok@x.org>"]
    assert scan.messages[0].sender == "jorg@x.org"
    assert scan.problems == ["message 1 (byte 0): no readable Date header; left out"]


def test_ten_megabyte_header_line_is_one_error_in_bounded_memory(tmp_path: Path) -> None:
    huge = b"X-Huge: " + b"a" * (10 * 2**20) + b"\n"
    path = tmp_path / "huge.mbox"
    path.write_bytes(_msg(GOOD.replace(b"<ok@", b"<first@")) + _msg(GOOD + huge)
                     + _msg(GOOD.replace(b"<ok@", b"<last@")))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scan = read_mail(path)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert [m.message_id for m in scan.messages] == ["<first@x.org>", "<last@x.org>"]
    assert scan.problems == [f"message 2 (byte {len(_msg(GOOD.replace(b'<ok@', b'<first@')))}"
                             f"): a header line is longer than {MAX_LINE // 1024} KB; left out"]
    assert grown_kb < 8 * 1024  # the 10 MB line was never held whole


def test_body_is_never_read_into_the_record() -> None:
    headers = parse_headers(GOOD + b"Subject: secret plans\n")
    assert "secret" not in repr(headers)


def test_not_mail(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some text\n")
    with pytest.raises(HeaderError, match="not an mbox file"):
        read_mail(path)
    with pytest.raises(HeaderError, match="not a Maildir"):
        read_mail(tmp_path)
    with pytest.raises(HeaderError, match="no such file"):
        read_mail(tmp_path / "missing")


def test_message_without_message_id_gets_a_stable_key() -> None:
    block = GOOD.replace(b"Message-ID: <ok@x.org>\n", b"")
    assert parse_headers(block).message_id == parse_headers(block).message_id
    assert parse_headers(block).message_id.endswith("@relmanager.invalid>")


def test_folded_and_unread_fields() -> None:
    block = (b"Received: from mail.x.org (To: evil@x.org)\n\tby mx; Mon, 2 Feb 2026\n"
             b"DKIM-Signature: v=1; a=rsa-sha256;\n From: forged@x.org\n"
             b"Message-ID: <f@x.org>\nDate: Mon, 02 Feb 2026 10:00:00 +0000\n"
             b"From: \"Doe, Jane\" <jane@x.org>\nTo: Ada <ada@x.org>,\n\tbob@y.org\n"
             b"CC: =?UTF-8?Q?Ren=C3=A9?= <rene@z.org>\n")
    headers = parse_headers(block)
    assert headers.sender == "jane@x.org"
    assert headers.recipients == ("ada@x.org", "bob@y.org", "rene@z.org")


def _sender_name(from_line: str) -> str:
    """The display name the reader takes from a message with this From line."""
    return parse_headers(f"From: {from_line}\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
                         "Message-ID: <n@x>\n".encode()).sender_name


def test_display_names_read_alike_with_and_without_the_full_parser() -> None:
    """Plain "Name <address>" From lines skip ``getaddresses``; quoted, commented and
    encoded names still go through the parser and the RFC 2047 decoder."""
    name = _sender_name
    assert name("Ann   O'Neil <ann@x.org>") == "Ann O'Neil"
    assert name('"Lee, Ann" <a@x.org>') == "Lee, Ann"
    assert name("a@x.org (Ann Lee)") == "Ann Lee"
    assert name("=?utf-8?q?Zo=C3=AB?= Lee <z@x.org>") == "Zoë Lee"
    assert name("a@x.org <a@x.org>") == ""


def test_empty_from_is_a_message_without_a_name(tmp_path: Path) -> None:
    """"From:" with nothing after it raised IndexError out of the header parser, which
    ended the whole capture instead of reading the message."""
    headers = parse_headers(b"From:\nTo: b@x.org\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
                            b"Message-ID: <e@x>\n")
    assert (headers.sender, headers.sender_name, headers.recipients) == ("", "", ("b@x.org",))


# -- the one-pass field reader against the email package's parser ----------------------

_NAMES = [b"From", b"from", b"FROM", b"To", b"Cc", b"Date", b"Message-ID", b"In-Reply-To",
          b"List-Id", b"Precedence", b"Subject", b"Received", b"X-Mailer", b"From ",
          b" To", b"To ", b"Date\t", b"Fr om", b"", b"\xc3\xa9t\xc3\xa9"]
_VALUES = [b" Ada <ada@example.com>", b"ada@example.com", b" a@x.org, Bo <b@y.org>",
           b" Thu, 05 Dec 2026 12:00:00 +0000", b"  <m1@x>", b"", b" \xff\xfe broken",
           b" =?utf-8?q?Ad=C3=A9?= <ada@example.com>", b" caf\xc3\xa9 <c@x.org>",
           b" x\r", b" tail\r\ny", b"\t spaced ", b" what: ever"]
_ENDS = [b"\n", b"\r\n"]
_FOLDS = [b" folded, c@z.org", b"\tmore", b" ", b"\t\xff"]


def _block(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 5))
        end = draw(st.sampled_from(_ENDS))
        if kind == 0:
            lines.append(draw(st.sampled_from(_FOLDS)) + end)
        elif kind == 1:
            lines.append(draw(st.sampled_from(_NAMES)) + draw(st.sampled_from(_VALUES)) + end)
        else:
            lines.append(draw(st.sampled_from(_NAMES)) + b":"
                         + draw(st.sampled_from(_VALUES)) + end)
    return b"".join(lines)


@settings(max_examples=3000, deadline=None)
@given(st.composite(_block)())
def test_quick_fields_read_what_the_email_parser_reads(block: bytes) -> None:
    """Every header block the one-pass reader takes, it reads field for field as the
    email package's parser does; what it gives back goes to that parser."""
    quick = mail_in._quick_fields(block)
    if quick is not None:
        assert quick == mail_in._parsed_fields(block)


def test_quick_fields_take_the_plain_blocks_and_leave_the_odd_ones(monkeypatch) -> None:
    plain = (b"Received: from x\n by y\nFrom: Ada <ada@example.com>\nTO: b@x.org,\n"
             b"\tc@x.org\r\nSubject: hi\nDate: Thu, 05 Dec 2026 12:00:00 +0000\n")
    assert mail_in._quick_fields(plain) == {
        "from": ["Ada <ada@example.com>"], "to": ["b@x.org,\n\tc@x.org"],
        "date": ["Thu, 05 Dec 2026 12:00:00 +0000"]} == mail_in._parsed_fields(plain)
    for odd in (b"From\n", b"To : a@x.org\n", b"To: a@x.org\rCc: b@x.org\n"):
        assert mail_in._quick_fields(odd) is None
    quick = read_mail(FIXTURES / "thunderbird.mbox")
    monkeypatch.setattr(mail_in, "_quick_fields", lambda block: None)
    assert read_mail(FIXTURES / "thunderbird.mbox") == quick  # the parser alone


_DAYS = st.sampled_from(["", "Thu, ", "Mon, ", "thu, ", "Thu,", "Xyz, "])
_DATE_PARTS = st.tuples(
    _DAYS, st.sampled_from(["5", "05", "31", "0", "32", "1"]),
    st.sampled_from(["Dec", "Feb", "dec", "Foo"]),
    st.sampled_from(["2026", "1999", "0050", "9999", "26"]),
    st.sampled_from(["12:00:00", "00:00:00", "23:59:59", "24:00:00", "12:60:00", "1:2:3"]),
    st.sampled_from(["+0000", "-0000", "+0130", "-0800", "+0099", "+9900", "+2400", "GMT",
                     ""]))


def _library_date(text: str) -> object:
    try:
        return parsedate_to_datetime(text)
    except Exception as error:
        return type(error)


@settings(max_examples=1500, deadline=None)
@given(_DATE_PARTS)
def test_plain_dates_read_as_the_library_reads_them(parts: tuple[str, ...]) -> None:
    day_name, day, month, year, clock, zone = parts
    text = f"{day_name}{day} {month} {year} {clock} {zone}".strip()
    try:
        ours: object = mail_in._date(text)
    except Exception as error:
        ours = type(error)
    library = _library_date(text)
    assert ours == library
    if isinstance(ours, datetime):
        assert ours.utcoffset() == library.utcoffset()  # type: ignore[union-attr]


def test_a_display_name_keeps_its_words_and_joiners_and_drops_its_controls() -> None:
    """What the "not contacts" list names an Inbox contact by: a Japanese name's
    ideographic space and a no-break space part two words, a Persian name keeps its
    ZWNJ and an override stays for the display rule to drop; controls (ESC, BEL, CR LF
    from an encoded word) are spaces, and the name is cut at a contact name's limit.
    The reader dropped every non-printable character: "山田太郎", "JeanDupont"."""
    def name(text: str) -> str:
        return _sender_name(f"=?utf-8?b?{base64.b64encode(text.encode()).decode()}?= <n@x.org>")

    assert name("山田\u3000太郎") == "山田 太郎"
    assert name("Jean\u00a0Dupont") == "Jean Dupont"
    assert name("\u0645\u0647\u200c\u0633\u0627") == "\u0645\u0647\u200c\u0633\u0627"
    assert name("Bob\u202egpj.exe") == "Bob\u202egpj.exe"
    assert name("Eve\x1b[2J\x07\r\nLee\x00") == "Eve [2J Lee"
    assert name("A" * 100_000) == "A" * MAX_NAME

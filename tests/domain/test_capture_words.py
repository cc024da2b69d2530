"""The capture preview's words for messages and events it could not read
(``domain.capture.unread_lines``): each named by file and place, said skipped, a count
past the limit; a line that is not one message (a cancelled read) said as it is."""

from __future__ import annotations

from relmanager.domain.capture import unread_lines


def test_each_unread_message_is_named_and_said_skipped_then_counted():
    problems = [("/m/inbox", f"message {n} (byte {n * 10}): no readable Date header; left out")
                for n in range(1, 8)]
    lines = unread_lines(problems, limit=2)
    assert lines == [
        "Skipped, could not be read: /m/inbox, message 1 (byte 10): no readable Date header.",
        "Skipped, could not be read: /m/inbox, message 2 (byte 20): no readable Date header.",
        "Skipped 5 more messages or events that could not be read.",
    ]
    assert unread_lines(problems[:3], limit=2)[-1] == (
        "Skipped 1 more message or event that could not be read.")
    assert unread_lines([("/c.ics", "cancelled: the rest of the file was not read")]) == [
        "/c.ics: cancelled: the rest of the file was not read."]
    assert unread_lines([]) == []

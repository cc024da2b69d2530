"""The background reader's one connection: handed from job to job (its page cache stays
warm; the binding gives each job a fresh Python thread state, so peewee's thread-local
connection alone did not outlive a job), and closed on the worker at shutdown, so no lock
on the file outlives the reader (a restore right after shutdown found it open)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QCoreApplication

from relmanager.services.background import BackgroundReader
from relmanager.store.models import database


def _run(reader: BackgroundReader, work):
    answers: list[object] = []
    reader.submit(work, answers.append, answers.append)
    reader.wait()
    QCoreApplication.processEvents()
    assert answers, "no answer"
    return answers[0]


def test_jobs_share_one_connection_closed_at_shutdown(db, qtbot):
    reader = BackgroundReader()
    first = _run(reader, database.connection)
    second = _run(reader, database.connection)
    assert isinstance(first, sqlite3.Connection)
    assert second is first  # the second job read through the first one's connection
    assert _run(reader, lambda: database.execute_sql("SELECT count(*) FROM contact")
                .fetchone()[0]) == 0
    assert first is not database.connection()  # this thread keeps its own
    reader.shutdown()
    with pytest.raises(sqlite3.ProgrammingError):  # closed, not left to the collector
        first.execute("SELECT 1")

"""What the window's tests share: an app context on the test's database and clock, with
its UI settings in the test's own folder."""

from __future__ import annotations

import pytest

from relmanager.services.context import AppContext, make_settings


@pytest.fixture
def ctx(db, db_path, clock, tmp_path):
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))

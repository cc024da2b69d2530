"""What the hostile tests of the window share: the real main window on the test's
database (the window tests' own fixtures), at a laptop's 1366x768, its tray and reminder
services stopped after."""

from __future__ import annotations

import pytest

from tests.ui.conftest import ctx, open_window  # noqa: F401 - fixtures, used below


@pytest.fixture
def window(ctx, open_window, qtbot):  # noqa: F811 - the fixtures imported above
    win = open_window(ctx)
    win.resize(1366, 768)
    yield win
    ctx.services.shutdown_all()

"""Who knows whom, from outside: the real app under Xvfb, driven by real X key presses
and mouse clicks (xdotool). Relate two people in a profile's Network tab with the
keyboard only, open the Network page with Ctrl+6, click a person in the drawing, and read
the warm path back with ``relmanager paths --json`` in another process."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import AppProcess

pytestmark = pytest.mark.slow


def test_relate_by_keyboard_then_click_a_person_on_the_network_page(app: AppProcess):
    app.cli("add", "Ann Lee", "--stage", "friendship")
    app.cli("log", "Ann Lee", "--channel", "one_on_one")
    app.cli("add", "Dan Roe", "--stage", "encounter")
    assert json.loads(app.cli("paths", "Dan Roe", "--json")) == []  # no way in yet
    app.start()

    # Open Dan's profile by keyboard, go to its Network tab, name whom he knows.
    app.key("ctrl+f")
    app.wait_for("focus", name="Search contacts")
    app.type("Dan Roe")
    app.key("Down", "Return")
    dan = app.wait_for("contact_opened")["id"]
    app.wait_for("focus", cls="QTabBar")
    app.key(*["Right"] * 6)  # along the tab bar to the seventh tab, Network
    app.key("alt+k")  # "Whom they &know": to the name field
    app.wait_for("focus", name="Related person")
    app.type("Ann")
    app.wait_for("popup", state="opened")  # the suggestions
    app.key("Down", "Return")  # picks Ann Lee
    app.wait_for("popup", state="closed")
    app.key("Return")  # adds "Colleague of Ann Lee", the kind shown first
    written = app.wait_for("write", what="contacts_changed", ids=lambda ids: dan in ids)
    assert len(written["ids"]) == 2

    # The Network page, by its key; a real click on Dan in the drawing.
    app.key("ctrl+6")
    app.wait_for("page", name="network")
    people = {p["name"]: p for p in app.wait_for("network", timeout=60)["people"]}
    assert {"Ann Lee", "Dan Roe"} <= set(people)
    app.click(*people["Dan Roe"]["at"])
    assert app.wait_for("person_clicked")["id"] == dan

    # Read back from outside, in a separate process.
    paths = json.loads(app.cli("paths", "Dan Roe", "--json"))
    assert [step["name"] for step in paths[0]["via"]] == ["Ann Lee"]
    assert paths[0]["steps"][-1]["kinds"] == ["colleague"]

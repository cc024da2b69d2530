"""The pages registry: every page it names is built for real when shown.

A page whose module is renamed or broken must fail here (the registry imports it
directly), not ship as a placeholder the way the old name-string lookup did.
"""

from __future__ import annotations

import pytest

from relmanager.ui.pages import PAGE_KEYS, PAGES


def test_the_sidebar_and_view_menu_list_every_registered_page_in_order(open_window, ctx):
    window = open_window(ctx)
    sidebar = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert sidebar == [spec.title.replace("&", "") for spec in PAGES]
    assert [key for key in PAGE_KEYS if f"page_{key}" not in window.actions.actions] == []


@pytest.mark.parametrize("spec", [s for s in PAGES if s.build is not None], ids=lambda s: s.key)
def test_each_built_page_is_its_real_view(open_window, ctx, spec):
    window = open_window(ctx)
    window.show_page(spec.key)
    page = window.page_widget(spec.key)
    assert type(page).__module__.startswith(f"relmanager.ui.{spec.key}.")

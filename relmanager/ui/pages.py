"""The window's pages, in sidebar order: the one list a new page is added to.

Each entry names the page's key (settings, menus, icons and ``show_page`` use it), its
title with the mnemonic of its View-menu entry, and how it is built. Pages other than
Today and Contacts are built the first time they are shown (their modules import on
demand, which start-up need not wait for); an import that fails raises, so a renamed
module fails every test that opens the page instead of shipping a placeholder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from relmanager.services.context import AppContext


class PageSpec(NamedTuple):
    key: str
    title: str
    #: ``build(ctx)`` for a page built on first show; None for the pages the window
    #: builds itself (Today is wired to the tray, Contacts shares the window's profile).
    build: Callable[[AppContext], QWidget] | None = None


def _board(ctx: AppContext) -> QWidget:
    from relmanager.ui.board.board import BoardView

    return BoardView(ctx, read_now=True)  # built on its first show: read while building


def _timeline(ctx: AppContext) -> QWidget:
    from relmanager.ui.timeline.timeline import TimelineView

    return TimelineView(ctx)


def _introductions(ctx: AppContext) -> QWidget:
    from relmanager.ui.introductions.introductions import IntroductionsView

    return IntroductionsView(ctx)


def _network(ctx: AppContext) -> QWidget:
    from relmanager.ui.network.network_page import NetworkPage

    return NetworkPage(ctx)


def _capture(ctx: AppContext) -> QWidget:
    from relmanager.ui.capture.capture_page import CapturePage

    return CapturePage(ctx)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", "&Today"),
    PageSpec("contacts", "&Contacts"),
    PageSpec("board", "&Board", _board),
    PageSpec("timeline", "T&imeline", _timeline),
    PageSpec("introductions", "I&ntroductions", _introductions),
    PageSpec("network", "Net&work", _network),
    PageSpec("capture", "Ca&pture", _capture),
)
PAGE_KEYS: tuple[str, ...] = tuple(page.key for page in PAGES)
PAGE_TITLES: dict[str, str] = {page.key: page.title for page in PAGES}

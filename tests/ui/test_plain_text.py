"""Contact text is inert everywhere it is shown (issue 19): an FN such as
``<img src="file:///etc/passwd"><b>X</b>`` and HTML in the organisation, title, tags,
notes, follow-ups, interactions and introductions pass through every page, tooltip, tray
menu and notification, and nothing reaches Qt as rich text unescaped.

What counts as "rendered as rich text": a string given to a label whose format is not
plain text, or to a tooltip (always auto-detected by Qt), for which ``GuiQt.mightBeRichText``
is true while it still holds one of the raw tags. Escaped text (``&lt;img``) is fine.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from relmanager.domain.stages import Stage
from relmanager.store import follow_ups, introductions
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from tests.ui.conftest import profile_shown

HOSTILE = '<img src="file:///etc/passwd"><b>X</b>'
RAW_TAGS = ("<img", "<b>", "<font", "<i>")


def _html(what: str) -> str:
    return f"<font color=red>{what}</font> <i>in italics</i> & more"


def leaks(text: object) -> bool:
    """True when ``text`` would be shown as rich text with the hostile markup live."""
    return (isinstance(text, str) and bool(GuiQt.mightBeRichText(text))
            and any(tag in text for tag in RAW_TAGS))


def shows_verbatim(tip: str, original: str) -> bool:
    """A rich tooltip made of escaped text shows the original characters."""
    doc = QTextDocument()
    doc.setHtml(tip)
    return original in doc.toPlainText()


def _model_tooltips(model, parent=None, depth=0):
    parent = parent or QModelIndex()
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model: one column, and columnCount is private
        columns, depth = 1, 3
    for row in range(min(model.rowCount(parent), 500)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.WhatsThisRole):
                yield f"{type(model).__name__}[{row},{column}]", model.data(index, role)
            if column == 0 and depth < 3 and _has_children(model, index):
                yield from _model_tooltips(model, index, depth + 1)


def _has_children(model, index) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:  # a flat (list or table) model
        return False


def sweep(root: QWidget) -> list[str]:
    """Every tooltip and label under ``root`` (and every item view's tooltips) that leaks."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()})"
        if leaks(widget.toolTip()):
            found.append(f"tooltip of {name}: {widget.toolTip()[:80]}")
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText \
                and leaks(widget.text()):
            found.append(f"label {name}: {widget.text()[:80]}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for where, tip in _model_tooltips(widget.model()):
                if leaks(tip):
                    found.append(f"{where} in {name}: {tip[:80]}")
    for action in root.findChildren(QWidget):
        for act in action.actions():
            if leaks(act.toolTip()):
                found.append(f"action tooltip: {act.toolTip()[:80]}")
    return found


@pytest.fixture
def hostile(db, clock):
    now = clock.now()
    ada = create_contact(clock, HOSTILE, stage=Stage.FRIENDSHIP, emails=["ada@example.org"],
                         organisation=_html("Org"), title=_html("Title"),
                         notes=_html("Notes"), tags=[_html("tag")])
    bob = create_contact(clock, "Bob <b>Bold</b> & Co", stage=Stage.DEVELOPMENT,
                         organisation=HOSTILE)
    log_interaction(clock, [ada.id], "email", occurred_at=now - timedelta(days=200),
                    note=_html("interaction note"))
    follow_ups.create_follow_up(clock, ada.id, _html("follow-up"), now - timedelta(days=1),
                                note=_html("follow-up note"))
    intro = introductions.create_introduction(
        clock, requester_id=ada.id, target_id=bob.id, reason_requester=_html("why"),
        reason_target=_html("why too"), note=_html("intro note"))
    return ada, bob, intro


def test_no_page_tooltip_or_label_renders_contact_text_as_rich_text(
        hostile, ctx, open_window, qtbot):
    from relmanager.ui.pages import PAGE_KEYS as PAGES

    ada, _bob, _intro = hostile
    window = open_window(ctx)
    found: list[str] = []
    for page in PAGES:
        window.show_page(page)
        qtbot.wait(300)  # pages fill their models from queries run after being shown
        found += [f"{page}: {leak}" for leak in sweep(window)]
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    qtbot.wait(300)
    for index in range(window.profile.tabs.count()):
        window.profile.tabs.setCurrentIndex(index)
        qtbot.wait(100)
        found += [f"profile tab {index}: {leak}" for leak in sweep(window)]
    assert not found, "\n".join(sorted(set(found)))


def test_board_card_and_follow_up_tooltips_show_the_text_verbatim(hostile, ctx, open_window,
                                                                   qtbot):
    ada, _bob, _intro = hostile
    window = open_window(ctx)
    window.show_page("board")
    board = window.page_widget("board")
    qtbot.wait(300)
    tips = []
    for view in board.findChildren(QAbstractItemView):
        tips += [tip for _where, tip in _model_tooltips(view.model())
                 if isinstance(tip, str) and "passwd" in tip]
    assert tips, "the board shows no card for the contact"
    assert all(shows_verbatim(tip, HOSTILE) or not GuiQt.mightBeRichText(tip) for tip in tips)
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    qtbot.wait(300)
    from relmanager.ui.contacts.follow_ups_panel import FollowUpsPanel

    (panel,) = [p for p in window.profile.panels if isinstance(p, FollowUpsPanel)]
    panel_tips = [tip for _where, tip in _model_tooltips(panel.list.model())
                  if isinstance(tip, str) and "follow-up" in tip]
    assert panel_tips
    assert all(shows_verbatim(tip, _html("follow-up note")) for tip in panel_tips)


def test_tray_menu_and_notifications_carry_plain_text(hostile, ctx, qtbot, clock,
                                                      monkeypatch):
    from relmanager.ui.shell.main_window import MainWindow
    from relmanager.ui.shell.tray import install_reminders

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    service, tray = install_reminders(ctx, window, startup_delay_ms=0)
    try:
        shown: list[tuple[str, str]] = []
        monkeypatch.setattr(tray.icon, "showMessage",
                            lambda title, body, *_args: shown.append((title, body)))
        clock.advance(days=30)
        service.check()
        assert shown, "no digest was shown"
        for title, body in shown:
            for text in (title, body):
                assert "<" not in text and ">" not in text, text
        assert any("passwd" in body for _title, body in shown)
        tray.menu.aboutToShow.emit()
        tray.feed.wait()
        titles = [a.text() for m in tray.menu.findChildren(type(tray.menu))
                  for a in [m.menuAction()]]
        assert any(t.startswith("Bob <b>Bold</b> && Co · ") for t in titles), titles
        assert not leaks(tray.icon.toolTip())
    finally:
        ctx.services.shutdown_all()

"""The sidebar's icons are drawn for the window's own scale before its first paint, and
for every common scale once it is up: the start drew all seven at 100%, 150% and 200%
(21 SVGs, 14 of them for scales the screen did not have) before the window could paint
(bench/README.md, twenty-second round)."""

from __future__ import annotations

from relmanager.ui.pages import PAGE_KEYS


def test_sidebar_icons_for_this_scale_first_then_every_scale(ctx, qtbot) -> None:
    from relmanager.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)

    def sizes() -> set[tuple[int, ...]]:
        return {tuple(sorted(size.width() for size in window.sidebar.item(row).icon()
                             .availableSizes())) for row in range(len(PAGE_KEYS))}

    assert sizes() == {(round(20 * window.devicePixelRatioF()),)}
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: sizes() == {(20, 30, 40)}, timeout=5000)
    window.shutdown()

"""column_widths in-process, value by value (for mutmut, which sees only what runs in
its process): a bare table with the contact list's seven headers, the widths fit_columns
gives, the columns ColumnFitter hides and the room it shares, and the paddings kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QStyle, QTableView

from relmanager.services.context import make_settings
from relmanager.ui.contacts import column_widths as cw
from relmanager.ui.contacts.column_widths import Paddings

HEADERS = ["Name", "Organisation", "Stage", "Warmth", "Last two-way", "Last channel",
           "Give/take"]
PADS = Paddings(10, 26, 24)


@pytest.fixture
def table(qtbot) -> QTableView:
    model = QStandardItemModel(0, len(HEADERS))
    model.setHorizontalHeaderLabels(HEADERS)
    view = QTableView()
    view.setModel(model)
    view.model_ = model  # kept alive with the view
    qtbot.addWidget(view)
    return view


def _fitted(table: QTableView, pads: Paddings) -> list[int]:
    """What every column needs: its header label or its widest value, with the paddings."""
    metrics, header = table.fontMetrics(), table.horizontalHeader()
    widths = []
    for column, values in enumerate(cw.COLUMN_VALUES):
        label = header.fontMetrics().horizontalAdvance(HEADERS[column]) + pads.header
        if values is None:
            text = metrics.averageCharWidth() * cw.READING_CHARS[column] + pads.cell
        else:
            text = max(metrics.horizontalAdvance(v) for v in values) + pads.cell
            text += pads.icon if column in cw.WITH_ICON else 0
        widths.append(max(label, text))
    return widths


def _widths(table: QTableView) -> list[int]:
    header = table.horizontalHeader()
    return [header.sectionSize(c) for c in range(header.count())]


def test_fit_columns_sizes_each_column_to_its_label_or_widest_value(table):
    cw.fit_columns(table, PADS)
    assert _widths(table) == _fitted(table, PADS)
    assert table.horizontalHeader().stretchLastSection()
    bigger = Paddings(30, 60, 80)  # the header's padding decides where labels are wider
    cw.fit_columns(table, bigger)
    assert _widths(table) == _fitted(table, bigger)


def test_grow_only_widens_bounded_columns_that_are_too_narrow_and_keeps_the_rest(table):
    cw.fit_columns(table, PADS)
    fitted = _widths(table)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column, width in ((0, 40), (1, 500), (2, 20), (3, 400), (4, fitted[4])):
        header.resizeSection(column, width)
    cw.fit_columns(table, PADS, grow_only=True)
    widths = _widths(table)
    assert widths[:5] == [40, 500, fitted[2], 400, fitted[4]]


def test_measured_paddings_are_the_styles_pixel_metrics(table):
    style = table.style()
    focus = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin)
    cell = 2 * (focus + 1) + 4
    assert cw.measure_paddings(table) == Paddings(
        cell, style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + cell,
        2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
        + style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + 4)


@pytest.mark.parametrize(("kept", "read"), [("0,0,0", Paddings(0, 0, 0)),
                                            ("999,5,7", Paddings(999, 5, 7)),
                                            ("1000,5,7", None), ("5,7,1000", None)])
def test_kept_paddings_are_read_below_a_thousand(tmp_path, kept, read):
    settings = make_settings(tmp_path / "s.ini")
    settings.setValue(cw.PADDINGS_KEY, kept)
    settings.setValue(cw.PADDINGS_FOR_KEY, "k")
    assert cw.remembered_paddings(settings, "k") == read


def test_the_style_key_names_qt_the_platform_the_screen_and_the_environment(
        table, monkeypatch):
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    for name in cw.STYLE_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    plain = cw.style_key(table)
    screen = table.screen()
    assert plain.split("|") == [qVersion(), QGuiApplication.platformName(),
                                f"{screen.logicalDotsPerInchX():g}",
                                f"{screen.devicePixelRatio():g}",
                                *[""] * len(cw.STYLE_ENVIRONMENT)]
    for name in cw.STYLE_ENVIRONMENT:
        monkeypatch.setenv(name, "x")
        assert cw.style_key(table) != plain, name
        monkeypatch.delenv(name)


def test_a_start_uses_the_paddings_kept_under_its_key_or_measures(table, tmp_path):
    settings: QSettings = make_settings(tmp_path / "s.ini")
    measured = cw.measure_paddings(table)
    assert cw.start_paddings(table, settings) == measured  # nothing kept
    settings.setValue(cw.PADDINGS_KEY, "1,2,3")
    settings.setValue(cw.PADDINGS_FOR_KEY, cw.style_key(table))
    assert cw.start_paddings(table, settings) == Paddings(1, 2, 3)
    settings.setValue(cw.PADDINGS_FOR_KEY, "another style")
    assert cw.start_paddings(table, settings) == measured


def test_check_paddings_keeps_what_it_measured_and_widens_only_on_a_change(table, tmp_path):
    settings = make_settings(tmp_path / "s.ini")
    measured = cw.measure_paddings(table)
    small = Paddings(1, 2, 3)
    cw.fit_columns(table, small)
    before = _widths(table)
    settings.setValue(cw.PADDINGS_KEY, "1,2,3")
    settings.setValue(cw.PADDINGS_FOR_KEY, "old")
    assert cw.check_paddings(table, small, settings) == measured
    assert cw.remembered_paddings(settings, cw.style_key(table)) == measured
    assert settings.value(cw.PADDINGS_KEY) == ",".join(map(str, measured))
    after = _widths(table)
    assert after[2:6] == _fitted(table, measured)[2:6] != before[2:6]
    assert after[:2] == before[:2]  # free text keeps its width
    cw.fit_columns(table, small)
    assert cw.check_paddings(table, measured, settings) == measured
    assert _widths(table) == before  # used == measured: nothing fitted again


def _fitter(table: QTableView, qtbot, width: int) -> cw.ColumnFitter:
    cw.fit_columns(table, PADS)
    fitter = cw.ColumnFitter(table)
    table.resize(width, 300)
    table.show()
    qtbot.waitExposed(table)
    fitter.fit()
    return fitter


def _room(table: QTableView) -> int:
    return table.viewport().width()


def test_a_narrow_list_hides_the_last_channel_then_give_and_take(table, qtbot):
    fitted = _fitted(table, PADS)
    fitter = _fitter(table, qtbot, sum(fitted) + 40)
    assert not any(table.isColumnHidden(c) for c in range(7))
    for room, hidden in ((sum(fitted), set()), (sum(fitted) - 1, {5}),
                         (sum(fitted) - fitted[5], {5}), (sum(fitted) - fitted[5] - 1, {5, 6}),
                         (200, {5, 6})):
        table.resize(room + table.width() - _room(table), 300)
        fitter.fit()
        assert {c for c in range(7) if table.isColumnHidden(c)} == hidden, room
    table.resize(sum(fitted) + 400, 300)
    fitter.fit()
    assert _widths(table)[5] >= fitted[5] and not table.isColumnHidden(5)


def _grown_widths(table, qtbot, spare: int) -> tuple[list[int], list[int], int]:
    fitted = _fitted(table, PADS)
    fitter = _fitter(table, qtbot, sum(fitted) + 40)
    table.resize(sum(fitted) + spare + table.width() - _room(table), 300)
    fitter.fit()
    assert _room(table) == sum(fitted) + spare
    return _widths(table), fitted, table.fontMetrics().averageCharWidth()


def test_a_little_room_goes_to_names_and_organisations_in_equal_shares(table, qtbot):
    widths, fitted, _em = _grown_widths(table, qtbot, 21)
    assert widths[:2] == [fitted[0] + 11, fitted[1] + 10]  # the odd pixel: the first's
    assert widths[2:] == fitted[2:]


def test_what_one_free_column_does_not_need_the_other_takes(table, qtbot):
    fitted = _fitted(table, PADS)
    em = table.fontMetrics().averageCharWidth()
    need = [cw.WIDE_CHARS[c] * em - fitted[c] for c in (0, 1)]
    spare = 2 * min(need) + (max(need) - min(need)) // 2
    widths, fitted, em = _grown_widths(table, qtbot, spare)
    assert sum(widths[:2]) - sum(fitted[:2]) == spare
    assert min(widths[0] - fitted[0], widths[1] - fitted[1]) == min(need)
    assert widths[2:] == fitted[2:]


def test_more_room_gives_bounded_columns_air_and_then_free_text(table, qtbot):
    fitted = _fitted(table, PADS)
    em = table.fontMetrics().averageCharWidth()
    wide = [cw.WIDE_CHARS[c] * em for c in (0, 1)]
    air = {c: int(fitted[c] * cw.BOUNDED_AIR) for c in range(2, 6)}
    # Half the air: each bounded column gets its share in proportion.
    half = sum(air.values()) // 2
    spare = sum(w - f for w, f in zip(wide, fitted, strict=False)) + half
    widths, fitted, em = _grown_widths(table, qtbot, spare)
    assert widths[:2] == wide
    for column, most in air.items():
        assert widths[column] == fitted[column] + most * half // sum(air.values())
    assert widths[6] <= fitted[6] + 4  # the last column: only the rounding


def test_room_past_all_the_air_goes_to_names_and_organisations_half_each(table, qtbot):
    fitted = _fitted(table, PADS)
    em = table.fontMetrics().averageCharWidth()
    wide = [cw.WIDE_CHARS[c] * em for c in (0, 1)]
    air = {c: int(fitted[c] * cw.BOUNDED_AIR) for c in range(2, 6)}
    spare = sum(w - f for w, f in zip(wide, fitted, strict=False)) + sum(air.values()) + 300
    widths, fitted, em = _grown_widths(table, qtbot, spare)
    assert [widths[c] - fitted[c] for c in range(2, 6)] == list(air.values())
    assert widths[:2] == [wide[0] + 150, wide[1] + 150]
    assert widths[6] == fitted[6]


def test_the_room_lent_is_taken_out_while_the_layout_is_saved(table, qtbot):
    fitted = _fitted(table, PADS)
    fitter = _fitter(table, qtbot, sum(fitted) + 40)
    table.resize(sum(fitted) + 900 + table.width() - _room(table), 300)
    fitter.fit()
    grown = _widths(table)
    with fitter.as_chosen():
        assert _widths(table)[:6] == fitted[:6]
    assert _widths(table) == grown
    table.resize(sum(fitted) + table.width() - _room(table), 300)  # narrower: given back
    fitter.fit()
    assert _widths(table)[:6] == fitted[:6]


@pytest.mark.parametrize("kept", ["10,26", "a,b,c"])
def test_kept_paddings_not_three_numbers_are_not_read(tmp_path, kept):
    settings = make_settings(tmp_path / "s.ini")
    settings.setValue(cw.PADDINGS_KEY, kept)
    settings.setValue(cw.PADDINGS_FOR_KEY, "k")
    assert cw.remembered_paddings(settings, "k") is None


def test_check_paddings_leaves_the_kept_paddings_alone_when_they_are_the_measured(
        table, tmp_path):
    """Kept under this key with the measured values (spelled with leading zeros here, so
    a rewrite would show): nothing is written, a start's settings file not synced."""
    settings = make_settings(tmp_path / "s.ini")
    measured = cw.measure_paddings(table)
    spelled = ",".join(f"0{size}" for size in measured)
    settings.setValue(cw.PADDINGS_KEY, spelled)
    settings.setValue(cw.PADDINGS_FOR_KEY, cw.style_key(table))
    assert cw.check_paddings(table, measured, settings) == measured
    assert settings.value(cw.PADDINGS_KEY) == spelled


def test_the_fitter_follows_the_lists_resizes_by_itself(table, qtbot):
    """Installed on the viewport: a narrower list lets the last channel go without a
    call to fit(), a wider one brings it back."""
    fitted = _fitted(table, PADS)
    cw.fit_columns(table, PADS)
    cw.ColumnFitter(table)
    frame = 200  # the table's frame and scroll bar, generously
    table.resize(sum(fitted) + frame + 100, 300)
    table.show()
    qtbot.waitExposed(table)
    qtbot.waitUntil(lambda: not table.isColumnHidden(5))
    table.resize(sum(fitted) - 30, 300)
    assert table.isColumnHidden(5)  # at the resize itself, before any other event
    table.resize(sum(fitted) + frame + 100, 300)
    assert not table.isColumnHidden(5)


def test_a_free_column_already_wide_enough_takes_no_room(table, qtbot):
    """The names widened by hand past their reading width: the room goes to the
    organisations alone."""
    fitted = _fitted(table, PADS)
    cw.fit_columns(table, PADS)
    header = table.horizontalHeader()
    em = table.fontMetrics().averageCharWidth()
    wide_name = cw.WIDE_CHARS[0] * em + 40
    header.setStretchLastSection(False)
    header.resizeSection(0, wide_name)
    header.setStretchLastSection(True)
    fitter = cw.ColumnFitter(table)
    natural = [wide_name, *fitted[1:]]
    table.resize(sum(natural) + 400, 300)
    table.show()
    qtbot.waitExposed(table)
    table.resize(sum(natural) + 21 + table.width() - _room(table), 300)
    fitter.fit()
    assert _room(table) == sum(natural) + 21
    widths = _widths(table)
    assert widths[:2] == [wide_name, fitted[1] + 21]

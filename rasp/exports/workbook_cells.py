"""Cells and tables for the Excel analysis workbook: safe text, unrounded numbers, headers, filters, widths.

Every value reaches a cell through `put`, so text is always a string cell made safe with
`rasp.core.safety.spreadsheet_text` (a leading =, +, -, @, tab or CR never makes a formula), a missing number
(None, NaN) leaves the cell empty, and numbers are written unrounded: the number format does the display.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from openpyxl.cell.cell import Cell  # type: ignore[import-untyped, unused-ignore]
from openpyxl.formatting.rule import ColorScaleRule  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped, unused-ignore]

from rasp.charts.figures import BAND_COLOURS
from rasp.core.framework import Thresholds
from rasp.core.safety import spreadsheet_text
from rasp.method.scoring import BAND_CONCERN, BAND_STRENGTH

SCORE = "0.0"  # scores, gaps, trust: one decimal place shown, the exact value kept
AD = "0.00"  # disagreement (mean absolute deviation, scale points)
INTEGER = "0"  # counts and rungs
DATE = "d mmmm yyyy"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60
POINTS_PER_LINE = 15.0
# Colour-blind safe (Okabe-Ito) ends of the colour scales; the mid point is white.
ORANGE = BAND_COLOURS[BAND_CONCERN].lstrip("#").upper()
BLUE = BAND_COLOURS[BAND_STRENGTH].lstrip("#").upper()
WHITE = "FFFFFF"


def is_missing(value: object) -> bool:
    """None, NaN, pd.NA and NaT: an empty cell."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(float(value))
    return type(value).__name__ in {"NAType", "NaTType"}


def put(cell: Cell, value: object, number_format: str | None = None) -> None:
    """Write one value. Text: always a string cell, through spreadsheet_text. True/False: 'yes'/'no'.
    Whole numbers as integers, other numbers as floats (unrounded), dates as dates, missing as empty."""
    if is_missing(value):
        cell.value = None
        return
    if isinstance(value, bool | np.bool_):
        value = "yes" if value else "no"
    if isinstance(value, str):
        cell.value = spreadsheet_text(value)
        cell.data_type = "s"
        return
    if isinstance(value, int | np.integer):
        cell.value = int(value)
    elif isinstance(value, float | np.floating):
        cell.value = float(value)
    elif isinstance(value, dt.datetime):
        cell.value = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        cell.number_format = number_format or DATE
        return
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = number_format or DATE
        return
    else:  # anything else is shown as text, never evaluated
        put(cell, str(value))
        return
    if number_format:
        cell.number_format = number_format


def _lines(text: str, width: float) -> int:
    """About how many lines `text` takes when wrapped in a column `width` characters wide."""
    per_line = max(1.0, (width - 1) * 0.95)  # words do not break mid-word: leave some slack
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _shown_length(value: object, number_format: str | None) -> int:
    if is_missing(value):
        return 0
    if isinstance(value, float | np.floating) and number_format in {SCORE, AD}:
        return len(f"{float(value):.{2 if number_format == AD else 1}f}")
    if isinstance(value, dt.date):
        return 17
    return max(len(line) for line in str(value).split("\n"))


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    formats: Mapping[str, str] | None = None,
    widths: Mapping[str, int] | None = None,
    wrap: Iterable[str] = (),
) -> int:
    """A data sheet: bold header row (frozen), the rows below it, an AutoFilter over the whole range,
    the given number formats per column (by header) and widths to fit (capped). Returns the last row."""
    formats = formats or {}
    widths = widths or {}
    wrapped = set(wrap)
    column_formats = [formats.get(h) for h in headers]
    longest = [len(h) for h in headers]
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c)
        put(cell, header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    last = 1
    for r, values in enumerate(rows, start=2):
        last = r
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            put(cell, value, column_formats[c - 1])
            if headers[c - 1] in wrapped:
                cell.alignment = WRAP
            elif wrapped:
                cell.alignment = TOP
                height = _lines(str(value or ""), widths.get(headers[c - 1], MAX_WIDTH)) * POINTS_PER_LINE
                if height > POINTS_PER_LINE:
                    ws.row_dimensions[r].height = max(height, ws.row_dimensions[r].height or 0)
            longest[c - 1] = max(longest[c - 1], _shown_length(value, column_formats[c - 1]))
    end = get_column_letter(len(headers))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    fit_to_width(ws)
    ws.auto_filter.ref = f"A1:{end}{last}"
    lines = 1
    for c, header in enumerate(headers, start=1):
        width = widths.get(header, min(MAX_WIDTH, max(MIN_WIDTH, longest[c - 1] + 2)))
        ws.column_dimensions[get_column_letter(c)].width = width
        lines = max(lines, _lines(header, width))
    if lines > 1:  # spreadsheets do not grow a row for wrapped text written by a program
        ws.row_dimensions[1].height = lines * POINTS_PER_LINE
    return last


def fit_to_width(ws: Worksheet) -> None:
    """Print landscape, every column on one page width (as many pages down as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def column_range(ws: Worksheet, headers: Sequence[str], header: str, last_row: int) -> str:
    """'C2:C41': the data cells under one header (just the header cell's row below it when there are none)."""
    letter = get_column_letter(list(headers).index(header) + 1)
    return f"{letter}2:{letter}{max(2, last_row)}"


def score_scale(thresholds: Thresholds) -> ColorScaleRule:
    """Scores: orange at the borderline threshold and below (concern), white midway, blue at the strength
    threshold and above; so the full colours match the bands and the shades show where a borderline score lies."""
    middle = (thresholds.borderline + thresholds.strength) / 2
    return ColorScaleRule(
        start_type="num",
        start_value=thresholds.borderline,
        start_color=ORANGE,
        mid_type="num",
        mid_value=middle,
        mid_color=WHITE,
        end_type="num",
        end_value=thresholds.strength,
        end_color=BLUE,
    )


def gap_scale(thresholds: Thresholds) -> ColorScaleRule:
    """Gaps: white at 0, full orange at the material gap and above."""
    return ColorScaleRule(
        start_type="num",
        start_value=0,
        start_color=WHITE,
        end_type="num",
        end_value=thresholds.material_gap,
        end_color=ORANGE,
    )

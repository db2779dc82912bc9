"""The safe workbook reader: any uploaded bytes -> a plain in-memory `Workbook` or `UnreadableFile`.

Three steps, each bounded in memory and time:

1. `filetypes.sniff` / `filetypes.check_zip` recognise what the bytes are without parsing a
   spreadsheet (empty, too big, PDF, text, HTML, .xls, password-protected, .ods, macros, a zip
   bomb, XML entity declarations, ...) and refuse with a message saying what the file seems to be.
2. `xlsxrebuild.rebuild` streams the parts through expat with hard limits and writes a fresh,
   minimal .xlsx holding only cells inside the MAX_ROWS x MAX_COLS window.
3. python-calamine reads that clean workbook; whatever it raises becomes "seems to be damaged".

Cell values come back as calamine gives them (str, float, int, bool, date/time values), with
empty cells as None, control characters other than tab and newline removed and text NFC-normalised.
Row index 0 is always Excel row 1 and column index 0 is always column A.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar
from xml.parsers import expat

from python_calamine import CalamineWorkbook

from rasp import filetypes
from rasp.errors import UnreadableFile
from rasp.xlsxrebuild import Limits, rebuild

MAX_FILE_BYTES: int = 5 * 1024 * 1024  # bigger files are refused before opening
MAX_ROWS: int = 2000  # rows read per sheet at most
MAX_COLS: int = 60  # columns kept per row at most

Rows = list[list[object]]
T = TypeVar("T")

# What zipfile and expat raise on damaged input (beyond our own Refusal).
_DAMAGE = (zipfile.BadZipFile, zlib.error, expat.ExpatError, EOFError, OSError, ValueError, RuntimeError,
           NotImplementedError, KeyError, UnicodeError)
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])
_LONG_RUN = 30  # Unicode's stream-safe limit on combining marks in a row


@dataclass(frozen=True)
class Workbook:
    """Every sheet (hidden ones too, in workbook order): name -> rows -> cell values."""

    sheets: dict[str, Rows]

    def sheet(self, name: str) -> Rows | None:
        """The rows of the sheet called `name` (case and surrounding spaces ignored), or None."""
        wanted = name.strip().casefold()
        return next((rows for key, rows in self.sheets.items() if key.strip().casefold() == wanted), None)


def read_workbook(data: bytes, filename: str = "") -> Workbook:
    """Read an uploaded .xlsx; raise `UnreadableFile` with a plain-English message otherwise."""
    try:
        filetypes.sniff(data, MAX_FILE_BYTES)
        archive = filetypes.open_zip(data)
        filetypes.check_zip(archive)
        clean = rebuild(archive, Limits(max_rows=MAX_ROWS, max_cols=MAX_COLS))
    except filetypes.Refusal as refusal:
        text = filetypes.message(refusal.kind, filename, refusal.detail, MAX_FILE_BYTES // (1024 * 1024))
        raise UnreadableFile(text) from None
    except _DAMAGE as exc:
        raise UnreadableFile(filetypes.message("damaged", filename)) from exc
    return _read_clean(clean, filename)


def _read_clean(clean: bytes, filename: str) -> Workbook:
    """Read the rebuilt workbook with calamine, one sheet at a time."""
    book = _calamine(lambda: CalamineWorkbook.from_filelike(io.BytesIO(clean)), filename)
    names: list[str] = _calamine(lambda: list(book.sheet_names), filename)
    sheets: dict[str, Rows] = {}
    for index, name in enumerate(names):
        sheet = _calamine(lambda i=index: book.get_sheet_by_index(i), filename)
        rows = _calamine(lambda s=sheet: s.to_python(skip_empty_area=False, nrows=MAX_ROWS), filename)
        sheets[name] = _tidy(rows, sheet.start, sheet.end)
    return Workbook(sheets)


def _calamine(call: Callable[[], T], filename: str) -> T:
    """Run one calamine call; any failure at all (including a Rust panic) means a damaged file."""
    try:
        return call()
    except Exception as exc:
        raise UnreadableFile(filetypes.message("damaged", filename)) from exc
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise UnreadableFile(filetypes.message("damaged", filename)) from exc


def _tidy(rows: list[list[object]], start: tuple[int, int] | None, end: tuple[int, int] | None) -> Rows:
    """Cap the grid, turn empty strings into None and clean text; index 0 must be row 1 / column A."""
    tidy = [[_value(value) for value in row[:MAX_COLS]] for row in rows[:MAX_ROWS]]
    return _pad(tidy, start, end)


def _pad(rows: Rows, start: tuple[int, int] | None, end: tuple[int, int] | None) -> Rows:
    """Add empty rows above / columns to the left if calamine started the grid at its first used cell.

    With skip_empty_area=False calamine 0.37 already starts at A1, so this normally adds nothing.
    """
    if start is None or end is None or not rows:
        return rows
    width = min(end[1] + 1, MAX_COLS)
    left = width - max(len(row) for row in rows)
    if left > 0:
        rows = [[None] * left + row for row in rows]
    top = min(end[0] + 1, MAX_ROWS) - len(rows)
    if top > 0:
        rows = [[None] * width for _ in range(top)] + rows
    return rows[:MAX_ROWS]


def _value(value: object) -> object:
    """Empty strings -> None; text loses control characters (not tab/newline) and is NFC-normalised."""
    if not isinstance(value, str):
        return value
    text = value.translate(_CONTROLS)
    return _nfc(text) if text else None


def _nfc(text: str) -> str:
    """NFC-normalise in linear time.

    CPython reorders combining marks with an insertion sort, so a long run of mixed marks
    takes quadratic time (200,000 marks: about half a minute). Runs longer than Unicode's
    stream-safe limit are put into canonical order first (a stable sort), after which
    normalisation is linear; the result is identical to `unicodedata.normalize`.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    runs = _long_runs()
    if runs.search(text):
        text = runs.sub(_canonical_order, text)
    return unicodedata.normalize("NFC", text)


def _canonical_order(run: re.Match[str]) -> str:
    """Decompose a run of combining marks and sort it stably by combining class."""
    marks = "".join(unicodedata.normalize("NFD", ch) for ch in run.group())
    return "".join(sorted(marks, key=unicodedata.combining))


@cache
def _long_runs() -> re.Pattern[str]:
    """Matches more than _LONG_RUN characters in a row that decompose only into combining marks."""
    marks = []
    for code in range(0x110000):
        ch = chr(code)
        if unicodedata.combining(ch) or unicodedata.decomposition(ch):
            if all(unicodedata.combining(part) for part in unicodedata.normalize("NFD", ch)):
                marks.append(code)
    spans: list[list[int]] = []
    for code in marks:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    members = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in spans)
    return re.compile(f"[{members}]{{{_LONG_RUN + 1},}}")

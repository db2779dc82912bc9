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
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from xml.parsers import expat

from python_calamine import CalamineWorkbook

from rasp.core.errors import UnreadableFile
from rasp.intake import fastcheck, filetypes
from rasp.intake.xlsxrebuild import Limits, plan, rebuild_planned
from rasp.intake.xmlparts import sheet_key

MAX_FILE_BYTES: int = 5 * 1024 * 1024  # bigger files are refused before opening
MAX_ROWS: int = 2000  # rows read per sheet at most
MAX_COLS: int = 60  # columns kept per row at most

Rows = list[list[object]]

# What zipfile and expat raise on damaged input (beyond our own Refusal).
_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    expat.ExpatError,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    LookupError,  # KeyError, IndexError, and an XML declaration naming an unknown encoding
    UnicodeError,
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls except tab and newline
_LONG_RUN = 30  # Unicode's stream-safe limit on combining marks in a row


@dataclass(frozen=True)
class Workbook:
    """Every sheet (in workbook order): name -> rows -> cell values; and per sheet the (row, column) of
    every cell holding a formula, whose value is only the result Excel last saved."""

    sheets: dict[str, Rows]
    formulas: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)

    def sheet(self, name: str) -> Rows | None:
        """The rows of the sheet called `name` (case, spacing and look-alike forms ignored), or None."""
        found = self._name(name)
        return None if found is None else self.sheets[found]

    def formula_cells(self, name: str) -> frozenset[tuple[int, int]]:
        """The cells of sheet `name` (found as `sheet` finds it) that hold a formula."""
        found = self._name(name)
        return frozenset() if found is None else self.formulas.get(found, frozenset())

    def _name(self, name: str) -> str | None:
        return self._by_key.get(sheet_key(name))

    @cached_property
    def _by_key(self) -> dict[str, str]:
        """Each sheet's name by its `sheet_key` (the first sheet wins, as a search in workbook order would)."""
        found: dict[str, str] = {}
        for key in self.sheets:
            found.setdefault(sheet_key(key), key)
        return found


def read_workbook(
    data: bytes,
    filename: str = "",
    *,
    max_rows: int | None = None,
    max_cols: int | None = None,
    hidden_allowed: Collection[str] = (),
) -> Workbook:
    """Read an uploaded .xlsx; raise `UnreadableFile` with a plain-English message otherwise.

    `max_rows` / `max_cols` widen the window for survey exports (one row per respondent, a column per question);
    by default MAX_ROWS x MAX_COLS.

    A workbook whose sheets could show the user something other than what we read is refused: a hidden
    or very hidden sheet (except one whose name is exactly in `hidden_allowed`), a chart, dialog or macro
    sheet, two sheets whose names are the same once case, spacing and look-alike forms are ignored, two
    zip parts with the same name, two cells at the same place.
    """
    max_rows = MAX_ROWS if max_rows is None else max_rows
    max_cols = MAX_COLS if max_cols is None else max_cols
    limits = Limits(max_rows=max_rows, max_cols=max_cols)
    try:
        filetypes.sniff(data, MAX_FILE_BYTES)
        archive = filetypes.open_zip(data)
        unpacker = filetypes.Unpacker(archive)
        filetypes.check_zip(archive, unpacker)
        checked = plan(archive, limits, hidden_allowed, unpacker)
        formulas = fastcheck.scan(checked.parts, unpacker, checked.sheets, limits)
        if formulas is None:  # not plain enough to hand calamine as it is: rebuild it
            clean = rebuild_planned(checked, limits)
            source, formulas = clean.data, clean.formulas
        else:
            source = data
    except filetypes.Refusal as refusal:
        text = filetypes.message(refusal.kind, filename, refusal.detail, MAX_FILE_BYTES // (1024 * 1024))
        raise UnreadableFile(text) from None
    except _DAMAGE as exc:
        raise UnreadableFile(filetypes.message("damaged", filename)) from exc
    book = _read_clean(source, filename, max_rows, max_cols)
    names = [name for name, _target, _info in checked.sheets]
    if list(book.sheets) != names:  # calamine must read the sheets we checked, no more, no fewer
        raise UnreadableFile(filetypes.message("damaged", filename))
    return Workbook(book.sheets, dict(zip(names, formulas, strict=True)))


def _read_clean(clean: bytes, filename: str, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS) -> Workbook:
    """Read the rebuilt workbook with calamine, one sheet at a time."""
    with _calamine_errors(filename):
        book = CalamineWorkbook.from_filelike(io.BytesIO(clean))
        names = list(book.sheet_names)
    sheets: dict[str, Rows] = {}
    for index, name in enumerate(names):
        with _calamine_errors(filename):
            sheet = book.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False, nrows=max_rows)
            start, end = sheet.start, sheet.end
        sheets[name] = _tidy(rows, start, end, max_rows, max_cols)
    return Workbook(sheets)


@contextmanager
def _calamine_errors(filename: str) -> Iterator[None]:
    """Any failure inside calamine at all (including a Rust panic) means the file is damaged."""
    try:
        yield
    except Exception as exc:
        raise UnreadableFile(filetypes.message("damaged", filename)) from exc
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise UnreadableFile(filetypes.message("damaged", filename)) from exc


def _tidy(
    rows: Sequence[Sequence[object]],
    start: tuple[int, int] | None,
    end: tuple[int, int] | None,
    max_rows: int = MAX_ROWS,
    max_cols: int = MAX_COLS,
) -> Rows:
    """Cap the grid, turn empty strings into None and clean text; index 0 must be row 1 / column A."""
    tidy = [[_value(value) for value in row[:max_cols]] for row in rows[:max_rows]]
    return _pad(tidy, start, end, max_rows, max_cols)


def _pad(
    rows: Rows,
    start: tuple[int, int] | None,
    end: tuple[int, int] | None,
    max_rows: int = MAX_ROWS,
    max_cols: int = MAX_COLS,
) -> Rows:
    """Add empty rows above / columns to the left if calamine started the grid at its first used cell.

    With skip_empty_area=False calamine 0.37 already starts at A1, so this normally adds nothing.
    """
    if start is None or end is None or not rows:
        return rows
    width = min(end[1] + 1, max_cols)
    left = width - max(len(row) for row in rows)
    if left > 0:
        rows = [[*(None for _ in range(left)), *row] for row in rows]
    top = min(end[0] + 1, max_rows) - len(rows)
    if top > 0:
        blank: Rows = [[None for _ in range(width)] for _ in range(top)]
        rows = blank + rows
    return rows[:max_rows]


def _value(value: object) -> object:
    """Empty strings -> None; text loses control characters (not tab/newline) and is NFC-normalised."""
    if not isinstance(value, str):
        return value
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    return _nfc(value) if value else None


def _nfc(text: str) -> str:
    """NFC-normalise in linear time.

    CPython puts combining marks in canonical order with an insertion sort, so a long run of
    mixed marks takes quadratic time (200,000 marks: about half a minute). Long runs that may
    hold marks are put into canonical order first (a stable sort by combining class), after
    which normalisation is linear; the result is identical to `unicodedata.normalize`.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    runs = _long_runs()
    if runs.search(text):
        text = runs.sub(_canonical_order, text)
    return unicodedata.normalize("NFC", text)


def _canonical_order(run: re.Match[str]) -> str:
    """Decompose a run and stably sort each stretch of combining marks in it by combining class."""
    out: list[str] = []
    marks: list[str] = []
    for part in _decomposed(run.group()):
        if unicodedata.combining(part):
            marks.append(part)
            continue
        out.extend(sorted(marks, key=unicodedata.combining))
        marks.clear()
        out.append(part)
    out.extend(sorted(marks, key=unicodedata.combining))
    return "".join(out)


def _decomposed(text: str) -> Iterator[str]:
    """Each character's own canonical decomposition (no reordering across characters, so linear)."""
    for ch in text:
        yield from unicodedata.normalize("NFD", ch)


@cache
def _long_runs() -> re.Pattern[str]:
    """More than _LONG_RUN characters in a row that may be combining marks.

    Exact for the Basic Multilingual Plane (characters that decompose only into marks); every
    character beyond it is included, since a class with many astral ranges makes the regex ten
    times slower. `_canonical_order` sorts only real marks, so including extra characters is safe.
    """
    marks: list[int] = []
    for code in range(0x10000):
        ch = chr(code)
        maybe_mark = unicodedata.combining(ch) or unicodedata.decomposition(ch)
        if maybe_mark and all(unicodedata.combining(part) for part in unicodedata.normalize("NFD", ch)):
            marks.append(code)
    spans: list[list[int]] = []
    for code in marks:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    members = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in spans)
    return re.compile(f"[{members}\U00010000-\U0010ffff]{{{_LONG_RUN + 1},}}")

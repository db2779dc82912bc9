"""What the officer sees must be what is stored: checks on a read return before its values are used.

The reader already refuses workbooks whose sheets are ambiguous (hidden sheets other than the template's
Meta sheet, chart or macro sheets, sheets whose names look the same, duplicate parts or cells). Here, on the
sheets the validator reads (About, Questions, Partners, Meta):

- A cell holding a formula is a problem. We cannot run formulas; the value in the file is only the result
  Excel last saved, which a crafted file can set to anything (say, a Council cell whose formula shows one
  council while the saved result names another). An officer types values, never formulas, in a return.
- The Meta sheet is hidden in the template, so the officer cannot check it: it is accepted only with the
  content the template gives it (the Key/Value header, the known keys once each, option lists from
  column D). Anything else there is a problem.

Cell text is also bounded here (`text`, `shown`), so an absurd cell costs little.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from rasp.core.errors import Problem
from rasp.core.words import clean_text
from rasp.intake.template_sheets import META_HEADERS, META_KEYS, META_LIST_COLUMN

if TYPE_CHECKING:
    from rasp.intake.reader import Workbook

TEXT_CAP = 10_000  # characters of a cell we look at; longer cells are refused for length anyway
Rows = list[list[object]]


def text(value: object) -> str:
    """A cell as tidy text (`clean_text`), looking at no more than TEXT_CAP characters of it."""
    if isinstance(value, str) and len(value) > TEXT_CAP:
        value = value[:TEXT_CAP]
    return clean_text(value)


def length(value: object) -> int:
    """How many characters a cell holds (cheap for any size)."""
    return len(value) if isinstance(value, str) else len(clean_text(value))


def shown(value: object, limit: int = 60) -> str:
    """A cell's text for a message: tidy and at most `limit` characters."""
    tidy = text(value[: limit * 4] if isinstance(value, str) else value)
    return tidy if len(tidy) <= limit else tidy[: limit - 1] + "…"


def cell_ref(row: int, col: int) -> str:
    """Zero-based row/column to an Excel reference: (13, 3) -> 'D14'."""
    return f"{get_column_letter(col + 1)}{row + 1}"


def formula_problems(wb: Workbook, sheets: tuple[str, ...]) -> list[Problem]:
    """One problem for each cell holding a formula on the named sheets, in sheet, row, column order."""
    problems = []
    for sheet in sheets:
        for row, col in sorted(wb.formula_cells(sheet)):
            problems.append(
                Problem(
                    sheet,
                    cell_ref(row, col),
                    "this cell holds a formula. We cannot check what a formula shows, only the result saved "
                    "with the file, so a return must hold plain values: type the value itself.",
                )
            )
    return problems


def _at(rows: Rows, r: int, c: int) -> object:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def meta_problems(wb: Workbook, sheet: str) -> list[Problem]:
    """Problems with the Meta sheet's content: only what the template writes there is allowed."""
    rows = wb.sheet(sheet)
    if rows is None:
        return []
    changed = (
        "the hidden Meta sheet is not as the template made it ({what}). Download the template again and "
        "copy the answers across."
    )
    problems: list[Problem] = []

    def odd(row: int, col: int, what: str) -> None:
        problems.append(Problem(sheet, cell_ref(row, col), changed.format(what=what)))

    seen: set[str] = set()
    for r in range(len(rows)):
        key, value, gap = (text(_at(rows, r, c)) for c in range(3))
        if r == 0:
            if (key, value) != META_HEADERS:
                odd(0, 0, "its header row should read Key, Value")
        elif key in META_KEYS and key not in seen:
            seen.add(key)
        elif key:
            odd(r, 0, f"'{shown(key)}' is not one of its keys" if key not in seen else f"'{key}' appears twice")
        elif value:
            odd(r, 1, "a value without a key")
        if gap:
            odd(r, 2, "column C should be empty")
        for c in range(META_LIST_COLUMN - 1, len(rows[r])):
            if r > 0 and rows[r][c] is not None and _at(rows, 0, c) is None:
                odd(r, c, "an option without a list name in row 1")
    return problems

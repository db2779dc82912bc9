"""A bounded, cheap check that lets calamine read an uploaded workbook as it is, without rebuilding it.

`rasp.intake.xlsxrebuild` streams every sheet through expat and writes a fresh workbook, because calamine
aborts the whole process on some inputs (a cell at XFD1048576 makes it allocate a dense grid of hundreds of
gigabytes; a long shared string used by many cells is copied into each). That costs about ten times what
calamine itself takes. Workbooks as Excel, LibreOffice and openpyxl write them are small and plain, and for
them a few regular-expression scans over the (already unpacked) sheet bytes prove the same bounds:

- every XML part is small (at most `Unpacker.KEEP`, a megabyte, really unpacked; a real return's biggest is
  about 60 KB), so calamine's own work and memory are small;
- every sheet is a plain `<worksheet>` in the default namespace, without comments or CDATA, whose every
  `<c>` element starts with its `r` reference, all inside the MAX_ROWS x MAX_COLS window, none twice;
- the sheets' grids (A1 to the last cell) together hold at most `Limits.max_grid` cells;
- every shared-string cell points at an existing item, and (longest item x shared-string cells) is within
  `Limits.max_text`, so copying cannot blow up.

When all of that holds, `scan` returns the formula cells of each sheet (what the rebuild would have found)
and calamine reads the original bytes. When anything is unusual it returns None and the caller rebuilds:
the scan never accepts a workbook the rebuild would refuse or read differently. Duplicate cells are refused
here exactly as the rebuild refuses them. Sheet names, states, kinds and relationships were already checked
(`xlsxrebuild.plan`) before either path runs.
"""

from __future__ import annotations

import bisect
import re
import zipfile

from rasp.intake.filetypes import Refusal, Unpacker, shown
from rasp.intake.xmlparts import Limits

_ROOT = re.compile(
    rb'\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<worksheet[^>]*\sxmlns="http://schemas\.openxmlformats\.org/spreadsheetml/2006/main"'
)
_CELL_START = re.compile(rb"<c[\s/>]")
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"((?:\s+[A-Za-z:]+="[^"<>]*")*)\s*(/?)>')
_SHARED_VALUE = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"[^>]*?\st="s"[^>]*>\s*<v>([0-9]{1,9})</v>')
_FORMULA = re.compile(rb"<f[\s/>]")
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([0-9]{1,7})"\s*/>')
_ODD = (b"<!--", b"<![CDATA[")
_SHARED_ITEM = re.compile(rb"<si[\s>/]")
_CANONICAL_TARGET = re.compile(r"(?:/xl/|)worksheets/sheet[0-9]{1,3}\.xml", re.IGNORECASE)


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col - 1


def scan(
    parts: dict[str, zipfile.ZipInfo],
    unpacker: Unpacker,
    sheets: list[tuple[str, str, zipfile.ZipInfo]],
    limits: Limits,
) -> tuple[frozenset[tuple[int, int]], ...] | None:
    """Each sheet's formula cells when calamine may read the original; None when it must be rebuilt.

    `sheets` holds (name, relationship target as written, part) for every sheet in workbook order."""
    if any(not _CANONICAL_TARGET.fullmatch(target) for _name, target, _info in sheets):
        return None
    xml_parts = (info for name, info in parts.items() if name.endswith((".xml", ".rels")))
    if any(unpacker.whole(info) is None for info in xml_parts):
        return None  # some part unpacks to over a megabyte (whatever its header says): rebuild
    shared_cells, top_index, grid = 0, -1, 0
    formulas: list[frozenset[tuple[int, int]]] = []
    for name, _target, info in sheets:
        xml = unpacker.whole(info)
        if xml is None or not _ROOT.match(xml) or any(mark in xml for mark in _ODD):
            return None
        found = _sheet(xml, name, limits)
        if found is None:
            return None
        cells, s_cells, s_top, sheet_formulas = found
        grid += cells
        shared_cells += s_cells
        top_index = max(top_index, s_top)
        formulas.append(sheet_formulas)
    if grid > limits.max_grid:
        return None  # the rebuild refuses it, with its own words
    if shared_cells and not _shared_strings_fit(parts, unpacker, shared_cells, top_index, limits):
        return None
    return tuple(formulas)


def _sheet(xml: bytes, name: str, limits: Limits) -> tuple[int, int, int, frozenset[tuple[int, int]]] | None:
    """The cells in the sheet's grid (A1 to its last cell), how many cells use a shared string, the highest
    shared-string index used, and the formula cells; None when a cell is written in an unusual way or lies
    outside the window. Mostly C-level scans: a real return's sheets take well under a millisecond."""
    dimension = _DIMENSION.search(xml)
    if dimension and (int(dimension.group(2)) > limits.max_rows or _column(dimension.group(1)) >= limits.max_cols):
        return None
    found = _CELL.findall(xml)
    if len(found) != len(_CELL_START.findall(xml)):
        return None  # a cell without a reference, or with its attributes in another order
    if not found:
        return 0, 0, -1, frozenset()
    letters, digits, attrs, _closes = zip(*found, strict=True)
    last_row = max(map(int, digits)) - 1
    last_col = max(map(_column, set(letters)))
    if last_row >= limits.max_rows or last_col >= limits.max_cols:
        return None
    if len(set(zip(letters, digits, strict=True))) != len(found):
        _duplicate(letters, digits, name)
    s_cells = b"\0".join(attrs).count(b't="s"')
    s_top = -1
    if s_cells:
        values = _SHARED_VALUE.findall(xml)
        if len(values) != s_cells:
            return None
        s_top = max(map(int, values))
    formulas: frozenset[tuple[int, int]] = frozenset()
    if _FORMULA.search(xml):
        starts = [m.start() for m in _CELL.finditer(xml)]
        refs = [(int(d) - 1, _column(col)) for col, d in zip(letters, digits, strict=True)]
        formulas = frozenset(refs[bisect.bisect_right(starts, m.start()) - 1] for m in _FORMULA.finditer(xml))
    return (last_row + 1) * (last_col + 1), s_cells, s_top, formulas


def _duplicate(letters: tuple[bytes, ...], digits: tuple[bytes, ...], name: str) -> None:
    """Refuse the first cell written twice, naming it."""
    seen: set[tuple[bytes, bytes]] = set()
    for ref in zip(letters, digits, strict=True):
        if ref in seen:
            where = f"two cells at {ref[0].decode()}{ref[1].decode()} on sheet '{shown(name)}'"
            raise Refusal("ambiguous", where)
        seen.add(ref)


def _shared_strings_fit(
    parts: dict[str, zipfile.ZipInfo], unpacker: Unpacker, uses: int, top_index: int, limits: Limits
) -> bool:
    """Every index used exists, and copying the longest item into every shared-string cell stays in budget."""
    info = parts.get("xl/sharedstrings.xml")
    xml = unpacker.whole(info) if info is not None else None
    if xml is None or any(mark in xml for mark in _ODD):
        return False
    starts = [m.start() for m in _SHARED_ITEM.finditer(xml)]
    if top_index >= len(starts):
        return False
    longest = max((b - a for a, b in zip(starts, [*starts[1:], len(xml)], strict=True)), default=0)
    return longest * uses <= limits.max_text

"""Rebuild an uploaded .xlsx as a small, clean workbook that calamine reads in bounded memory.

calamine builds each sheet as a dense grid from its first to its last cell, so one cell at
XFD1048576 makes it try to allocate hundreds of gigabytes and abort the whole process (a Rust
allocation failure cannot be caught). It also copies a shared string into every cell that uses
it. So calamine never sees the uploaded parts: we stream the workbook, relationships, sheets,
shared strings and styles through expat with hard limits (`rasp.intake.xmlparts`), keep only cells
inside the `max_rows` x `max_cols` window (each with an explicit reference, rows in order), keep
only the shared strings those cells use, and write a fresh zip. calamine still reads every value.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from rasp.intake.filetypes import Refusal, Unpacker, entries, shown
from rasp.intake.xmlparts import (
    MAIN_NS,
    XML_HEAD,
    Budget,
    ContentTypes,
    Limits,
    Part,
    Relationships,
    Stop,
    Styles,
    WorkbookPart,
    Writer,
    escape_text,
    sheet_key,
    sheet_kind,
    walk,
    write_package,
)

__all__ = ["Limits", "Plan", "Rebuilt", "column_letters", "plan", "rebuild", "rebuild_planned"]

EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384


def column_letters(col: int) -> str:
    """0 -> 'A', 26 -> 'AA', 16383 -> 'XFD'."""
    return str(get_column_letter(col + 1))


_LETTERS = [column_letters(col) for col in range(EXCEL_COLS)]
_COLUMNS = {letters: col for col, letters in enumerate(_LETTERS)}


def _row_number(text: str) -> int:
    """A 1-based Excel row number; anything else means the file is damaged."""
    if not (text.isascii() and text.isdigit() and len(text) <= 7 and 1 <= int(text) <= EXCEL_ROWS):
        raise Refusal("damaged")
    return int(text)


def _cell_ref(ref: str) -> tuple[int, int]:
    """'B3' -> (2, 1); a reference outside Excel's grid means the file is damaged."""
    letters = ref.rstrip("0123456789")
    col = _COLUMNS.get(letters)
    if col is None:
        col = _COLUMNS.get(letters.upper(), -1)
        if col < 0:
            raise Refusal("damaged")
    return _row_number(ref[len(letters) :]) - 1, col


class _StringUses:
    """Shared-string indexes used by kept cells: a new index for each, and how often each is used."""

    def __init__(self) -> None:
        self.new_index: dict[int, int] = {}
        self.uses: Counter[int] = Counter()

    def use(self, old_text: str) -> int:
        old = old_text.strip()
        if not (old.isascii() and old.isdigit() and len(old) < 10):
            raise Refusal("damaged")
        self.uses[int(old)] += 1
        return self.new_index.setdefault(int(old), len(self.new_index))


class _Cell:
    """A kept `<c>` element being read: where it is, its type and style, its `<v>` text and `<is>` subtree."""

    def __init__(self, row: int, col: int, attrs: dict[str, str]) -> None:
        self.row, self.col = row, col
        self.type = attrs.get("t", "")
        self.style = attrs.get("s", "")
        self.value: list[str] | None = None
        self.inline: Writer | None = None
        self.formula = False


class _SheetFilter(Part):
    """Keeps the cells of a worksheet inside the window, placing each exactly where calamine would."""

    def __init__(self, limits: Limits, strings: _StringUses, budget: Budget, name: str = "") -> None:
        self.limits, self.strings, self.budget, self.name = limits, strings, budget, name
        self.seen: set[tuple[int, int]] = set()  # positions of cells inside the window
        self.formulas: set[tuple[int, int]] = set()  # kept cells holding a formula (their value is a cached result)
        self.root = ""
        self.in_data = False
        self.row = self.col = 0  # calamine's position for rows and cells without an `r` attribute
        self.cell: _Cell | None = None
        self.value: list[str] | None = None  # the text of the <v> being read
        self.inline: Writer | None = None  # the <is> being read
        self.cells: list[tuple[int, int, str]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.inline is not None:
            self.inline.start(name, attrs)
        elif name == "c" and self.in_data:
            row, col = _cell_ref(attrs["r"]) if "r" in attrs else (self.row, self.col)
            self.col = col + 1
            inside = row < self.limits.max_rows and col < self.limits.max_cols
            self.cell = _Cell(row, col, attrs) if inside else None
            if inside:
                if (row, col) in self.seen:
                    where = f"two cells at {_LETTERS[col]}{row + 1} on sheet '{shown(self.name)}'"
                    raise Refusal("ambiguous", where)
                self.seen.add((row, col))
        elif self.cell is not None and name == "f":
            self.cell.formula = True
        elif self.cell is not None and name == "v":
            self.value = self.cell.value = []
        elif self.cell is not None and name == "is":
            self.inline = self.cell.inline = Writer(name, self.limits.max_text)
        elif name == "row" and self.in_data:
            self.row = _row_number(attrs["r"]) - 1 if "r" in attrs else self.row
            if self.row >= self.limits.max_rows:
                raise Stop  # Excel writes rows in order: nothing after this is inside the window
        elif name == "sheetData":
            self.in_data = True
        elif not self.root:
            self.root = name
            sheet_kind(name, self.name)

    def end(self, name: str) -> None:
        if self.inline is not None:
            self.inline.end(name)
            if self.inline.depth == 0:
                self.inline = None
        elif name == "v":
            self.value = None
        elif name == "c":
            if self.cell is not None and (self.cell.value is not None or self.cell.inline is not None):
                self._keep(self.cell)
            if self.cell is not None and self.cell.formula:
                self.formulas.add((self.cell.row, self.cell.col))
            self.cell = None
        elif name == "row":
            self.row, self.col = self.row + 1, 0
        elif name == "sheetData":
            raise Stop

    def text(self, data: str) -> None:
        if self.inline is not None:
            self.inline.text(data)
        elif self.value is not None:
            self.budget.add_text(len(data))
            self.value.append(data)

    def _keep(self, cell: _Cell) -> None:
        """Serialise a kept cell; a shared-string cell gets its new index."""
        attrs = f' r="{_LETTERS[cell.col]}{cell.row + 1}"'
        if cell.style.isascii() and cell.style.isdigit() and len(cell.style) < 10:
            attrs += f' s="{int(cell.style)}"'
        if cell.type:
            attrs += f" t={quoteattr(cell.type)}"
        value = "".join(cell.value) if cell.value is not None else None
        if cell.type == "s" and value is not None:
            body = f"<v>{self.strings.use(value)}</v>"
        else:
            body = "" if value is None else f"<v>{escape_text(value)}</v>"
            if cell.inline is not None:
                body += cell.inline.xml()
                self.budget.add_text(cell.inline.chars)
        self.cells.append((cell.row, cell.col, f"<c{attrs}>{body}</c>"))

    def xml(self) -> str:
        """The kept cells as a minimal worksheet, rows and cells in order."""
        rows: dict[int, list[str]] = {}
        for row, _col, cell in sorted(self.cells, key=lambda c: (c[0], c[1])):
            rows.setdefault(row, []).append(cell)
        if self.cells:
            self.budget.add_grid((max(rows) + 1) * (max(c[1] for c in self.cells) + 1))
        body = "".join(f'<row r="{row + 1}">{"".join(cells)}</row>' for row, cells in rows.items())
        return f'{XML_HEAD}<worksheet xmlns="{MAIN_NS}"><sheetData>{body}</sheetData></worksheet>'


class _SharedStrings(Part):
    """Collects the `<si>` items the kept cells use, charging each to the text budget once per use."""

    def __init__(self, uses: Counter[int], budget: Budget) -> None:
        self.uses, self.budget = uses, budget
        self.last = max(uses, default=-1)
        self.index = -1
        self.depth = 0
        self.writer: Writer | None = None
        self.found: dict[int, Writer] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.writer is not None:
            self.writer.start(name, attrs)
        elif self.depth == 2 and name == "si":
            self.index += 1
            if self.index > self.last:
                raise Stop
            if self.index in self.uses:
                self.writer = Writer("si", self.budget.limits.max_text)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.writer is not None:
            self.writer.end(name)
            if self.writer.depth == 0:
                self.budget.add_text(self.uses[self.index] * self.writer.chars)
                self.found[self.index], self.writer = self.writer, None

    def text(self, data: str) -> None:
        if self.writer is not None:
            self.writer.text(data)


def _sheet_part(target: str) -> str:
    """A relationship target from xl/workbook.xml as a lower-cased zip part name, as calamine resolves it."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        target = target.lstrip("/")
    elif not target.lower().startswith("xl/"):
        target = posixpath.join("xl", target)
    return posixpath.normpath(target).lower()


@dataclass(frozen=True)
class Rebuilt:
    """The clean workbook, and for each sheet (in workbook order) the kept cells that hold a formula."""

    data: bytes
    formulas: tuple[frozenset[tuple[int, int]], ...]


def check_sheets(book: WorkbookPart, hidden_allowed: Collection[str]) -> None:
    """Refuse what makes it unclear which sheet the user sees: a hidden sheet (other than one named in
    `hidden_allowed`, exactly), and two sheets whose names are the same to a reader (`sheet_key`)."""
    keys: dict[str, str] = {}
    for name, state, _rid in book.sheets:
        key = sheet_key(name)
        if not key:
            raise Refusal("damaged")  # Excel never writes a blank sheet name
        if key in keys:
            raise Refusal("same_names", f"'{shown(keys[key])}' and '{shown(name)}'")
        keys[key] = name
        if state != "visible" and name not in hidden_allowed:
            how = "very hidden" if state.lower() == "veryhidden" else "hidden"
            raise Refusal("hidden_sheet", f"'{shown(name)}' is {how}")


@dataclass(frozen=True)
class Plan:
    """A workbook's checked structure: its parts, the unpacker and budget in use, its sheets in order as
    (name, relationship target as written, zip part)."""

    parts: dict[str, zipfile.ZipInfo]
    unpacker: Unpacker
    budget: Budget
    book: WorkbookPart
    sheets: list[tuple[str, str, zipfile.ZipInfo]]


def plan(
    archive: zipfile.ZipFile, limits: Limits, hidden_allowed: Collection[str] = (), unpacker: Unpacker | None = None
) -> Plan:
    """Read the workbook, its relationships and content types; refuse ambiguous sheets (`check_sheets`) and any
    sheet that is not a plain worksheet by its relationship type, content type (root elements are checked as
    the sheets are read)."""
    parts, budget = entries(archive), Budget(limits)
    unpacker = unpacker or Unpacker(archive)
    book = WorkbookPart(limits)
    walk(unpacker, parts["xl/workbook.xml"], book, budget)
    check_sheets(book, hidden_allowed)
    rels, types = Relationships(), ContentTypes()
    if "xl/_rels/workbook.xml.rels" in parts:
        walk(unpacker, parts["xl/_rels/workbook.xml.rels"], rels, budget)
    if "[content_types].xml" in parts:
        walk(unpacker, parts["[content_types].xml"], types, budget)
    found: list[tuple[str, str, zipfile.ZipInfo]] = []
    for name, _state, rid in book.sheets:
        written = rels.targets.get(rid, "")
        target = _sheet_part(written)
        info = parts.get(target)
        if info is None:
            raise Refusal("damaged")
        sheet_kind(rels.types.get(rid, ""), name)
        if target in types.overrides:
            sheet_kind(types.overrides[target], name)
        found.append((name, written, info))
    if len({id(info) for _name, _target, info in found}) != len(found):
        raise Refusal("ambiguous", "two sheets that are the same part")
    return Plan(parts, unpacker, budget, book, found)


def rebuild(archive: zipfile.ZipFile, limits: Limits, hidden_allowed: Collection[str] = ()) -> Rebuilt:
    """A fresh .xlsx holding only what the reader needs, every limit and structure check on the way."""
    return rebuild_planned(plan(archive, limits, hidden_allowed), limits)


def rebuild_planned(checked: Plan, limits: Limits) -> Rebuilt:
    """The rebuild of a workbook whose structure `plan` has checked."""
    parts, unpacker, budget = checked.parts, checked.unpacker, checked.budget
    strings = _StringUses()
    formulas: list[frozenset[tuple[int, int]]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for number, (name, _target, info) in enumerate(checked.sheets, start=1):
            sheet = _SheetFilter(limits, strings, budget, name)
            walk(unpacker, info, sheet, budget)
            formulas.append(frozenset(sheet.formulas))
            out.writestr(f"xl/worksheets/sheet{number}.xml", sheet.xml())
        out.writestr("xl/sharedStrings.xml", _shared_strings(parts, unpacker, strings, budget))
        styles = Styles(limits)
        if "xl/styles.xml" in parts:
            walk(unpacker, parts["xl/styles.xml"], styles, budget)
        out.writestr("xl/styles.xml", styles.xml())
        out.writestr("xl/workbook.xml", checked.book.xml())
        write_package(out, len(checked.book.sheets))
    return Rebuilt(buffer.getvalue(), tuple(formulas))


def _shared_strings(parts: dict[str, zipfile.ZipInfo], unpacker: Unpacker, strings: _StringUses, budget: Budget) -> str:
    """The shared strings the kept cells use, renumbered in the order the sheets first use them."""
    found = _SharedStrings(strings.uses, budget)
    if strings.uses and "xl/sharedstrings.xml" in parts:
        walk(unpacker, parts["xl/sharedstrings.xml"], found, budget)
    items = "".join(found.found[old].xml() if old in found.found else "<si><t></t></si>" for old in strings.new_index)
    return f'{XML_HEAD}<sst xmlns="{MAIN_NS}">{items}</sst>'

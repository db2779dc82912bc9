"""Rebuild an uploaded .xlsx as a small, clean workbook that calamine reads in bounded memory.

calamine builds each sheet as a dense grid spanning the first to the last cell it finds, so one
cell at XFD1048576 makes it allocate hundreds of gigabytes and abort the process (a Rust
allocation failure cannot be caught). It also copies a shared string into every cell that uses
it. So we never hand calamine the uploaded parts: we stream the workbook, relationships, styles,
sheets and shared strings through expat with hard limits, keep only cells inside the
`max_rows` x `max_cols` window (every kept cell gets an explicit reference), keep only the shared
strings those cells use, and write a fresh zip. calamine still interprets every value.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from rasp.filetypes import Refusal, Unpacker, entries

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_INT = re.compile(r"[0-9]{1,9}")
_STATES = ("visible", "hidden", "veryHidden")


@dataclass(frozen=True)
class Limits:
    """How much of a workbook we are prepared to read."""

    max_rows: int
    max_cols: int
    max_sheets: int = 100
    max_elements: int = 1_500_000  # XML elements across all parts we parse
    max_text: int = 10_000_000  # characters of cell text, counting each use of a shared string
    max_grid: int = 2_000_000  # cells in the rectangles from A1 to each sheet's last cell
    max_styles: int = 65_536  # Excel allows about 64,000 cell formats


class _Stop(Exception):
    """Raised by a handler when the rest of a part is not needed."""


class _Budget:
    """Running totals checked against `Limits`; raises `Refusal` when one is exceeded."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.elements = 0
        self.text = 0
        self.grid = 0

    def element(self) -> None:
        self.elements += 1
        if self.elements > self.limits.max_elements:
            raise Refusal("too_much_data", "far too many cells and other items")

    def add_text(self, chars: int) -> None:
        self.text += chars
        if self.text > self.limits.max_text:
            raise Refusal("too_much_data", f"over {self.limits.max_text:,} characters of text")

    def add_grid(self, cells: int) -> None:
        self.grid += cells
        if self.grid > self.limits.max_grid:
            raise Refusal("too_much_data", "too many filled rows and columns across its sheets")


class _Part:
    """Receives the events of one XML part; element names arrive without their prefix."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """An element opens."""

    def end(self, name: str) -> None:
        """An element closes."""

    def text(self, data: str) -> None:
        """Character data (entities already decoded)."""


def _refuse_dtd(*_: object) -> None:
    raise Refusal("entities")


def _walk(unpacker: Unpacker, info: zipfile.ZipInfo, part: _Part, budget: _Budget) -> None:
    """Stream one zip part through expat into `part`, stopping quietly on `_Stop`."""
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def on_start(name: str, attrs: dict[str, str]) -> None:
        budget.element()
        part.start(name.rpartition(":")[2], attrs)

    parser.StartElementHandler = on_start
    parser.EndElementHandler = lambda name: part.end(name.rpartition(":")[2])
    parser.CharacterDataHandler = part.text
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    try:
        for chunk in unpacker.chunks(info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        pass


class _Writer(_Part):
    """Re-serialises one subtree (a cell value or a shared string) as plain UTF-8 XML."""

    def __init__(self, name: str, limit: int) -> None:
        self.out = [f"<{name}>"]
        self.plain: list[str] = []
        self.depth = 1
        self.chars = 0
        self.limit = limit

    def start(self, name: str, attrs: dict[str, str]) -> None:
        kept = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items() if k == "xml:space" or ":" not in k and k != "xmlns")
        self.out.append(f"<{name}{kept}>")
        self.depth += 1

    def end(self, name: str) -> None:
        self.out.append(f"</{name}>")
        self.depth -= 1

    def text(self, data: str) -> None:
        self.chars += len(data)
        if self.chars > self.limit:
            raise Refusal("too_much_data", f"over {self.limit:,} characters of text")
        self.plain.append(data)
        self.out.append(escape(data, {"\r": "&#13;"}))

    def xml(self) -> str:
        return "".join(self.out)


class _Cell:
    """A `<c>` element being read: where it is and, if kept, its value subtrees."""

    def __init__(self, row: int, col: int, attrs: dict[str, str], keep: bool) -> None:
        self.row, self.col, self.keep = row, col, keep
        self.type = attrs.get("t", "")
        self.style = attrs.get("s", "")
        self.values: list[_Writer] = []


class _StringUses:
    """Shared-string indexes used by kept cells: a new index for each, and how often it is used."""

    def __init__(self) -> None:
        self.new_index: dict[int, int] = {}
        self.uses: Counter[int] = Counter()

    def use(self, old: int) -> int:
        self.uses[old] += 1
        return self.new_index.setdefault(old, len(self.new_index))


class _SheetFilter(_Part):
    """Keeps the cells of a worksheet that fall inside the window, positioned as calamine would."""

    def __init__(self, limits: Limits, strings: _StringUses, budget: _Budget) -> None:
        self.limits, self.strings, self.budget = limits, strings, budget
        self.root = ""
        self.in_data = False
        self.row = self.col = 0  # calamine's implicit position for elements without `r`
        self.cell: _Cell | None = None
        self.value: _Writer | None = None
        self.cells: list[tuple[int, int, str]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.value is not None:
            self.value.start(name, attrs)
        elif not self.root:
            self.root = name
            if name == "chartsheet":
                raise _Stop
            if name not in ("worksheet", "dialogsheet"):
                raise Refusal("damaged")
        elif name == "sheetData":
            self.in_data = True
        elif self.in_data and name == "row":
            if "r" in attrs:
                self.row = _number(attrs["r"], 1, 1_048_576) - 1
            if self.row >= self.limits.max_rows:
                raise _Stop  # Excel writes rows in order: everything after is outside the window
        elif self.in_data and name == "c":
            row, col = _cell_ref(attrs["r"]) if "r" in attrs else (self.row, self.col)
            keep = row < self.limits.max_rows and col < self.limits.max_cols
            self.cell = _Cell(row, col, attrs, keep)
        elif self.cell is not None and self.cell.keep and name in ("v", "is"):
            self.value = _Writer(name, self.limits.max_text)

    def end(self, name: str) -> None:
        if self.value is not None:
            self.value.end(name)
            if self.value.depth == 0 and self.cell is not None:
                self.cell.values.append(self.value)
                self.value = None
        elif name == "c" and self.cell is not None:
            self._finish(self.cell)
            self.col, self.cell = self.cell.col + 1, None
        elif name == "row":
            self.row, self.col = self.row + 1, 0
        elif name == "sheetData":
            raise _Stop

    def text(self, data: str) -> None:
        if self.value is not None:
            self.value.text(data)

    def _finish(self, cell: _Cell) -> None:
        """Serialise a kept cell; a shared-string index is counted for the strings pass."""
        if not cell.keep or not cell.values:
            return
        attrs = f' r="{_col_letters(cell.col)}{cell.row + 1}"'
        if _INT.fullmatch(cell.style):
            attrs += f' s="{int(cell.style)}"'
        if cell.type:
            attrs += f" t={quoteattr(cell.type)}"
        if cell.type == "s":
            old = _number("".join(cell.values[0].plain).strip(), 0, 2**31)
            body = f"<v>{self.strings.use(old)}</v>"
        else:
            body = "".join(value.xml() for value in cell.values)
            self.budget.add_text(sum(value.chars for value in cell.values))
        self.cells.append((cell.row, cell.col, f"<c{attrs}>{body}</c>"))

    def xml(self) -> str:
        """The kept cells as a minimal worksheet, rows in order."""
        rows: dict[int, list[str]] = {}
        for row, _col, cell in sorted(self.cells, key=lambda c: (c[0], c[1])):
            rows.setdefault(row, []).append(cell)
        if self.cells:
            self.budget.add_grid((max(rows) + 1) * (max(c[1] for c in self.cells) + 1))
        body = "".join(f'<row r="{row + 1}">{"".join(cells)}</row>' for row, cells in rows.items())
        return f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>{body}</sheetData></worksheet>'


class _SharedStrings(_Part):
    """Collects the `<si>` items whose indexes are wanted, stopping after the last one."""

    def __init__(self, wanted: dict[int, int], limit: int) -> None:
        self.wanted, self.limit = wanted, limit
        self.last = max(wanted, default=-1)
        self.index = -1
        self.depth = 0
        self.writer: _Writer | None = None
        self.found: dict[int, _Writer] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.writer is not None:
            self.writer.start(name, attrs)
        elif self.depth == 2 and name == "si":
            self.index += 1
            if self.index > self.last:
                raise _Stop
            if self.index in self.wanted:
                self.writer = _Writer("si", self.limit)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.writer is not None:
            self.writer.end(name)
            if self.writer.depth == 0:
                self.found[self.index], self.writer = self.writer, None

    def text(self, data: str) -> None:
        if self.writer is not None:
            self.writer.text(data)


class _Styles(_Part):
    """Number formats and, per cell format, its number format id: all calamine uses."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.stack: list[str] = []
        self.codes: dict[int, str] = {}
        self.xf_formats: list[int] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(name)
        number = attrs.get("numFmtId", "0")
        number_id = int(number) if _INT.fullmatch(number) else 0
        if name == "numFmt" and parent == "numFmts" and len(attrs.get("formatCode", "")) <= 255:
            self.codes[number_id] = attrs.get("formatCode", "")
        elif name == "xf" and parent == "cellXfs":
            self.xf_formats.append(number_id)
            if len(self.xf_formats) > self.limits.max_styles:
                raise Refusal("too_much_data", "too many cell formats")

    def end(self, name: str) -> None:
        self.stack.pop()

    def xml(self) -> str:
        used = sorted(set(self.xf_formats) & set(self.codes))
        fmts = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(self.codes[i])}/>' for i in used)
        xfs = "".join(f'<xf numFmtId="{i}"/>' for i in self.xf_formats)
        return f'{_HEAD}<styleSheet xmlns="{_MAIN}"><numFmts>{fmts}</numFmts><cellXfs>{xfs}</cellXfs></styleSheet>'


class _WorkbookPart(_Part):
    """Sheet names, visibility and relationship ids, in workbook order; the 1904 date flag."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.sheets: list[tuple[str, str, str]] = []
        self.date1904 = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
            self.sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))
            if len(self.sheets) > self.limits.max_sheets:
                raise Refusal("too_much_data", f"more than {self.limits.max_sheets} sheets")
        elif name == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")


class _Relationships(_Part):
    """Relationship id -> target path."""

    def __init__(self) -> None:
        self.targets: dict[str, str] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship" and attrs.get("TargetMode", "") != "External":
            self.targets[attrs.get("Id", "")] = attrs.get("Target", "")


def _number(text: str, low: int, high: int) -> int:
    """A decimal number from `low` to `high`, else the file is damaged."""
    if not _INT.fullmatch(text) or not low <= int(text) <= high:
        raise Refusal("damaged")
    return int(text)


def _cell_ref(ref: str) -> tuple[int, int]:
    """'B3' -> (2, 1); anything outside Excel's grid means the file is damaged."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise Refusal("damaged")
    col = 0
    for letter in match.group(1).upper():
        col = col * 26 + ord(letter) - 64
    row = int(match.group(2))
    if not (1 <= row <= 1_048_576 and col <= 16_384):
        raise Refusal("damaged")
    return row - 1, col - 1


def _col_letters(col: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_path(target: str) -> str:
    """Resolve a workbook relationship target to a lower-cased zip part name, as calamine does."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/")).lower()
    if target.lower().startswith("xl/"):
        return posixpath.normpath(target).lower()
    return posixpath.normpath(posixpath.join("xl", target)).lower()


def rebuild(archive: zipfile.ZipFile, limits: Limits) -> bytes:
    """A fresh .xlsx holding only what the reader needs, every limit enforced on the way."""
    parts, unpacker, budget = entries(archive), Unpacker(archive), _Budget(limits)
    book, rels = _WorkbookPart(limits), _Relationships()
    _walk(unpacker, parts["xl/workbook.xml"], book, budget)
    if "xl/_rels/workbook.xml.rels" in parts:
        _walk(unpacker, parts["xl/_rels/workbook.xml.rels"], rels, budget)
    names = [name.casefold() for name, _state, _rid in book.sheets]
    if len(set(names)) != len(names) or "" in names:
        raise Refusal("damaged")
    strings = _StringUses()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for number, (_name, _state, rid) in enumerate(book.sheets, start=1):
            info = parts.get(_sheet_path(rels.targets.get(rid, "")))
            if info is None:
                raise Refusal("damaged")
            sheet = _SheetFilter(limits, strings, budget)
            _walk(unpacker, info, sheet, budget)
            out.writestr(f"xl/worksheets/sheet{number}.xml", sheet.xml())
        out.writestr("xl/sharedStrings.xml", _shared_strings(parts, unpacker, strings, budget))
        styles = _Styles(limits)
        if "xl/styles.xml" in parts:
            _walk(unpacker, parts["xl/styles.xml"], styles, budget)
        out.writestr("xl/styles.xml", styles.xml())
        _write_workbook(out, book)
    return buffer.getvalue()


def _shared_strings(
    parts: dict[str, zipfile.ZipInfo], unpacker: Unpacker, strings: _StringUses, budget: _Budget
) -> str:
    """The shared strings the kept cells use, renumbered in the order the sheets first use them."""
    found = _SharedStrings(strings.new_index, budget.limits.max_text)
    if strings.new_index and "xl/sharedstrings.xml" in parts:
        _walk(unpacker, parts["xl/sharedstrings.xml"], found, budget)
    budget.add_text(sum(n * found.found[old].chars for old, n in strings.uses.items() if old in found.found))
    items = "".join(
        found.found[old].xml() if old in found.found else "<si><t></t></si>" for old in strings.new_index
    )
    return f'{_HEAD}<sst xmlns="{_MAIN}">{items}</sst>'


def _write_workbook(out: zipfile.ZipFile, book: _WorkbookPart) -> None:
    """Workbook, relationships and content types for the rebuilt sheets."""
    sheets = "".join(
        f"<sheet name={quoteattr(name)} sheetId=\"{n}\" r:id=\"rId{n}\""
        + (f' state="{state}"' if state in _STATES and state != "visible" else "")
        + "/>"
        for n, (name, state, _rid) in enumerate(book.sheets, start=1)
    )
    pr = '<workbookPr date1904="1"/>' if book.date1904 else ""
    out.writestr("xl/workbook.xml", f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">{pr}<sheets>{sheets}</sheets></workbook>')
    rel = '<Relationship Id="{}" Type="' + _REL + '/{}" Target="{}"/>'
    links = [rel.format(f"rId{n}", "worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(book.sheets) + 1)]
    links += [rel.format("rIdS", "sharedStrings", "sharedStrings.xml"), rel.format("rIdY", "styles", "styles.xml")]
    out.writestr("xl/_rels/workbook.xml.rels", f'{_HEAD}<Relationships xmlns="{_PKG}">{"".join(links)}</Relationships>')
    root = rel.format("rId1", "officeDocument", "xl/workbook.xml")
    out.writestr("_rels/.rels", f'{_HEAD}<Relationships xmlns="{_PKG}">{root}</Relationships>')
    override = '<Override PartName="/xl/{}" ContentType="' + _CT + '{}+xml"/>'
    types = [override.format("workbook.xml", "sheet.main"), override.format("sharedStrings.xml", "sharedStrings")]
    types += [override.format("styles.xml", "styles")]
    types += [override.format(f"worksheets/sheet{n}.xml", "worksheet") for n in range(1, len(book.sheets) + 1)]
    defaults = '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    defaults += '<Default Extension="xml" ContentType="application/xml"/>'
    ctypes = f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{defaults}{"".join(types)}</Types>'
    out.writestr("[Content_Types].xml", ctypes)

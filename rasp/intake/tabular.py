"""Read CSV files and OpenDocument spreadsheets (.ods) safely into the same in-memory `Workbook` as an .xlsx.

Both are bounded like the .xlsx reader: the file size first, then rows and columns kept inside a window,
text cleaned the same way (NFC, control characters removed). An .ods is a zip: its directory and parts
get the .xlsx checks (bombs, entity declarations), then `content.xml` is streamed through expat, expanding
repeated rows and cells only inside the window, so a sheet claiming a million repeated rows costs nothing.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from xml.parsers import expat

from rasp.core.errors import UnreadableFile
from rasp.intake import filetypes
from rasp.intake.reader import MAX_FILE_BYTES, Rows, Workbook, _value

CSV_SHEET = "CSV"
MAX_CELL_CHARS = 32_767  # Excel's own limit on a cell
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def looks_like_ods(data: bytes) -> bool:
    """A zip whose first entry is the OpenDocument spreadsheet mimetype (what LibreOffice writes)."""
    return data.startswith(b"PK\x03\x04") and ODS_MIME in data[:200]


def decode_text(data: bytes) -> str | None:
    """The file as text (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252), or None if binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\0" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def looks_like_csv(data: bytes) -> bool:
    """Plain text whose first line has commas, semicolons or tabs, and not HTML or XML."""
    if not data or data.startswith((b"PK", filetypes.OLE_MAGIC)) or b"%PDF-" in data[:1024]:
        return False
    text = decode_text(data[:8192])
    if text is None:
        return False
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<") or "<html" in head[:2000].lower():
        return False
    first = head.split("\n", 1)[0]
    return any(sep in first for sep in ",;\t")


def read_csv(data: bytes, filename: str, *, max_rows: int, max_cols: int) -> Workbook:
    """Rows of a CSV file (comma, semicolon or tab separated) as a one-sheet `Workbook`."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(filetypes.message("too_big", filename, f"{len(data) / 1024 / 1024:.1f} MB"))
    text = decode_text(data)
    if text is None:
        raise UnreadableFile(filetypes.message("unknown", filename))
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows: Rows = []
    try:
        for record in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter):
            if len(rows) >= max_rows:
                break
            rows.append([_value(cell[:MAX_CELL_CHARS]) for cell in record[:max_cols]])
    except csv.Error as exc:
        raise UnreadableFile(
            f"We could not read {subject(filename)} as CSV: {exc} (near line {len(rows) + 1}). "
            "Export it again from the survey tool and upload the new copy."
        ) from None
    return Workbook({CSV_SHEET: rows})


def subject(filename: str) -> str:
    """'the file \'x.csv\'' (printable characters only), or 'this file'."""
    name = "".join(ch for ch in filename.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable())
    return f"the file '{name[:80]}'" if name else "this file"


def read_ods(data: bytes, filename: str, *, max_rows: int, max_cols: int) -> Workbook:
    """Every sheet of an .ods as a `Workbook`, after the same safety checks as an .xlsx."""
    try:
        if len(data) > MAX_FILE_BYTES:
            raise filetypes.Refusal("too_big", f"{len(data) / 1024 / 1024:.1f} MB")
        archive = filetypes.open_zip(data)
        filetypes._check_sizes(archive.infolist())
        parts = filetypes.entries(archive)
        unpacker = filetypes.Unpacker(archive)
        for name, info in parts.items():
            if name.endswith(".xml") and filetypes._has_dtd(unpacker, info):
                raise filetypes.Refusal("entities")
        content = parts.get("content.xml")
        if content is None:
            raise filetypes.Refusal("damaged")
        return _parse_content(filetypes.Unpacker(archive), content, max_rows, max_cols)
    except filetypes.Refusal as refusal:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise UnreadableFile(filetypes.message(refusal.kind, filename, refusal.detail, limit)) from None
    except (zipfile.BadZipFile, zlib.error, expat.ExpatError, EOFError, OSError, ValueError, LookupError) as exc:
        raise UnreadableFile(filetypes.message("damaged", filename)) from exc


class _Sheets:
    """expat handlers building the rows of each top-level table inside the window."""

    def __init__(self, max_rows: int, max_cols: int) -> None:
        self.max_rows, self.max_cols = max_rows, max_cols
        self.sheets: dict[str, Rows] = {}
        self.rows: Rows | None = None
        self.table_depth = 0  # >1: a table inside a cell, ignored
        self.row: list[object] | None = None
        self.row_repeat = 1
        self.cell: dict[str, str] | None = None
        self.cell_repeat = 1
        self.text: list[str] = []
        self.text_len = 0
        self.paragraphs = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == f"{_TABLE} table":
            self.table_depth += 1
            if self.table_depth == 1:
                title = attrs.get(f"{_TABLE} name", f"Sheet{len(self.sheets) + 1}")
                self.rows = self.sheets.setdefault(title, [])
            return
        if self.table_depth != 1 or self.rows is None:
            return
        if name == f"{_TABLE} table-row":
            self.row, self.row_repeat = [], _count(attrs.get(f"{_TABLE} number-rows-repeated"))
        elif name in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell") and self.row is not None:
            self.cell, self.cell_repeat = attrs, _count(attrs.get(f"{_TABLE} number-columns-repeated"))
            self.text, self.text_len, self.paragraphs = [], 0, 0
        elif self.cell is not None:
            if name == f"{_TEXT} p":
                if self.paragraphs:
                    self.add("\n")
                self.paragraphs += 1
            elif name == f"{_TEXT} s":
                self.add(" " * min(_count(attrs.get(f"{_TEXT} c")), 100))
            elif name == f"{_TEXT} tab":
                self.add("\t")
            elif name == f"{_TEXT} line-break":
                self.add("\n")

    def add(self, text: str) -> None:
        if self.text_len < MAX_CELL_CHARS:
            self.text.append(text[: MAX_CELL_CHARS - self.text_len])
            self.text_len += len(text)

    def chars(self, data: str) -> None:
        if self.cell is not None and self.table_depth == 1:
            self.add(data)

    def end(self, name: str) -> None:
        if name == f"{_TABLE} table":
            self.table_depth -= 1
            if self.table_depth == 0:
                self.rows = None
            return
        if self.table_depth != 1 or self.rows is None:
            return
        if name in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell") and self.row is not None:
            value = _cell_value(self.cell or {}, "".join(self.text))
            room = self.max_cols - len(self.row)
            if room > 0:
                self.row.extend([value] * min(self.cell_repeat, room))
            self.cell = None
        elif name == f"{_TABLE} table-row" and self.row is not None:
            while self.row and self.row[-1] is None:
                self.row.pop()
            room = self.max_rows - len(self.rows)
            if room > 0:
                self.rows.extend([list(self.row) for _ in range(min(self.row_repeat, room))])
            self.row = None


def _count(text: str | None) -> int:
    """A repeat count; anything odd counts as 1."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) <= 8 else 1


def _cell_value(attrs: dict[str, str], text: str) -> object:
    kind = attrs.get(f"{_OFFICE} value-type", "")
    if kind in {"float", "percentage", "currency"}:
        try:
            number = float(attrs.get(f"{_OFFICE} value", ""))
        except ValueError:
            return _value(text)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "boolean":
        return attrs.get(f"{_OFFICE} boolean-value", "").lower() == "true"
    if kind == "date":
        return _value(attrs.get(f"{_OFFICE} date-value") or text)
    return _value(text)


def _parse_content(unpacker: filetypes.Unpacker, info: zipfile.ZipInfo, max_rows: int, max_cols: int) -> Workbook:
    handler = _Sheets(max_rows, max_cols)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.buffer_text = True
    for chunk in unpacker.chunks(info):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    sheets = {name: _trim(rows) for name, rows in handler.sheets.items()}
    return Workbook(sheets)


def _trim(rows: Rows) -> Rows:
    """Drop trailing empty rows (LibreOffice writes a repeated blank row to the sheet's end)."""
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return rows

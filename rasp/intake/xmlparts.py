"""Streaming, limited XML parsing of .xlsx parts, for `rasp.intake.xlsxrebuild`.

`walk` feeds one zip part through expat in chunks into a `Part` handler, counting elements
against a `Budget` and refusing any DOCTYPE or ENTITY declaration. The small handlers here read
the workbook (sheet names and states), its relationships and its styles (only what calamine uses
to tell dates from numbers), and re-serialise value subtrees (`Writer`).
"""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from rasp.intake.filetypes import Refusal, Unpacker, shown

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET_STATES = ("visible", "hidden", "veryHidden")


@dataclass(frozen=True)
class Limits:
    """How much of a workbook we are prepared to read."""

    max_rows: int
    max_cols: int
    max_sheets: int = 100
    max_elements: int = 750_000  # XML elements across every part we parse (under a second of work)
    max_text: int = 10_000_000  # characters of cell text, counting every use of a shared string
    max_grid: int = 2_000_000  # cells in the rectangles from A1 to each sheet's last kept cell
    max_styles: int = 65_536  # Excel itself allows about 64,000 cell formats


def sheet_key(name: str) -> str:
    """What makes two sheet names the same to a reader of the workbook: compatibility forms (NFKC),
    invisible format characters, case and spacing are ignored. 'Questions', ' questions ', 'Ｑuestions'
    and 'Ques\u200btions' all have the key 'questions'."""
    if name.isascii():  # NFKC changes no ASCII character, and none of them is a format character
        return " ".join(name[:1000].casefold().split())
    text = unicodedata.normalize("NFKC", name[:1000])
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.casefold().split())


def sheet_kind(declared: str, name: str) -> None:
    """Refuse a sheet that is not a plain worksheet, from its relationship type, content type or root
    element (`declared`, any of them): a macro sheet is a macro; a chart or dialog sheet shows no cells."""
    word = declared.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower()
    if "macro" in word:
        raise Refusal("macro")
    for mark, what in (("chart", "a chart sheet"), ("dialog", "a dialog sheet")):
        if mark in word:
            raise Refusal("not_grid", f"{what} called '{shown(name)}'")
    if not word.startswith("worksheet"):
        raise Refusal("damaged")


class Stop(Exception):
    """Raised by a handler when the rest of a part is not needed."""


class Budget:
    """Running totals checked against `Limits`; raises `Refusal` when one is exceeded."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.elements = 0
        self.text = 0
        self.grid = 0

    def add_elements(self, count: int) -> None:
        """Count XML elements parsed (every part we read)."""
        self.elements += count
        if self.elements > self.limits.max_elements:
            raise Refusal("too_much_data", "far too many cells and other items")

    def add_text(self, chars: int) -> None:
        """Count characters of cell text, each use of a shared string separately."""
        self.text += chars
        if self.text > self.limits.max_text:
            raise Refusal("too_much_data", f"over {self.limits.max_text:,} characters of text")

    def add_grid(self, cells: int) -> None:
        """Count the cells of a sheet's grid from A1 to its last kept cell."""
        self.grid += cells
        if self.grid > self.limits.max_grid:
            raise Refusal("too_much_data", "too many filled rows and columns across its sheets")


class Part:
    """Receives the events of one XML part; element names arrive without their namespace prefix."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """An element opens."""

    def end(self, name: str) -> None:
        """An element closes."""

    def text(self, data: str) -> None:
        """Character data, entities already decoded."""


def _refuse_dtd(*_: object) -> None:
    """Expat handler for DOCTYPE and ENTITY declarations (the byte scan should have caught them already)."""
    raise Refusal("entities")


def walk(unpacker: Unpacker, info: zipfile.ZipInfo, part: Part, budget: Budget) -> None:
    """Stream one zip part through expat into `part`; a `Stop` from the handler ends it quietly."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    allowed = budget.limits.max_elements - budget.elements
    seen = 0

    def on_start(name: str, attrs: dict[str, str]) -> None:
        nonlocal seen
        seen += 1
        if seen > allowed:
            budget.add_elements(seen)
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
    except Stop:
        pass
    budget.add_elements(seen)


def escape_text(text: str) -> str:
    """Escape character data for XML (a carriage return is kept as a reference, or parsers drop it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


class Writer(Part):
    """Re-serialises one subtree (a cell value or a shared string) as plain XML, counting its text."""

    def __init__(self, name: str, limit: int) -> None:
        self.out = [f"<{name}>"]
        self.depth = 1
        self.chars = 0
        self.limit = limit

    def start(self, name: str, attrs: dict[str, str]) -> None:
        kept = "".join(
            f" {k}={quoteattr(v)}" for k, v in attrs.items() if k == "xml:space" or (":" not in k and k != "xmlns")
        )
        self.out.append(f"<{name}{kept}>")
        self.depth += 1

    def end(self, name: str) -> None:
        self.out.append(f"</{name}>")
        self.depth -= 1

    def text(self, data: str) -> None:
        self.chars += len(data)
        if self.chars > self.limit:
            raise Refusal("too_much_data", f"over {self.limit:,} characters of text")
        self.out.append(escape_text(data))

    def xml(self) -> str:
        """The subtree as XML text."""
        return "".join(self.out)


class WorkbookPart(Part):
    """Sheet names, visibility and relationship ids in workbook order, and the 1904 date flag."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.sheets: list[tuple[str, str, str]] = []
        self.date1904 = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            rid = next((value for key, value in attrs.items() if key.endswith(":id")), "")
            self.sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))
            if len(self.sheets) > self.limits.max_sheets:
                raise Refusal("too_much_data", f"more than {self.limits.max_sheets} sheets")
        elif name == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")

    def xml(self) -> str:
        """The workbook part for the rebuilt sheets (rId1..rIdN point at sheet1..sheetN)."""
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"'
            + (f' state="{state}"' if state in SHEET_STATES[1:] else "")
            + "/>"
            for n, (name, state, _rid) in enumerate(self.sheets, start=1)
        )
        pr = '<workbookPr date1904="1"/>' if self.date1904 else ""
        rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return f'{XML_HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{rel_ns}">{pr}<sheets>{sheets}</sheets></workbook>'


class Relationships(Part):
    """Relationship id -> target and type, internal targets only."""

    def __init__(self) -> None:
        self.targets: dict[str, str] = {}
        self.types: dict[str, str] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship" and attrs.get("TargetMode", "") != "External":
            rid = attrs.get("Id", "")
            if rid in self.targets:
                raise Refusal("ambiguous", "two relationships with the same id")
            self.targets[rid] = attrs.get("Target", "")
            self.types[rid] = attrs.get("Type", "")


class ContentTypes(Part):
    """Part name (lower case, no leading slash) -> its declared content type, from [Content_Types].xml."""

    def __init__(self) -> None:
        self.overrides: dict[str, str] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Override":
            self.overrides[attrs.get("PartName", "").replace("\\", "/").lstrip("/").lower()] = attrs.get(
                "ContentType", ""
            )


class Styles(Part):
    """Custom number formats, and the number format of each cell format: all calamine uses."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.stack: list[str] = []
        self.codes: dict[int, str] = {}
        self.xf_formats: list[int] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(name)
        number = attrs.get("numFmtId", "0")
        number_id = int(number) if number.isascii() and number.isdigit() and len(number) < 10 else 0
        if name == "numFmt" and parent == "numFmts" and len(attrs.get("formatCode", "")) <= 255:
            self.codes[number_id] = attrs.get("formatCode", "")
        elif name == "xf" and parent == "cellXfs":
            self.xf_formats.append(number_id)
            if len(self.xf_formats) > self.limits.max_styles:
                raise Refusal("too_much_data", "too many cell formats")

    def end(self, name: str) -> None:
        self.stack.pop()

    def xml(self) -> str:
        """A styles part with only the number formats that some cell format uses."""
        used = sorted(set(self.xf_formats) & set(self.codes))
        fmts = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(self.codes[i])}/>' for i in used)
        xfs = "".join(f'<xf numFmtId="{i}"/>' for i in self.xf_formats)
        return f'{XML_HEAD}<styleSheet xmlns="{MAIN_NS}"><numFmts>{fmts}</numFmts><cellXfs>{xfs}</cellXfs></styleSheet>'


_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def write_package(out: zipfile.ZipFile, sheet_count: int) -> None:
    """Relationships and content types tying the rebuilt parts together."""

    def rels(links: list[tuple[str, str, str]]) -> str:
        body = "".join(f'<Relationship Id="{i}" Type="{_OFFICE}/{kind}" Target="{to}"/>' for i, kind, to in links)
        return f'{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'

    numbers = range(1, sheet_count + 1)
    sheets = [(f"rId{n}", "worksheet", f"worksheets/sheet{n}.xml") for n in numbers]
    out.writestr(
        "xl/_rels/workbook.xml.rels",
        rels([*sheets, ("rIdS", "sharedStrings", "sharedStrings.xml"), ("rIdY", "styles", "styles.xml")]),
    )
    out.writestr("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")]))
    parts = [("workbook.xml", "sheet.main"), ("sharedStrings.xml", "sharedStrings"), ("styles.xml", "styles")]
    parts += [(f"worksheets/sheet{n}.xml", "worksheet") for n in numbers]
    overrides = "".join(f'<Override PartName="/xl/{p}" ContentType="{_SPREADSHEET}.{t}+xml"/>' for p, t in parts)
    defaults = (
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
    )
    types = "http://schemas.openxmlformats.org/package/2006/content-types"
    out.writestr("[Content_Types].xml", f'{XML_HEAD}<Types xmlns="{types}">{defaults}{overrides}</Types>')

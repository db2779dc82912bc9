"""Small python-pptx helpers for the PowerPoint pack: slides with a real title, text, tables, notes, safe text.

python-pptx has no type stubs, so its objects are `Any` here; the helpers stay small and typed at the edges.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any

from pptx import Presentation  # type: ignore[import-untyped]
from pptx.chart.data import CategoryChartData  # type: ignore[import-untyped]
from pptx.chart.xlsx import CategoryWorkbookWriter  # type: ignore[import-untyped]
from pptx.dml.color import RGBColor  # type: ignore[import-untyped]
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN  # type: ignore[import-untyped]
from pptx.util import Emu, Inches, Pt  # type: ignore[import-untyped]
from xlsxwriter import Workbook  # type: ignore[import-untyped]

from rasp.core.safety import FORMULA_STARTS, spreadsheet_text

FONT = "Arial"
INK = "0B0C0C"  # near-black text, as on the dashboard
WHITE = "FFFFFF"
HEADER_FILL = "0B0C0C"
STRIPE_FILL = "F3F2F1"
SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, as PowerPoint's widescreen
MARGIN = Inches(0.4)
BODY_TOP = Inches(1.25)
LAYOUT_TITLE, LAYOUT_CONTENT, LAYOUT_TITLE_ONLY = 0, 1, 5


def plain(value: object) -> str:
    """Text as itself, safe inside XML: control characters (other than new line and tab), lone surrogates and
    the non-characters U+FFFE/U+FFFF removed; CR LF made a new line. python-pptx never interprets text."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in "\n\t" or (unicodedata.category(ch) not in {"Cc", "Cs"} and ch not in "\ufffe\uffff")
    )


def one_line(value: object) -> str:
    """`plain` text on one line (names in tables, titles and chart labels)."""
    return " ".join(plain(value).split())


def rgb(hex_colour: str) -> Any:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())  # type: ignore[no-untyped-call]


def new_presentation() -> Any:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    return prs


def style_paragraph(paragraph: Any, size: float, *, bold: bool = False, colour: str = INK) -> None:
    paragraph.font.size = Pt(size)
    paragraph.font.name = FONT
    paragraph.font.bold = bold
    paragraph.font.color.rgb = rgb(colour)
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.name = FONT
        run.font.bold = bold
        run.font.color.rgb = rgb(colour)


def fill_text(frame: Any, lines: Sequence[str], size: float, *, bold: bool = False, colour: str = INK) -> None:
    """Replace a text frame's text with one paragraph per line, word-wrapped, all in one style."""
    frame.word_wrap = True
    frame.text = "\n".join(plain(line).replace("\n", " ") for line in lines)
    for paragraph in frame.paragraphs:
        style_paragraph(paragraph, size, bold=bold, colour=colour)


def add_slide(prs: Any, title: str, notes: str, layout: int = LAYOUT_TITLE_ONLY) -> Any:
    """A slide whose title is the layout's title placeholder (screen readers and the outline see it), placed
    for 16:9, left-aligned, large; with speaker notes."""
    slide = prs.slides.add_slide(prs.slide_layouts[layout])
    heading = slide.shapes.title
    heading.left, heading.top = MARGIN, Inches(0.3)
    heading.width, heading.height = SLIDE_WIDTH - 2 * MARGIN, Inches(0.9)
    frame = heading.text_frame
    fill_text(frame, [one_line(title)], 30, bold=True)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    set_notes(slide, notes)
    return slide


def set_notes(slide: Any, notes: str) -> None:
    slide.notes_slide.notes_text_frame.text = plain(notes)


def add_text(
    slide: Any,
    box: tuple[int, int, int, int],
    lines: Sequence[str],
    size: float,
    *,
    bold: bool = False,
    bullets: bool = False,
) -> Any:
    """A text box at (left, top, width, height) with one paragraph per line; optionally bulleted."""
    shape = slide.shapes.add_textbox(*box)
    fill_text(shape.text_frame, lines, size, bold=bold)
    if bullets:
        for paragraph in shape.text_frame.paragraphs:
            bullet(paragraph, size)
    return shape


def bullet(paragraph: Any, size: float) -> None:
    """A round bullet with a hanging indent, written into the paragraph's properties."""
    ppr = paragraph._p.get_or_add_pPr()
    indent = int(Pt(size) * 1.1)
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-indent))
    for tag in ("buNone", "buChar", "buFont"):
        for old in ppr.findall(f"{{{A_NS}}}{tag}"):
            ppr.remove(old)
    font = ppr.makeelement(f"{{{A_NS}}}buFont", {"typeface": FONT})
    char = ppr.makeelement(f"{{{A_NS}}}buChar", {"char": "•"})
    ppr.append(font)
    ppr.append(char)
    paragraph.space_after = Pt(size * 0.45)


A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def add_table(
    slide: Any,
    box: tuple[int, int, int, int],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    size: float,
) -> Any:
    """A table with a dark header row and white body rows on light stripes; widths are shares of the box's
    width. Returns the python-pptx table (its cells can be recoloured afterwards)."""
    left, top, width, height = box
    shape = slide.shapes.add_table(len(rows) + 1, len(header), left, top, width, height)
    table = shape.table
    table.first_row, table.horz_banding, table.vert_banding = True, False, False
    total = sum(widths)
    for i, share in enumerate(widths):
        table.columns[i].width = Emu(int(width * share / total))
    for r in range(len(rows) + 1):
        table.rows[r].height = Emu(int(height / (len(rows) + 1)))
    for c, text in enumerate(header):
        set_cell(table.cell(0, c), [text], size, fill=HEADER_FILL, colour=WHITE, bold=True)
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            set_cell(table.cell(r, c), [text], size, fill=STRIPE_FILL if r % 2 == 0 else WHITE)
    return table


def set_cell(cell: Any, lines: Sequence[str], size: float, *, fill: str, colour: str = INK, bold: bool = False) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(fill)
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.04)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    fill_text(cell.text_frame, lines, size, bold=bold, colour=colour)


class _LiteralWorkbookWriter(CategoryWorkbookWriter):  # type: ignore[misc]
    """The chart's embedded workbook with every text written as text: a council called '=1+2' stays a name,
    never a formula, when someone chooses Edit Data in PowerPoint."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: io.BytesIO) -> Any:
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        workbook = Workbook(xlsx_file, options)
        worksheet = workbook.add_worksheet()
        as_text = workbook.add_format({"quote_prefix": True})

        def neutralised(sheet: Any, row: int, col: int, token: str, *_: Any) -> Any:
            """A name that a spreadsheet could run is written as the CSV exports write it ('=1+2), flagged text."""
            if token.startswith(FORMULA_STARTS):
                return sheet.write_string(row, col, spreadsheet_text(token), as_text)
            return None  # anything else: xlsxwriter writes it as usual

        worksheet.add_write_handler(str, neutralised)
        yield workbook, worksheet
        workbook.close()


class LiteralChartData(CategoryChartData):  # type: ignore[misc]
    """CategoryChartData whose embedded workbook treats text literally (see _LiteralWorkbookWriter)."""

    @property
    def _workbook_writer(self) -> Any:
        writer = self.__dict__.get("_literal_writer")
        if writer is None:
            writer = self.__dict__["_literal_writer"] = _LiteralWorkbookWriter(self)  # type: ignore[no-untyped-call]
        return writer

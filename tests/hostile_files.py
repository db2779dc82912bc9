"""Hostile and awkward upload files, generated as bytes from literal values (nothing read from disk).

`HOSTILE` maps a short kind name to a generator for every file the reader must refuse with
`UnreadableFile`; other tests (CLI, upload page) can reuse it. `READABLE_ODD` holds files that
look hostile but are readable workbooks (a million-row dimension, odd text in cells): the reader
must return their values. `good_xlsx` is an ordinary workbook made with openpyxl.

`xlsx` builds a minimal workbook by hand so a test can control every byte of the XML.
"""

from __future__ import annotations

import datetime
import functools
import io
import random
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
MB = 1024 * 1024


# --- building blocks -----------------------------------------------------------------------------------


def sheet_xml(body: str, dimension: str = "", head: str = "") -> str:
    """A worksheet part: optional <dimension>, then `body` inside <sheetData>."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'{head or HEAD}<worksheet xmlns="{MAIN}">{dim}<sheetData>{body}</sheetData></worksheet>'


def inline(ref: str, text: str) -> str:
    """An inline-string cell (the text is escaped; write _xHHHH_ for control characters)."""
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def xlsx(
    sheets: dict[str, str | bytes],
    *,
    shared: list[str] | None = None,
    extra: dict[str, bytes] | None = None,
    main_type: str = XLSX_TYPE,
    workbook_head: str = HEAD,
) -> bytes:
    """A minimal .xlsx: sheet name -> complete worksheet XML, optional shared strings and extra parts."""
    sheet_tags = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": f'{HEAD}<Types xmlns="{CT}"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>'
        f"{overrides}</Types>",
        "_rels/.rels": f'{HEAD}<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{workbook_head}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheet_tags}'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'{HEAD}<Relationships xmlns="{PKG}">{rels}</Relationships>',
    }
    for n, xml in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = xml
    if shared is not None:
        items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in shared)
        parts["xl/sharedStrings.xml"] = f'{HEAD}<sst xmlns="{MAIN}">{items}</sst>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, text in parts.items():
            out.writestr(name, text)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return buffer.getvalue()


def ole(streams: dict[str, bytes]) -> bytes:
    """A small but well-formed OLE compound file (CFB version 3) holding the given streams.

    Sector 0 is the FAT, sector 1 the directory (root + up to three streams), data follows. Streams
    are padded to 4096 bytes so they live in ordinary sectors, not the mini stream.
    """
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    assert len(streams) <= 3
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sect, end]
    entries, data = [], b""
    names = list(streams)
    for index, name in enumerate(names):
        content = streams[name].ljust(4096, b"\0")
        first = 2 + len(data) // 512
        count = len(content) // 512
        fat += [first + i + 1 for i in range(count - 1)] + [end]
        right = index + 2 if index + 1 < len(names) else nostream
        entries.append(_dir_entry(name, 2, nostream, right, nostream, first, len(streams[name].rstrip(b"\0")) or 1))
        data += content
    root = _dir_entry("Root Entry", 5, nostream, nostream, 1 if names else nostream, end, 0)
    directory = b"".join([root, *entries]).ljust(512, b"\0")
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))
    return header + fat_sector + directory + data


def _dir_entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    """One 128-byte CFB directory entry (names are UTF-16LE, as in every real file)."""
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", left, right, child)
        + bytes(16 + 4 + 8 + 8)
        + struct.pack("<IQ", start, size)
    )


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return buffer.getvalue()


# --- the good workbook ---------------------------------------------------------------------------------


def good_xlsx() -> bytes:
    """An ordinary workbook: typed values, a sheet whose data starts at B3, a hidden sheet last."""
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append(["Council", "Score", "Submitted", "Final"])
    summary.append(["Alpha District Council", 4, datetime.date(2026, 3, 31), True])
    summary.append(["Beta Borough Council", 2.5, datetime.datetime(2026, 4, 1, 9, 30), False])
    offset = wb.create_sheet("Offset Data")
    offset["B3"] = "Starts at B3"
    offset["C4"] = 42
    hidden = wb.create_sheet("Lists")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "Hidden value"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- files the reader must refuse ----------------------------------------------------------------------


def pdf() -> bytes:
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def csv() -> bytes:
    return "Council,Statement,Answer\r\nAlpha District Council,T1,4\r\nBeta Borough Council,T1,3 \u00a3\r\n".encode(
        "cp1252"
    )


def plain_text() -> bytes:
    return b"Dear colleague,\n\nPlease find our readiness return attached.\n\nKind regards,\nAlpha\n"


def html() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>Return</title></head><body><table><tr><td>Alpha</td></tr>" + (
        b"</table></body></html>\n"
    )


def xls() -> bytes:
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x1F00, 0x07CD, 0, 0)
    return ole({"Workbook": bof, "\x05SummaryInformation": b"\xfe\xff"})


def doc() -> bytes:
    """An old Word document (.doc): an OLE file, but with no workbook stream."""
    return ole({"WordDocument": b"\xec\xa5\xc1\x00", "1Table": b"\x00"})


def encrypted() -> bytes:
    """What Excel writes for 'Encrypt with Password': an OLE file with EncryptionInfo + EncryptedPackage."""
    xml = b'<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>'
    info = struct.pack("<HHI", 4, 4, 0x40) + xml
    package = struct.pack("<Q", 9000) + bytes(random.Random(7).randbytes(600))
    return ole({"EncryptionInfo": info, "EncryptedPackage": package, "\x06DataSpaces": b""})


def ods() -> bytes:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
    )
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office="x"/>',
            "META-INF/manifest.xml": manifest.encode(),
        },
        zipfile.ZIP_STORED,
    )


def xlsm() -> bytes:
    """A macro workbook: a VBA project part and the macro-enabled content type."""
    body = sheet_xml(inline("A1", "Hello"))
    return xlsx({"Sheet1": body}, main_type=XLSM_TYPE, extra={"xl/vbaProject.bin": ole({"VBA": b"Attribute"})})


def xlsm_content_type_only() -> bytes:
    """A workbook declared macro-enabled in [Content_Types].xml but without a VBA part."""
    return xlsx({"Sheet1": sheet_xml(inline("A1", "Hello"))}, main_type=XLSM_TYPE)


def truncated() -> bytes:
    data = good_xlsx()
    return data[: len(data) // 2]


def zip_not_workbook() -> bytes:
    return _zip({"readme.txt": b"Returns for 2026", "returns/alpha.csv": b"Council,Score\nAlpha,4\n"})


def docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def xlsb() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00"})


def zip_bomb() -> bytes:
    """A workbook whose sheet expands to 60 MB (about 60 KB compressed)."""
    data = xlsx({"Sheet1": sheet_xml(inline("A1", "x"))})
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as out, out.open("xl/worksheets/sheet2.xml", "w") as part:
        for _ in range(60):
            part.write(b"<row/>" * (MB // 6))
    return buffer.getvalue()


def zip_ratio() -> bytes:
    """A workbook with one 2 MB part of zeros: small in total, but compressed a thousand times over."""
    return xlsx({"Sheet1": sheet_xml(inline("A1", "x"))}, extra={"xl/media/image1.png": bytes(2 * MB)})


def zip_many_parts() -> bytes:
    extra = {f"xl/media/image{n}.png": b"\x89PNG" for n in range(600)}
    return xlsx({"Sheet1": sheet_xml(inline("A1", "x"))}, extra=extra)


def zip_lying_sizes() -> bytes:
    """A sheet that really expands to 30 MB but whose zip headers claim 1,000 bytes."""
    real = sheet_xml("<row/>" * (30 * MB // 6)).encode()
    data = bytearray(xlsx({"Sheet1": sheet_xml(inline("A1", "x"))}, extra={"xl/worksheets/big.xml": real}))
    size = struct.pack("<I", len(real))
    for at in _find_all(bytes(data), size):
        data[at : at + 4] = struct.pack("<I", 1000)
    return bytes(data)


def _find_all(data: bytes, needle: bytes) -> list[int]:
    found, at = [], data.find(needle)
    while at >= 0:
        found.append(at)
        at = data.find(needle, at + 1)
    return found


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    head = f"{HEAD}<!DOCTYPE worksheet [{entities}]>"
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return xlsx({"Sheet1": sheet_xml(body, head=head)})


def xxe() -> bytes:
    head = f'{HEAD}<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return xlsx({"Sheet1": sheet_xml(inline("A1", "x"))}, workbook_head=head)


def xxe_utf16() -> bytes:
    """The DOCTYPE hidden in a UTF-16 sheet, where a plain byte search for '<!DOCTYPE' finds nothing."""
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    text += f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="str"><v>&e;</v></c></row>'
    text += "</sheetData></worksheet>"
    return xlsx({"Sheet1": b"\xff\xfe" + text.encode("utf-16-le")})


def prose(chars: int, seed: int = 1) -> str:
    """Deterministic English-looking text (it compresses like real text, not like a run of one letter)."""
    words = ["council", "shared", "service", "readiness", "partnership", "budget", "staff", "data", "risk", "plan"]
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(words) + rng.choice("  ,.")
        out.append(word)
        size += len(word)
    return "".join(out)[:chars]


def shared_string_bomb() -> bytes:
    """One 1 MB shared string used by 20,000 cells: 20 billion characters once every cell gets a copy."""
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}" t="s"><v>0</v></c>' for col in "ABCDEFGHIJ") + "</row>"
        for r in range(1, 2001)
    )
    return xlsx({"Sheet1": sheet_xml(rows)}, shared=[prose(MB)])


def huge_value() -> bytes:
    """One formula result of 12 million characters (about 3 MB compressed)."""
    text = prose(100_000) * 120
    return xlsx({"Sheet1": sheet_xml(f'<row r="1"><c r="A1" t="str"><v>{text}</v></c></row>')})


def column_letters(col: int) -> str:
    """0 -> 'A', 16383 -> 'XFD'."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def many_cells() -> bytes:
    """1.6 million empty cells (A to XFD in each of rows 1 to 100): a lot of XML to walk."""
    letters = [column_letters(col) for col in range(16_384)]
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"/>' for c in letters) + "</row>" for r in range(1, 101))
    return xlsx({"Sheet1": sheet_xml(rows)})


def too_many_sheets() -> bytes:
    return xlsx({f"Sheet{n}": sheet_xml("") for n in range(1, 102)})


def big_grid() -> bytes:
    """Twenty sheets with one cell each at BH2000: 20 x 2000 x 60 cells once padded from A1."""
    return xlsx({f"S{n}": sheet_xml('<row r="2000"><c r="BH2000"><v>1</v></c></row>') for n in range(20)})


def bad_reference() -> bytes:
    """A cell reference far outside Excel's grid (calamine would overflow its column counter)."""
    return xlsx({"Sheet1": sheet_xml('<row r="1"><c r="ZZZZZZZZZZ1"><v>1</v></c></row>')})


def xml_2003() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>\n'
    )


def damaged() -> bytes:
    """A workbook with one byte of compressed sheet data flipped (the CRC no longer matches)."""
    data = bytearray(xlsx({"Sheet1": sheet_xml(inline("A1", "Hello there " * 50))}))
    at = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 10
    data[at] ^= 0xFF
    return bytes(data)


def random_bytes() -> bytes:
    return random.Random(2026).randbytes(4096)


def too_big() -> bytes:
    """Just over 5 MB: starts like a zip, but is refused on size before anything opens it."""
    return b"PK\x03\x04" + bytes(5 * MB)


HOSTILE: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "too_big": too_big,
    "random": random_bytes,
    "pdf": pdf,
    "csv": csv,
    "text": plain_text,
    "html": html,
    "xml_2003": xml_2003,
    "xls": xls,
    "encrypted": encrypted,
    "doc": doc,
    "ods": ods,
    "xlsm": xlsm,
    "xlsm_content_type": xlsm_content_type_only,
    "truncated": truncated,
    "zip_not_workbook": zip_not_workbook,
    "docx": docx,
    "xlsb": xlsb,
    "zip_bomb": zip_bomb,
    "zip_ratio": zip_ratio,
    "zip_many_parts": zip_many_parts,
    "zip_lying_sizes": zip_lying_sizes,
    "billion_laughs": billion_laughs,
    "xxe": xxe,
    "xxe_utf16": xxe_utf16,
    "shared_string_bomb": shared_string_bomb,
    "huge_value": huge_value,
    "many_cells": many_cells,
    "too_many_sheets": too_many_sheets,
    "big_grid": big_grid,
    "bad_reference": bad_reference,
    "damaged": damaged,
}


# --- hostile-looking but readable ----------------------------------------------------------------------


def million_rows() -> bytes:
    """A sheet declaring A1:XFD1048576 with cells at A1 and XFD1048576 (calamine alone aborts on it)."""
    body = f'<row r="1">{inline("A1", "top")}</row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return xlsx({"Sheet1": sheet_xml(body, dimension="A1:XFD1048576")})


def wide_and_unsorted() -> bytes:
    """Cells far to the right and rows out of order; only the A1:BH2000 window is kept."""
    body = (
        '<row r="5"><c r="B5"><v>5</v></c><c r="XFD5"><v>9</v></c></row>'
        '<row r="2"><c r="A2"><v>2</v></c><c r="BH2"><v>60</v></c><c r="BI2"><v>61</v></c></row>'
    )
    return xlsx({"Sheet1": sheet_xml(body)})


ODD_TEXT = {
    "A1": '=HYPERLINK("http://evil.example","click")',
    "A2": "<script>alert('x')</script><b>bold</b>",
    "A3": "\u202eevil\u202c \u200bzero\u200dwidth\ufeff",
    "A4": "emoji \U0001f600 \U0001f1ec\U0001f1e7",
    "A5": "cafe\u0301 n\u0303",  # decomposed: NFC gives 'café ñ'
    "A6": "tab\there\nnew line",
    "A7": "bell_x0007_null_x0000_escape_x001B_",  # Excel's escapes for control characters
    "A8": "Zalgo " + "\u0301\u0316" * 5000,
}


def odd_text() -> bytes:
    """Formula text, HTML, bidi and zero-width characters, emoji, combining marks, control characters,
    a 1 MB cell, and a real formula with a cached value."""
    cells = "".join(f'<row r="{ref[1:]}">{inline(ref, text)}</row>' for ref, text in ODD_TEXT.items())
    cells += f'<row r="9">{inline("A9", prose(MB))}</row>'
    cells += '<row r="10"><c r="A10"><f>1+1</f><v>2</v></c><c r="B10" t="s"><v>0</v></c></row>'
    return xlsx({"Odd": sheet_xml(cells)}, shared=["=1+2 shared"])


READABLE_ODD: dict[str, Callable[[], bytes]] = {
    "million_rows": million_rows,
    "wide_and_unsorted": wide_and_unsorted,
    "odd_text": odd_text,
}

# --- returns made from the project's own template, then changed inside the zip ---------------------------
#
# Each is a real filled return (tests.helpers' partnership, council Alpha, every answer "4 - Agree") with one
# change an officer cannot see in Excel, or a value built to cost or crash. RETURN_UNREADABLE must be refused
# by the reader, RETURN_INVALID by the validator (with the cell named); nothing from either may be stored.
# RETURN_VALID_ODD must be stored, with the values the tests expect.

W_REL = REL + "/worksheet"
W_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
ABOUT, QUESTIONS, PARTNERS, META = (f"xl/worksheets/sheet{n}.xml" for n in (2, 3, 4, 5))


@functools.cache
def template_return(council_in_meta: bool = False) -> bytes:
    """A filled return made with the real template (Meta names the council when `council_in_meta`)."""
    from rasp.core.framework import load_framework
    from rasp.intake.template import build_template, fill_template
    from tests.helpers import COUNCILS, PARTNERSHIP, ROUND

    fw = load_framework()
    template = build_template(
        fw,
        partnership=PARTNERSHIP,
        councils=COUNCILS,
        rounds=[ROUND],
        council=COUNCILS[0] if council_in_meta else None,
        generated_on=datetime.date(2026, 11, 28),
    )
    about = {
        "Council": COUNCILS[0],
        "Respondent": "Hostile tester",
        "Role": "Head of ICT",
        "Round": ROUND,
        "Target form of sharing": "4 Coordinate",
        "Scope": fw.scopes[0],
    }
    answers = {st.id: "4 - Agree" for st in fw.statements}
    return fill_template(template, about=about, answers=answers, partners={COUNCILS[1]: (4, 3)})


def rezip(data: bytes, edits: dict[str, Callable[[str], str]], extra: dict[str, str | bytes] | None = None) -> bytes:
    """A copy of a zip with some parts edited (as text) and extra parts added (a name already there is added
    a second time: that is how a duplicate member is made)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name: here it is the point
        for info in src.infolist():
            content = src.read(info)
            if info.filename in edits:
                content = edits[info.filename](content.decode("utf-8")).encode("utf-8")
            out.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            out.writestr(name, content)
    return buffer.getvalue()


def set_cell(sheet: str, ref: str, cell_xml: str) -> Callable[[str], str]:
    """An edit replacing the `<c r="ref" ...>` element of a sheet by `cell_xml`."""

    def edit(xml: str) -> str:
        new, count = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell_xml, xml, count=1, flags=re.S)
        assert count == 1, (sheet, ref)
        return new

    return edit


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def add_sheet(
    data: bytes,
    name: str,
    xml: str,
    *,
    state: str = "",
    before: str = "",
    rel_type: str = W_REL,
    content_type: str = W_TYPE,
    part: str = "xl/worksheets/sheet9.xml",
) -> bytes:
    """The return with one more sheet (placed before the sheet called `before`, else last)."""
    attrs = f' state="{state}"' if state else ""
    tag = f'<sheet xmlns:r="{REL}" name={quoteattr(name)} sheetId="9"{attrs} r:id="rId99"/>'

    def workbook(text: str) -> str:
        if before:
            at = text.index(f'name="{before}"')
            at = text.rindex("<sheet ", 0, at)
            return text[:at] + tag + text[at:]
        return text.replace("</sheets>", tag + "</sheets>")

    rel = f'<Relationship Type="{rel_type}" Target="/{part}" Id="rId99"/>'
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    edits = {
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": lambda t: t.replace("</Relationships>", rel + "</Relationships>"),
        "[Content_Types].xml": lambda t: t.replace("</Types>", override + "</Types>"),
    }
    return rezip(data, edits, {part: xml})


def questions_copy(answer: str) -> str:
    """A Questions sheet like the template's, every statement answered `answer`."""
    from rasp.core.framework import load_framework

    rows = [
        f'<row r="1">{"".join(text_cell(f"{c}1", h) for c, h in zip("ABCDE", QUESTION_HEADINGS, strict=True))}</row>'
    ]
    for r, st in enumerate(load_framework().statements, start=2):
        rows.append(f'<row r="{r}">{text_cell(f"A{r}", st.id)}{text_cell(f"D{r}", answer)}</row>')
    return sheet_xml("".join(rows))


QUESTION_HEADINGS = ("ID", "Dimension", "Statement", "Answer", "Evidence")


def hidden_questions_first() -> bytes:
    """The outside set's case: a very hidden ' questions' before the visible one, every answer different."""
    return add_sheet(template_return(), " questions", questions_copy("1"), state="veryHidden", before="Questions")


def hidden_extra_sheet() -> bytes:
    return add_sheet(template_return(), "Notes", sheet_xml(text_cell("A1", "nothing")), state="hidden")


def meta_renamed_hidden() -> bytes:
    """The hidden Meta sheet renamed 'meta': only the exact name is allowed to be hidden."""
    return rezip(template_return(), {"xl/workbook.xml": lambda t: t.replace('name="Meta"', 'name="meta"')})


def same_name_other_case() -> bytes:
    return add_sheet(template_return(), "QUESTIONS", questions_copy("1"), before="Questions")


def same_name_lookalike() -> bytes:
    """A visible sheet 'Ｑuestions' (full-width Q) with a zero-width space: the same name to a reader."""
    return add_sheet(template_return(), "\uff31uestions\u200b", questions_copy("2"), before="Questions")


def chartsheet() -> bytes:
    views = '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    xml = f'{HEAD}<chartsheet xmlns="{MAIN}" xmlns:r="{REL}">{views}</chartsheet>'
    return add_sheet(
        template_return(),
        "Chart1",
        xml,
        rel_type=REL + "/chartsheet",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml",
        part="xl/chartsheets/sheet1.xml",
    )


def macrosheet_as_worksheet() -> bytes:
    """An Excel 4 macro sheet in xl/worksheets/, with a worksheet content type: only its relationship says so."""
    return add_sheet(
        template_return(),
        "Sheet9",
        questions_copy("1"),
        rel_type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
    )


def macrosheet_root() -> bytes:
    """A sheet declared a worksheet everywhere whose root element is an Excel 4 macro sheet."""
    xm = "http://schemas.microsoft.com/office/excel/2006/main"
    xml = f'{HEAD}<xm:macrosheet xmlns:xm="{xm}" xmlns="{MAIN}"><sheetData/></xm:macrosheet>'
    return add_sheet(template_return(), "Sheet9", xml)


def dialogsheet() -> bytes:
    xml = f'{HEAD}<dialogsheet xmlns="{MAIN}"><sheetData/></dialogsheet>'
    return add_sheet(
        template_return(),
        "Dialog1",
        xml,
        rel_type=REL + "/dialogsheet",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml",
        part="xl/dialogsheets/sheet1.xml",
    )


def duplicate_zip_member() -> bytes:
    """Two parts called xl/worksheets/sheet3.xml: Excel, zipfile and calamine need not take the same one."""
    return rezip(template_return(), {}, {QUESTIONS: questions_copy("1")})


def duplicate_zip_member_case() -> bytes:
    """The same, the second name differing only in case (Excel's part names ignore case)."""
    return rezip(template_return(), {}, {QUESTIONS.replace("sheet3", "Sheet3"): questions_copy("1")})


def duplicate_cell() -> bytes:
    """Questions!D2 written twice, '4 - Agree' then '1'."""
    return rezip(
        template_return(), {QUESTIONS: lambda t: t.replace('<c r="E2"', text_cell("D2", "1") + '<c r="E2"', 1)}
    )


def council_formula() -> bytes:
    """About!B2 holds =Meta!B5 (Excel shows Alpha, from Meta) with a saved result naming Beta."""
    cell = '<c r="B2" t="str"><f>Meta!B5</f><v>Beta Borough Council</v></c>'
    return rezip(template_return(council_in_meta=True), {ABOUT: set_cell(ABOUT, "B2", cell)})


def answer_formula() -> bytes:
    return rezip(template_return(), {QUESTIONS: set_cell(QUESTIONS, "D2", '<c r="D2"><f>2+2</f><v>1</v></c>')})


def meta_changed() -> bytes:
    """The hidden Meta sheet with a row the template never writes."""
    row = f'<row r="7">{text_cell("A7", "council_override")}{text_cell("B7", "Beta Borough Council")}</row>'
    return rezip(template_return(), {META: lambda t: t.replace("</sheetData>", row + "</sheetData>")})


def heading_twice() -> bytes:
    """A second 'Answer' heading (in column G) on the Questions sheet."""
    return rezip(template_return(), {QUESTIONS: lambda t: t.replace("</row>", text_cell("G1", "Answer") + "</row>", 1)})


def label_twice() -> bytes:
    """A second 'Council' row at the bottom of the About sheet, naming another council."""
    row = f'<row r="20">{text_cell("A20", "Council")}{text_cell("B20", "Beta Borough Council")}</row>'
    return rezip(template_return(), {ABOUT: lambda t: t.replace("</sheetData>", row + "</sheetData>")})


def long_number(where: str) -> Callable[[], bytes]:
    """A 309-digit (and a 5,000-digit) number as an answer, a target rung or a rating, as text and as a number."""
    sheet, ref = {"answer": (QUESTIONS, "D2"), "rung": (ABOUT, "B6"), "rating": (PARTNERS, "B3")}[where]

    def make() -> bytes:
        edits = {sheet: set_cell(sheet, ref, text_cell(ref, "1" * 309))}
        if where == "answer":
            edits = {
                sheet: lambda t: set_cell(sheet, "D3", f'<c r="D3"><v>{"9" * 400}</v></c>')(
                    set_cell(sheet, "D2", text_cell("D2", "4" * 5000))(t)
                )
            }
        return rezip(template_return(), edits)

    return make


def huge_name() -> bytes:
    """A council name of 9.9 million characters (compressed well under the 5 MB limit)."""
    name = prose(100_000) * 99
    return rezip(template_return(), {ABOUT: set_cell(ABOUT, "B2", text_cell("B2", name))})


def many_problems() -> bytes:
    """2,000 rows of unknown statement IDs on the Questions sheet: thousands of problems to report."""
    rows = "".join(
        f'<row r="{r}">{text_cell(f"A{r}", f"X{r}")}{text_cell(f"D{r}", "Agreee")}</row>' for r in range(60, 2001)
    )
    return rezip(template_return(), {QUESTIONS: lambda t: t.replace("</sheetData>", rows + "</sheetData>")})


def other_script_digits() -> bytes:
    """Answers and a rating (Beta's trust) typed in Arabic-Indic and full-width digits: read as 4, 2 and 5."""
    edits = {
        QUESTIONS: lambda t: set_cell(QUESTIONS, "D3", text_cell("D3", "\uff12"))(
            set_cell(QUESTIONS, "D2", text_cell("D2", "\u0664"))(t)
        ),
        PARTNERS: set_cell(PARTNERS, "B3", text_cell("B3", "\u0665")),
    }
    return rezip(template_return(), edits)


RETURN_UNREADABLE: dict[str, Callable[[], bytes]] = {
    "hidden_questions_first": hidden_questions_first,
    "hidden_extra_sheet": hidden_extra_sheet,
    "meta_renamed_hidden": meta_renamed_hidden,
    "same_name_other_case": same_name_other_case,
    "same_name_lookalike": same_name_lookalike,
    "chartsheet": chartsheet,
    "macrosheet_as_worksheet": macrosheet_as_worksheet,
    "macrosheet_root": macrosheet_root,
    "dialogsheet": dialogsheet,
    "duplicate_zip_member": duplicate_zip_member,
    "duplicate_zip_member_case": duplicate_zip_member_case,
    "duplicate_cell": duplicate_cell,
}
RETURN_INVALID: dict[str, Callable[[], bytes]] = {
    "council_formula": council_formula,
    "answer_formula": answer_formula,
    "meta_changed": meta_changed,
    "heading_twice": heading_twice,
    "label_twice": label_twice,
    "long_number_answer": long_number("answer"),
    "long_number_rung": long_number("rung"),
    "long_number_rating": long_number("rating"),
    "huge_name": huge_name,
    "many_problems": many_problems,
}
RETURN_VALID_ODD: dict[str, Callable[[], bytes]] = {
    "template_return": template_return,
    "other_script_digits": other_script_digits,
}

__all__ = [
    "HOSTILE",
    "ODD_TEXT",
    "READABLE_ODD",
    "RETURN_INVALID",
    "RETURN_UNREADABLE",
    "RETURN_VALID_ODD",
    "good_xlsx",
    "inline",
    "ole",
    "sheet_xml",
    "xlsx",
]

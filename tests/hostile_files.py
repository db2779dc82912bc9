"""Hostile and awkward upload files, generated as bytes from literal values (nothing read from disk).

`HOSTILE` maps a short kind name to a generator for every file the reader must refuse with
`UnreadableFile`; other tests (CLI, upload page) can reuse it. `READABLE_ODD` holds files that
look hostile but are readable workbooks (a million-row dimension, odd text in cells): the reader
must return their values. `good_xlsx` is an ordinary workbook made with openpyxl.

`xlsx` builds a minimal workbook by hand so a test can control every byte of the XML.
"""

from __future__ import annotations

import datetime
import io
import random
import struct
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
    """1.6 million empty cells across row 1 (A1 to XFD1, a hundred times over): a lot of XML to walk."""
    row = "".join(f'<c r="{column_letters(col)}1"/>' for col in range(16_384))
    return xlsx({"Sheet1": sheet_xml('<row r="1">' + row * 100 + "</row>")})


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

__all__ = ["HOSTILE", "ODD_TEXT", "READABLE_ODD", "good_xlsx", "inline", "ole", "sheet_xml", "xlsx"]

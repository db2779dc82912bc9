"""Cheap checks on uploaded bytes, before any spreadsheet library parses them.

`sniff` recognises what the bytes are (empty, too big, PDF, text, HTML, an old .xls, a
password-protected workbook, ...) from their first bytes. `check_zip` looks at a zip's
directory and parts for the kinds of zip we refuse (OpenDocument, macro workbooks, other
Office files, decompression bombs, XML with entity declarations). Both raise `Refusal`,
which names the kind; `message` turns a kind into plain English for a council officer.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterator

MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # total a workbook may expand to
MAX_ENTRIES = 500  # parts in the zip
MAX_RATIO = 500  # compression ratio allowed for a part over RATIO_FLOOR bytes (real XML: 5-100)
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_DTD_MARKS = tuple(
    mark.encode(codec) for mark in ("<!doctype", "<!entity") for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_MACRO_TYPES = (b"macroenabled", b"macrosheet")  # content types of macro workbooks and Excel 4 macro sheets
_OTHER_ZIPS = (
    ("xl/workbook.bin", "an Excel Binary Workbook (.xlsb)"),
    ("word/document.xml", "a Word document"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
)

_SAVE_AS = "Open it in Excel, choose File > Save As > Excel Workbook (.xlsx), then upload the new copy."
_FROM_TEMPLATE = "Open the return template in Excel, fill it in and save it as an Excel Workbook (.xlsx)."
_MESSAGES = {
    "empty": "{s} is empty (0 bytes), so there is nothing to read. Check you chose the right file "
    "and that it saved properly, then upload it again.",
    "too_big": "{s} is {detail}, which is over the {limit} MB limit for a return. Check you chose the right "
    "file; if so, remove pictures or extra sheets, save it as .xlsx and upload it again.",
    "pdf": "{s} is a PDF, not an Excel workbook. " + _FROM_TEMPLATE,
    "text": "{s} is {detail}, not an Excel workbook. " + _FROM_TEMPLATE,
    "html": "{s} is a web page (HTML), not an Excel workbook. This happens when a spreadsheet is saved "
    "as a web page or downloaded from a website. " + _SAVE_AS,
    "xml_2003": "{s} is in the old 'XML Spreadsheet 2003' format, not an Excel workbook. " + _SAVE_AS,
    "xls": "{s} is in the old Excel 97-2003 format (.xls). We can only read the newer Excel Workbook "
    "format (.xlsx). " + _SAVE_AS,
    "encrypted": "{s} is protected with a password, so we cannot open it. Open it in Excel, remove the "
    "password (File > Info > Protect Workbook > Encrypt with Password, and clear the password), save it "
    "and upload it again.",
    "old_office": "{s} is an older Microsoft Office file, but not an Excel workbook we can read. " + _FROM_TEMPLATE,
    "ods": "{s} is an OpenDocument spreadsheet (.ods), for example from LibreOffice, not an Excel "
    "workbook. Save it as an Excel Workbook (.xlsx) (in LibreOffice: File > Save As, file type "
    "'Excel 2007-365') and upload that copy.",
    "macro": "{s} is a macro-enabled workbook (it contains macros, like an .xlsm file). For security we "
    "do not accept files with macros. Open it in Excel and save it as an Excel Workbook (.xlsx), "
    "which is macro-free, then upload that copy.",
    "truncated": "{s} is incomplete: it starts like an Excel workbook but has been cut short, perhaps "
    "because an upload, download or copy was interrupted. Open the original in Excel, save it again as "
    ".xlsx and upload the new copy.",
    "not_workbook": "{s} is {detail}, not an Excel Workbook (.xlsx). Upload the return itself, saved "
    "from Excel as an Excel Workbook (.xlsx).",
    "bomb": "{s} is far too large once unpacked ({detail}), so we have not opened it: it may be damaged "
    "or deliberately malformed. Save the return again from Excel as .xlsx and upload that copy.",
    "entities": "{s} contains XML entity or document-type declarations, which Excel never writes and "
    "which can be used to attack a system, so we have not opened it. Open the return in Excel, save "
    "it again as .xlsx and upload the new copy.",
    "too_much_data": "{s} holds far more data than a return should ({detail}), so we have not read it. "
    "Check you chose the right file; if so, remove the extra sheets or data, save it as .xlsx and "
    "upload it again.",
    "hidden_sheet": "{s} has a sheet you cannot see in Excel ({detail}). We will not guess which sheet holds "
    "the answers, so we have not read it. Copy the answers into a fresh copy of the return template (or "
    "unhide and delete the extra sheet), save it as .xlsx and upload it again.",
    "same_names": "{s} has two sheets whose names differ only in capitals, spaces or look-alike characters "
    "({detail}), so we cannot tell which one holds the answers. Delete or rename the extra sheet (or copy the "
    "answers into a fresh copy of the return template), save it as .xlsx and upload it again.",
    "not_grid": "{s} has {detail}, which is not an ordinary worksheet, so we cannot be sure what you see is "
    "what we would read. Delete that sheet (or copy the answers into a fresh copy of the return template), "
    "save it as .xlsx and upload it again.",
    "ambiguous": "{s} is ambiguous: it holds {detail}, which Excel never writes, so we cannot tell which one "
    "you see. It may be damaged or deliberately made. Open it in Excel, save it again as .xlsx (or copy the "
    "answers into a fresh copy of the return template) and upload the new copy.",
    "damaged": "We could not read {s}: it seems to be damaged. Open it in Excel, check it looks right, "
    "save it again as an Excel Workbook (.xlsx) and upload the new copy.",
    "unknown": "{s} is not an Excel workbook: its contents are not in any format we recognise (it may be "
    "damaged, or a different kind of file renamed to .xlsx). " + _FROM_TEMPLATE,
}


class Refusal(Exception):
    """A file we will not read; `kind` picks the message and `detail` fills it in."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


def message(kind: str, filename: str, detail: str = "", limit_mb: int = 5) -> str:
    """The plain-English explanation for a refusal of `kind`, naming the file when known."""
    name = "".join(ch for ch in filename.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable())
    name = name if len(name) <= 80 else name[:77] + "..."
    subject = f"the file '{name}'" if name else "this file"
    text = _MESSAGES[kind].format(s=subject, detail=detail, limit=limit_mb)
    return text[0].upper() + text[1:]


def sniff(data: bytes, max_bytes: int) -> None:
    """Refuse anything that is not a zip container, choosing the most accurate kind."""
    if not data:
        raise Refusal("empty")
    if len(data) > max_bytes:
        raise Refusal("too_big", f"{math.ceil(len(data) / (1024 * 1024) * 10) / 10:.1f} MB")
    if data.startswith(OLE_MAGIC):
        raise Refusal(_ole_kind(data))
    if data.startswith(ZIP_MAGICS):
        return
    if b"%PDF-" in data[:1024]:
        raise Refusal("pdf")
    text = _as_text(data[:4096])
    if text is None:
        raise Refusal("unknown")
    raise Refusal(*_text_kind(text))


def _ole_kind(data: bytes) -> str:
    """Tell an encrypted workbook from a legacy .xls inside an OLE compound file."""
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted"
    if "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data:
        return "xls"
    return "old_office"


def _as_text(head: bytes) -> str | None:
    """Decode the start of a file if it reads as text (UTF-8, UTF-16 or Windows-1252), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    elif b"\0" in head:
        return None
    else:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            cut_char = exc.start >= len(head) - 3
            text = head[: exc.start].decode("utf-8") if cut_char else head.decode("cp1252", errors="replace")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n")
    return text if text and printable >= 0.95 * len(text) else None


def _text_kind(text: str) -> tuple[str, str]:
    """Classify text as HTML, an XML Spreadsheet 2003, CSV or plain text."""
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered or "<table" in lowered:
        return "html", ""
    if lowered.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "xml_2003", ""
    lines = [line for line in text.splitlines()[:10] if line.strip()]
    for sep in ",;\t":
        counts = [line.count(sep) for line in lines]
        if len(lines) >= 2 and counts[0] and sum(n == counts[0] for n in counts) >= 0.8 * len(lines):
            return "text", "a CSV file (plain text with values separated by commas or tabs)"
    return "text", "a plain text file"


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open the zip directory, telling a file cut short from one damaged in some other way."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        end_record = b"PK\x05\x06" in data[-(65536 + 22) :]
        raise Refusal("damaged" if end_record else "truncated") from exc


class Unpacker:
    """Unpacks zip parts, refusing once more than `limit` bytes have come out in all.

    A part that unpacks to at most KEEP bytes is kept after its first reading, so the checks and the
    reader unpack each part once; bigger parts are streamed in chunks every time they are read."""

    KEEP = 1024 * 1024

    def __init__(self, archive: zipfile.ZipFile, limit: int = MAX_UNPACKED_BYTES) -> None:
        self.archive = archive
        self.limit = limit
        self.total = 0
        self.kept: dict[str, bytes | None] = {}  # part name -> its bytes, or None when too big to keep

    def chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """Yield the part's bytes; the count is real output, not the size the zip declares."""
        kept = self.kept.get(info.filename)
        if kept is not None:
            yield kept
            return
        with self.archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                self.total += len(chunk)
                if self.total > self.limit:
                    raise Refusal("bomb", f"over {self.limit // (1024 * 1024)} MB of data")
                yield chunk

    def whole(self, info: zipfile.ZipInfo) -> bytes | None:
        """The whole part when it unpacks to at most KEEP bytes (kept for later readings), else None."""
        if info.filename not in self.kept:
            if info.file_size > self.KEEP:
                self.kept[info.filename] = None
            else:
                out = bytearray()
                for chunk in self.chunks(info):
                    out += chunk
                    if len(out) > self.KEEP:
                        break
                self.kept[info.filename] = bytes(out) if len(out) <= self.KEEP else None
        return self.kept[info.filename]

    def head(self, info: zipfile.ZipInfo, size: int) -> bytes:
        """The first `size` bytes of a part (or fewer)."""
        out = b""
        for chunk in self.chunks(info):
            out += chunk
            if len(out) >= size:
                break
        return out[:size]


def part_key(name: str) -> str:
    """A zip part name as Excel and calamine resolve it: case-insensitive, either slash, no leading slash."""
    return name.replace("\\", "/").lstrip("/").lower()


def entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Parts by `part_key`. Two parts with the same key are refused: which one a reader takes differs
    between programs (zipfile and calamine take the last, others the first), so what Excel shows could
    differ from what we read."""
    found: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        key = part_key(info.filename)
        if key in found:
            raise Refusal("ambiguous", f"two parts called '{shown(key)}'")
        found[key] = info
    return found


def shown(text: str, limit: int = 60) -> str:
    """Text from inside a file, safe to put in a message: printable characters only, at most `limit`."""
    text = "".join(ch for ch in text[: limit * 4] if ch.isprintable())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_zip(archive: zipfile.ZipFile, unpacker: Unpacker | None = None) -> None:
    """Refuse bombs, non-workbooks, macro workbooks and XML with entity declarations."""
    infos = archive.infolist()
    _check_sizes(infos)
    parts = entries(archive)
    unpacker = unpacker or Unpacker(archive)
    if "mimetype" in parts:
        mimetype = unpacker.head(parts["mimetype"], 100)
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            raise Refusal("ods")
    if "xl/vbaproject.bin" in parts or any(name.startswith("xl/macrosheets/") for name in parts):
        raise Refusal("macro")
    types = parts.get("[content_types].xml")
    if types is not None and any(mark in unpacker.head(types, 1024 * 1024).lower() for mark in _MACRO_TYPES):
        raise Refusal("macro")
    if "xl/workbook.xml" not in parts:
        what = next((text for name, text in _OTHER_ZIPS if name in parts), "a zip archive")
        raise Refusal("not_workbook", what if infos else "an empty zip archive")
    for name, info in parts.items():
        if name.endswith((".xml", ".rels")) and _has_dtd(unpacker, info):
            raise Refusal("entities")


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse from the zip directory alone: too many parts, too large, odd compression."""
    if len(infos) > MAX_ENTRIES:
        raise Refusal("bomb", f"more than {MAX_ENTRIES} parts")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise Refusal("bomb", f"over {MAX_UNPACKED_BYTES // (1024 * 1024)} MB of data")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refusal("bomb", "one part is compressed suspiciously well")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refusal("damaged")


def _has_dtd(unpacker: Unpacker, info: zipfile.ZipInfo) -> bool:
    """True when the part declares a DOCTYPE or ENTITY (any case, UTF-8 or UTF-16)."""
    whole = unpacker.whole(info)
    if whole is not None:
        if b"<!" not in whole and b"<\x00!" not in whole:  # no declaration of any kind (UTF-8, UTF-16 either way)
            return False
        lowered = whole.lower()
        return any(mark in lowered for mark in _DTD_MARKS)
    tail = b""
    for chunk in unpacker.chunks(info):
        window = (tail + chunk).lower()
        if any(mark in window for mark in _DTD_MARKS):
            return True
        tail = window[-32:]
    return False

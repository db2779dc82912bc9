"""The safe workbook reader: good workbooks read right; every hostile file is refused in plain words."""

from __future__ import annotations

import datetime
import io
import json
import random
import subprocess
import sys
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.datetime import CALENDAR_MAC_1904  # type: ignore[import-untyped, unused-ignore]
from python_calamine import CalamineWorkbook

from rasp.core.errors import UnreadableFile
from rasp.core.framework import Framework
from rasp.intake import filetypes, reader
from rasp.intake.reader import MAX_COLS, MAX_ROWS, Workbook, read_workbook
from tests import hostile_files as hf

ROOT = Path(__file__).resolve().parent.parent
SHOWN = {"Lists", "Meta"}  # the hidden sheets of good_xlsx and of the return template

# Distinctive words each refusal must use (case-insensitive), so an officer can tell the kinds apart.
WORDS: dict[str, tuple[str, ...]] = {
    "empty": ("empty", "0 bytes"),
    "too_big": ("5.1 MB", "5 MB limit"),
    "random": ("not in any format we recognise",),
    "pdf": ("PDF", "save it as an Excel Workbook (.xlsx)"),
    "csv": ("CSV", "not an Excel workbook"),
    "text": ("plain text", "not an Excel workbook"),
    "html": ("web page (HTML)",),
    "xml_2003": ("XML Spreadsheet 2003",),
    "xls": ("Excel 97-2003", ".xls", "Save As"),
    "encrypted": ("password", "remove the password"),
    "doc": ("older Microsoft Office file", "not an Excel workbook"),
    "ods": ("OpenDocument", ".ods", "Excel Workbook (.xlsx)"),
    "xlsm": ("macro", ".xlsm", "macro-free"),
    "xlsm_content_type": ("macro", "macro-free"),
    "truncated": ("incomplete", "cut short"),
    "zip_not_workbook": ("zip archive", "not an Excel Workbook (.xlsx)"),
    "docx": ("Word document",),
    "xlsb": ("Excel Binary Workbook (.xlsb)",),
    "zip_bomb": ("too large once unpacked", "50 MB"),
    "zip_ratio": ("too large once unpacked", "compressed suspiciously"),
    "zip_many_parts": ("too large once unpacked", "500 parts"),
    "zip_lying_sizes": ("damaged",),
    "billion_laughs": ("entity", "XML"),
    "xxe": ("entity", "XML"),
    "xxe_utf16": ("entity", "XML"),
    "shared_string_bomb": ("more data than a return should", "characters of text"),
    "huge_value": ("more data than a return should", "characters of text"),
    "many_cells": ("more data than a return should", "too many cells"),
    "too_many_sheets": ("more data than a return should", "100 sheets"),
    "big_grid": ("more data than a return should", "rows and columns"),
    "bad_reference": ("damaged",),
    "damaged": ("damaged",),
}


def _edit(data: bytes, part: str, old: str, new: str) -> bytes:
    """Replace text inside one part of a zip (the text must be there)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == part:
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            out.writestr(info, content)
    return buffer.getvalue()


@cache
def _hostile(kind: str) -> bytes:
    """Each hostile file is generated once per test session."""
    return hf.HOSTILE[kind]()


def _refusal(data: bytes, filename: str = "return.xlsx", hidden_allowed: set[str] | None = None) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_workbook(data, filename, hidden_allowed=hidden_allowed or set())
    return str(caught.value)


# --- good workbooks ------------------------------------------------------------------------------------


def test_good_workbook_reads_every_sheet_in_order_with_typed_values() -> None:
    book = read_workbook(hf.good_xlsx(), "good.xlsx", hidden_allowed=SHOWN)
    assert list(book.sheets) == ["Summary", "Offset Data", "Lists"]  # the hidden sheet is there, last
    summary = book.sheets["Summary"]
    assert summary[0] == ["Council", "Score", "Submitted", "Final"]
    assert summary[1] == ["Alpha District Council", 4, datetime.date(2026, 3, 31), True]
    assert summary[2] == ["Beta Borough Council", 2.5, datetime.datetime(2026, 4, 1, 9, 30), False]
    assert isinstance(summary[1][1], float) and isinstance(summary[1][3], bool)  # calamine: numbers are floats
    assert book.sheets["Lists"] == [["Hidden value"]]


def test_index_zero_is_row_1_and_column_a_when_data_starts_at_b3() -> None:
    rows = read_workbook(hf.good_xlsx(), hidden_allowed=SHOWN).sheets["Offset Data"]
    assert rows[0] == [None, None, None] and rows[1] == [None, None, None]
    assert rows[2][1] == "Starts at B3"  # B3
    assert rows[3][2] == 42  # C4
    assert len(rows) == 4


def test_sheet_lookup_ignores_case_and_surrounding_spaces() -> None:
    book = read_workbook(hf.good_xlsx(), hidden_allowed=SHOWN)
    assert book.sheet("  offset DATA ") is book.sheets["Offset Data"]
    assert book.sheet("lists") == [["Hidden value"]]
    assert book.sheet("Missing") is None
    assert Workbook({}).sheet("x") is None


def test_real_return_template_reads_like_openpyxl_reads_it(fw: Framework) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    from tests.helpers import filled

    data = filled(fw, respondent="Bo")
    book = read_workbook(data, "return.xlsx", hidden_allowed=SHOWN)
    expected = load_workbook(io.BytesIO(data), data_only=True)
    assert list(book.sheets) == expected.sheetnames
    compared = 0
    for ws in expected.worksheets:
        rows = book.sheets[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value not in (None, ""):
                    got = rows[cell.row - 1][cell.column - 1]
                    want = (
                        cell.value.date()
                        if isinstance(got, datetime.date)
                        and not isinstance(got, datetime.datetime)
                        and isinstance(cell.value, datetime.datetime)
                        else cell.value
                    )
                    assert got == want, (ws.title, cell.coordinate)
                    compared += 1
    assert compared > 50


BENIGN_SHEETS = {
    "implicit positions": '<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row>',
    "prefixed": "",  # filled in below: the same cells with an x: namespace prefix
    "types": (
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#N/A</v></c><c r="C1" t="str"><v>calc</v></c>'
        '<c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>0</v></c><c r="F1"><v>-1.5E3</v></c>'
        '<c r="G1" t="s"><is><t>inline, though typed shared</t></is></c></row>'
        '<row r="3" spans="1:2"><c r="B3" s="0"><v>7</v></c></row>'
    ),
}


def _benign(name: str) -> bytes:
    if name == "prefixed":
        body = '<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>pre</x:t></x:is></x:c></x:row>'
        xml = f'{hf.HEAD}<x:worksheet xmlns:x="{hf.MAIN}"><x:sheetData>{body}</x:sheetData></x:worksheet>'
        return hf.xlsx({"Pre": xml})
    return hf.xlsx({"S": hf.sheet_xml(BENIGN_SHEETS[name])}, shared=["zero", "one", "two"])


def _calamine_directly(data: bytes) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {
        name: [
            [None if v == "" else v for v in row]
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS)
        ]
        for name in book.sheet_names
    }


@pytest.mark.parametrize("name", list(BENIGN_SHEETS))
def test_rebuilt_workbook_reads_exactly_as_calamine_reads_the_original(name: str) -> None:
    data = _benign(name)
    assert read_workbook(data).sheets == _calamine_directly(data)


def test_good_and_template_workbooks_read_exactly_as_calamine_reads_the_originals(fw: Framework) -> None:
    from tests.helpers import filled

    for data in (hf.good_xlsx(), filled(fw, respondent="Bo")):
        assert read_workbook(data, hidden_allowed=SHOWN).sheets == _calamine_directly(data)


def test_shared_strings_are_renumbered_and_a_missing_one_reads_as_empty() -> None:
    body = '<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>99</v></c></row>'
    rows = read_workbook(hf.xlsx({"S": hf.sheet_xml(body)}, shared=["zero", "one", "two"])).sheets["S"]
    assert rows == [["two", "zero", None]]


def test_1904_date_system_is_kept() -> None:
    wb = OpenpyxlWorkbook()
    wb.epoch = CALENDAR_MAC_1904
    wb.active["A1"] = datetime.date(2026, 1, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    assert read_workbook(buffer.getvalue()).sheets["Sheet"] == [[datetime.date(2026, 1, 1)]]


def test_a_very_hidden_sheet_is_refused_unless_allowed_by_exact_name_and_empty_sheets_are_kept() -> None:
    data = _edit(
        hf.xlsx({"A": hf.sheet_xml(""), "B": hf.sheet_xml(hf.inline("A1", "b"))}),
        "xl/workbook.xml",
        'name="B"',
        'name="B" state="veryHidden"',
    )
    assert str(CalamineWorkbook.from_filelike(io.BytesIO(data)).sheets_metadata[1].visible).endswith("VeryHidden")
    assert "'B' is very hidden" in _refusal(data)
    assert "'B' is very hidden" in _refusal(data, hidden_allowed={"b"})
    assert read_workbook(data, hidden_allowed={"B"}).sheets == {"A": [], "B": [["b"]]}


def test_a_file_of_exactly_the_size_limit_is_not_refused_for_size(monkeypatch: pytest.MonkeyPatch) -> None:
    data = hf.good_xlsx()
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", len(data))
    assert read_workbook(data, hidden_allowed=SHOWN).sheets
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", len(data) - 1)
    assert "limit" in _refusal(data)


# --- hostile files -------------------------------------------------------------------------------------


def test_every_hostile_kind_has_expected_words() -> None:
    assert set(WORDS) == set(hf.HOSTILE)


@pytest.mark.parametrize("kind", list(hf.HOSTILE))
def test_hostile_file_is_refused_in_plain_words(kind: str) -> None:
    message = _refusal(_hostile(kind), f"{kind}-return.xlsx")
    assert f"'{kind}-return.xlsx'" in message
    for word in WORDS[kind]:
        assert word.lower() in message.lower(), (kind, word, message)
    assert "Traceback" not in message and "Error" not in message


def test_each_kind_gets_its_own_message() -> None:
    messages = {kind: _refusal(_hostile(kind), "r.xlsx") for kind in hf.HOSTILE}
    distinct = {
        messages[k]
        for k in (
            "empty",
            "too_big",
            "random",
            "pdf",
            "csv",
            "text",
            "html",
            "xls",
            "encrypted",
            "ods",
            "xlsm",
            "truncated",
            "zip_not_workbook",
            "zip_bomb",
            "billion_laughs",
            "shared_string_bomb",
            "damaged",
        )
    }
    assert len(distinct) == 17
    assert "password" not in messages["xls"].lower() and "97-2003" not in messages["encrypted"]


def test_message_without_a_filename_says_this_file() -> None:
    assert _refusal(hf.pdf(), "").startswith("This file is a PDF")
    assert _refusal(hf.pdf(), "C:\\Users\\me\\Returns\\alpha.xlsx").startswith("The file 'alpha.xlsx' is a PDF")


def test_bomb_is_refused_from_real_bytes_even_if_the_zip_directory_looks_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filetypes, "_check_sizes", lambda infos: None)  # pretend the declared sizes were fine
    assert "50 MB" in _refusal(hf.zip_bomb())


def test_entities_are_refused_by_the_parser_even_if_the_byte_scan_missed_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filetypes, "_has_dtd", lambda unpacker, info: False)
    assert "entity" in _refusal(hf.billion_laughs())
    assert "entity" in _refusal(hf.xxe())


def test_unknown_xml_encoding_is_damaged_not_a_crash() -> None:
    head = '<?xml version="1.0" encoding="UTF-9"?>\n'
    assert "damaged" in _refusal(hf.xlsx({"A": hf.sheet_xml("")}, workbook_head=head))


@pytest.mark.parametrize("variant", ["missing part", "unknown root"])
def test_inconsistent_workbook_structure_is_damaged(variant: str) -> None:
    data = hf.xlsx({"A": hf.sheet_xml(""), "B": hf.sheet_xml("")})
    if variant == "missing part":
        data = _edit(data, "xl/_rels/workbook.xml.rels", "worksheets/sheet2.xml", "worksheets/nowhere.xml")
    else:
        data = hf.xlsx({"A": f"{hf.HEAD}<html><body/></html>"})
    assert "damaged" in _refusal(data)


def test_random_damage_never_escapes_as_another_exception() -> None:
    """Bytes flipped, cut or inserted anywhere in a good workbook, and XML broken inside intact zips."""
    good = hf.good_xlsx()
    rng = random.Random(20260331)
    outcomes = {"read": 0, "refused": 0}
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.6:
                data[at] = rng.randrange(256)
            elif choice < 0.8:
                del data[at : at + rng.randint(1, 50)]
            else:
                data[at:at] = rng.randbytes(rng.randint(1, 20))
        outcomes[_outcome(bytes(data))] += 1
    for _ in range(150):
        outcomes[_outcome(_broken_xml(good, rng))] += 1
    assert outcomes["read"] and outcomes["refused"]


def _outcome(data: bytes) -> str:
    try:
        read_workbook(data, "fuzz.xlsx", hidden_allowed=SHOWN)
    except UnreadableFile:
        return "refused"
    return "read"


def _broken_xml(good: bytes, rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        victim = rng.choice([i.filename for i in src.infolist()])
        for info in src.infolist():
            part = bytearray(src.read(info))
            if info.filename == victim and part:
                at = rng.randrange(len(part))
                part[at : at + rng.randint(1, 8)] = rng.choice([b"<", b">", b"&", b'"', b'r="ZZ9"', b"", b"\xff"])
            out.writestr(info, bytes(part))
    return buffer.getvalue()


# --- hostile-looking but readable ----------------------------------------------------------------------


def test_million_row_dimension_reads_only_the_window() -> None:
    rows = read_workbook(hf.million_rows()).sheets["Sheet1"]
    assert rows == [["top"]]  # XFD1048576 lies outside the window and is dropped


def test_cells_outside_the_window_are_dropped_and_rows_may_come_in_any_order() -> None:
    rows = read_workbook(hf.wide_and_unsorted()).sheets["Sheet1"]
    assert len(rows) == 5 and all(len(row) == MAX_COLS for row in rows)
    assert rows[1][0] == 2 and rows[1][MAX_COLS - 1] == 60  # A2 and BH2 (BI2 dropped)
    assert rows[4][1] == 5 and rows[4][2:] == [None] * (MAX_COLS - 2)  # B5 (XFD5 dropped)


def test_rows_beyond_the_limit_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 31))
    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    monkeypatch.setattr(reader, "MAX_COLS", 3)
    rows = read_workbook(hf.xlsx({"S": hf.sheet_xml(body)})).sheets["S"]
    assert [row[0] for row in rows] == list(range(1, 11))


def test_odd_text_is_returned_as_values() -> None:
    rows = read_workbook(hf.odd_text()).sheets["Odd"]
    text = {f"A{n}": rows[n - 1][0] for n in range(1, 11)}
    assert text["A1"] == hf.ODD_TEXT["A1"]  # formula text stays text
    assert text["A2"] == hf.ODD_TEXT["A2"]  # HTML stays as typed
    assert text["A3"] == hf.ODD_TEXT["A3"]  # bidi override, zero-width characters, BOM kept
    assert text["A4"] == hf.ODD_TEXT["A4"]  # emoji kept
    assert text["A5"] == "caf\u00e9 \u00f1"  # NFC
    assert text["A6"] == "tab\there\nnew line"  # tab and newline kept
    assert text["A7"] == "bellnullescape"  # control characters removed
    assert text["A8"] == unicodedata.normalize("NFC", hf.ODD_TEXT["A8"])
    assert text["A9"] == hf.prose(1024 * 1024)  # the 1 MB cell, intact
    assert text["A10"] == 2  # a real formula reads as its cached value
    assert rows[9][1] == "=1+2 shared"


@pytest.mark.timeout(60)  # a hang guard, not a speed target: the quadratic path takes about 30 s here
def test_long_runs_of_combining_marks_normalise() -> None:
    n = 200_000  # plain unicodedata.normalize is quadratic on this; benchmarks/hostile_bench.py times it
    result = reader._nfc("a" + "\u0301\u0316" * n)
    assert result == "\u00e1" + "\u0316" * n + "\u0301" * (n - 1)


def test_fast_nfc_gives_exactly_what_unicodedata_gives() -> None:
    pool = (
        "a",
        "e",
        " ",
        "\u0301",
        "\u0316",
        "\u0327",
        "\u0308",
        "\u0338",
        "\u0344",
        "\u0f71",
        "\u0f72",
        "\u0f73",
        "\u1100",
        "\u1161",
        "\u11a8",
        "\uac00",
        "\u00e9",
        "\u1e17",
        "\U0001d165",
        "\U0001d16d",
        "\U0001f600",
    )
    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 150)))
        assert reader._nfc(text) == unicodedata.normalize("NFC", text), ascii(text)


def test_pad_adds_rows_above_and_columns_left_when_calamine_did_not() -> None:
    assert reader._pad([["x", None], [None, 2]], (2, 1), (3, 2)) == [
        [None, None, None],
        [None, None, None],
        [None, "x", None],
        [None, None, 2],
    ]
    assert reader._pad([["x"]], (0, 0), (0, 0)) == [["x"]]


# --- memory and time bounds ----------------------------------------------------------------------------

_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))  # a runaway allocation aborts, not swaps
from rasp.core.errors import UnreadableFile
from rasp.intake.reader import read_workbook
with open(sys.argv[1], "rb") as upload:
    data = upload.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    read_workbook(data, "x.xlsx")
    outcome = "read"
except UnreadableFile:
    outcome = "refused"
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "before_mb": before / 1024, "peak_mb": peak / 1024, "seconds": seconds}))
"""


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        ("million_rows", "read"),
        ("odd_text", "read"),
        ("zip_bomb", "refused"),
        ("zip_lying_sizes", "refused"),
        ("shared_string_bomb", "refused"),
        ("huge_value", "refused"),
        ("many_cells", "refused"),
        ("big_grid", "refused"),
    ],
)
def test_memory_stays_bounded(kind: str, outcome: str, tmp_path: Path) -> None:
    """Peak resident memory of a fresh process (Rust allocations included, which tracemalloc cannot see).

    The file is made here and read from disk there, so the child's high-water mark before reading is
    just the interpreter and the upload. calamine on its own aborts the process on million_rows (it
    allocates 16384 x 1048576 cells) and on shared_string_bomb (a 1 MB string copied into 20,000 cells)."""
    upload = tmp_path / f"{kind}.xlsx"
    upload.write_bytes({**hf.HOSTILE, **hf.READABLE_ODD}[kind]())
    run = subprocess.run(
        [sys.executable, "-c", _CHILD, str(upload)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout)
    assert result["outcome"] == outcome
    assert result["peak_mb"] - result["before_mb"] < 200, result  # time: see benchmarks/hostile_bench.py


# --- returns made from the real template, changed where the officer cannot see ---------------------------

RETURN_WORDS: dict[str, tuple[str, ...]] = {
    "hidden_questions_first": ("cannot see in Excel", "' questions' is very hidden"),
    "hidden_extra_sheet": ("cannot see in Excel", "'Notes' is hidden"),
    "meta_renamed_hidden": ("cannot see in Excel", "'meta' is hidden"),
    "same_name_other_case": ("differ only in capitals", "'QUESTIONS' and 'Questions'"),
    "same_name_lookalike": ("differ only in capitals, spaces or look-alike characters",),
    "chartsheet": ("a chart sheet called 'Chart1'", "not an ordinary worksheet"),
    "macrosheet_as_worksheet": ("macro",),
    "macrosheet_root": ("macro",),
    "dialogsheet": ("a dialog sheet called 'Dialog1'",),
    "duplicate_zip_member": ("ambiguous", "two parts called 'xl/worksheets/sheet3.xml'"),
    "duplicate_zip_member_case": ("ambiguous", "two parts called 'xl/worksheets/sheet3.xml'"),
    "duplicate_cell": ("ambiguous", "two cells at D2 on sheet 'Questions'"),
}


def test_every_return_refused_by_the_reader_has_expected_words() -> None:
    assert set(RETURN_WORDS) == set(hf.RETURN_UNREADABLE)


@pytest.mark.parametrize("kind", list(hf.RETURN_UNREADABLE))
def test_a_return_whose_sheets_are_ambiguous_is_refused(kind: str) -> None:
    message = _refusal(hf.RETURN_UNREADABLE[kind](), "return.xlsx", hidden_allowed={"Meta"})
    for word in RETURN_WORDS[kind]:
        assert word in message, (kind, word, message)
    assert len(message) < 500


def test_the_untouched_template_return_reads_with_its_hidden_meta_sheet_and_no_formulas() -> None:
    book = read_workbook(hf.template_return(), hidden_allowed={"Meta"})
    assert list(book.sheets) == ["Instructions", "About", "Questions", "Partners", "Meta"]
    assert all(not cells for cells in book.formulas.values())
    assert "cannot see" in _refusal(hf.template_return())  # Meta is hidden: allowed only when asked for


def test_formula_cells_are_recorded_with_their_saved_result() -> None:
    book = read_workbook(hf.RETURN_INVALID["council_formula"](), hidden_allowed={"Meta"})
    assert book.formula_cells("about") == {(1, 1)}
    assert book.sheet("About")[1][1] == "Beta Borough Council"  # the saved result, not what Excel shows


def test_sheet_lookup_and_uniqueness_use_the_same_key() -> None:
    from rasp.intake.xmlparts import sheet_key

    assert {sheet_key(n) for n in ("Questions", " questions ", "\uff31uestions", "Ques\u200btions")} == {"questions"}
    data = hf.xlsx({"\uff31uestions": hf.sheet_xml(hf.inline("A1", "x"))})
    assert read_workbook(data).sheet("Questions") == [["x"]]


def test_a_relationship_type_or_content_type_other_than_worksheet_is_refused() -> None:
    body = hf.questions_copy("1")
    xlsx_type = "application/vnd.ms-excel.intlmacrosheet+xml"
    assert "macro" in _refusal(
        hf.add_sheet(hf.template_return(), "S", body, content_type=xlsx_type), "r.xlsx", {"Meta"}
    )
    odd = hf.add_sheet(hf.template_return(), "S", body, rel_type=hf.REL + "/somethingElse")
    assert "damaged" in _refusal(odd, "r.xlsx", {"Meta"})


def test_no_module_reads_the_stored_upload_bytes_back() -> None:
    """returns.content is the officer's evidence: nothing may select it, by name or with the whole table (only
    the safe reader may ever parse those bytes, and today nothing needs to)."""
    import re as regex

    readers = []
    for path in (ROOT / "rasp").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        pattern = r"\.c\.content\b|\[\s*[\"']content[\"']\s*\]|select\(\s*returns\s*[,)]|SELECT \*"
        if regex.search(pattern, path.read_text()):
            readers.append(str(path.relative_to(ROOT)))
    assert readers == []


# --- the fast path: calamine reads plain workbooks as they are -------------------------------------------


def _scan(data: bytes, hidden_allowed: tuple[str, ...] = ("Meta", "Lists")) -> object:
    from rasp.intake import fastcheck
    from rasp.intake.xlsxrebuild import Limits, plan

    limits = Limits(max_rows=MAX_ROWS, max_cols=MAX_COLS)
    archive = filetypes.open_zip(data)
    unpacker = filetypes.Unpacker(archive)
    filetypes.check_zip(archive, unpacker)
    checked = plan(archive, limits, hidden_allowed, unpacker)
    return fastcheck.scan(checked.parts, unpacker, checked.sheets, limits)


def test_real_returns_and_plain_workbooks_take_the_fast_path(fw: Framework) -> None:
    from tests.helpers import filled

    for data in (hf.template_return(), filled(fw, respondent="Bo", partners={"Beta Borough Council": (4, 3)})):
        assert _scan(data) == (frozenset(),) * 5
    assert _scan(hf.RETURN_INVALID["council_formula"]()) == (frozenset(), frozenset({(1, 1)}), *(frozenset(),) * 3)
    assert _scan(hf.good_xlsx()) is not None


@pytest.mark.parametrize(
    "kind", ["million_rows", "wide_and_unsorted", "odd_text", "many_cells", "big_grid", "billion_laughs"]
)
def test_unusual_workbooks_are_rebuilt_not_handed_to_calamine(kind: str) -> None:
    make = hf.READABLE_ODD.get(kind) or hf.HOSTILE[kind]
    try:
        outcome = _scan(make())
    except filetypes.Refusal:
        return  # refused before the scan (as it should be for some)
    assert outcome is None


@pytest.mark.parametrize(
    "body",
    [
        '<row r="1"><c t="inlineStr"><is><t>no reference</t></is></c></row>',
        '<row r="1"><c s="0" r="A1"><v>1</v></c></row>',  # reference not first
        '<row r="1"><c r="A1"><v>1</v></c><!-- a comment --></row>',
        '<row r="1"><c r="A1" t="s"><v>7</v></c></row>',  # a shared string that does not exist
        '<row r="2001"><c r="A2001"><v>1</v></c></row>',  # outside the window
    ],
)
def test_a_cell_written_in_an_unusual_way_sends_the_workbook_to_the_rebuild(body: str) -> None:
    assert _scan(hf.xlsx({"S": hf.sheet_xml(body)}, shared=["only"])) is None


def test_fast_path_and_rebuild_read_exactly_the_same(fw: Framework, monkeypatch: pytest.MonkeyPatch) -> None:
    from rasp.intake import fastcheck
    from tests.helpers import filled

    files = [
        hf.good_xlsx(),
        hf.template_return(),
        hf.RETURN_INVALID["council_formula"](),
        hf.RETURN_VALID_ODD["other_script_digits"](),
        filled(fw, respondent="Bo", every="Agree", evidence={"S1": "café\tnaïve"}),
        *(_benign(name) for name in BENIGN_SHEETS),
    ]
    fast = [read_workbook(data, hidden_allowed=SHOWN) for data in files]
    monkeypatch.setattr(fastcheck, "scan", lambda *args: None)
    slow = [read_workbook(data, hidden_allowed=SHOWN) for data in files]
    assert fast == slow

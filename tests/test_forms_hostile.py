"""Hostile input on the new file routes: the existing hostile set under survey-export names, hostile .ods
files and hostile CSV. Every one ends in a plain message, nothing stored, in bounded time."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.intake.dispatch import import_file
from rasp.intake.tabular import read_ods
from rasp.store.reads import load_returns
from tests import forms_exports as fx
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, set_up
from tests.hostile_files import HOSTILE, READABLE_ODD, prose


@pytest.fixture
def ready(engine: Engine) -> Engine:
    set_up(engine)
    return engine


def _import(engine: Engine, fw: Framework, data: bytes, name: str):  # type: ignore[no-untyped-def]
    start = time.monotonic()
    report = import_file(engine, fw, data, name, partnership=PARTNERSHIP, round_name=ROUND)
    assert time.monotonic() - start < 60  # a hang guard only; timing is in benchmarks/
    return report


@pytest.mark.parametrize("kind", list(HOSTILE) + list(READABLE_ODD))
@pytest.mark.parametrize("suffix", [".csv", ".ods"])
def test_hostile_set_as_exports(kind: str, suffix: str, fw: Framework, ready: Engine) -> None:
    make = HOSTILE.get(kind) or READABLE_ODD[kind]
    report = _import(ready, fw, make(), f"Form responses{suffix}")
    assert report.results and all(not r.ok for r in report.results)
    for r in report.results:
        assert r.message and "Traceback" not in r.message and len(r.message) < 600
    assert load_returns(ready, PARTNERSHIP, ROUND, history=True).empty


def _ods_parts(content: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            z.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _header(fw: Framework) -> list[object]:
    return ["[council] c", "[target] t", *[f"[{s.id}] x" for s in fw.statements]]


def hostile_ods(fw: Framework) -> dict[str, bytes]:
    body = (
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="string"><text:p>Agree</text:p>'
        "</table:table-cell></table:table-row>"
    )
    laughs = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    nested = "<text:span>" * 200_000 + "x" + "</text:span>" * 200_000
    cell = '<table:table-row><table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    deep = cell.format(nested) + "</table:table-row>"
    huge_text = cell.format(prose(4_000_000)) + "</table:table-row>"
    return {
        "repeated_million_rows_and_columns": fx.ods({"Form responses 1": [_header(fw)]}, tail=body),
        "entities": fx.ods({"a": [["x"]]}, head=laughs),
        "external_entity": fx.ods({"a": [["x"]]}, head='<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
        "bomb": _ods_parts(b"<x>" + b" " * 60 * 1024 * 1024 + b"</x>"),
        "deep_nesting": fx.ods({"Form responses 1": [_header(fw)]}, tail=deep),
        "huge_text": fx.ods({"Form responses 1": [_header(fw)]}, tail=huge_text),
        "not_xml": _ods_parts(b"\x00\x01 this is not xml"),
        "no_content": _ods_parts(b"", {"styles.xml": b"<x/>"}).replace(b"content.xml", b"contenx.xml"),
        "table_in_a_cell": fx.ods(
            {"a": [_header(fw)]},
            tail='<table:table-row><table:table-cell><table:table table:name="inner"><table:table-row>'
            "<table:table-cell><text:p>inner</text:p></table:table-cell></table:table-row></table:table>"
            "</table:table-cell></table:table-row>",
        ),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "repeated_million_rows_and_columns",
        "entities",
        "external_entity",
        "bomb",
        "deep_nesting",
        "huge_text",
        "not_xml",
        "no_content",
        "table_in_a_cell",
    ],
)
def test_hostile_ods(kind: str, fw: Framework, ready: Engine) -> None:
    data = hostile_ods(fw)[kind]
    report = _import(ready, fw, data, "responses.ods")
    assert all(not r.ok for r in report.results), [r.message for r in report.results]
    assert all("Traceback" not in r.message for r in report.results)
    assert load_returns(ready, PARTNERSHIP, ROUND, history=True).empty


def test_repeated_ods_rows_stay_inside_the_window(fw: Framework) -> None:
    wb = read_ods(hostile_ods(fw)["repeated_million_rows_and_columns"], "x.ods", max_rows=50, max_cols=20)
    rows = wb.sheets["Form responses 1"]
    assert len(rows) == 50 and max(len(r) for r in rows) == 20


def test_a_million_rows_of_csv_is_refused_as_too_many_responses(fw: Framework, ready: Engine) -> None:
    header = ",".join(str(h) for h in _header(fw))
    line = "Alpha District Council,4," + ",".join(["4"] * len(fw.statements))
    data = (header + "\n" + (line + "\n") * 3000).encode()
    report = _import(ready, fw, data, "big.csv")
    assert report.counts() == {"invalid": 1}
    assert "more than 2000 responses" in report.results[0].message


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("huge field", b'a,b\n"' + b"x" * 200_000 + b'",y\n', "as CSV"),
        ("quote never closed", b'[S1] x,b\n"' + b"x" * 1000, "no column for statements S2"),
        ("formula cells", b'=cmd|"/c calc"!A1,@SUM(1)\n+1,-1\n', "not a return or survey export"),
        ("utf-16 csv", "[council] c,x\ufeff\n".encode("utf-16"), "not a return or survey export"),
        ("right-to-left override", "[council] c\u202e,[S1] x\n".encode(), "no column for statements"),
    ],
)
def test_hostile_csv(name: str, data: bytes, expected: str, fw: Framework, ready: Engine) -> None:
    report = _import(ready, fw, data, "export.csv")
    text = " ".join([r.message for r in report.results] + [str(p) for r in report.results for p in r.problems])
    assert expected in text, text
    assert load_returns(ready, PARTNERSHIP, ROUND, history=True).empty


def test_export_with_sixteen_thousand_columns_is_cut_to_the_window(fw: Framework, ready: Engine) -> None:
    who = fx.people(fw, COUNCILS, 2)
    rows = fx.google_rows(fw, COUNCILS, who)
    rows = [row + [f"extra {i}" for i in range(2000)] for row in rows]
    report = _import(ready, fw, fx.google_csv(fw, COUNCILS, who)[:0] + _csv(rows), "wide.csv")
    assert report.counts() == {"stored": 2}
    assert len(report.notes) < 400


def _csv(rows: list[list[object]]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode("utf-8")

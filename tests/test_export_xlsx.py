"""The Excel analysis workbook: sheets and their order, frozen headers, filters and number formats, the native
radar chart and colour scales, numbers equal to the scoring tables, the anonymity threshold on raw answers and
agreement, formula injection, the anonymised variant, and LibreOffice opening it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.chart import RadarChart
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.core.safety import spreadsheet_text
from rasp.exports.content import ReportContent
from rasp.exports.workbook import CREATOR, build_xlsx
from rasp.intake.demo import BASELINE, DEMO_PARTNERSHIP, DEMO_ROUND, DEMO_ROUND_2, REVIEW
from rasp.intake.importer import import_bytes
from rasp.intake.template import build_template, fill_template
from rasp.method.anonymise import anonymise, anonymise_frame
from rasp.method.findings import findings
from rasp.method.scoring import BAND_WORDS
from rasp.store.writes import setup_partnership
from tests.helpers import report_content
from tests.libreoffice import libreoffice_roundtrip, needs_soffice

TODAY = dt.date(2026, 11, 28)
# openpyxl writes a float with 16 significant digits (Excel keeps 15): equal to far below any rounding.
UNROUNDED = {"check_exact": False, "rtol": 1e-13, "atol": 0.0}
ALL_SHEETS = [
    "README",
    "Scores",
    "Heatmap",
    "Gaps",
    "Agreement",
    "Ambition",
    "Trust",
    "Findings",
    "Changes",
    "Actions",
    "Answers",
]
ACTIONS = pd.DataFrame(
    {
        "topic": ["=1+1", "Governance gap"],
        "action": ['=HYPERLINK("http://x","click")', "Draft the joint committee terms of reference"],
        "owner": ["@owner", "Head of legal"],
        "council": ["-1", "Northvale District Council"],
        "due": [dt.date(2027, 1, 31), None],
        "status": ["open", "in progress"],
    }
)


# --- helpers ------------------------------------------------------------------------------------------


def opened(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def rows(data: bytes, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


def frame(data: bytes, sheet: str) -> pd.DataFrame:
    """A data sheet read back with calamine: the header row as columns, empty cells as NaN."""
    got = rows(data, sheet)
    out = pd.DataFrame(got[1:], columns=got[0], dtype="object")
    return out.replace("", float("nan")).infer_objects()


def xml_text(data: bytes, under: str = "") -> str:
    """Every XML part of the workbook (cells, shared strings, charts, properties), or those under a folder."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if n.endswith((".xml", ".rels")) and n.startswith(under)]
        return "\n".join(z.read(n).decode("utf-8") for n in names)


def formula_cells(data: bytes) -> list[str]:
    wb = opened(data)
    return [f"{ws.title}!{c.coordinate}" for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="raise").astype("float64").reset_index(drop=True)


# A partnership built through the real import path: Alpha has 2 returns, Beta 3, Gamma none.
SMALL_PARTNERSHIP, SMALL_ROUND = "Small partnership", "2026 baseline"
SMALL_COUNCILS = ["Alpha District Council", "Beta Borough Council", "Gamma City Council"]
SMALL_PEOPLE = {
    "Alpha District Council": ["Alice Archer", "Arthur Ashdown"],
    "Beta Borough Council": ["Betty Bowen", "Bill Brewer", "Bella Brook"],
}


def import_returns(
    engine: Engine,
    fw: Framework,
    partnership: str,
    round_name: str,
    councils: list[str],
    people: dict[str, list[str]],
    dont_know: frozenset[tuple[str, int]] = frozenset(),
) -> None:
    """Set up the partnership and import one filled return per person (answers vary between people)."""
    setup_partnership(engine, partnership, councils, round_name)
    template = build_template(fw, partnership=partnership, councils=councils, rounds=[round_name])
    answers = ["5 - Strongly agree", "4 - Agree", "2 - Disagree", "3 - Neither agree nor disagree"]
    for council, names in people.items():
        for i, person in enumerate(names):
            values: dict[str, object] = {s.id: answers[(i + j) % len(answers)] for j, s in enumerate(fw.statements)}
            for s in fw.statements:
                if (s.dimension, i) in dont_know:
                    values[s.id] = fw.dont_know
            about = {
                "Council": council,
                "Respondent": person,
                "Role": "Head of ICT",
                "Round": round_name,
                "Target form of sharing": "4 Coordinate",
                "Scope": fw.scopes[0],
            }
            partners = {other: (4 - i % 2, 3) for other in councils if other != council}
            data = fill_template(template, about=about, answers=values, partners=partners)
            result = import_bytes(engine, fw, data, f"{council[:5]}-{i}.xlsx", partnership=partnership)
            assert result.ok, (result.message, result.problems)


# --- fixtures -----------------------------------------------------------------------------------------


@pytest.fixture
def content(demo_engine: Engine, fw: Framework) -> ReportContent:
    return report_content(demo_engine, fw, DEMO_PARTNERSHIP, DEMO_ROUND_2, today=TODAY, actions=ACTIONS)


@pytest.fixture
def book(content: ReportContent) -> bytes:
    return build_xlsx(content)


@pytest.fixture
def small(engine: Engine, fw: Framework) -> ReportContent:
    import_returns(
        engine,
        fw,
        SMALL_PARTNERSHIP,
        SMALL_ROUND,
        SMALL_COUNCILS,
        SMALL_PEOPLE,
        frozenset({("governance", 1), ("governance", 2)}),
    )
    return report_content(engine, fw, SMALL_PARTNERSHIP, SMALL_ROUND, today=TODAY)


def data_sheets(data: bytes) -> Iterator[tuple[str, Any]]:
    wb = opened(data)
    for ws in wb.worksheets[1:]:
        yield ws.title, ws


# --- sheets, layout and formats -----------------------------------------------------------------------


def test_sheet_names_and_order(book: bytes, demo_engine: Engine, fw: Framework) -> None:
    assert opened(book).sheetnames == ALL_SHEETS
    first = build_xlsx(report_content(demo_engine, fw, DEMO_PARTNERSHIP, DEMO_ROUND, today=TODAY))
    assert opened(first).sheetnames == [s for s in ALL_SHEETS if s not in {"Changes", "Actions"}]
    readme = [row[1] for row in rows(first, "README") if row[0] in {"Changes", "Actions"}]
    assert any("no earlier round" in str(text) for text in readme)
    assert any("no agreed actions" in str(text) for text in readme)


def test_workbook_properties(book: bytes, content: ReportContent) -> None:
    props = opened(book).properties
    assert props.title == content.title
    assert props.creator == CREATOR == "Partnership readiness dashboard"


def test_every_data_sheet_has_a_frozen_bold_header_and_a_filter(book: bytes) -> None:
    for title, ws in data_sheets(book):
        assert ws.freeze_panes == "A2", title
        assert ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}{ws.max_row}", title
        header = [c for c in ws[1] if c.value is not None]
        assert header and all(c.font.bold for c in header), title
        assert all(ws.column_dimensions[get_column_letter(c.column)].width >= 8 for c in header), title
    readme = opened(book)["README"]
    assert readme.freeze_panes is None


def test_number_formats(book: bytes) -> None:
    wb = opened(book)
    expected = {
        "Scores": {"C": "0.0", "D": "0"},
        "Heatmap": {letter: "0.0" for letter in "BCDEFGH"},
        "Gaps": {"D": "0.0"},
        "Agreement": {"C": "0", "D": "0.00"},
        "Ambition": {"B": "0", "D": "0", "G": "0.0", "H": "0.0", "I": "0.0"},
        "Trust": {"C": "0.0", "D": "0.0", "E": "0", "F": "0.0"},
        "Changes": {"D": "0.0", "E": "0.0", "F": "0.0"},
        "Answers": {"E": "0"},
    }
    for sheet, columns in expected.items():
        ws = wb[sheet]
        for letter, fmt in columns.items():
            cells = [c for c in ws[letter][1:] if c.value is not None]
            assert cells, f"{sheet}!{letter} has no numbers"
            assert {c.number_format for c in cells} == {fmt}, f"{sheet}!{letter}"
    assert wb["Actions"]["E2"].is_date


def test_native_radar_chart_one_series_per_council(book: bytes, content: ReportContent, fw: Framework) -> None:
    ws = opened(book)["Heatmap"]
    charts = ws._charts
    assert len(charts) == 1 and isinstance(charts[0], RadarChart)
    series = charts[0].series
    councils = list(content.snapshot.councils)
    assert len(series) == len(councils) == 6
    last = get_column_letter(1 + len(fw.dimension_ids))
    for i, s in enumerate(series, start=2):
        assert s.tx.strRef.f.replace("$", "") == f"'Heatmap'!A{i}"
        assert s.val.numRef.f.replace("$", "") == f"'Heatmap'!B{i}:{last}{i}"
        assert (s.cat.strRef or s.cat.numRef).f.replace("$", "") == f"'Heatmap'!B1:{last}1"
    assert [ws.cell(row=r, column=1).value for r in range(2, 2 + len(councils))] == councils


def _rules(ws: Any) -> dict[str, list[Any]]:
    return {str(cf.sqref): list(cf.rules) for cf in ws.conditional_formatting}


def test_colour_scales_cover_the_score_and_gap_cells(book: bytes, content: ReportContent) -> None:
    wb = opened(book)
    n = len(content.snapshot.councils)
    heat = _rules(wb["Heatmap"])
    assert list(heat) == [f"B2:H{n + 1}"]
    scale = heat[f"B2:H{n + 1}"][0].colorScale
    colours = [c.rgb[-6:] for c in scale.color]
    assert colours == ["E69F00", "FFFFFF", "56B4E9"]  # orange -> white -> blue (Okabe-Ito, colour-blind safe)
    assert list(_rules(wb["Scores"])) == [f"C2:C{len(content.snapshot.scores) + 1}"]
    gaps = _rules(wb["Gaps"])
    assert list(gaps) == [f"D2:D{len(content.snapshot.gaps) + 1}"]
    assert gaps[f"D2:D{len(content.snapshot.gaps) + 1}"][0].type == "colorScale"


# --- the numbers are the scoring tables' numbers -------------------------------------------------------


@pytest.mark.parametrize("which", ["demo", "small"])
def test_scores_equal_the_scoring_table(which: str, request: pytest.FixtureRequest, fw: Framework) -> None:
    content: ReportContent = request.getfixturevalue("content" if which == "demo" else "small")
    data = build_xlsx(content)
    got, want = frame(data, "Scores"), content.snapshot.scores
    assert list(got.columns) == ["Council", "Dimension", "Score (0-100)", "Respondents", "Band"]
    assert got["Council"].tolist() == want["council"].tolist()
    assert got["Dimension"].tolist() == [fw.dimension_names[d] for d in want["dimension"]]
    pd.testing.assert_series_equal(numbers(got["Score (0-100)"]), want["score"], check_names=False, **UNROUNDED)
    pd.testing.assert_series_equal(
        numbers(got["Respondents"]).astype("int64"), want["n"], check_names=False, **UNROUNDED
    )
    assert got["Band"].tolist() == want["band"].map(BAND_WORDS).tolist()
    heat = frame(data, "Heatmap").set_index("Council")
    wide = want.pivot(index="council", columns="dimension", values="score")
    wide = wide.reindex(index=list(content.snapshot.councils), columns=list(fw.dimension_ids))
    wide.columns = [fw.dimension_names[d] for d in wide.columns]
    pd.testing.assert_frame_equal(heat.astype("float64"), wide, check_names=False, **UNROUNDED)


@pytest.mark.parametrize("which", ["demo", "small"])
def test_gaps_equal_the_gaps_table(which: str, request: pytest.FixtureRequest, fw: Framework) -> None:
    content: ReportContent = request.getfixturevalue("content" if which == "demo" else "small")
    got, want = frame(build_xlsx(content), "Gaps"), content.snapshot.gaps
    assert got["Council"].tolist() == want["council_a"].tolist()
    assert got["Other council"].tolist() == want["council_b"].tolist()
    assert got["Dimension"].tolist() == [fw.dimension_names[d] for d in want["dimension"]]
    pd.testing.assert_series_equal(numbers(got["Gap (points)"]), want["gap"], check_names=False, **UNROUNDED)
    assert got["Material"].tolist() == want["material"].map({True: "yes", False: "no"}).tolist()
    if which == "small":  # Gamma has no returns: its gaps are empty cells, not 0
        assert got.loc[got["Other council"] == "Gamma City Council", "Gap (points)"].isna().all()


def test_trust_and_ambition_equal_their_tables(book: bytes, content: ReportContent) -> None:
    trust, want = frame(book, "Trust"), content.snapshot.trust
    for column, source in [("Trust (0-100)", "trust"), ("Goals aligned (0-100)", "alignment")]:
        pd.testing.assert_series_equal(numbers(trust[column]), want[source], check_names=False, **UNROUNDED)
    assert trust["One-sided"].tolist() == want["asymmetric"].map({True: "yes", False: "no"}).tolist()
    ambition, want = frame(book, "Ambition"), content.snapshot.ambition
    for column, source in [("Target needs (0-100)", "required"), ("Short by (points)", "gap")]:
        pd.testing.assert_series_equal(numbers(ambition[column]), want[source], check_names=False, **UNROUNDED)


def test_agreement_below_threshold_is_empty_and_says_so(small: ReportContent, fw: Framework) -> None:
    got = frame(build_xlsx(small), "Agreement")
    want = small.snapshot.agreement
    pd.testing.assert_series_equal(
        numbers(got["Disagreement (scale points)"]), want["ad"], check_names=False, **UNROUNDED
    )
    alpha = got[got["Council"] == "Alpha District Council"]
    assert (alpha["Reading"] == "below threshold").all() and alpha["Disagreement (scale points)"].isna().all()
    beta = got[got["Council"] == "Beta Borough Council"].set_index("Dimension")
    governance = beta.loc[fw.dimension_names["governance"]]
    assert governance["Reading"] == "no data" and pd.isna(governance["Disagreement (scale points)"])
    others = beta.drop(index=fw.dimension_names["governance"])
    assert others["Reading"].isin({"split", "consensus"}).all() and others["Disagreement (scale points)"].notna().all()


# --- README -------------------------------------------------------------------------------------------


def test_readme_names_the_framework_and_every_threshold(book: bytes, content: ReportContent, fw: Framework) -> None:
    readme = rows(book, "README")
    assert readme[0][0] == content.title and readme[1][0] == content.subtitle
    by_label = {row[0]: row[1] for row in readme if row[0]}
    assert by_label["Framework version"] == fw.version and by_label["Framework id"] == fw.id
    t = fw.thresholds
    for label, value in [
        ("Strength", t.strength),
        ("Borderline", t.borderline),
        ("Material gap", t.material_gap),
        ("Split (disagreement above)", t.split_ad),
        ("One-sided trust", t.trust_asymmetry),
        ("Anonymity minimum", t.anonymity_min_respondents),
    ]:
        assert by_label[label] == pytest.approx(value), label
    text = " ".join(str(cell) for row in readme for cell in row)
    assert "framework's assumptions" in text
    for sheet in ALL_SHEETS[1:]:
        assert sheet in by_label, sheet
    for rung in fw.ladder:
        assert rung.label in by_label


# --- raw answers and anonymity ------------------------------------------------------------------------


def test_answers_only_for_councils_at_the_threshold_and_never_named(small: ReportContent, fw: Framework) -> None:
    data = build_xlsx(small)
    answers = frame(data, "Answers")
    assert list(answers.columns) == ["Council", "Respondent", "Statement ID", "Dimension", "Answer", "Status"]
    assert set(answers["Council"]) == {"Beta Borough Council"}  # Alpha has 2 returns, Gamma none
    assert sorted(set(answers["Respondent"])) == ["Respondent 1", "Respondent 2", "Respondent 3"]
    assert len(answers) == 3 * len(fw.statements)
    assert set(answers["Answer"].dropna()) <= {1, 2, 3, 4, 5}
    assert set(answers["Status"]) == {"answered", "don't know"}
    assert answers.loc[answers["Status"] == "don't know", "Answer"].isna().all()
    everything = xml_text(data)
    for person in [p for names in SMALL_PEOPLE.values() for p in names]:
        assert person not in everything, person
    readme = {row[0]: row for row in rows(data, "README")}
    assert readme["Alpha District Council"][1] == 2 and "fewer than 3" in readme["Alpha District Council"][2]
    assert readme["Gamma City Council"][1] == 0 and "no returns" in readme["Gamma City Council"][2]
    assert "Beta Borough Council" not in readme


def test_anonymised_workbook_names_no_council(demo_engine: Engine, fw: Framework) -> None:
    content = report_content(
        demo_engine, fw, DEMO_PARTNERSHIP, DEMO_ROUND_2, anonymised=True, today=TODAY, actions=ACTIONS
    )
    data = build_xlsx(content)
    everything = xml_text(data)
    for council in {*BASELINE, *REVIEW}:
        assert council not in everything, council
        assert council.replace("&", "&amp;") not in everything
    assert "Council A" in everything and "Council F" in everything
    assert set(frame(data, "Scores")["Council"]) == {f"Council {x}" for x in "ABCDEF"}
    assert "Councils anonymised" in rows(data, "README")[1][0]


# --- user text never becomes a formula ----------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "<b>bold</b>", "Tab council"]


def hostile_content(engine: Engine, fw: Framework) -> ReportContent:
    """Councils with formula-like names imported through the real path; one renamed afterwards to start with a
    tab (stored names are trimmed, so a tab can only arrive from elsewhere) and a hostile partnership and round."""
    people = {name: [f"Person {i}" for i in range(3)] for name in HOSTILE}
    import_returns(engine, fw, "=cmd|' /C calc'!A0", "+2026 round", HOSTILE, people)
    base = report_content(engine, fw, "=cmd|' /C calc'!A0", "+2026 round", today=TODAY, actions=ACTIONS)
    aliases = {name: ("\tx" if name == "Tab council" else name) for name in HOSTILE}
    snap = anonymise(base.snapshot, aliases)
    trends = anonymise_frame(base.trends, aliases)
    return dataclasses.replace(base, snapshot=snap, trends=trends, findings=tuple(findings(snap, fw, base.changes)))


def test_formula_like_text_stays_text(engine: Engine, fw: Framework) -> None:
    content = hostile_content(engine, fw)
    data = build_xlsx(content)
    assert formula_cells(data) == []
    assert not re.search(r"<(\w+:)?f[ >/]", xml_text(data, "xl/worksheets/"))  # no formula in any cell
    names = [*HOSTILE[:-1], "\tx"]
    scores = frame(data, "Scores")
    assert list(dict.fromkeys(scores["Council"])) == [spreadsheet_text(n) for n in names]
    assert '\'=HYPERLINK("http://x","y")' in scores["Council"].tolist()
    assert {"'+1", "'-1", "'@SUM(A1)", "<b>bold</b>", "'\tx"} <= set(scores["Council"])
    for sheet in ["Heatmap", "Gaps", "Agreement", "Trust", "Answers"]:
        first = frame(data, sheet).iloc[:, 0]
        assert set(first) <= {spreadsheet_text(n) for n in names}, sheet
    assert rows(data, "README")[0][0].startswith("'=cmd|")
    by_label = {row[0]: row[1] for row in rows(data, "README")}
    assert by_label["Partnership"] == "'=cmd|' /C calc'!A0" and by_label["Round"] == "'+2026 round"
    actions = frame(data, "Actions")
    assert actions.loc[0, ["Topic", "Action", "Owner", "Council"]].tolist() == [
        "'=1+1",
        '\'=HYPERLINK("http://x","click")',
        "'@owner",
        "'-1",
    ]
    wb = opened(data)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate}"
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), f"{ws.title}!{cell.coordinate}"


# --- LibreOffice --------------------------------------------------------------------------------------


@needs_soffice
def test_libreoffice_opens_and_prints_it(book: bytes, tmp_path: Path) -> None:
    pdf = libreoffice_roundtrip(book, tmp_path, name="analysis.xlsx", to="pdf")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@needs_soffice
def test_libreoffice_keeps_formula_like_text_as_text(engine: Engine, fw: Framework, tmp_path: Path) -> None:
    saved = libreoffice_roundtrip(build_xlsx(hostile_content(engine, fw)), tmp_path, name="analysis.xlsx")
    assert formula_cells(saved) == []
    councils = {str(v) for v in frame(saved, "Scores")["Council"]}
    assert {'\'=HYPERLINK("http://x","y")', "'+1", "'-1", "'@SUM(A1)", "<b>bold</b>"} <= councils

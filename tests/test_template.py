"""Tests for the Excel return template: layout, dropdowns, protection, filling, and a LibreOffice round trip.

Values are read back with python-calamine (as the importer does); openpyxl is used only for what calamine
cannot see (validations, protection, locked cells, quote prefixes).
"""

from __future__ import annotations

import datetime
import io
import tomllib
from typing import Any

import openpyxl
import pytest
import python_calamine

from rasp.core.framework import DEFAULT_FRAMEWORK_PATH, Framework, load_framework, parse_framework
from rasp.intake.template import (
    ABOUT_FIELDS,
    PARTNER_HEADERS,
    QUESTION_HEADERS,
    SHEET_ABOUT,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_PARTNERS,
    SHEET_QUESTIONS,
    build_template,
    fill_template,
)
from tests.libreoffice import libreoffice_roundtrip, needs_soffice

COUNCILS = ("Aylesford District", "Brinkley Borough", "Castleton City")
ROUNDS = ("2025 baseline", "2026 follow-up")
DAY = datetime.date(2025, 3, 14)

Rows = list[list[Any]]


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture(scope="module")
def partnership_template(fw: Framework) -> bytes:
    """A template made for one council of a three-council partnership."""
    return build_template(
        fw,
        partnership="Vale Partnership",
        councils=COUNCILS,
        rounds=ROUNDS,
        council=COUNCILS[0],
        round_name=ROUNDS[0],
        generated_on=DAY,
    )


def sheets(data: bytes) -> dict[str, Rows]:
    """Every sheet of a workbook as rows of values, read with calamine."""
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def sheet_names(data: bytes) -> list[str]:
    return list(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)


def key_values(rows: Rows) -> dict[str, Any]:
    """Column A -> column B for every row below the header."""
    return {row[0]: row[1] for row in rows[1:] if row and row[0] != ""}


def opened(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def validations(ws: Any) -> list[Any]:
    return list(ws.data_validations.dataValidation)


def validation_at(ws: Any, ref: str) -> Any:
    """The one data validation covering cell `ref`."""
    found = [dv for dv in validations(ws) if ref in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{ref} has {len(found)} validations"
    return found[0]


def list_options(wb: Any, dv: Any) -> list[str]:
    """The choices of a list validation, written inline or as a range on another sheet."""
    assert dv.type == "list"
    formula = dv.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, ref = formula.split("!")
    return [row[0].value for row in wb[sheet][ref.replace("$", "")]]


# --- layout -------------------------------------------------------------------------------------------


def test_sheet_names_and_order(fw: Framework, partnership_template: bytes) -> None:
    assert sheet_names(partnership_template) == [
        SHEET_INSTRUCTIONS,
        SHEET_ABOUT,
        SHEET_QUESTIONS,
        SHEET_PARTNERS,
        SHEET_META,
    ]
    alone = [SHEET_INSTRUCTIONS, SHEET_ABOUT, SHEET_QUESTIONS, SHEET_META]
    assert sheet_names(build_template(fw)) == alone
    assert sheet_names(build_template(fw, councils=["Only One"])) == alone


def test_meta_is_hidden_and_holds_the_framework_and_partnership(fw: Framework, partnership_template: bytes) -> None:
    wb = opened(partnership_template)
    assert wb[SHEET_META].sheet_state == "hidden"
    assert all(wb[name].sheet_state == "visible" for name in wb.sheetnames if name != SHEET_META)
    rows = sheets(partnership_template)[SHEET_META]
    assert rows[0][:2] == ["Key", "Value"]
    meta = key_values(rows)
    assert meta["framework_id"] == fw.id
    assert meta["framework_version"] == fw.version
    assert meta["partnership"] == "Vale Partnership"
    assert meta["council"] == COUNCILS[0]
    assert meta["generated_on"] == "2025-03-14"


def test_meta_without_partnership_is_blank(fw: Framework) -> None:
    meta = key_values(sheets(build_template(fw))[SHEET_META])
    assert meta["partnership"] == ""
    assert meta["council"] == ""
    assert meta["generated_on"] == datetime.date.today().isoformat()


def test_questions_list_every_statement_in_framework_order(fw: Framework, partnership_template: bytes) -> None:
    rows = sheets(partnership_template)[SHEET_QUESTIONS]
    assert tuple(rows[0]) == QUESTION_HEADERS
    body = rows[1:]
    assert [row[0] for row in body] == [s.id for s in fw.statements]
    assert [row[1] for row in body] == [fw.dimension_names[s.dimension] for s in fw.statements]
    assert [row[2] for row in body] == [s.text for s in fw.statements]
    assert all(row[3] == "" and row[4] == "" for row in body)
    ws = opened(partnership_template)[SHEET_QUESTIONS]
    assert ws.freeze_panes == "A2"
    assert all(ws.cell(row=1, column=c).font.bold for c in range(1, 6))
    assert ws.column_dimensions["C"].width >= 50


def test_answer_column_has_the_answer_dropdown(fw: Framework, partnership_template: bytes) -> None:
    wb = opened(partnership_template)
    ws = wb[SHEET_QUESTIONS]
    last = len(fw.statements) + 1
    dv = validation_at(ws, "D2")
    assert f"D{last}" in dv.sqref
    assert f"D{last + 1}" not in dv.sqref
    assert list_options(wb, dv) == fw.answer_options()
    assert dv.showErrorMessage and dv.error and dv.prompt
    assert dv.allow_blank


def test_about_labels_prefill_and_hints(fw: Framework, partnership_template: bytes) -> None:
    rows = sheets(partnership_template)[SHEET_ABOUT]
    assert rows[0][:2] == ["Field", "Value"]
    assert tuple(row[0] for row in rows[1:7]) == ABOUT_FIELDS
    about = key_values(rows)
    assert about["Council"] == COUNCILS[0]
    assert about["Round"] == ROUNDS[0]
    assert about["Respondent"] == about["Role"] == about["Target form of sharing"] == about["Scope"] == ""
    assert all(row[2] for row in rows[1:7]), "every field has a hint in column C"
    assert all(r.label in rows[5][2] for r in fw.ladder), "the target hint explains every form of sharing"
    ws = opened(partnership_template)[SHEET_ABOUT]
    assert ws["A1"].font.bold and ws["B1"].font.bold
    assert ws["B2"].fill.fgColor.rgb.endswith("FFF2CC")


def test_about_without_council_or_round_is_blank(fw: Framework) -> None:
    about = key_values(sheets(build_template(fw))[SHEET_ABOUT])
    assert about["Council"] == "" and about["Round"] == ""


def test_about_dropdowns(fw: Framework, partnership_template: bytes) -> None:
    wb = opened(partnership_template)
    ws = wb[SHEET_ABOUT]
    expected = {
        "B2": list(COUNCILS),
        "B5": list(ROUNDS),
        "B6": [r.label for r in fw.ladder],
        "B7": list(fw.scopes),
    }
    for ref, options in expected.items():
        dv = validation_at(ws, ref)
        assert list_options(wb, dv) == options, ref
        assert dv.showErrorMessage and dv.error and dv.showInputMessage and dv.prompt, ref
    for ref in ("B3", "B4"):
        assert not [dv for dv in validations(ws) if ref in dv.sqref]


def test_no_council_or_round_dropdown_without_names(fw: Framework) -> None:
    ws = opened(build_template(fw))[SHEET_ABOUT]
    covered = {str(dv.sqref) for dv in validations(ws)}
    assert covered == {"B6", "B7"}


def test_long_or_awkward_lists_go_on_the_meta_sheet(fw: Framework) -> None:
    councils = [f"The Royal Borough of Somewhere Quite Far Away Number {n}" for n in range(1, 13)]
    rounds = ["Spring, 2025", "Autumn 2025"]  # a comma cannot be written inside a list formula
    data = build_template(fw, partnership="Big", councils=councils, rounds=rounds)
    wb = opened(data)
    for ws in wb.worksheets:
        for dv in validations(ws):
            if dv.type == "list":
                assert len(dv.formula1) < 255, (ws.title, dv.formula1)
    about = wb[SHEET_ABOUT]
    council_dv, round_dv = validation_at(about, "B2"), validation_at(about, "B5")
    assert council_dv.formula1.startswith(f"{SHEET_META}!")
    assert round_dv.formula1.startswith(f"{SHEET_META}!")
    assert list_options(wb, council_dv) == councils
    assert list_options(wb, round_dv) == rounds
    meta = key_values(sheets(data)[SHEET_META])
    assert meta["framework_id"] == fw.id, "option lists do not disturb the key/value rows"


def test_answer_labels_with_commas_go_on_the_meta_sheet() -> None:
    data = tomllib.loads(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    data["scale"]["labels"] = ["No, not at all", "Hardly", "Partly", "Mostly", "Yes, fully"]
    odd = parse_framework(data)
    wb = opened(build_template(odd))
    dv = validation_at(wb[SHEET_QUESTIONS], "D2")
    assert dv.formula1.startswith(f"{SHEET_META}!")
    assert list_options(wb, dv) == odd.answer_options()


def test_partners_rows_exclude_the_chosen_council(fw: Framework, partnership_template: bytes) -> None:
    rows = sheets(partnership_template)[SHEET_PARTNERS]
    assert tuple(rows[0][:3]) == PARTNER_HEADERS
    assert [row[0] for row in rows[1:]] == list(COUNCILS[1:])
    assert fw.partner_trust_question in rows[0][4]
    assert fw.partner_alignment_question in rows[1][4]
    every = sheets(build_template(fw, councils=COUNCILS))[SHEET_PARTNERS]
    assert [row[0] for row in every[1:]] == list(COUNCILS)


def test_partner_ratings_are_whole_numbers_one_to_five(fw: Framework, partnership_template: bytes) -> None:
    ws = opened(partnership_template)[SHEET_PARTNERS]
    last = len(COUNCILS)  # header + two partner rows
    for col in ("B", "C"):
        dv = validation_at(ws, f"{col}2")
        assert f"{col}{last}" in dv.sqref
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "1", "5")
        assert dv.showErrorMessage and dv.error


def test_instructions(fw: Framework, partnership_template: bytes) -> None:
    text = "\n".join(row[0] for row in sheets(partnership_template)[SHEET_INSTRUCTIONS])
    for phrase in (
        fw.name,
        fw.version,
        "Vale Partnership",
        "Upload returns",
        ".xlsx",
        "Respondent",
        "replaces the earlier one",
        fw.dont_know,
        "Evidence",
        "own council",
        "grey cells",
        "rename",
        *fw.labels,
    ):
        assert phrase in text, phrase
    ws = opened(partnership_template)[SHEET_INSTRUCTIONS]
    assert ws.column_dimensions["A"].width >= 80
    assert ws["A2"].alignment.wrap_text
    alone = "\n".join(row[0] for row in sheets(build_template(fw))[SHEET_INSTRUCTIONS])
    assert "Partners:" not in alone and "Partnership:" not in alone


def test_workbook_properties(partnership_template: bytes) -> None:
    props = opened(partnership_template).properties
    assert props.creator == "Partnership readiness dashboard"
    assert props.title


# --- protection ---------------------------------------------------------------------------------------


def test_every_sheet_is_protected_without_a_password(partnership_template: bytes) -> None:
    wb = opened(partnership_template)
    for ws in wb.worksheets:
        p = ws.protection
        assert p.sheet, ws.title
        assert not p.password, ws.title
        assert p.formatColumns is False and p.formatRows is False, ws.title
        assert p.selectLockedCells is False and p.selectUnlockedCells is False, ws.title


def test_input_cells_are_unlocked_and_the_rest_locked(fw: Framework, partnership_template: bytes) -> None:
    wb = opened(partnership_template)
    inputs = {
        SHEET_ABOUT: {f"B{r}" for r in range(2, 8)},
        SHEET_QUESTIONS: {f"{c}{r}" for c in "DE" for r in range(2, len(fw.statements) + 2)},
        SHEET_PARTNERS: {f"{c}{r}" for c in "BC" for r in range(2, len(COUNCILS) + 1)},
    }
    for ws in wb.worksheets:
        unlocked = {cell.coordinate for row in ws.iter_rows() for cell in row if not cell.protection.locked}
        assert unlocked == inputs.get(ws.title, set()), ws.title
    assert wb[SHEET_QUESTIONS]["E2"].alignment.wrap_text


# --- user text stays text -----------------------------------------------------------------------------


def test_formula_like_names_are_written_as_text(fw: Framework) -> None:
    councils = ["=1+2", "+44 Council", "-minus", "@at", "\tTabbed"]
    data = build_template(
        fw, partnership="=1+2", councils=councils, rounds=["=HYPERLINK(1)"], council="=1+2", round_name="=HYPERLINK(1)"
    )
    got = sheets(data)
    meta = key_values(got[SHEET_META])
    assert meta["partnership"] == "=1+2"
    assert meta["council"] == "=1+2"
    about = key_values(got[SHEET_ABOUT])
    assert about["Council"] == "=1+2"
    assert about["Round"] == "=HYPERLINK(1)"
    assert [row[0] for row in got[SHEET_PARTNERS][1:]] == councils[1:]
    assert "Partnership: =1+2" in [row[0] for row in got[SHEET_INSTRUCTIONS]]
    wb = opened(data)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
    assert wb[SHEET_ABOUT]["B2"].quotePrefix and wb[SHEET_META]["B4"].quotePrefix
    assert list_options(wb, validation_at(wb[SHEET_ABOUT], "B2")) == councils


# --- filling ------------------------------------------------------------------------------------------


ABOUT = {
    "Respondent": "J. Smith",
    "Role": "Head of ICT",
    "Target form of sharing": "4 Coordinate",
    "Scope": "Sharing the service",
}
ANSWERS: dict[str, object] = {
    "S1": 4,
    "S2": "Agree",
    "S3": "4 - Agree",
    "S4": "Don't know",
    "S5": None,
    "S6": "rubbish",
    "T1": 5,
    "G6": "=1+2",
}
EVIDENCE = {"S1": "Cabinet paper, March 2025\nsecond line", "S6": "-see note"}
PARTNERS: dict[str, tuple[object, object]] = {COUNCILS[1]: (4, 2), COUNCILS[2]: (1, 5)}


@pytest.fixture(scope="module")
def filled(partnership_template: bytes) -> bytes:
    return fill_template(partnership_template, about=ABOUT, answers=ANSWERS, evidence=EVIDENCE, partners=PARTNERS)


def check_filled(data: bytes) -> None:
    """Everything `filled` asked for is in the workbook (read with calamine)."""
    got = sheets(data)
    about = key_values(got[SHEET_ABOUT])
    assert about == {"Council": COUNCILS[0], "Round": ROUNDS[0], **ABOUT}
    answers = {row[0]: row[3] for row in got[SHEET_QUESTIONS][1:]}
    evidence = {row[0]: row[4] for row in got[SHEET_QUESTIONS][1:]}
    for sid, value in ANSWERS.items():
        assert answers[sid] == ("" if value is None else value), sid
    assert all(answers[s] == "" for s in answers if s not in ANSWERS)
    assert {s: e for s, e in evidence.items() if e} == EVIDENCE
    ratings = {row[0]: (row[1], row[2]) for row in got[SHEET_PARTNERS][1:]}
    assert ratings == PARTNERS
    meta = key_values(got[SHEET_META])
    assert (meta["framework_id"], meta["partnership"], meta["council"]) == (
        load_framework().id,
        "Vale Partnership",
        COUNCILS[0],
    )
    assert meta["framework_version"] == load_framework().version
    assert meta["generated_on"] == "2025-03-14"


def test_fill_template_writes_what_is_asked(filled: bytes) -> None:
    check_filled(filled)


def test_fill_template_keeps_the_template_intact(fw: Framework, filled: bytes) -> None:
    assert sheet_names(filled) == [SHEET_INSTRUCTIONS, SHEET_ABOUT, SHEET_QUESTIONS, SHEET_PARTNERS, SHEET_META]
    wb = opened(filled)
    assert wb[SHEET_META].sheet_state == "hidden"
    assert all(ws.protection.sheet and not ws.protection.password for ws in wb.worksheets)
    assert list_options(wb, validation_at(wb[SHEET_QUESTIONS], "D2")) == fw.answer_options()
    assert not wb[SHEET_QUESTIONS]["D2"].protection.locked
    assert wb[SHEET_QUESTIONS]["D43"].data_type == "s", "typed text is never a formula"


def test_fill_template_none_clears_a_prefilled_value(partnership_template: bytes) -> None:
    data = fill_template(partnership_template, about={"Council": None, "Round": ROUNDS[1]}, answers={})
    about = key_values(sheets(data)[SHEET_ABOUT])
    assert about["Council"] == "" and about["Round"] == ROUNDS[1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"about": {"Colour": "blue"}, "answers": {}}, "About field"),
        ({"about": {}, "answers": {"Z9": 3}}, "statement"),
        ({"about": {}, "answers": {}, "evidence": {"Z9": "x"}}, "statement"),
        ({"about": {}, "answers": {}, "partners": {"Nowhere": (1, 1)}}, "partner"),
        ({"about": {}, "answers": {}, "partners": {COUNCILS[0]: (1, 1)}}, "partner"),
    ],
)
def test_fill_template_refuses_unknown_keys(partnership_template: bytes, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fill_template(partnership_template, **kwargs)


def test_fill_template_refuses_partners_without_a_partners_sheet(fw: Framework) -> None:
    with pytest.raises(ValueError, match="Partners"):
        fill_template(build_template(fw), about={}, answers={}, partners={"A": (1, 2)})


# --- LibreOffice round trip ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def through_libreoffice(filled: bytes, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The filled return after LibreOffice has opened it and saved it again as .xlsx (soffice runs once)."""
    return libreoffice_roundtrip(filled, tmp_path_factory.mktemp("libreoffice"))


@needs_soffice
def test_libreoffice_keeps_answers_about_partners_and_meta(through_libreoffice: bytes) -> None:
    check_filled(through_libreoffice)
    assert sheet_names(through_libreoffice) == [
        SHEET_INSTRUCTIONS,
        SHEET_ABOUT,
        SHEET_QUESTIONS,
        SHEET_PARTNERS,
        SHEET_META,
    ]


@needs_soffice
def test_libreoffice_keeps_meta_hidden(through_libreoffice: bytes) -> None:
    assert opened(through_libreoffice)[SHEET_META].sheet_state == "hidden"


@needs_soffice
def test_libreoffice_keeps_protection_and_dropdowns(fw: Framework, through_libreoffice: bytes) -> None:
    wb = opened(through_libreoffice)
    assert all(ws.protection.sheet and not ws.protection.password for ws in wb.worksheets)
    assert not wb[SHEET_QUESTIONS]["D2"].protection.locked
    assert wb[SHEET_QUESTIONS]["A2"].protection.locked
    assert list_options(wb, validation_at(wb[SHEET_QUESTIONS], "D2")) == fw.answer_options()
    assert list_options(wb, validation_at(wb[SHEET_ABOUT], "B6")) == [r.label for r in fw.ladder]

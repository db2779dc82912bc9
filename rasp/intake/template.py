"""The Excel return template: build it for a framework (and partnership), and fill it in as an officer would.

`build_template` writes the .xlsx with openpyxl; `fill_template` opens one and writes answers into it (the
demo generator and the tests use it). The cell layout is described in `rasp.intake.template_sheets`; the importer
relies on it.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped, unused-ignore]

from rasp.core.framework import Framework
from rasp.intake.template_sheets import (
    ABOUT_FIELDS,
    CREATOR,
    PARTNER_HEADERS,
    QUESTION_HEADERS,
    SHEET_ABOUT,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_PARTNERS,
    SHEET_QUESTIONS,
    write_about,
    write_instructions,
    write_meta,
    write_partners,
    write_questions,
    write_value,
)

__all__ = [
    "ABOUT_FIELDS",
    "PARTNER_HEADERS",
    "QUESTION_HEADERS",
    "SHEET_ABOUT",
    "SHEET_INSTRUCTIONS",
    "SHEET_META",
    "SHEET_PARTNERS",
    "SHEET_QUESTIONS",
    "build_template",
    "fill_template",
]


def build_template(
    framework: Framework,
    *,
    partnership: str | None = None,
    councils: Sequence[str] = (),
    rounds: Sequence[str] = (),
    council: str | None = None,
    round_name: str | None = None,
    generated_on: datetime.date | None = None,
) -> bytes:
    """The .xlsx return template as bytes.

    With two or more `councils` the template is for a partnership and gets a Partners sheet listing every
    council except `council`. `council` and `round_name` prefill the About sheet; `councils` and `rounds`
    become dropdowns there. Names are always written as text, never as formulas.
    """
    made_for_partnership = len(councils) >= 2
    wb = Workbook()
    wb.properties.title = f"Return template: {framework.name}"
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.subject = partnership or ""
    wb.properties.description = f"Framework {framework.id} version {framework.version}"

    instructions = wb.active
    instructions.title = SHEET_INSTRUCTIONS
    about = wb.create_sheet(SHEET_ABOUT)
    questions = wb.create_sheet(SHEET_QUESTIONS)
    partners = wb.create_sheet(SHEET_PARTNERS) if made_for_partnership else None
    meta = wb.create_sheet(SHEET_META)

    write_meta(
        meta,
        {
            "framework_id": framework.id,
            "framework_version": framework.version,
            "partnership": partnership or "",
            "council": council or "",
            "generated_on": (generated_on or datetime.date.today()).isoformat(),
        },
    )
    write_instructions(instructions, framework, partnership, made_for_partnership)
    write_about(wb, about, framework, councils=councils, rounds=rounds, council=council, round_name=round_name)
    write_questions(wb, questions, framework)
    if partners is not None:
        write_partners(partners, framework, [name for name in councils if name != council])
    wb.active = 0

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rows_by_key(ws: Worksheet) -> dict[str, int]:
    """Row number of each non-empty column A value below the header."""
    rows: dict[str, int] = {}
    for row in range(2, ws.max_row + 1):
        key = ws.cell(row=row, column=1).value
        if key is not None and str(key) not in rows:
            rows[str(key)] = row
    return rows


def _missing(kind: str, asked: Sequence[str], present: Mapping[str, int]) -> None:
    unknown = [key for key in asked if key not in present]
    if unknown:
        raise ValueError(f"The template has no {kind} {', '.join(map(repr, unknown))}.")


def fill_template(
    template: bytes,
    *,
    about: Mapping[str, object],
    answers: Mapping[str, object],
    evidence: Mapping[str, str] = {},
    partners: Mapping[str, tuple[object, object]] = {},
) -> bytes:
    """Open a template with openpyxl, fill it in and return the new .xlsx bytes.

    `about` is keyed by the ABOUT_FIELDS labels; `answers` and `evidence` by statement id; `partners` by
    partner name, giving (trust, alignment). Values are written as given (4, "Agree", "4 - Agree",
    "Don't know", invalid text ...); text is always written as text and None clears a cell. A key the
    template does not have raises ValueError.
    """
    wb = load_workbook(io.BytesIO(template))

    about_ws = wb[SHEET_ABOUT]
    about_rows = {k: r for k, r in _rows_by_key(about_ws).items() if k in ABOUT_FIELDS}
    _missing("About field", list(about), about_rows)
    for label, value in about.items():
        write_value(about_ws.cell(row=about_rows[label], column=2), value)

    questions_ws = wb[SHEET_QUESTIONS]
    item_rows = _rows_by_key(questions_ws)
    _missing("statement", [*answers, *evidence], item_rows)
    answer_col = QUESTION_HEADERS.index("Answer") + 1
    evidence_col = QUESTION_HEADERS.index("Evidence") + 1
    for sid, value in answers.items():
        write_value(questions_ws.cell(row=item_rows[sid], column=answer_col), value)
    for sid, text in evidence.items():
        write_value(questions_ws.cell(row=item_rows[sid], column=evidence_col), text)

    if partners:
        if SHEET_PARTNERS not in wb.sheetnames:
            raise ValueError("The template has no Partners sheet (it was not made for a partnership).")
        partners_ws = wb[SHEET_PARTNERS]
        partner_rows = _rows_by_key(partners_ws)
        _missing("partner", list(partners), partner_rows)
        trust_col = PARTNER_HEADERS.index("Trust") + 1
        alignment_col = PARTNER_HEADERS.index("Alignment") + 1
        for name, (trust, alignment) in partners.items():
            write_value(partners_ws.cell(row=partner_rows[name], column=trust_col), trust)
            write_value(partners_ws.cell(row=partner_rows[name], column=alignment_col), alignment)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

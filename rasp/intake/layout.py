"""Lay out one response from any source as the return template lays it out, check it with the template's own
validator, and put each problem back where the officer will find it (a row and column of their file).

Every route into the store (Forms exports, long CSV, the HTTP API) ends here, so a return is checked by exactly
the same code, with exactly the same messages, whichever way it came.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rasp.core.errors import InvalidReturn, Problem
from rasp.core.framework import Framework
from rasp.core.records import Directory, ParsedReturn
from rasp.intake.reader import Workbook
from rasp.intake.template import (
    ABOUT_FIELDS,
    PARTNER_HEADERS,
    QUESTION_HEADERS,
    SHEET_ABOUT,
    SHEET_META,
    SHEET_PARTNERS,
    SHEET_QUESTIONS,
)
from rasp.intake.validate import cell_ref, validate_return


@dataclass(frozen=True)
class Place:
    """Where a value came from in the officer's file: `row` (1-based), the column heading and its cell."""

    row: int
    column: str = ""
    cell: str = ""
    sheet: str = ""


@dataclass(frozen=True)
class SourceProblem(Problem):
    """A problem located by the row and column of an export (or a field of an API request)."""

    place: str = ""

    def where(self) -> str:
        return self.place


@dataclass
class Response:
    """One response's values keyed as the template's fields, and where each came from."""

    about: dict[str, object] = field(default_factory=dict)  # ABOUT_FIELDS label -> value
    answers: dict[str, object] = field(default_factory=dict)  # statement id -> value
    evidence: dict[str, object] = field(default_factory=dict)  # statement id -> free text
    ratings: dict[str, list[object]] = field(default_factory=dict)  # partner -> [trust, alignment]
    places: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, cell) -> place text
    everywhere: str = ""  # the place for a problem of the whole response ("row 7")


def to_workbook(resp: Response, fw: Framework, partnership: str) -> Workbook:
    """The response in the template's layout; records where each template cell came from."""
    about_rows: list[list[object]] = [["Field", "Value"]]
    for r, label in enumerate(ABOUT_FIELDS, start=1):
        about_rows.append([label, resp.about.get(label)])
        resp.places.setdefault((SHEET_ABOUT, cell_ref(r, 1)), resp.places.get(("about", label), ""))
    answer_col = QUESTION_HEADERS.index("Answer")
    question_rows: list[list[object]] = [list(QUESTION_HEADERS)]
    names = fw.dimension_names
    for r, s in enumerate(fw.statements, start=1):
        question_rows.append([s.id, names[s.dimension], s.text, resp.answers.get(s.id), resp.evidence.get(s.id)])
        resp.places.setdefault((SHEET_QUESTIONS, cell_ref(r, answer_col)), resp.places.get(("answer", s.id), ""))
        place = resp.places.get(("evidence", s.id), "")
        resp.places.setdefault((SHEET_QUESTIONS, cell_ref(r, answer_col + 1)), place)
    sheets: dict[str, list[list[object]]] = {
        SHEET_ABOUT: about_rows,
        SHEET_QUESTIONS: question_rows,
        SHEET_META: [
            ["Key", "Value"],
            ["framework_id", fw.id],
            ["framework_version", fw.version],
            ["partnership", partnership],
        ],
    }
    if resp.ratings:
        partner_rows: list[list[object]] = [list(PARTNER_HEADERS)]
        for r, (partner, pair) in enumerate(resp.ratings.items(), start=1):
            partner_rows.append([partner, *pair])
            for c, what in ((0, "trust"), (1, "trust"), (2, "alignment")):
                place = resp.places.get((what, partner), "")
                resp.places.setdefault((SHEET_PARTNERS, cell_ref(r, c)), place)
        sheets[SHEET_PARTNERS] = partner_rows
    return Workbook(sheets)


def relocate(problem: Problem, resp: Response) -> SourceProblem:
    """The validator's problem, placed in the officer's file instead of the template."""
    place = resp.places.get((problem.sheet, problem.cell), "") or resp.everywhere
    return SourceProblem("", "", problem.message, problem.item, place)


def check_response(
    resp: Response,
    fw: Framework,
    directory: Directory,
    partnership: str,
    round_name: str,
) -> tuple[ParsedReturn | None, tuple[SourceProblem, ...]]:
    """Validate with the template's validator; problems come back located in the source."""
    workbook = to_workbook(resp, fw, partnership)
    try:
        parsed = validate_return(workbook, fw, directory, partnership=partnership, round_name=round_name)
    except InvalidReturn as exc:
        return None, tuple(relocate(p, resp) for p in exc.problems)
    return parsed, ()


def place_text(row: int, header: str = "", limit: int = 50) -> str:
    """'row 7, column "[T3] Senior leaders…"'."""
    if not header:
        return f"row {row}"
    shown = header if len(header) <= limit else header[: limit - 1] + "…"
    return f'row {row}, column "{shown}"'


def first_value(values: Mapping[str, object], keys: Sequence[str]) -> object:
    return next((values[k] for k in keys if values.get(k) not in (None, "")), None)

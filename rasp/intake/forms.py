"""Survey exports (Microsoft Forms, Google Forms, any wide CSV): one row per respondent, one column per question.

`read_export` finds the header row, matches the columns (`rasp.intake.headers`) and turns each row into a
`RowReturn`: the validated return, or every problem located as 'row 7, column "[T3] ..."'. Columns it
cannot match are listed in `notes`; a statement, the council or the target without a column stops the whole
file, because otherwise those answers would be silently lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rasp.core.errors import Problem
from rasp.core.framework import Framework
from rasp.core.records import Directory, ParsedReturn
from rasp.core.words import clean_text
from rasp.intake.headers import ColumnMap, column_letters, describe, match_columns
from rasp.intake.layout import Response, SourceProblem, check_response, place_text
from rasp.intake.questions import ABOUT_IDS
from rasp.intake.reader import Rows

HEADER_SEARCH_ROWS = 10
ANONYMOUS = {"anonymous", "anonyme", ""}


@dataclass(frozen=True)
class RowReturn:
    """One respondent's row: the validated return (or its problems) and the bytes that identify it in the store."""

    row: int
    label: str  # "row 7" or "row 7 (response 12)"
    parsed: ParsedReturn | None
    problems: tuple[Problem, ...]
    content: bytes


@dataclass(frozen=True)
class TableReturns:
    kind: str  # what the file was recognised as, in words
    rows: tuple[RowReturn, ...]
    notes: tuple[str, ...] = field(default=())  # columns not matched, and other things worth knowing
    problems: tuple[Problem, ...] = field(default=())  # problems of the whole file: nothing is stored


def find_header(rows: Rows, fw: Framework, councils: tuple[str, ...]) -> tuple[int, ColumnMap] | None:
    """The header row (among the first few) that matches the most statements, and its column map."""
    best: tuple[int, ColumnMap] | None = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapped = match_columns(row, fw, councils)
        score = len(mapped.of("statement"))
        if score and (best is None or score > len(best[1].of("statement"))):
            best = (r, mapped)
    return best


def _file_problems(cmap: ColumnMap, fw: Framework, sheet: str) -> list[Problem]:
    problems: list[Problem] = []
    missing = [s.id for s in fw.statements if cmap.statement(s.id) is None]
    if missing:
        problems.append(
            Problem(
                sheet,
                "",
                f"no column for statement{'s' if len(missing) > 1 else ''} {', '.join(missing)}. Put the id in "
                "square brackets at the start of each question (for example '[S1] Our council has ...'), or use "
                "the statement's exact text; the question list on the upload page has both.",
            )
        )
    for key in ("council", "target"):
        if cmap.about(key) is None:
            problems.append(
                Problem(
                    sheet,
                    "",
                    f"no column for the {ABOUT_IDS[key]} question. Add a question starting '[{key}]' "
                    "(see the question list on the upload page).",
                )
            )
    problems.extend(Problem(sheet, "", f"{clash}; keep one of them.") for clash in cmap.clashes)
    return problems


def _response_key(cells: list[object], cmap: ColumnMap) -> str:
    """The service's response id, else timestamp plus email, else nothing."""
    rid = cmap.service("response_id")
    if rid is not None and clean_text(_cell(cells, rid.index)):
        return f"response {clean_text(_cell(cells, rid.index))}"
    stamp, email = cmap.service("timestamp") or cmap.service("completed"), cmap.service("email")
    if stamp is not None and email is not None:
        when, who = clean_text(_cell(cells, stamp.index)), clean_text(_cell(cells, email.index))
        if when and who:
            return f"response of {who} at {when}"
    return ""


def _cell(cells: list[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


def _respondent(cells: list[object], cmap: ColumnMap) -> tuple[object, str]:
    """The respondent's name: the [respondent] question, else the service's Name, else its Email."""
    for column in (cmap.about("respondent"), cmap.service("name"), cmap.service("email")):
        if column is not None:
            value = clean_text(_cell(cells, column.index))
            if value.casefold() not in ANONYMOUS:
                return value, column.header
    return None, ""


def row_response(cells: list[object], row: int, cmap: ColumnMap) -> Response:
    """One row as a `Response`, remembering which column each value came from."""
    resp = Response(everywhere=place_text(row))
    for column in cmap.of("about"):
        label = ABOUT_IDS[column.key]
        if column.key != "respondent":
            resp.about[label] = _cell(cells, column.index)
            resp.places[("about", label)] = place_text(row, column.header)
    name, header = _respondent(cells, cmap)
    resp.about["Respondent"] = name
    resp.places[("about", "Respondent")] = place_text(row, header)
    for column in cmap.of("statement"):
        resp.answers[column.key] = _cell(cells, column.index)
        resp.places[("answer", column.key)] = place_text(row, column.header)
    for column in cmap.of("rating"):
        pair = resp.ratings.setdefault(column.partner, [None, None])
        pair[0 if column.key == "trust" else 1] = _cell(cells, column.index)
        resp.places[(column.key, column.partner)] = place_text(row, column.header)
    return resp


def content_of(kind: str, key: str, cells: list[object], cmap: ColumnMap) -> bytes:
    """Canonical bytes of a response: the same response always gives the same bytes (and sha256)."""
    values = [[c.header, clean_text(_cell(cells, c.index))] for c in cmap.columns if c.kind != "service"]
    return json.dumps({"format": kind, "response": key, "values": values}, ensure_ascii=False).encode("utf-8")


def read_export(
    rows: Rows,
    fw: Framework,
    directory: Directory,
    *,
    partnership: str,
    round_name: str,
    sheet: str = "",
    kind: str = "survey export",
) -> TableReturns:
    """Every row of an export as a validated return or its problems; nothing is stored here."""
    councils = directory.councils.get(partnership, ())
    found = find_header(rows, fw, councils)
    if found is None:
        return TableReturns(
            kind,
            (),
            problems=(
                Problem(
                    sheet,
                    "",
                    "no column heading matches a statement of the framework, so this is neither a return template "
                    "nor a survey export we can read. Start each question with its id in square brackets "
                    "('[S1] ...'), as in the question list on the upload page.",
                ),
            ),
        )
    top, cmap = found
    notes = tuple(f"Not matched, so not used: {text}." for text in cmap.unmatched)
    problems = _file_problems(cmap, fw, sheet)
    if problems:
        return TableReturns(kind, (), notes, tuple(problems))
    out: list[RowReturn] = []
    for r in range(top + 1, len(rows)):
        cells = rows[r]
        if not any(clean_text(v) for v in cells):
            continue
        key = _response_key(cells, cmap)
        label = f"row {r + 1}" + (f" ({key})" if key else "")
        resp = row_response(cells, r + 1, cmap)
        parsed, found_problems = check_response(resp, fw, directory, partnership, round_name)
        out.append(RowReturn(r + 1, label, parsed, found_problems, content_of(kind, key, cells, cmap)))
    if not out:
        notes += ("The file has a header row but no responses below it.",)
    return TableReturns(kind, tuple(out), notes)


def described_columns(cmap: ColumnMap) -> list[str]:
    """'column D: statement S1' for each matched column (for the CLI's --verbose and the tests)."""
    return [f"column {column_letters(c.index)}: {describe(c)}" for c in cmap.columns]


__all__ = ["RowReturn", "SourceProblem", "TableReturns", "read_export"]

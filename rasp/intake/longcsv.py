"""The long CSV for councils with their own survey tools: one row per answer.

Required columns: `council`, `respondent`, `statement_id`, `answer`. Optional: `role`, `target`, `scope`,
`evidence` (the about-you values; the first filled one of each respondent counts) and `partner`, `trust`,
`alignment` (a partner rating on any row of the respondent). `statement_id` may also be `role`, `target` or
`scope`, with the value in `answer`. The rows of one council and respondent make one return; a statement with
no row counts as not answered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rasp.core.errors import Problem
from rasp.core.framework import Framework
from rasp.core.records import Directory
from rasp.core.words import clean_text
from rasp.intake.forms import RowReturn, TableReturns
from rasp.intake.headers import norm
from rasp.intake.layout import Response, SourceProblem, check_response, place_text
from rasp.intake.questions import ABOUT_IDS
from rasp.intake.reader import Rows

REQUIRED = ("council", "respondent", "statement_id", "answer")
OPTIONAL = ("role", "target", "scope", "evidence", "partner", "trust", "alignment")
KIND = "long CSV"


def is_long_header(row: list[object]) -> bool:
    names = {norm(clean_text(v)) for v in row}
    return set(REQUIRED) <= names


@dataclass
class _Group:
    first_row: int
    last_row: int = 0
    resp: Response = field(default_factory=Response)
    problems: list[Problem] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    values: list[list[str]] = field(default_factory=list)


def read_long(rows: Rows, fw: Framework, directory: Directory, *, partnership: str, round_name: str) -> TableReturns:
    """Group the rows into returns and check each with the template's validator."""
    header = [norm(clean_text(v)) for v in rows[0]] if rows else []
    cols = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    notes = tuple(
        f"Not matched, so not used: column '{clean_text(rows[0][i])}'."
        for i, name in enumerate(header)
        if name and name not in cols
    )
    statements = {s.id.casefold(): s.id for s in fw.statements}
    groups: dict[tuple[str, str], _Group] = {}
    for r in range(1, len(rows)):
        cells = rows[r]
        value = {name: (cells[i] if i < len(cells) else None) for name, i in cols.items()}
        if not any(clean_text(v) for v in value.values()):
            continue
        line = r + 1
        key = (norm(clean_text(value["council"])), norm(clean_text(value["respondent"])))
        group = groups.setdefault(key, _Group(line))
        group.last_row = line
        group.values.append([clean_text(v) for v in value.values()])
        resp = group.resp
        resp.everywhere = place_text(group.first_row)
        _about(resp, value, line, "council", "Council")
        _about(resp, value, line, "respondent", "Respondent")
        for name in ("role", "target", "scope"):
            if name in cols:
                _about(resp, value, line, name, ABOUT_IDS[name])
        sid_raw = clean_text(value["statement_id"])
        if norm(sid_raw) in {"role", "target", "scope"}:
            label = ABOUT_IDS[norm(sid_raw)]
            if resp.about.get(label) in (None, ""):
                resp.about[label] = value["answer"]
                resp.places[("about", label)] = place_text(line, "answer")
        elif sid_raw:
            sid = statements.get(sid_raw.casefold())
            if sid is None:
                group.problems.append(
                    _problem(
                        line,
                        "statement_id",
                        f"'{sid_raw[:60]}' is not a statement id of "
                        "this framework (S1, T3, ...): see the question list.",
                        "",
                    )
                )
            elif sid in group.seen:
                group.problems.append(
                    _problem(
                        line, "statement_id", f"statement {sid} is answered twice (also on row {group.seen[sid]}).", sid
                    )
                )
            else:
                group.seen[sid] = line
                resp.answers[sid] = value["answer"]
                resp.places[("answer", sid)] = place_text(line, "answer")
                if clean_text(value.get("evidence")):
                    resp.evidence[sid] = value["evidence"]
                    resp.places[("evidence", sid)] = place_text(line, "evidence")
        partner = clean_text(value.get("partner"))
        if partner:
            resp.ratings[partner] = [value.get("trust"), value.get("alignment")]
            resp.places[("trust", partner)] = place_text(line, "trust")
            resp.places[("alignment", partner)] = place_text(line, "alignment")
    out: list[RowReturn] = []
    for group in groups.values():
        parsed, problems = check_response(group.resp, fw, directory, partnership, round_name)
        who = clean_text(group.resp.about.get("Respondent")) or "no respondent named"
        label = f"rows {group.first_row}-{group.last_row} ({clean_text(group.resp.about.get('Council'))}, {who})"
        content = json.dumps({"format": KIND, "rows": sorted(group.values)}, ensure_ascii=False).encode("utf-8")
        all_problems = (*group.problems, *problems)
        out.append(RowReturn(group.first_row, label, None if all_problems else parsed, all_problems, content))
    return TableReturns(KIND, tuple(out), notes)


def _about(resp: Response, value: dict[str, object], line: int, column: str, label: str) -> None:
    if resp.about.get(label) in (None, "") and clean_text(value.get(column)):
        resp.about[label] = value[column]
        resp.places[("about", label)] = place_text(line, column)


def _problem(line: int, column: str, message: str, item: str) -> SourceProblem:
    return SourceProblem("", "", message, item, place_text(line, column))

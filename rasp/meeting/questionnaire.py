"""The online questionnaire as plain data: its steps, and its answers laid out as a return workbook so that
they are checked by exactly the same validation as an uploaded Excel return.

Answers are kept as a JSON-able dict:
    {"about": {"Council": ..., "Respondent": ..., "Role": ..., "Target form of sharing": ..., "Scope": ...},
     "answers": {statement id: answer label or None}, "evidence": {statement id: text},
     "partners": {council: [trust or None, alignment or None]}, "step": int}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rasp.core.framework import Framework, Statement
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

ABOUT_STEP = "About you"
PARTNER_STEP = "Your partners"
CHECK_STEP = "Check and send"
PULSE_STEP = "Your view now"


def steps(fw: Framework, has_partners: bool, pulse: bool = False) -> list[str]:
    """The questionnaire's screens in order: about you, one per dimension, partners (if any), check and send.
    A quick pulse is one screen (the council and the pulse statements) and then check and send."""
    if pulse:
        return [PULSE_STEP, CHECK_STEP]
    return [ABOUT_STEP, *(d.name for d in fw.dimensions), *([PARTNER_STEP] if has_partners else []), CHECK_STEP]


def step_statements(fw: Framework, step_name: str) -> tuple[Statement, ...]:
    """The statements a step asks (none on about, partners and check)."""
    if step_name == PULSE_STEP:
        return fw.statements
    return next((d.statements for d in fw.dimensions if d.name == step_name), ())


@dataclass(frozen=True)
class Missing:
    """Something a step asked and the respondent left out: `key` names the widget to go back to."""

    key: str
    text: str


def missing(values: dict[str, Any], fw: Framework, step_name: str) -> list[Missing]:
    """What the step left unanswered, in order (the council, the target form of sharing, each statement). A
    "Don't know" is an answer; evidence, name, role and scope are optional."""
    about = values.get("about", {})
    out = []
    if step_name in (ABOUT_STEP, PULSE_STEP) and not about.get("Council"):
        out.append(Missing("w_about_Council", "Choose your council"))
    if step_name == ABOUT_STEP and not about.get("Target form of sharing"):
        out.append(Missing("w_about_Target form of sharing", "Choose the form of sharing your council is aiming for"))
    given = values.get("answers", {})
    out.extend(
        Missing(f"w_answers_{s.id}", f"{s.id}. {s.text}")
        for s in step_statements(fw, step_name)
        if given.get(s.id) in (None, "")
    )
    return out


def ladder_choices(fw: Framework) -> tuple[list[str], list[str]]:
    """The forms of sharing as choices ('4 Coordinate') with their meaning from the framework file."""
    return [r.label for r in fw.ladder], [r.meaning for r in fw.ladder]


def answered(values: dict[str, Any], fw: Framework) -> int:
    """How many statements have an answer (Don't know included)."""
    given = values.get("answers", {})
    return sum(1 for s in fw.statements if given.get(s.id) not in (None, ""))


def to_workbook(values: dict[str, Any], fw: Framework, partnership: str, partners: Sequence[str]) -> Workbook:
    """The answers laid out as the return template lays them out (same sheets, headers and rows)."""
    about = values.get("about", {})
    given = values.get("answers", {})
    evidence = values.get("evidence", {})
    ratings = values.get("partners", {})
    names = {d.id: d.name for d in fw.dimensions}
    sheets: dict[str, list[list[object]]] = {
        SHEET_ABOUT: [["Field", "Value"], *([f, about.get(f) or None] for f in ABOUT_FIELDS)],
        SHEET_QUESTIONS: [
            list(QUESTION_HEADERS),
            *(
                [s.id, names[s.dimension], s.text, given.get(s.id) or None, evidence.get(s.id) or None]
                for s in fw.statements
            ),
        ],
        SHEET_META: [
            ["Key", "Value"],
            ["framework_id", fw.id],
            ["framework_version", fw.version],
            ["partnership", partnership],
        ],
    }
    if partners:
        sheets[SHEET_PARTNERS] = [
            list(PARTNER_HEADERS),
            *([p, *_pair(ratings.get(p))] for p in partners),
        ]
    return Workbook(sheets=sheets)


def _pair(rating: object) -> list[object]:
    """[trust, alignment] from a stored rating (a list of two, or nothing)."""
    values = list(rating) if isinstance(rating, list | tuple) else []
    return [*values, None, None][:2]

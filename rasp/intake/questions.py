"""The question list to paste into a new Microsoft Forms or Google Forms survey, and the ids that link a
column of its export back to the framework.

Every question carries an id in square brackets at the start of its text (`[S1] Our council has ...`,
`[council] Which council do you work for?`, `[trust] Eastmoor Borough Council`). The importer matches an
export's columns by those ids (or by a statement's exact text), so an officer may reword the about-you
questions but must keep the ids.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from rasp.core.framework import Framework

# About-you ids -> the About sheet field of the return template they fill.
ABOUT_IDS: dict[str, str] = {
    "council": "Council",
    "respondent": "Respondent",
    "role": "Role",
    "target": "Target form of sharing",
    "scope": "Scope",
}
RATING_IDS: dict[str, str] = {"trust": "Trust", "alignment": "Alignment"}
RATING_OPTIONS = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class Question:
    """One line of the form: the section it sits in, its id, the text to paste, the answer type and options."""

    section: str
    id: str
    text: str
    answer_type: str  # "choice", "text", "likert" (a Likert / multiple-choice grid row), "rating" (a grid row)
    options: tuple[str, ...]
    required: bool


def about_texts(fw: Framework) -> dict[str, str]:
    """The about-you question texts (without their ids)."""
    return {
        "council": "Which council do you work for?",
        "respondent": "Your name (optional; a later response with the same name replaces the earlier one)",
        "role": "Your role",
        "target": "Which form of sharing should the partnership aim for?",
        "scope": "What should the partnership share? (optional)",
    }


def rating_titles(fw: Framework) -> dict[str, str]:
    """The grid titles of the two partner ratings (the framework's own questions)."""
    return {"trust": fw.partner_trust_question, "alignment": fw.partner_alignment_question}


def question_list(fw: Framework, councils: Sequence[str], partners: Sequence[str] | None = None) -> list[Question]:
    """Every question of the form in order: about you, each dimension as one grid, then the partner ratings.
    `councils` are the choices for the council question; `partners` (default: the same) the councils rated."""
    rated = list(councils if partners is None else partners)
    about = about_texts(fw)
    out = [
        Question("About you", "council", f"[council] {about['council']}", "choice", tuple(councils), True),
        Question("About you", "respondent", f"[respondent] {about['respondent']}", "text", (), False),
        Question("About you", "role", f"[role] {about['role']}", "text", (), False),
        Question(
            "About you", "target", f"[target] {about['target']}", "choice", tuple(r.label for r in fw.ladder), True
        ),
        Question("About you", "scope", f"[scope] {about['scope']}", "choice", fw.scopes, False),
    ]
    scale = (*fw.labels, fw.dont_know)
    for d in fw.dimensions:
        out.extend(Question(d.name, s.id, f"[{s.id}] {s.text}", "likert", scale, True) for s in d.statements)
    if len(rated) >= 2:
        for kind, title in rating_titles(fw).items():
            out.extend(
                Question(f"Partner ratings: {title}", kind, f"[{kind}] {name}", "rating", RATING_OPTIONS, False)
                for name in rated
            )
    return out


def questions_csv(fw: Framework, councils: Sequence[str], partners: Sequence[str] | None = None) -> str:
    """The question list as CSV: section, id, question, answer_type, options (separated by |), required."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "id", "question", "answer_type", "options", "required"])
    for q in question_list(fw, councils, partners):
        writer.writerow([q.section, q.id, q.text, q.answer_type, " | ".join(q.options), "yes" if q.required else "no"])
    return out.getvalue()


def questions_text(
    fw: Framework, councils: Sequence[str], partnership: str = "", partners: Sequence[str] | None = None
) -> str:
    """The question list as plain text, in the order to build the form, with the steps for both services."""
    lines = [
        f"Questions for a Microsoft Forms or Google Forms survey{f' for {partnership}' if partnership else ''}.",
        "Keep each id in square brackets at the start of its question or grid row: the dashboard matches the",
        "export's columns by it. Use the options exactly as listed. Rate partners: respondents skip their own council.",
        "",
    ]
    section = ""
    for q in question_list(fw, councils, partners):
        if q.section != section:
            section = q.section
            if q.answer_type == "likert":
                kind = "a Likert question (Microsoft Forms) or multiple-choice grid (Google Forms)"
                lines += ["", f"## {section}: {kind}, one row per statement", f"   options: {' | '.join(q.options)}"]
            elif q.answer_type == "rating":
                lines += ["", f"## {section}", "   a Likert question or multiple-choice grid, one row per council"]
                lines.append(f"   options: {' | '.join(q.options)}")
            else:
                lines += [f"## {section}"]
        if q.answer_type in {"likert", "rating"}:
            lines.append(f"   row: {q.text}")
        else:
            options = f"  [choice: {' | '.join(q.options)}]" if q.options else "  [text]"
            lines.append(f"{q.text}{options}{'' if q.required else '  (optional)'}")
    return "\n".join(lines).strip() + "\n"

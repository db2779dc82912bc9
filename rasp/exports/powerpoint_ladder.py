"""The ladder of ambition and readiness, and the agreed actions, as slides of the PowerPoint pack."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from rasp.charts.tables_analysis import targets_table
from rasp.core.words import long_date
from rasp.exports.content import ACTION_COLUMNS, ReportContent
from rasp.exports.powerpoint_shapes import (
    BODY_TOP,
    MARGIN,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    add_slide,
    add_table,
    add_text,
    bullet,
    one_line,
    plain,
    style_paragraph,
)
from rasp.exports.powerpoint_tables import BODY_HEIGHT, BODY_WIDTH, ROW
from rasp.method.ambition import ready_rungs

ACTIONS_SHOWN = 8


def _requirements_words(content: ReportContent) -> str:
    fw = content.framework
    parts = []
    for rung in fw.ladder:
        needs = [f"{fw.dimension_names[d].lower()} {v:g}" for d, v in rung.requires.items() if v > 0]
        parts.append(f"{rung.label} ({rung.meaning.lower()}) needs " + (", ".join(needs) if needs else "nothing"))
    return "; ".join(parts) + "."


def ladder_slide(prs: Any, content: ReportContent) -> Any:
    snap, fw = content.snapshot, content.framework
    notes = (
        "The ladder of forms of sharing runs from "
        f"{fw.ladder[0].label} to {fw.ladder[-1].label}. A council's target is the middle (median) of its "
        "respondents' choices, rounded down. It is ready for the highest form of sharing whose minimum scores it "
        "meets on every dimension; a missing score meets none. The minimum scores are the framework's assumption, "
        "not a research finding (on the dashboard's radar they are the dashed outline): adjust them to your "
        "partnership. They are: " + _requirements_words(content) + " Partners whose targets are "
        f"{fw.thresholds.ambition_disagreement_rungs} or more rungs apart want different things from the "
        "partnership and should discuss it."
    )
    slide = add_slide(prs, "Ambition and readiness: the ladder of sharing", notes)
    assumption = (
        "Ready for: the highest form of sharing whose minimum scores the council meets on every dimension. These "
        "minimum scores are the framework's assumption, not a research finding (see the notes)."
    )
    foot_top = SLIDE_HEIGHT - int(ROW * 2.3)
    add_text(slide, (MARGIN, foot_top, BODY_WIDTH, int(ROW * 1.8)), [assumption], 16)
    left_width = int(BODY_WIDTH * 0.56)
    if snap.targets.empty:
        add_text(slide, (MARGIN, BODY_TOP, left_width, int(ROW * 2)), ["No council gave a target in this round."], 22)
    else:
        table = targets_table(snap.targets, {str(k): int(v) for k, v in ready_rungs(snap.scores, fw).items()}, fw)
        rows = [
            [one_line(c), str(t), str(r)]
            for c, t, r in zip(
                table["Council"], table["Target (median, rounded down)"], table["Ready for"], strict=True
            )
        ]
        height = min(foot_top - BODY_TOP - int(ROW * 0.2), int(ROW * 1.0 * (len(rows) + 1)))
        size = 16 if len(rows) <= 8 else 12
        add_table(
            slide,
            (MARGIN, BODY_TOP, left_width, height),
            ["Council", "Target", "Ready for"],
            rows,
            [2.4, 1.6, 1.6],
            size,
        )
    label = {r.rung: r.label for r in fw.ladder}
    apart = [
        f"{one_line(r['council_a'])} ({label[r['target_a']]}) and {one_line(r['council_b'])} "
        f"({label[r['target_b']]}): {r['difference']} rungs apart."
        for r in snap.ambition_disagreements.to_dict("records")
    ]
    right = MARGIN + left_width + int(ROW * 0.6)
    box = (right, BODY_TOP, SLIDE_WIDTH - MARGIN - right, foot_top - BODY_TOP)
    heading = f"Partners {fw.thresholds.ambition_disagreement_rungs} or more rungs apart on ambition"
    if not apart:
        apart = ["None: the partners want similar forms of sharing."]
    shape = add_text(slide, box, [heading, *apart], 18)
    style_paragraph(shape.text_frame.paragraphs[0], 18, bold=True)
    for paragraph in shape.text_frame.paragraphs[1:]:
        bullet(paragraph, 18)
    return slide


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return long_date(value)
    return plain(value).strip()


def actions_slide(prs: Any, content: ReportContent) -> Any | None:
    acts = content.actions
    if acts.empty:
        return None
    shown = acts.head(ACTIONS_SHOWN)
    notes = (
        "The actions the partnership has agreed: what each is about, who owns it, which council it concerns, when "
        "it is due and where it stands."
    )
    if len(acts) > len(shown):
        notes += f" Only the first {len(shown)} of {len(acts)} are shown."
    slide = add_slide(prs, "Agreed actions", notes)
    rows = [[_cell(r.get(c)) for c in ACTION_COLUMNS] for r in shown.to_dict("records")]
    header = ["Topic", "Action", "Owner", "Council", "Due", "Status"]
    height = min(BODY_HEIGHT, int(ROW * 1.2 * (len(rows) + 1)))
    add_table(slide, (MARGIN, BODY_TOP, BODY_WIDTH, height), header, rows, [1.8, 4.2, 1.7, 2.2, 1.5, 1.4], 14)
    return slide

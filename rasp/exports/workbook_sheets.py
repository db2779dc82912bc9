"""The data sheets of the Excel analysis workbook, one function each. The numbers are the scoring tables'
own, unrounded; each sheet's headers are named here so the README and the tests use the same words."""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd
from openpyxl.chart import RadarChart, Reference  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped, unused-ignore]

from rasp.charts.figures import COUNCIL_COLOURS
from rasp.core import columns as col
from rasp.core.framework import Framework
from rasp.exports.content import ACTION_COLUMNS, ReportContent
from rasp.exports.workbook_cells import AD, DATE, INTEGER, SCORE, column_range, gap_scale, score_scale, write_table
from rasp.method.agreement import split_words
from rasp.method.scoring import BAND_WORDS
from rasp.method.snapshot import Snapshot

SCORES = ("Council", "Dimension", "Score (0-100)", "Respondents", "Band")
GAPS = ("Council", "Other council", "Dimension", "Gap (points)", "Material")
AGREEMENT = ("Council", "Dimension", "Respondents", "Disagreement (scale points)", "Reading")
AMBITION = (
    "Council",
    "Target rung",
    "Target form of sharing",
    "Ready for rung",
    "Ready for",
    "Dimension",
    "Target needs (0-100)",
    "Score (0-100)",
    "Short by (points)",
)
TRUST = (
    "Council rating",
    "Council rated",
    "Trust (0-100)",
    "Goals aligned (0-100)",
    "Ratings",
    "Difference from the other direction (points)",
    "One-sided",
)
FINDINGS = ("Kind", "Finding", "Chart that shows it")
CHANGES = ("Council", "Dimension", "Previous round", "Previous score", "Score now", "Change (points)")
ACTIONS = ("Topic", "Action", "Owner", "Council", "Due", "Status")
ACTION_EXTRAS = {"raised_in": "Raised in", "carried_over": "Carried over"}
ANSWERS = ("Council", "Respondent", "Statement ID", "Dimension", "Answer", "Status")
ANSWER_STATUS = {"answered": "answered", "dont_know": "don't know", "blank": "blank"}
FINDING_KINDS = {
    "gap": "material gap",
    "split": "split score",
    "ambition": "ambition",
    "readiness": "readiness",
    "weakest": "weakest link",
    "change": "change since the last round",
}


def _dimension(fw: Framework, values: pd.Series) -> list[str]:
    return [fw.dimension_names.get(d, str(d)) for d in values]


def scores_sheet(ws: Worksheet, snap: Snapshot, fw: Framework) -> None:
    s = snap.scores
    rows = zip(
        s[col.COUNCIL],
        _dimension(fw, s[col.DIMENSION]),
        s[col.SCORE],
        s[col.N],
        s[col.BAND].map(BAND_WORDS),
        strict=True,
    )
    last = write_table(ws, SCORES, rows, formats={"Score (0-100)": SCORE, "Respondents": INTEGER})
    ws.conditional_formatting.add(column_range(ws, SCORES, "Score (0-100)", last), score_scale(fw.thresholds))


def heatmap_sheet(ws: Worksheet, snap: Snapshot, fw: Framework) -> None:
    """Council x dimension scores with a colour scale, and a native radar chart drawn from them."""
    councils = list(snap.councils) or list(dict.fromkeys(snap.scores[col.COUNCIL]))
    wide = snap.scores.pivot(index=col.COUNCIL, columns=col.DIMENSION, values=col.SCORE)
    wide = wide.reindex(index=councils, columns=list(fw.dimension_ids))
    headers = ("Council", *(fw.dimension_names[d] for d in fw.dimension_ids))
    values = wide.to_numpy(dtype="float64").tolist()
    rows = ([council, *scores] for council, scores in zip(councils, values, strict=True))
    last = write_table(
        ws, headers, rows, formats=dict.fromkeys(headers[1:], SCORE), widths=dict.fromkeys(headers[1:], 14)
    )
    end = get_column_letter(len(headers))
    ws.conditional_formatting.add(f"B2:{end}{max(2, last)}", score_scale(fw.thresholds))
    if not councils:
        return
    chart = RadarChart()
    chart.type = "marker"
    chart.title = "Scores by council (0-100)"
    chart.add_data(
        Reference(ws, min_col=1, max_col=len(headers), min_row=2, max_row=last), from_rows=True, titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=2, max_col=len(headers), min_row=1, max_row=1))
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 25
    chart.y_axis.number_format = "0"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    for i, series in enumerate(chart.series):
        colour = COUNCIL_COLOURS[i % len(COUNCIL_COLOURS)].lstrip("#")
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 22000  # EMU, about 1.75 pt
        series.marker.symbol = ("circle", "square", "triangle", "diamond", "x", "star", "plus", "dash")[i % 8]
        series.marker.graphicalProperties.solidFill = colour
        series.marker.graphicalProperties.line.solidFill = colour
    chart.legend.position = "b"
    chart.width, chart.height = 20, 16  # cm
    ws.add_chart(chart, f"A{last + 3}")


def gaps_sheet(ws: Worksheet, snap: Snapshot, fw: Framework) -> None:
    g = snap.gaps
    rows = zip(
        g[col.COUNCIL_A],
        g[col.COUNCIL_B],
        _dimension(fw, g[col.DIMENSION]),
        g[col.GAP],
        g[col.MATERIAL].map({True: "yes", False: "no"}),
        strict=True,
    )
    last = write_table(ws, GAPS, rows, formats={"Gap (points)": SCORE})
    ws.conditional_formatting.add(column_range(ws, GAPS, "Gap (points)", last), gap_scale(fw.thresholds))


def agreement_sheet(ws: Worksheet, snap: Snapshot, fw: Framework) -> None:
    a = snap.agreement
    reading = [split_words(status, split) for status, split in zip(a[col.STATUS], a["split"], strict=True)]
    rows = zip(a[col.COUNCIL], _dimension(fw, a[col.DIMENSION]), a[col.N], a["ad"], reading, strict=True)
    write_table(ws, AGREEMENT, rows, formats={"Respondents": INTEGER, "Disagreement (scale points)": AD})


def ambition_sheet(ws: Worksheet, snap: Snapshot, fw: Framework) -> None:
    a = snap.ambition
    label = {r.rung: r.label for r in fw.ladder}
    rows = (
        [
            council,
            target,
            label.get(int(target), ""),
            ready,
            label.get(int(ready), "rung 0: none met"),
            fw.dimension_names.get(d, d),
            required,
            score,
            gap,
        ]
        for council, target, ready, d, required, score, gap in zip(
            a[col.COUNCIL],
            a["target_rung"],
            a["ready_rung"],
            a[col.DIMENSION],
            a["required"],
            a[col.SCORE],
            a[col.GAP],
            strict=True,
        )
    )
    formats = {"Target rung": INTEGER, "Ready for rung": INTEGER}
    formats |= dict.fromkeys(("Target needs (0-100)", "Score (0-100)", "Short by (points)"), SCORE)
    write_table(ws, AMBITION, rows, formats=formats)


def trust_sheet(ws: Worksheet, snap: Snapshot) -> None:
    t = snap.trust
    rows = zip(
        t["rater"],
        t["rated"],
        t["trust"],
        t["alignment"],
        t[col.N],
        t["trust_asymmetry"],
        t["asymmetric"].map({True: "yes", False: "no"}),
        strict=True,
    )
    formats = dict.fromkeys(
        ("Trust (0-100)", "Goals aligned (0-100)", "Difference from the other direction (points)"), SCORE
    )
    write_table(ws, TRUST, rows, formats={**formats, "Ratings": INTEGER})


def page_title(page: str) -> str:
    """'pages/3_Alignment_gaps.py' -> 'Alignment gaps'."""
    stem = PurePosixPath(page).stem
    return stem.split("_", 1)[-1].replace("_", " ")


def findings_sheet(ws: Worksheet, content: ReportContent) -> None:
    rows = ([FINDING_KINDS.get(f.kind, f.kind), f.text, page_title(f.page)] for f in content.findings)
    write_table(ws, FINDINGS, rows, widths={"Finding": 100}, wrap=["Finding"])


def changes_sheet(ws: Worksheet, content: ReportContent) -> None:
    c = content.changes
    fw = content.framework
    rows = zip(
        c[col.COUNCIL],
        _dimension(fw, c[col.DIMENSION]),
        c["previous_round"],
        c["previous"],
        c["current"],
        c["change"],
        strict=True,
    )
    write_table(ws, CHANGES, rows, formats=dict.fromkeys(("Previous score", "Score now", "Change (points)"), SCORE))


def actions_sheet(ws: Worksheet, content: ReportContent) -> None:
    """The agreed actions; 'Raised in' and 'Carried over' too when the actions come from the store."""
    acts = content.actions
    keys = [*ACTION_COLUMNS, *(k for k in ACTION_EXTRAS if k in acts.columns)]
    headers = [*ACTIONS, *(ACTION_EXTRAS[k] for k in keys[len(ACTION_COLUMNS) :])]
    rows = (list(r) for r in acts.reindex(columns=keys).itertuples(index=False, name=None))
    write_table(ws, headers, rows, formats={"Due": DATE}, widths={"Action": 80}, wrap=["Action"])


def answers_sheet(ws: Worksheet, snap: Snapshot, fw: Framework) -> None:
    """Raw answers of councils at or above the anonymity threshold only; respondents numbered, never named."""
    kept = [c for c, n in answer_councils(snap, fw).items() if n >= fw.thresholds.anonymity_min_respondents]
    a = snap.answers[snap.answers[col.COUNCIL].isin(kept)]
    order = {s.id: i for i, s in enumerate(fw.statements)}
    number = (
        a.drop_duplicates(col.RETURN_ID)
        .sort_values(col.RETURN_ID)
        .assign(_n=lambda f: f.groupby(col.COUNCIL).cumcount() + 1)
        .set_index(col.RETURN_ID)["_n"]
    )
    a = a.assign(
        _c=a[col.COUNCIL].map({c: i for i, c in enumerate(kept)}),
        _r=a[col.RETURN_ID].map(number),
        _s=a[col.STATEMENT].map(order).fillna(len(order)),
    ).sort_values(["_c", "_r", "_s", col.STATEMENT], kind="stable")
    rows = zip(
        a[col.COUNCIL],
        [f"Respondent {n}" for n in a["_r"]],
        a[col.STATEMENT],
        _dimension(fw, a[col.DIMENSION]),
        [None if pd.isna(v) else int(v) for v in a[col.VALUE]],
        [ANSWER_STATUS.get(s, str(s)) for s in a[col.STATUS]],
        strict=True,
    )
    write_table(ws, ANSWERS, rows, formats={"Answer": INTEGER}, widths={"Respondent": 15, "Statement ID": 13})


def answer_councils(snap: Snapshot, fw: Framework) -> dict[str, int]:
    """Current returns per council in the round, in council order (0 where none)."""
    return {str(c): int(n) for c, n in snap.respondent_counts().items()}

"""The table slides of the PowerPoint pack: the heatmap, the partnership view and the gaps ranked."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from rasp.charts.figures import BAND_COLOURS
from rasp.core import columns as col
from rasp.core.status import OK
from rasp.core.words import count_word, plural
from rasp.exports.content import ReportContent
from rasp.exports.powerpoint_shapes import (
    BODY_TOP,
    MARGIN,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    add_slide,
    add_table,
    add_text,
    one_line,
    set_cell,
)
from rasp.method.gaps import material_gaps
from rasp.method.scoring import BAND_NONE, BAND_WORDS, band

GAPS_SHOWN = 10
BODY_WIDTH = SLIDE_WIDTH - 2 * MARGIN
BODY_HEIGHT = SLIDE_HEIGHT - BODY_TOP - int(MARGIN * 0.75)
EMU_PER_INCH = 914400
ROW = EMU_PER_INCH * 0.5  # half an inch per table row before the text grows it


def score_text(score: float) -> str:
    """How a score is written in the pack's tables: a whole number, as on the dashboard's heatmap."""
    return f"{score:.0f}"


def band_key(content: ReportContent) -> str:
    t = content.framework.thresholds
    return (
        f"Bands: {t.strength:g} or more is a strength; {t.borderline:g} to under {t.strength:g} is borderline "
        f"(discuss); under {t.borderline:g} is a concern."
    )


def heatmap_cells(content: ReportContent) -> dict[tuple[str, str], tuple[list[str], str]]:
    """(council, dimension) -> (the cell's lines, its fill colour): score and band word, 'split' when the
    council's respondents disagree, 'no data' on white."""
    snap = content.snapshot
    split = {
        (c, d)
        for c, d, s, status in zip(
            snap.agreement[col.COUNCIL],
            snap.agreement[col.DIMENSION],
            snap.agreement["split"],
            snap.agreement[col.STATUS],
            strict=True,
        )
        if status == OK and s is True
    }
    out = {}
    for c, d, s, b in zip(
        snap.scores[col.COUNCIL], snap.scores[col.DIMENSION], snap.scores[col.SCORE], snap.scores[col.BAND], strict=True
    ):
        if pd.isna(s):
            out[(c, d)] = ([BAND_WORDS[BAND_NONE]], BAND_COLOURS[BAND_NONE])
        else:
            lines = [score_text(s), BAND_WORDS[b]] + (["split"] if (c, d) in split else [])
            out[(c, d)] = (lines, BAND_COLOURS[b])
    return out


def fit_size(grid: list[list[list[str]]], widths: list[float], available: float) -> int:
    """The largest type size (14pt down to 9pt) at which a table of these cells (rows of cells of lines) fits
    `available` inches, by a cautious estimate of how lines wrap in columns `widths` inches wide."""
    for size in (14, 13, 12, 11, 10):
        per_inch = 72 / (size * 0.55)
        total = 0.0
        for row in grid:
            lines = max(
                sum(math.ceil(len(line) / max(1, int((w - 0.12) * per_inch))) for line in cell)
                for cell, w in zip(row, widths, strict=True)
            )
            total += lines * size * 1.2 / 72 + 0.1
        if total <= available:
            return size
    return 9


def heatmap_slide(prs: Any, content: ReportContent) -> Any:
    snap, fw = content.snapshot, content.framework
    counts = snap.respondent_counts()
    notes = (
        "The partnership at a glance. Each row is a council and each column one of the "
        f"{count_word(len(fw.dimensions))} dimensions. Each "
        "cell gives the council's score from 0 to 100 and its band in words, and is coloured by band: blue for a "
        "strength, yellow for borderline, orange for a concern. " + band_key(content) + " A cell marked split "
        "means that council's respondents disagree, so the score is an average of different views. White cells "
        "say no data: too few answers to score. Returns per council: "
        + "; ".join(f"{one_line(c)} {int(n)}" for c, n in counts.items())
        + "."
    )
    slide = add_slide(prs, "Scores by council and dimension", notes)
    councils = list(snap.councils)
    cells = heatmap_cells(content)
    none = ([BAND_WORDS[BAND_NONE]], BAND_COLOURS[BAND_NONE])
    header = ["Council", *(fw.dimension_names[d] for d in fw.dimension_ids)]
    shares = [1.9] + [1.5] * len(fw.dimension_ids)
    widths = [BODY_WIDTH / EMU_PER_INCH * w / sum(shares) for w in shares]
    grid = [[[h] for h in header]] + [
        [[one_line(c)], *(cells.get((c, d), none)[0] for d in fw.dimension_ids)] for c in councils
    ]
    size = fit_size(grid, widths, BODY_HEIGHT / EMU_PER_INCH)
    rows = [[one_line(c), *("" for _ in fw.dimension_ids)] for c in councils]
    height = min(BODY_HEIGHT, int(ROW * 1.5 * (len(councils) + 1)))
    table = add_table(slide, (MARGIN, BODY_TOP, BODY_WIDTH, height), header, rows, shares, size)
    for r, council in enumerate(councils, start=1):
        set_cell(table.cell(r, 0), [one_line(council)], size, fill="FFFFFF", bold=True)
        for c, d in enumerate(fw.dimension_ids, start=1):
            lines, fill = cells.get((council, d), none)
            set_cell(table.cell(r, c), lines, size, fill=fill)
    return slide


def gaps_slide(prs: Any, content: ReportContent) -> Any:
    fw, gap = content.framework, content.framework.thresholds.material_gap
    material = material_gaps(content.snapshot.gaps)
    notes = (
        "A gap is the difference between two councils' scores on one dimension. A gap of "
        f"{gap:g} points or more is material: the two councils see that part of the partnership differently "
        "enough to discuss it before sharing services that depend on it. The table ranks the material gaps, "
        "largest first."
    )
    if material.empty:
        slide = add_slide(prs, "Material gaps between councils", notes + " There are none in this round.")
        text = f"No two councils are {gap:g} points or more apart on any dimension in this round."
        add_text(slide, (MARGIN, BODY_TOP, BODY_WIDTH, BODY_HEIGHT), [text], 24)
        return slide
    shown = material.head(GAPS_SHOWN)
    more = len(material) - len(shown)
    if more:
        notes += f" Only the {len(shown)} largest of {len(material)} are shown; the dashboard lists them all."
    slide = add_slide(prs, "Material gaps between councils, largest first", notes)
    lead = f"{plural(len(material), 'material gap')} ({gap:g} points or more)" + (
        f"; the {len(shown)} largest are shown." if more else "."
    )
    add_text(slide, (MARGIN, BODY_TOP, BODY_WIDTH, int(ROW)), [lead], 20)
    rows = [
        [
            one_line(r[col.COUNCIL_A]),
            one_line(r[col.COUNCIL_B]),
            fw.dimension_names[r[col.DIMENSION]],
            score_text(r[col.GAP]),
        ]
        for r in shown.to_dict("records")
    ]
    top = BODY_TOP + int(ROW * 1.2)
    height = min(SLIDE_HEIGHT - top - int(MARGIN * 0.75), int(ROW * 0.9 * (len(rows) + 1)))
    add_table(
        slide,
        (MARGIN, top, BODY_WIDTH, height),
        ["Council", "Other council", "Dimension", "Gap (points)"],
        rows,
        [3.4, 3.4, 3.4, 1.6],
        16,
    )
    return slide


def view_slide(prs: Any, content: ReportContent) -> Any:
    """Per dimension: the partnership mean, the weakest link (its score, band and council), the highest, the
    spread; from the snapshot's partnership view."""
    fw, view = content.framework, content.snapshot.view
    notes = (
        "The partnership view of each dimension. The partnership is only as ready as its least ready member, so "
        "the weakest link (the lowest council score) matters more than the mean. The spread is the highest score "
        "minus the lowest: a wide spread means the councils are far apart. The weakest link cell is coloured by "
        "its band. " + band_key(content) + " Councils with no score on a dimension are left out of its figures."
    )
    slide = add_slide(prs, "The partnership view: weakest link on each dimension", notes)
    header = ["Dimension", "Partnership mean", "Weakest link", "Weakest council", "Highest", "Spread"]
    rows, fills = [], []
    for r in view.to_dict("records"):
        have = pd.notna(r["min"])
        band = band_name(r["min"], content) if have else BAND_NONE
        rows.append(
            [
                fw.dimension_names[r[col.DIMENSION]],
                score_text(r["mean"]) if have else BAND_WORDS[BAND_NONE],
                f"{score_text(r['min'])}, {BAND_WORDS[band]}" if have else BAND_WORDS[BAND_NONE],
                one_line(r["weakest"]) if have else "",
                score_text(r["max"]) if have else "",
                score_text(r["spread"]) if have else "",
            ]
        )
        fills.append(BAND_COLOURS[band])
    height = min(BODY_HEIGHT, int(ROW * 1.0 * (len(rows) + 1)))
    table = add_table(slide, (MARGIN, BODY_TOP, BODY_WIDTH, height), header, rows, [3.0, 1.7, 2.4, 3.0, 1.2, 1.2], 16)
    for i, fill in enumerate(fills, start=1):
        set_cell(table.cell(i, 2), [rows[i - 1][2]], 16, fill=fill)
    return slide


def band_name(score: float, content: ReportContent) -> str:
    return str(band(pd.Series([score], dtype="float64"), content.framework.thresholds).iloc[0])

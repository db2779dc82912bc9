"""The PowerPoint pack for cabinets and boards: `build_pptx(content)` returns the .pptx bytes.

Slides (16:9): the title; what stands out, in words; one slide per council with a native radar (its scores and
the partnership mean) and native bars of the same scores; the heatmap as a coloured table; the partnership view
(the weakest link on each dimension); the material gaps ranked; the ladder of ambition and readiness; the
agreed actions when there are any. Every number is read from the ReportContent's tables; every slide has
speaker notes that explain it in plain words.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from pptx.enum.text import PP_ALIGN  # type: ignore[import-untyped]
from pptx.util import Pt  # type: ignore[import-untyped]

from rasp.charts.figures import BAND_COLOURS, COUNCIL_COLOURS
from rasp.core import columns as col
from rasp.core.status import BELOW_THRESHOLD, OK
from rasp.core.words import count_word, plural
from rasp.exports.content import ReportContent
from rasp.exports.powerpoint_charts import add_bars, add_radar
from rasp.exports.powerpoint_ladder import actions_slide, ladder_slide
from rasp.exports.powerpoint_shapes import (
    BODY_TOP,
    LAYOUT_CONTENT,
    LAYOUT_TITLE,
    MARGIN,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    add_slide,
    add_text,
    fill_text,
    new_presentation,
    one_line,
)
from rasp.exports.powerpoint_tables import (
    BODY_HEIGHT,
    BODY_WIDTH,
    EMU_PER_INCH,
    band_key,
    gaps_slide,
    heatmap_slide,
    score_text,
    view_slide,
)
from rasp.method.scoring import BAND_NONE, BAND_WORDS

FINDINGS_PER_SLIDE = 7
LINE_COLOURS = [c for c in COUNCIL_COLOURS if c != "#000000"]  # black is the partnership mean's


def finding_pages(count: int) -> int:
    """How many 'What stands out' slides `count` findings take (at least one, which may say nothing does)."""
    return max(1, math.ceil(count / FINDINGS_PER_SLIDE))


def pptx_slide_count(content: ReportContent) -> int:
    """Title, findings, one per council, heatmap, partnership view, gaps, ladder, and actions when any."""
    return 1 + finding_pages(len(content.findings)) + len(content.snapshot.councils) + 4 + (not content.actions.empty)


def _title_slide(prs: Any, content: ReportContent) -> None:
    snap = content.snapshot
    notes = (
        f"This pack shows how ready each council in the partnership is to share services, from the returns in "
        f"the round {one_line(snap.round_name)}: {plural(len(snap.returns), 'return')} from "
        f"{plural(len(snap.councils), 'council')}. Each council is scored from 0 to 100 on "
        f"{count_word(len(content.framework.dimensions))} dimensions. "
        + band_key(content)
        + (" Councils are shown as Council A, Council B and so on." if content.anonymised else "")
    )
    slide = add_slide(prs, content.title, notes, LAYOUT_TITLE)
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.top, title.height = int(SLIDE_HEIGHT * 0.22), int(SLIDE_HEIGHT * 0.3)
    fill_text(title.text_frame, [one_line(content.title)], 40, bold=True)
    subtitle.left, subtitle.top = MARGIN, int(SLIDE_HEIGHT * 0.56)
    subtitle.width, subtitle.height = SLIDE_WIDTH - 2 * MARGIN, int(SLIDE_HEIGHT * 0.3)
    fill_text(subtitle.text_frame, [content.subtitle], 22)
    for frame in (title.text_frame, subtitle.text_frame):
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT


def _finding_size(texts: Sequence[str]) -> int:
    """The largest type (20pt down to 16pt) at which the findings fit the body, by a rough line count."""
    for size in (20, 18, 16):
        per_line = BODY_WIDTH / EMU_PER_INCH * 72 / (size * 0.5)
        lines = sum(math.ceil(len(t) / per_line) for t in texts)
        if (lines * 1.2 + len(texts) * 0.5) * size / 72 * EMU_PER_INCH <= BODY_HEIGHT:
            return size
    return 16


def _finding_slides(prs: Any, content: ReportContent) -> None:
    texts = [f.text for f in content.findings]
    pages = finding_pages(len(texts))
    per = math.ceil(len(texts) / pages) if texts else 0
    notes = (
        "The few things to look at first, worked out from the same tables as the dashboard: material gaps "
        f"between councils ({content.framework.thresholds.material_gap:g} points or more), councils whose "
        "respondents are split, partners apart on the form of sharing they want, councils not yet ready for "
        "their target, weakest links of concern and the biggest changes since the previous round."
    )
    for page in range(pages):
        chunk = texts[page * per : (page + 1) * per]
        title = "What stands out" + (f" ({page + 1} of {pages})" if pages > 1 else "")
        slide = add_slide(prs, title, notes, LAYOUT_CONTENT)
        body = slide.placeholders[1]
        body.left, body.top, body.width, body.height = MARGIN, BODY_TOP, BODY_WIDTH, BODY_HEIGHT
        if not chunk:
            chunk = [
                "Nothing stands out: no material gaps, splits, ambition disagreements or weakest links of concern."
            ]
        size = _finding_size(chunk)
        fill_text(body.text_frame, chunk, size)
        for paragraph in body.text_frame.paragraphs:
            paragraph.space_after = Pt(size * 0.5)


def _council_notes(content: ReportContent, council: str, own: pd.DataFrame, returns: int, below: bool) -> str:
    fw = content.framework
    parts = [
        f"{one_line(council)}, from {plural(returns, 'return')} in this round. The radar on the left shows the "
        f"council's score on each of the {count_word(len(fw.dimensions))} dimensions from 0 to 100 (the coloured "
        "line) against the "
        "partnership mean (the dashed black line); further out is more ready. The bars on the right show the "
        "same scores, each coloured by its band. " + band_key(content),
        "Scores, with n, the number of respondents who answered enough statements to be scored: "
        + "; ".join(
            f"{fw.dimension_names[d]}: "
            + (
                f"{score_text(s)}, {BAND_WORDS[b]} (n={int(n)})"
                if pd.notna(s)
                else "no data (left empty in the charts)"
            )
            for d, s, b, n in zip(own.index, own[col.SCORE], own[col.BAND], own[col.N], strict=True)
        )
        + ".",
    ]
    if below:
        parts.append(
            f"With fewer than {fw.thresholds.anonymity_min_respondents} returns, whether respondents agree is not "
            "shown, to protect individuals."
        )
    else:
        parts.append(
            "A dimension marked split means the council's respondents disagree (their answers differ by more than "
            f"{fw.thresholds.split_ad:g} scale points on average): the score is an average of different views, "
            "so discuss it before relying on it."
        )
    return " ".join(parts)


def _council_slide(prs: Any, content: ReportContent, index: int, council: str, mean: pd.Series) -> None:
    snap, fw = content.snapshot, content.framework
    dims = list(fw.dimension_ids)
    own = snap.scores[snap.scores[col.COUNCIL] == council].set_index(col.DIMENSION).reindex(dims)
    own[col.BAND] = own[col.BAND].fillna(BAND_NONE)
    own[col.N] = own[col.N].fillna(0)
    agree = snap.agreement[snap.agreement[col.COUNCIL] == council]
    split = [
        d
        for d, s, st in zip(agree[col.DIMENSION], agree["split"], agree[col.STATUS], strict=True)
        if st == OK and s is True
    ]
    below = bool((agree[col.STATUS] == BELOW_THRESHOLD).any())
    returns = int(snap.respondent_counts().get(council, 0))
    slide = add_slide(prs, council, _council_notes(content, council, own, returns, below))
    names = [fw.dimension_names[d] for d in dims]
    values = [None if pd.isna(s) else round(float(s), 1) for s in own[col.SCORE]]
    means = [None if pd.isna(m) else round(float(m), 1) for m in mean.reindex(dims)]
    chart_height = int(SLIDE_HEIGHT * 0.65)
    half = int(BODY_WIDTH * 0.54)
    add_radar(
        slide,
        (MARGIN, BODY_TOP, half, chart_height),
        names,
        council,
        values,
        means,
        LINE_COLOURS[index % len(LINE_COLOURS)],
    )
    fills = [BAND_COLOURS[b] for b in own[col.BAND]]
    add_bars(slide, (MARGIN + half, BODY_TOP, BODY_WIDTH - half, chart_height), names, council, values, fills)
    lines = [f"{plural(returns, 'return')}. " + band_key(content)]
    if split:
        lines.append(", ".join(fw.dimension_names[d] for d in split) + ": split: respondents disagree.")
    missing = [fw.dimension_names[d] for d, v in zip(dims, values, strict=True) if v is None]
    if len(missing) == len(dims):
        lines.append("No data: no scores for this council in this round.")
    elif missing:
        lines.append("No data: " + ", ".join(missing) + ".")
    if below:
        lines.append(f"Agreement not shown: fewer than {fw.thresholds.anonymity_min_respondents} returns.")
    top = BODY_TOP + chart_height + int(MARGIN * 0.2)
    box = (MARGIN, top, BODY_WIDTH, SLIDE_HEIGHT - top - int(MARGIN * 0.3))
    add_text(slide, box, lines, 16 if len(lines) < 3 else 14)


def build_pptx(content: ReportContent) -> bytes:
    """The PowerPoint pack (.pptx bytes) for a partnership and round; anonymised when the content is."""
    prs = new_presentation()
    props = prs.core_properties
    props.title, props.subject = one_line(content.title), one_line(content.subtitle)
    props.author = props.last_modified_by = "Partnership readiness dashboard"
    _title_slide(prs, content)
    _finding_slides(prs, content)
    mean = content.snapshot.view.set_index(col.DIMENSION)["mean"]
    for index, council in enumerate(content.snapshot.councils):
        _council_slide(prs, content, index, council, mean)
    heatmap_slide(prs, content)
    view_slide(prs, content)
    gaps_slide(prs, content)
    ladder_slide(prs, content)
    actions_slide(prs, content)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

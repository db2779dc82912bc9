"""The first sections of the HTML report: summary, overview, compare councils and where we are apart, each
built from the same figure functions and tables as the pages."""

from __future__ import annotations

from rasp.charts.figures import band_heatmap, gap_heatmap, radar
from rasp.charts.figures_analysis import weakest_link_bars
from rasp.charts.tables import gaps_table, scores_table, scores_wide, view_table
from rasp.core.config import DEMO_PARTNERSHIP
from rasp.core.words import plural
from rasp.exports.content import ReportContent
from rasp.exports.html_parts import Builder, Section, esc, matrix_frame, paragraph
from rasp.method.agreement import agreement_words
from rasp.method.findings import PAGE_AMBITION, PAGE_COMPARE, PAGE_GAPS, PAGE_SPLIT, PAGE_TRENDS
from rasp.method.gaps import alignment, gap_matrix, material_gaps

# Where the chart behind each kind of finding is, in the report.
FINDING_SECTION = {
    PAGE_GAPS: ("apart", "Where we are apart"),
    PAGE_SPLIT: ("consensus", "Consensus or split"),
    PAGE_AMBITION: ("ambition", "Ambition and readiness"),
    PAGE_COMPARE: ("compare", "Compare councils"),
    PAGE_TRENDS: ("changes", "Changes since the previous round"),
}


def summary(c: ReportContent, b: Builder, has_data: bool) -> Section:
    snap, th = c.snapshot, c.framework.thresholds
    counts = snap.respondent_counts()
    parts = [
        paragraph(
            f"{plural(len(snap.councils), 'council')} in the partnership; {plural(int(counts.sum()), 'return')} "
            f"counted in this round; {plural(int((counts == 0).sum()), 'council')} with no return yet."
        ),
        paragraph(
            f"Scores run from 0 to 100: {th.strength:.0f} or more is a strength, {th.borderline:.0f} to under "
            f"{th.strength:.0f} is borderline (discuss), below {th.borderline:.0f} is a concern. Every chart is "
            "followed by a table with its numbers."
        ),
    ]
    if snap.partnership == DEMO_PARTNERSHIP:
        parts.append(paragraph("This report uses demo data: the councils and answers are fictional.", "note"))
    parts.append("<h3>What stands out</h3>\n")
    if not has_data:
        parts.append(paragraph("No returns have been stored for this round yet, so there is nothing to show."))
    elif c.findings:
        items = []
        for f in c.findings:
            anchor, name = FINDING_SECTION.get(f.page, ("overview", "Overview"))
            items.append(f'<li>{esc(f.text)} <a href="#{anchor}">See {esc(name)}.</a></li>')
        parts.append('<ul class="findings">' + "".join(items) + "</ul>\n")
    else:
        parts.append(
            paragraph(
                "Nothing stands out: no material gaps, splits, ambition disagreements or weakest links of concern."
            )
        )
    returns = counts.rename("Returns").rename_axis("Council").reset_index()
    parts.append(b.table(returns, "Returns counted per council in this round", table_id="table-returns"))
    return Section("summary", "Summary", "".join(parts))


def overview(c: ReportContent, b: Builder) -> Section:
    snap, fw = c.snapshot, c.framework
    fig = weakest_link_bars(snap.view, fw)
    return Section(
        "overview",
        "Overview",
        paragraph(
            "The weakest link is the lowest council score on a dimension: a partnership is only as ready as its "
            "least ready member. The diamond marks the partnership mean."
        )
        + b.chart(
            fig,
            "Weakest link and partnership mean by dimension",
            "Bar chart: for each dimension, the lowest council score (labelled with its band and council) and a "
            "diamond at the partnership mean.",
        )
        + b.table(view_table(snap.view, fw), "The partnership, dimension by dimension", table_id="table-view"),
    )


def compare(c: ReportContent, b: Builder) -> Section:
    snap, fw = c.snapshot, c.framework
    words = agreement_words(snap.agreement)
    councils = list(snap.councils)
    wide = scores_wide(snap.scores, fw).reset_index()
    return Section(
        "compare",
        "Compare councils",
        paragraph(
            "A cross on the radar marks a split score: that council's respondents disagree, so the score is not a "
            "consensus. The dotted black line is the partnership mean."
        )
        + b.chart(
            radar(snap.scores, fw.dimension_names, councils, snap.view, agreement=words),
            "Readiness by dimension, each council and the partnership mean (0-100)",
            "Radar chart: one outline per council over the dimensions, and the partnership mean as a dotted line.",
        )
        + b.table(scores_table(snap.scores, fw, words), "Scores by council and dimension", table_id="table-scores")
        + paragraph(
            "Blue: strength. Yellow: borderline, discuss. Orange: concern. 'split' marks a score its own "
            "respondents disagree on."
        )
        + b.chart(
            band_heatmap(snap.scores, fw.dimension_names, councils, agreement=words),
            "Scores by council and dimension, coloured by band",
            "Grid of councils by dimensions; each cell gives the score and its band, and says split where the "
            "council's respondents disagree.",
        )
        + b.table(wide, "Scores by council (rows) and dimension (columns), 0-100", table_id="table-scores-wide"),
    )


def apart(c: ReportContent, b: Builder) -> Section:
    snap, fw = c.snapshot, c.framework
    limit = fw.thresholds.material_gap
    intro = paragraph(
        f"A gap is the difference between two councils' scores. A gap of {limit:.0f} points or more is material: "
        "worth discussing before going further."
    )
    if len(snap.councils) < 2:
        return Section("apart", "Where we are apart", intro + paragraph("Gaps need at least two councils."))
    matrix = gap_matrix(snap.gaps, None)
    counts = gap_matrix(snap.gaps, None, "material", "sum")
    pairs = alignment(snap.gaps).round(1)
    pairs = pairs.rename(
        columns={
            "council_a": "Council",
            "council_b": "Other council",
            "alignment": "Alignment (100 - mean gap)",
            "material_gaps": "Material gaps",
        }
    )
    ranked = material_gaps(snap.gaps)
    if ranked.empty:
        ranked_html = paragraph(f"No material gaps: no two councils are {limit:.0f} points or more apart.")
    else:
        ranked_html = b.table(gaps_table(ranked, fw), "Material gaps, largest first", table_id="table-material")
    return Section(
        "apart",
        "Where we are apart",
        intro
        + b.chart(
            gap_heatmap(matrix, limit, "Mean gap over all dimensions", counts),
            "Mean gap between each pair of councils over all dimensions, with how many dimensions are materially apart",
            "Grid of council against council; each cell gives the mean gap in points and how many dimensions "
            "have a material gap.",
        )
        + b.table(matrix_frame(matrix, "Council"), "Mean gap over all dimensions (points)", table_id="table-gaps")
        + b.table(pairs, "Alignment of each pair of councils and their material gaps", table_id="table-alignment")
        + "<h3>Material gaps, largest first</h3>\n"
        + ranked_html,
    )

"""The later sections of the HTML report: consensus, ambition, trust, changes and actions (same figure
functions and tables as the pages)."""

from __future__ import annotations

import pandas as pd

from rasp.charts.figures_analysis import ladder_chart, matrix_heatmap
from rasp.charts.tables_analysis import (
    agreement_table,
    ambition_gap_table,
    changes_table,
    requirements_table,
    targets_table,
)
from rasp.core import columns as col
from rasp.exports.content import ACTION_COLUMNS, ReportContent
from rasp.exports.html_parts import Builder, Section, bullets, matrix_frame, paragraph
from rasp.method.ambition import ready_by_council
from rasp.method.trust import asymmetric_pairs, trust_matrix


def consensus(c: ReportContent, b: Builder) -> Section:
    th = c.framework.thresholds
    return Section(
        "consensus",
        "Consensus or split",
        paragraph(
            "Disagreement is how far a council's respondents' answers lie from their own average, in scale "
            f"points. Above {th.split_ad:g} the council is split: its score averages people who disagree. It is "
            f"not shown for a council with fewer than {th.anonymity_min_respondents} returns (below threshold), "
            "so that no one's answers can be read off."
        )
        + b.table(
            agreement_table(c.snapshot.agreement, c.framework),
            "Disagreement within each council by dimension",
            table_id="table-agreement",
        ),
    )


def ambition(c: ReportContent, b: Builder) -> Section:
    snap, fw = c.snapshot, c.framework
    label = {r.rung: r.label for r in fw.ladder}
    parts = [
        paragraph(
            "Each respondent names the form of sharing their council is aiming for; a council's target is the "
            "middle of its respondents' answers (rounded down). A council is ready for the deepest form of "
            "sharing whose minimum scores it meets on every dimension."
        )
    ]
    if snap.targets.empty:
        parts.append(paragraph("No return in this round names a target form of sharing yet."))
    else:
        ready = ready_by_council(snap.scores, fw)
        ladder = ladder_chart(snap.targets, ready, fw)
        parts.append(
            b.chart(
                ladder,
                "Target form of sharing and what each council is ready for",
                "Chart of the ladder of forms of sharing: for each council a filled circle at the form it is "
                "ready for and an open diamond at its target, joined by a line.",
            )
        )
        parts.append(b.table(targets_table(snap.targets, ready, fw), "Targets and readiness", table_id="table-targets"))
        warnings = [
            f"{r['council_a']} ({label[r['target_a']]}) and {r['council_b']} ({label[r['target_b']]}) are "
            f"{r['difference']} rungs apart on the form of sharing they want: agree the ambition first."
            for r in snap.ambition_disagreements.to_dict("records")
        ] + [
            f"{r['council']}'s own respondents want different things: from {label[r['lowest']]} to "
            f"{label[r['highest']]}."
            for r in snap.targets[snap.targets["internal_disagreement"]].to_dict("records")
        ]
        if warnings:
            parts.append(bullets(warnings))
        short = [
            ambition_gap_table(snap.ambition, council, fw).assign(Council=council)
            for council in snap.targets[col.COUNCIL]
        ]
        gaps = pd.concat(short, ignore_index=True) if short else pd.DataFrame()
        gaps = gaps[gaps["Short by"] > 0] if not gaps.empty else gaps
        parts.append("<h3>How far each council is from its target</h3>\n")
        if gaps.empty:
            parts.append(paragraph("Every council meets the minimum scores its target needs."))
        else:
            gaps = gaps[["Council", "Dimension", "Target needs", "Score", "Short by"]]
            parts.append(b.table(gaps, "Dimensions where a council is short of its target", table_id="table-short"))
    parts.append("<h3>What each form of sharing needs</h3>\n")
    parts.append(
        paragraph(
            "These minimum scores are the framework's own assumptions, not research findings. An administrator "
            "can change them in the framework file."
        )
    )
    parts.append(
        b.table(
            requirements_table(fw),
            "Minimum score on each dimension for each form of sharing (the framework's assumption)",
            table_id="table-requirements",
        )
    )
    return Section("ambition", "Ambition and readiness", "".join(parts))


def trust(c: ReportContent, b: Builder) -> Section:
    snap = c.snapshot
    limit = c.framework.thresholds.trust_asymmetry
    intro = paragraph(
        "Each respondent rates every partner council from 1 to 5: how much they trust it to deliver what it "
        "commits to, and how closely its goals match their own. Shown on 0-100. Read across a row: how that "
        "council sees the others."
    )
    if snap.trust[col.N].sum() == 0:
        return Section("trust", "Trust", intro + paragraph("No return in this round rates the partner councils yet."))
    parts = [intro]
    for value, name, caption in (
        ("trust", "trust", "Trust (row rates column), 0-100"),
        ("alignment", "alignment", "Goals aligned (row rates column), 0-100"),
    ):
        matrix = trust_matrix(snap.trust, value)
        parts.append(
            b.chart(
                matrix_heatmap(matrix, caption.split(",")[0], name),
                caption,
                f"Grid of council against council; each cell gives how the row council rates the column council "
                f"on {name}, 0-100.",
            )
        )
        parts.append(b.table(matrix_frame(matrix, "Who rates"), caption, table_id=f"table-{value}"))
    parts.append("<h3>One-sided trust</h3>\n")
    pairs = asymmetric_pairs(snap.trust)
    if pairs.empty:
        parts.append(
            paragraph(f"No pair of councils differs by {limit:.0f} points or more in how much they trust each other.")
        )
    else:
        table = pairs.round(1).rename(
            columns={
                "council_a": "Council",
                "council_b": "Other council",
                "a_trusts_b": "Council trusts the other (0-100)",
                "b_trusts_a": "Other council trusts back (0-100)",
                "difference": "Difference (points)",
            }
        )
        parts.append(paragraph(f"Pairs whose trust in each other differs by {limit:.0f} points or more."))
        parts.append(b.table(table, "One-sided trust, largest difference first", table_id="table-asymmetric"))
    return Section("trust", "Trust", "".join(parts))


def changes(c: ReportContent, b: Builder) -> Section | None:
    if c.changes.empty:
        return None
    previous = str(c.changes["previous_round"].iloc[0])
    return Section(
        "changes",
        "Changes since the previous round",
        paragraph(
            f"Each council's scores in {c.snapshot.round_name} beside its scores in {previous}. A council that "
            "joined in this round has no earlier score."
        )
        + b.table(changes_table(c.changes, c.framework), f"Scores since {previous}", table_id="table-changes"),
    )


def actions(c: ReportContent, b: Builder) -> Section | None:
    if c.actions.empty:
        return None
    frame = c.actions.reindex(columns=ACTION_COLUMNS)
    frame.columns = pd.Index([name.capitalize() for name in ACTION_COLUMNS])
    return Section("actions", "Actions", b.table(frame, "Agreed actions", table_id="table-actions"))

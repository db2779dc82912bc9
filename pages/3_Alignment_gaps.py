"""Alignment gaps: where councils are apart, the material gaps ranked, and the statements behind a gap."""

import streamlit as st

from rasp.charts import alignment_table, apart_table, gap_heatmap, gaps_table, matrix_table, statements_table
from rasp.core import columns as col
from rasp.method import alignment, furthest_apart, gap_label, gap_matrix, material_gaps, matrix_councils
from rasp.method import statement_means as means_of
from rasp.ui import cached, focused_index, offer_all, page_setup, require_snapshot, show_table, table_csv

LISTED = 500  # material gaps listed (and offered in the gap picker); the download holds them all

ctx = page_setup("Alignment gaps")
st.title("Alignment gaps")
snap = require_snapshot(ctx)
fw = ctx.framework
limit = fw.thresholds.material_gap
st.write(
    f"Where are we apart? A gap is the difference between two councils' scores. A gap of **{limit:.0f} points or "
    "more** is material: worth discussing before going further."
)
if not ctx.scope.pairs:
    st.info("This partnership is in confidence: gaps between named councils are for its facilitators only.")
    st.stop()
if len(snap.councils) < 2:
    st.info("Gaps need at least two councils in the partnership.")
    st.stop()

by_name = {"All dimensions (mean gap)": None} | {name: d for d, name in fw.dimension_names.items()}
names = list(by_name)
dimension = by_name[st.selectbox("Dimension", names, index=focused_index("dimension", names))]
title = "Mean gap over all dimensions" if dimension is None else f"Gap on {fw.dimension_names[dimension]}"
shown = cached(ctx, matrix_councils, snap.scores, dimension)
if len(snap.councils) > len(shown):
    st.subheader("Councils furthest from the others")
    show_table(cached(ctx, apart_table, cached(ctx, furthest_apart, snap.gaps, snap.councils, dimension)).head(10))
    shown = st.multiselect(
        f"Councils in the chart (up to {len(shown)})", list(snap.councils), default=shown, max_selections=len(shown)
    )
    st.caption("Shown first: the lowest and the highest scoring councils on this, where the largest gaps are.")
st.caption("Councils are in score order, lowest first, so gaps grow away from the diagonal.")
order = [c for c in cached(ctx, matrix_councils, snap.scores, dimension, len(snap.councils)) if c in shown]
matrix = cached(ctx, gap_matrix, snap.gaps, dimension).reindex(index=order, columns=order)
counts = cached(ctx, gap_matrix, snap.gaps, None, "material", "sum") if dimension is None else None
st.plotly_chart(cached(ctx, gap_heatmap, matrix, limit, title, counts), key="gap_heatmap", theme=None, width="stretch")
with st.expander("Data behind the gap chart"):
    show_table(cached(ctx, matrix_table, matrix), hide_index=False)
    show_table(cached(ctx, alignment_table, cached(ctx, alignment, snap.gaps)))

st.header("Material gaps, largest first")
ranked = cached(ctx, material_gaps, snap.gaps)
ranked = ranked if dimension is None else ranked[ranked[col.DIMENSION] == dimension].reset_index(drop=True)
if ranked.empty:
    st.success(f"No material gaps: no two councils are {limit:g} points or more apart on this.")
    st.stop()
listed = ranked.head(LISTED)  # a partnership of 400 councils has about 180,000: a page lists the largest
if len(ranked) > LISTED:
    st.caption(f"The {LISTED:,} largest of {len(ranked):,} material gaps are listed here; download them all below.")
show_table(cached(ctx, gaps_table, listed, fw))
if len(ranked) > LISTED:
    round_words = (ctx.round_name or "round").lower().replace(" ", "-")
    offer_all(
        f"Download all {len(ranked):,} material gaps (CSV)",
        lambda: table_csv(gaps_table(ranked, fw)),
        f"material-gaps-{round_words}",
    )

st.header("The statements behind a gap")
labels = [gap_label(r.council_a, r.council_b, fw.dimension_names[r.dimension], r.gap) for r in listed.itertuples()]
row = listed.iloc[labels.index(st.selectbox("Gap", labels, index=focused_index("gap", labels)))]
pair = [row.council_a, row.council_b]
means = cached(ctx, means_of, snap, pair, row.dimension, fw.thresholds.anonymity_min_respondents)
show_table(cached(ctx, statements_table, means, fw, pair))
st.caption(
    "Each council's mean answer to the statement, from 1 (strongly disagree) to 5 (strongly agree). Mean answers "
    f"are shown only for councils with at least {fw.thresholds.anonymity_min_respondents} returns in the round, so "
    "that no one's answers can be read off. 'Below threshold' marks the others."
)

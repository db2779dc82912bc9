"""Alignment gaps: where councils are apart, the material gaps ranked, and the statements behind a gap."""

import streamlit as st

from rasp.charts import gap_heatmap, gaps_table, statements_table
from rasp.method import alignment, gap_matrix, material_gaps, statement_means
from rasp.ui import cached, focused_index, page_setup, require_snapshot

ctx = page_setup("Alignment gaps")
st.title("Where are we apart?")
snap = require_snapshot(ctx)
fw = ctx.framework
limit = fw.thresholds.material_gap
st.write(
    f"A gap is the difference between two councils' scores. A gap of **{limit:.0f} points or more** is "
    "material: worth discussing before going further."
)
if len(snap.councils) < 2:
    st.info("Gaps need at least two councils in the partnership.")
    st.stop()

by_name = {"All dimensions (mean gap)": None} | {name: d for d, name in fw.dimension_names.items()}
dimension = by_name[st.selectbox("Dimension", list(by_name))]
title = "Mean gap over all dimensions" if dimension is None else f"Gap on {fw.dimension_names[dimension]}"
matrix = cached(ctx, gap_matrix, snap.gaps, dimension)
counts = cached(ctx, gap_matrix, snap.gaps, None, "material", "sum") if dimension is None else None
st.plotly_chart(cached(ctx, gap_heatmap, matrix, limit, title, counts), key="gap_heatmap", theme=None, width="stretch")
with st.expander("Data behind the gap chart"):
    st.dataframe(matrix.round(1).rename_axis("Council"), width="stretch")
    st.dataframe(
        cached(ctx, alignment, snap.gaps)
        .round(1)
        .rename(
            columns={
                "council_a": "Council",
                "council_b": "Other council",
                "alignment": "Alignment (100 - mean gap)",
                "material_gaps": "Material gaps",
            }
        ),
        hide_index=True,
    )

st.header("Material gaps, largest first")
ranked = cached(ctx, material_gaps, snap.gaps)
if ranked.empty:
    st.success(
        f"No material gaps: no two councils are {fw.thresholds.material_gap:g} points or more apart on any dimension."
    )
    st.stop()
st.dataframe(cached(ctx, gaps_table, ranked, fw), hide_index=True, width="stretch")

st.header("The statements behind a gap")
labels = [
    f"{r.council_a} and {r.council_b}: {fw.dimension_names[r.dimension]} ({r.gap:.0f} points)"
    for r in ranked.itertuples()
]
row = ranked.iloc[labels.index(st.selectbox("Gap", labels, index=focused_index("gap", labels)))]
means = statement_means(snap, [row.council_a, row.council_b], row.dimension, fw.thresholds.anonymity_min_respondents)
st.dataframe(statements_table(means, fw, [row.council_a, row.council_b]), hide_index=True, width="stretch")
st.caption(
    f"Mean answers are shown only for councils with at least {fw.thresholds.anonymity_min_respondents} "
    "returns in the round, so that no one's answers can be read off. 'Below threshold' marks the others."
)

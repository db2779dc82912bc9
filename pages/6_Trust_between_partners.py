"""Trust between partners: who trusts whom, whose goals seem aligned, and where trust is one-sided."""

import streamlit as st

from rasp.charts import matrix_heatmap, trust_table
from rasp.core import columns as col
from rasp.core import markdown_text as md
from rasp.method import asymmetric_pairs, trust_matrix
from rasp.ui import cached, page_setup, require_snapshot

ctx = page_setup("Trust between partners")
st.title("Trust between partners")
snap = require_snapshot(ctx)
limit = ctx.framework.thresholds.trust_asymmetry
st.write(
    "Each respondent rates every partner council from 1 to 5: how much they trust it to deliver what it "
    "commits to, and how closely its goals match their own. Shown on 0-100. Read across a row: how that "
    "council sees the others."
)
if snap.trust[col.N].sum() == 0:
    st.info("No return in this round rates the partner councils yet.")
    st.stop()
st.plotly_chart(
    cached(ctx, matrix_heatmap, cached(ctx, trust_matrix, snap.trust, "trust"), "Trust (row rates column)", "trust"),
    key="trust_heatmap",
    theme=None,
    width="stretch",
)
st.plotly_chart(
    cached(
        ctx,
        matrix_heatmap,
        cached(ctx, trust_matrix, snap.trust, "alignment"),
        "Goals aligned (row rates column)",
        "alignment",
    ),
    key="alignment_heatmap",
    theme=None,
    width="stretch",
)
with st.expander("Data behind the charts"):
    st.dataframe(trust_table(snap.trust), hide_index=True, width="stretch")

st.header("One-sided trust")
pairs = asymmetric_pairs(snap.trust)
if pairs.empty:
    st.success(f"No pair of councils differs by {limit:.0f} points or more in how much they trust each other.")
for row in pairs.itertuples():
    st.warning(
        f"{md(row.council_a)} trusts {md(row.council_b)} at {row.a_trusts_b:.0f}, but {md(row.council_b)} trusts "
        f"{md(row.council_a)} at {row.b_trusts_a:.0f}: {row.difference:.0f} points apart."
    )

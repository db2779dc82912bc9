"""Trust between partners: who trusts whom, whose goals seem aligned, and where trust is one-sided."""

import streamlit as st

from rasp.charts import matrix_heatmap, one_sided_table, trust_table
from rasp.core import markdown_text as md
from rasp.method import MATRIX_LIMIT, asymmetric_pairs, trust_councils, trust_matrix
from rasp.ui import cached, page_setup, require_snapshot, show_table

ctx = page_setup("Trust between partners")
st.title("Trust between partners")
snap = require_snapshot(ctx)
limit = ctx.framework.thresholds.trust_asymmetry
st.write(
    "Each respondent rates every partner council from 1 to 5: how much they trust it to deliver what it "
    "commits to, and how closely its goals match their own. Shown on 0-100. Read across a row: how that "
    "council sees the others."
)
if not ctx.scope.pairs:
    st.info("This partnership is in confidence: trust and alignment ratings are for its facilitators only.")
    st.stop()
if snap.trust["n"].sum() == 0:
    st.info("No return in this round rates the partner councils yet.")
    st.stop()
shown = cached(ctx, trust_councils, snap.trust)
if len(snap.councils) > MATRIX_LIMIT:
    shown = st.multiselect(
        f"Councils in the charts (up to {MATRIX_LIMIT})", list(snap.councils), shown, max_selections=MATRIX_LIMIT
    )
    st.caption("Shown first: the least and the most trusted councils. The table below has every pair.")
for value, title in (("trust", "Trust (row rates column)"), ("alignment", "Goals aligned (row rates column)")):
    matrix = cached(ctx, trust_matrix, snap.trust, value).reindex(index=shown, columns=shown)
    st.plotly_chart(
        cached(ctx, matrix_heatmap, matrix, title, value), key=f"{value}_heatmap", theme=None, width="stretch"
    )
with st.expander("Data behind the charts"):
    show_table(cached(ctx, trust_table, snap.trust))

st.header("One-sided trust")
pairs = cached(ctx, asymmetric_pairs, snap.trust)
if pairs.empty:
    st.success(f"No pair of councils differs by {limit:.0f} points or more in how much they trust each other.")
for row in pairs.head(5).itertuples():
    st.warning(
        f"{md(row.council_a)} trusts {md(row.council_b)} at {row.a_trusts_b:.0f}, but {md(row.council_b)} trusts "
        f"{md(row.council_a)} at {row.b_trusts_a:.0f}: {row.difference:.0f} points apart."
    )
if len(pairs) > 5:
    with st.expander(f"…and {len(pairs) - 5} more one-sided pairs"):
        show_table(cached(ctx, one_sided_table, pairs))

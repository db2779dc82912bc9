"""Overview: the partnership at a glance."""

import streamlit as st

from rasp.charts import view_table, weakest_link_bars
from rasp.core import markdown_text as md
from rasp.method import band_sentence, changes_since_previous, findings
from rasp.ui import cached, page_link, page_setup, require_snapshot, show_findings, show_table

ctx = page_setup("Overview")
st.title("Overview")
snap = require_snapshot(ctx)
st.write(
    "How ready the partner councils are to share services, dimension by dimension. Scores run from 0 to 100: "
    + band_sentence(ctx.framework.thresholds)
)

st.header(f"{md(ctx.partnership)}, round {md(ctx.round_name)}")
counts = cached(ctx, snap.respondent_counts)
cols = st.columns(3)
cols[0].metric("Councils", len(snap.councils))
cols[1].metric("Returns counted", int(counts.sum()))
cols[2].metric("Councils with no return yet", int((counts == 0).sum()))
if counts.sum() == 0:
    st.warning("No returns have been uploaded for this round yet. Go to **Upload returns** to add them.")
    page_link(ctx, "pages/1_Upload_returns.py", "Upload returns")
    st.stop()

st.markdown("#### What stands out")
found = cached(
    ctx, findings, snap, ctx.framework, cached(ctx, changes_since_previous, ctx.trends(), ctx.round_name or "")
)
if found:
    show_findings(found)
else:
    st.write("Nothing stands out: no material gaps, splits, ambition disagreements or weakest links of concern.")

st.markdown("#### Respondents per council")
show_table(counts.rename("Returns").rename_axis("Council").reset_index())

st.markdown("#### The partnership, dimension by dimension")
st.caption("The weakest link is the lowest council score: a partnership is only as ready as its least ready member.")
table = cached(ctx, view_table, snap.view, ctx.framework)
st.plotly_chart(
    cached(ctx, weakest_link_bars, snap.view, ctx.framework), key="overview_bars", theme=None, width="stretch"
)
show_table(table)

page_link(ctx, "pages/2_Compare_councils.py", "Compare councils on a radar and heatmap")
if ctx.scope.pairs:
    page_link(ctx, "pages/3_Alignment_gaps.py", "See where councils are apart")

"""Consensus or split: how much each council's own respondents agree, and the spread of answers behind it."""

import streamlit as st

from rasp.charts import agreement_table, distribution_bars, distribution_table, high_dont_know
from rasp.core import columns as col
from rasp.core import markdown_text as md
from rasp.method import distribution
from rasp.ui import cached, focused_index, page_setup, require_snapshot

ctx = page_setup("Consensus or split")
st.title("Consensus or split?")
snap = require_snapshot(ctx)
fw, limit = ctx.framework, ctx.framework.thresholds.anonymity_min_respondents
st.write(
    "A council's score is the average of its respondents. When they disagree widely (on average more than "
    f"{fw.thresholds.split_ad:g} scale points from one another's mean answer), the score is **split**: it hides a "
    f"divided council and should be discussed, not relied on. To protect respondents, nothing here is shown for "
    f"a council with fewer than {limit} returns in the round."
)
table = cached(ctx, agreement_table, snap.agreement, fw)
st.dataframe(table, hide_index=True, width="stretch")
splits = table[table["Reading"].str.startswith("split")]
for row in splits.itertuples():
    st.warning(f"{md(row.Council)} is split on {row.Dimension.lower()}: its score is not a consensus.")

st.header("The answers behind a council's scores")
options = list(snap.councils)
council = st.selectbox("Council", options, index=focused_index("council", options))
dist = cached(ctx, distribution, snap.answers, council, fw)
if dist.empty:
    st.info(
        f"Below threshold: {council} has fewer than {limit} returns in this round, so its answers are not "
        "shown, to protect its respondents."
    )
    st.stop()
names = {"All dimensions": None} | {v: k for k, v in fw.dimension_names.items()}
dimension = names[st.selectbox("Dimension", list(names))]
shown = dist if dimension is None else dist[dist[col.DIMENSION] == dimension]
st.plotly_chart(
    cached(ctx, distribution_bars, shown, fw, f"{council}: answers per statement"),
    key="distribution",
    theme=None,
    width="stretch",
)
for row in high_dont_know(shown).itertuples():
    st.warning(
        f"{row.dont_know} of {row.respondents} respondents answered Don't know to {row.statement}: "
        "a gap in what people know is a finding in itself."
    )
with st.expander("Data behind the chart"):
    st.dataframe(distribution_table(shown, fw), hide_index=True, width="stretch")

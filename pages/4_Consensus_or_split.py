"""Consensus or split: the split scores first, then the spread of answers behind a council's scores."""

import streamlit as st

from rasp.charts import agreement_table, distribution_bars, distribution_table, high_dont_know
from rasp.core import columns as col
from rasp.core import markdown_text as md
from rasp.method import distribution
from rasp.ui import cached, evidence_for, focused, focused_index, page_setup, require_snapshot, show_table

ctx = page_setup("Consensus or split")
st.title("Consensus or split")
snap = require_snapshot(ctx)
fw, limit = ctx.framework, ctx.framework.thresholds.anonymity_min_respondents
st.write(
    "Is a council's score a consensus, or the average of people who disagree? When a council's respondents are "
    f"on average more than {fw.thresholds.split_ad:g} scale points from one another's mean answer, the score is "
    "**split**: it hides a divided council and should be discussed, not relied on. To protect respondents, "
    f"nothing here is shown for a council with fewer than {limit} returns in the round."
)
table = cached(ctx, agreement_table, snap.agreement, fw, splits_first=True)
splits = table[table["Reading"].str.startswith("split")]
st.header("Split scores")
if splits.empty:
    st.success("No split scores: where agreement can be shown, each council's respondents broadly agree.")
for _, split in splits.iterrows():
    st.warning(
        f"{md(split['Council'])} is split on {split['Dimension'].lower()} (its respondents are "
        f"{split['Disagreement (scale points)']} scale points from their mean answer on average): its score is not "
        "a consensus."
    )
with st.expander(f"Agreement in every council and dimension ({len(table)} rows, split ones first)"):
    show_table(table)

st.header("The answers behind a council's scores")
options = list(snap.councils)
first = options.index(splits.iloc[0]["Council"]) if not splits.empty else 0
council = st.selectbox("Council", options, index=focused_index("council", options, first))
evidence = evidence_for(ctx, council)  # cached per data version and viewer
with st.expander(f"Evidence in {md(council)}'s respondents' own words"):
    if evidence is None:
        st.write(
            f"Shown to {md(council)}'s own people, and to others only once it has "
            f"{fw.thresholds.evidence_min_respondents} or more returns in the round (to protect its respondents)."
        )
    elif evidence.empty:
        st.write("None was written.")
    else:
        show_table(evidence.rename(columns=str.capitalize))
dist = cached(ctx, distribution, snap.answers, council, fw)
if dist.empty:
    st.info(
        f"Below threshold: {md(council)} has fewer than {limit} returns in this round, so its answers are not "
        "shown, to protect its respondents."
    )
    st.stop()
own = splits[splits["Council"] == council]["Dimension"].tolist()
names = [*fw.dimension_names.values(), "All dimensions"]
wanted = focused("dimension") if focused("council") == council else None
start = names.index(wanted) if wanted in names else names.index(own[0]) if own else 0
chosen = st.selectbox("Dimension", names, index=start)
dimension = {v: k for k, v in fw.dimension_names.items()}.get(chosen)
shown = dist if dimension is None else dist[dist[col.DIMENSION] == dimension]
title = f"{council}: answers on {chosen.lower()}" if dimension else f"{council}: answers per statement"
st.plotly_chart(cached(ctx, distribution_bars, shown, fw, title), key="distribution", theme=None, width="stretch")
text = {s.id: s.text for s in fw.statements}
for row in cached(ctx, high_dont_know, shown).itertuples():
    st.warning(
        f"{row.dont_know} of {row.respondents} respondents answered Don't know to '{text.get(row.statement, '')}' "
        f"({row.statement}): a gap in what people know is a finding in itself."
    )
with st.expander("Data behind the chart"):
    show_table(cached(ctx, distribution_table, shown, fw))

"""Ambition and readiness: each council's target form of sharing against what its scores make it ready for."""

import streamlit as st

from rasp.charts import ambition_gap_table, ladder_chart, requirements_table, targets_table
from rasp.core import columns as col
from rasp.core import markdown_text as md
from rasp.method import ready_by_council
from rasp.ui import cached, focused_index, page_setup, require_snapshot

ctx = page_setup("Ambition and readiness")
st.title("Can we reach the form of sharing we are aiming for?")
snap = require_snapshot(ctx)
fw = ctx.framework
st.write(
    "Each respondent names the form of sharing their council is aiming for; a council's target is the middle "
    "of its respondents' answers (rounded down). A council is ready for the deepest form of sharing whose "
    "minimum scores it meets on every dimension."
)
if snap.targets.empty:
    st.info("No return in this round names a target form of sharing yet.")
    st.stop()
ready = cached(ctx, ready_by_council, snap.scores, fw)
label = {r.rung: r.label for r in fw.ladder}
st.plotly_chart(cached(ctx, ladder_chart, snap.targets, ready, fw), key="ladder", theme=None, width="stretch")
table = cached(ctx, targets_table, snap.targets, ready, fw)
with st.expander("Data behind the ladder", expanded=True):
    st.dataframe(table, hide_index=True, width="stretch")

for row in snap.ambition_disagreements.itertuples():
    st.warning(
        f"{md(row.council_a)} ({label[row.target_a]}) and {md(row.council_b)} ({label[row.target_b]}) are "
        f"{row.difference} rungs apart on the form of sharing they want: agree the ambition first."
    )
for row in snap.targets[snap.targets["internal_disagreement"]].itertuples():
    st.warning(
        f"{md(row.council)}'s own respondents want different things: from {label[row.lowest]} to {label[row.highest]}."
    )

st.header("How far a council is from its target")
options = list(snap.targets[col.COUNCIL])
council = st.selectbox("Council", options, index=focused_index("council", options))
own = snap.targets.set_index("council").loc[council]
st.write(f"**{md(council)}** aims for **{label[int(own.target_rung)]}** and is ready for **{label[ready[council]]}**.")
st.dataframe(ambition_gap_table(snap.ambition, council, fw), hide_index=True, width="stretch")

st.header("What each form of sharing needs")
st.caption(
    "These minimum scores are the framework's own assumptions, not research findings. An administrator "
    "can change them in the framework file (data/framework.toml)."
)
st.dataframe(requirements_table(fw), hide_index=True, width="stretch")

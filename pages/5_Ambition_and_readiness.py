"""Ambition and readiness: each council's target form of sharing against what its scores make it ready for."""

import streamlit as st

from rasp.charts import (
    ambition_gap_table,
    ambition_pairs_table,
    forms_table,
    ladder_chart,
    requirements_table,
    targets_table,
)
from rasp.core import columns as col
from rasp.core import markdown_text as md
from rasp.method import MATRIX_LIMIT, furthest_from_target, ready_by_council
from rasp.ui import cached, focused, focused_index, page_setup, require_snapshot, show_table

ctx = page_setup("Ambition and readiness")
st.title("Ambition and readiness")
snap = require_snapshot(ctx)
fw = ctx.framework
st.write(
    "Can we reach the form of sharing we are aiming for? Each respondent names the form of sharing their council "
    "is aiming for; a council's target is the middle of its respondents' answers (rounded down). A council is "
    "ready for the deepest form of sharing whose minimum scores it meets on every dimension."
)
with st.expander("The forms of sharing, loosest first (each includes the ones before it)"):
    show_table(cached(ctx, forms_table, fw))
if snap.targets.empty:
    st.info("No return in this round names a target form of sharing yet.")
    st.stop()
ready = cached(ctx, ready_by_council, snap.scores, fw)
label = {r.rung: r.label for r in fw.ladder}
targets = snap.targets
few = MATRIX_LIMIT
if len(targets) > few:
    names = list(targets[col.COUNCIL])
    default = cached(ctx, furthest_from_target, targets, ready, few)
    if (wanted := focused("council")) in names and wanted not in default:
        default = [*default[1:], wanted]
    chosen = st.multiselect(f"Councils on the ladder (up to {few})", names, default, max_selections=few)
    st.caption("Shown first: the councils whose target is furthest beyond what they are ready for.")
    targets = targets[targets[col.COUNCIL].isin(chosen)]
st.plotly_chart(cached(ctx, ladder_chart, targets, ready, fw), key="ladder", theme=None, width="stretch")
with st.expander("Data behind the ladder", expanded=len(snap.targets) <= few):
    show_table(cached(ctx, targets_table, snap.targets, ready, fw))

apart = snap.ambition_disagreements
for row in apart.head(5).itertuples():
    st.warning(
        f"{md(row.council_a)} ({label[row.target_a]}) and {md(row.council_b)} ({label[row.target_b]}) are "
        f"{row.difference} rungs apart on the form of sharing they want: agree the ambition first."
    )
if len(apart) > 5:
    with st.expander(f"…and {len(apart) - 5} more pairs two or more rungs apart"):
        show_table(cached(ctx, ambition_pairs_table, apart, fw))
for row in snap.targets[snap.targets["internal_disagreement"]].itertuples():
    st.warning(
        f"{md(row.council)}'s own respondents want different things: from {label[row.lowest]} to {label[row.highest]}."
    )

st.header("How far a council is from its target")
options = list(snap.targets[col.COUNCIL])
council = st.selectbox("Council", options, index=focused_index("council", options))
own = snap.targets.set_index("council").loc[council]
st.write(f"**{md(council)}** aims for **{label[int(own.target_rung)]}** and is ready for **{label[ready[council]]}**.")
show_table(cached(ctx, ambition_gap_table, snap.ambition, council, fw))

st.header("What each form of sharing needs")
st.caption(
    "Minimum scores (0-100) per dimension. These are the framework's own assumptions, not research findings; an "
    "administrator can change them in the framework file (data/framework.toml)."
)
show_table(cached(ctx, requirements_table, fw))

"""Compare councils: radar with the partnership mean, heatmap coloured by band, and the data behind both."""

import streamlit as st

from rasp.figures import band_heatmap, radar
from rasp.tables import scores_table, scores_wide
from rasp.ui.app import no_data_yet, page_setup

ctx = page_setup("Compare councils")
st.title("Compare councils")
if no_data_yet(ctx):
    st.stop()
snap = ctx.snapshot()
assert snap is not None
fw = ctx.framework

chosen = st.multiselect("Councils on the radar", list(snap.councils), default=list(snap.councils))
show_mean = st.checkbox("Show the partnership mean", value=True)
st.plotly_chart(
    radar(snap.scores, fw.dimension_names, chosen, snap.view if show_mean else None),
    key="radar",
    theme=None,
    width="stretch",
)
with st.expander("Data behind the radar"):
    st.dataframe(scores_table(snap.scores[snap.scores["council"].isin(chosen)], fw), hide_index=True, width="stretch")

st.subheader("All councils and dimensions")
st.caption("Blue: strength (75 or more). Yellow: borderline, discuss (50 to 74). Orange: concern (below 50).")
st.plotly_chart(
    band_heatmap(snap.scores, fw.dimension_names, list(snap.councils)), key="heatmap", theme=None, width="stretch"
)
with st.expander("Data behind the heatmap"):
    st.dataframe(scores_wide(snap.scores, fw), width="stretch")
    st.dataframe(scores_table(snap.scores, fw), hide_index=True, width="stretch")

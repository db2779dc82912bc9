"""Compare councils: radar with the partnership mean, heatmap coloured by band, and the data behind both."""

import streamlit as st

from rasp.charts import agreement_table, band_heatmap, radar, scores_table, scores_wide
from rasp.core import columns as col
from rasp.method import agreement_words, band_ranges
from rasp.ui import cached, page_setup, require_snapshot

ctx = page_setup("Compare councils")
st.title("Compare councils")
snap = require_snapshot(ctx)
fw = ctx.framework
words = cached(ctx, agreement_words, snap.agreement)

chosen = st.multiselect("Councils on the radar", list(snap.councils), default=list(snap.councils))
left, right = st.columns(2)
show_mean = left.checkbox("Show the partnership mean", value=True)
rungs = {"None": None} | {f"{r.label}": r for r in fw.ladder}
rung = rungs[right.selectbox("Show what a form of sharing needs (dashed outline)", list(rungs))]
st.plotly_chart(
    cached(
        ctx,
        radar,
        snap.scores,
        fw.dimension_names,
        chosen,
        snap.view if show_mean else None,
        agreement=words,
        requirement=(rung.label, rung.requires) if rung else None,
    ),
    key="radar",
    theme=None,
    width="stretch",
)
st.caption(
    "A cross marks a split score: that council's respondents disagree, so the score is not a consensus. "
    "The dashed outline is the framework's own assumption of what a form of sharing needs."
)
with st.expander("Data behind the radar"):
    st.dataframe(
        scores_table(snap.scores[snap.scores[col.COUNCIL].isin(chosen)], fw, words), hide_index=True, width="stretch"
    )

st.header("All councils and dimensions")
ranges = band_ranges(fw.thresholds)
st.caption(
    f"Blue: strength ({ranges['strength']}). Yellow: borderline, discuss ({ranges['borderline']}). "
    f"Orange: concern ({ranges['concern']}). 'split' marks a score its own respondents disagree on."
)
st.plotly_chart(
    cached(ctx, band_heatmap, snap.scores, fw.dimension_names, list(snap.councils), agreement=words),
    key="heatmap",
    theme=None,
    width="stretch",
)
with st.expander("Data behind the heatmap"):
    st.dataframe(scores_wide(snap.scores, fw), width="stretch")
    st.dataframe(agreement_table(snap.agreement, fw), hide_index=True, width="stretch")

"""Compare councils: radar of a chosen few with the partnership mean, heatmap coloured by band, the data behind."""

import streamlit as st

from rasp.charts import MAX_RADAR, agreement_table, band_heatmap, form_words, radar, scores_table, scores_wide
from rasp.core import columns as col
from rasp.method import agreement_words, band_ranges, radar_default
from rasp.ui import cached, focused, page_setup, require_snapshot, show_table

ctx = page_setup("Compare councils")
st.title("Compare councils")
snap = require_snapshot(ctx)
fw = ctx.framework
words = cached(ctx, agreement_words, snap.agreement)
ranges = band_ranges(fw.thresholds)

councils = list(snap.councils)
default = cached(ctx, radar_default, snap.scores)
wanted = focused("council")
if wanted in councils and wanted not in default:
    default = [*default[: MAX_RADAR - 1], wanted]
chosen = st.multiselect(
    f"Councils on the radar (up to {MAX_RADAR}, so the lines stay readable)",
    councils,
    default=default,
    max_selections=MAX_RADAR,
)
st.caption(
    "Shown first: the lowest, the middle and the highest scoring council overall. Every council is in the "
    "heatmap below."
)
left, right = st.columns(2)
show_mean = left.checkbox("Show the partnership mean", value=True)
forms = {"None": None} | {form_words(fw)[r.rung]: r for r in fw.ladder}
rung = forms[right.selectbox("Show what a form of sharing needs (dashed outline)", list(forms))]
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
    "A large cross marks a split score: that council's respondents disagree, so the score is not a consensus. "
    "The dashed outline is the framework's own assumption of what a form of sharing needs."
)
with st.expander("Data behind the radar"):
    show_table(cached(ctx, scores_table, snap.scores[snap.scores[col.COUNCIL].isin(chosen)], fw, words))

st.header("All councils and dimensions")
st.caption(
    f"Blue: strength ({ranges['strength']}). Yellow: borderline, discuss ({ranges['borderline']}). "
    f"Orange: concern ({ranges['concern']}). 'split' marks a score its own respondents disagree on."
)
st.plotly_chart(
    cached(ctx, band_heatmap, snap.scores, fw.dimension_names, councils, agreement=words),
    key="heatmap",
    theme=None,
    width="stretch",
)
with st.expander("Data behind the heatmap"):
    show_table(cached(ctx, scores_wide, snap.scores, fw), hide_index=False)
    show_table(cached(ctx, agreement_table, snap.agreement, fw, splits_first=True))

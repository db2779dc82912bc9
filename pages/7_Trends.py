"""Trends: how each council's scores move from round to round, and what changed since the previous round."""

import streamlit as st

from rasp.charts import changes_table, trend_chart, trend_table
from rasp.core import columns as col
from rasp.core import long_date
from rasp.core import markdown_text as md
from rasp.method import changes_since_previous
from rasp.ui import cached, focused_index, no_data_yet, page_setup, round_infos, show_table

ctx = page_setup("Trends")
st.title("Trends")
if no_data_yet(ctx):
    st.stop()
fw = ctx.framework
rounds = round_infos(ctx.engine, ctx.partnership or "")
st.write(
    "Rounds: "
    + "; ".join(r.name + (f" (opened {long_date(r.opened_on)})" if r.opened_on else "") for r in rounds)
    + "."
)
trends = ctx.trends()
councils = list(dict.fromkeys(trends[col.COUNCIL]))
options = councils
council = st.selectbox("Council", options, index=focused_index("council", options))
st.plotly_chart(
    cached(
        ctx,
        trend_chart,
        trends[trends[col.COUNCIL] == council],
        council,
        fw.dimension_names,
        fw.thresholds,
    ),
    key="trend",
    theme=None,
    width="stretch",
)
with st.expander("Data behind the chart"):
    show_table(cached(ctx, trend_table, trends, council, fw))
if len(rounds) < 2:
    st.info("There is only one round so far: trends appear once a second round has returns.")
st.header(f"Change since the previous round ({md(ctx.round_name)})")
changes = cached(ctx, changes_since_previous, trends, ctx.round_name or "")
if changes.empty:
    st.caption("This is the first round: there is nothing to compare with.")
else:
    show_table(cached(ctx, changes_table, changes, fw))

"""Actions: what the partnership agreed to do, who owns it, by when, and where it stands; carried over between
rounds until done."""

import streamlit as st

from rasp.access import Action, restrict_actions
from rasp.charts import actions_table
from rasp.core import markdown_text as md
from rasp.method import safe_csv
from rasp.ui import STATUSES, action_form, directory, load_actions, no_data_yet, page_setup, update_action

ctx = page_setup("Actions")
st.title("Agreed actions")
if no_data_yet(ctx):
    st.stop()
partnership, round_name = ctx.partnership or "", ctx.round_name or ""
acts = restrict_actions(load_actions(ctx.engine, partnership, round_name), ctx.scope)
st.write(f"Actions for **{md(round_name)}**, with those carried over from earlier rounds that are not yet done.")
if acts.empty:
    st.info("No actions yet. Add one below, or in the presenter view's 'What to do next' screen.")
else:
    st.dataframe(actions_table(acts), hide_index=True, width="stretch")
    st.download_button(
        "Download the actions (CSV)",
        data=safe_csv(actions_table(acts)),
        file_name=f"actions-{round_name.lower().replace(' ', '-')}.csv",
        mime="text/csv",
    )
if not acts.empty and ctx.scope.may(Action.AGREE):
    with st.form("status"):
        labels = {f"{r.id}: {r.action[:80]}": int(r.id) for r in acts.itertuples()}
        chosen = st.selectbox("Action", list(labels))
        status = st.selectbox("New status", list(STATUSES))
        if st.form_submit_button("Update the status"):
            update_action(ctx, labels[chosen], status)
            st.rerun()

if not ctx.scope.may(Action.AGREE):
    st.stop()
st.header("Add an action")
if action_form(ctx, list(directory(ctx.engine).councils[partnership]), []):
    st.rerun()

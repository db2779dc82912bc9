"""Partnership set-up: create a partnership, add councils and rounds. Safe to repeat: nothing is duplicated."""

import streamlit as st

from rasp.access import Action
from rasp.core import RaspError, long_date
from rasp.core import markdown_text as md
from rasp.ui import PARTNERSHIP, ROUND, directory, page_setup, round_infos, set_up

ctx = page_setup("Partnership set-up", needs=Action.SET_UP, pick_round=False)
st.title("Partnership set-up")
st.write(
    "Set up a partnership, its councils and its rounds of assessment. Council names are the ones returns "
    "must use, so write them as councils will recognise them (for example 'Northvale District Council')."
)

known = directory(ctx.engine)
if ctx.partnership:
    st.header(f"{md(ctx.partnership)} now")
    cols = st.columns(2)
    cols[0].markdown("**Councils**\n\n" + "\n".join(f"- {md(c)}" for c in known.councils[ctx.partnership]))
    rounds = round_infos(ctx.engine, ctx.partnership)
    cols[1].markdown(
        "**Rounds**\n\n"
        + (
            "\n".join(f"- {r.name}" + (f" (opened {long_date(r.opened_on)})" if r.opened_on else "") for r in rounds)
            or "none yet"
        )
    )

st.header("Create or extend a partnership")
with st.form("setup"):
    name = st.text_input(
        "Partnership name", value=ctx.partnership or "", help="Use an existing name to add councils or a round to it."
    )
    councils = st.text_area(
        "Councils, one per line", height=150, help="Councils already in the partnership are left as they are."
    )
    round_name = st.text_input("Round to add (optional)", placeholder="for example 2026 baseline")
    opened = st.date_input("Round opens on", value=None, format="DD/MM/YYYY")
    submitted = st.form_submit_button("Save", type="primary")
if submitted:
    try:
        result = set_up(ctx, name, [c for c in councils.splitlines() if c.strip()], round_name or None, opened)
    except RaspError as exc:
        st.error(str(exc))
    else:
        st.session_state[PARTNERSHIP] = result.partnership
        if round_name.strip():
            st.session_state[ROUND] = " ".join(round_name.split())
        if result.created:
            st.success("Saved: " + "; ".join(result.created) + ".")
        else:
            st.info("Nothing new to save: everything was already set up.")
        st.button("Show the updated set-up")

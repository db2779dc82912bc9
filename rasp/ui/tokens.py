"""The API tokens panel for facilitators: create a token (shown once), see and revoke the partnership's tokens,
close or reopen the round to the API. `who` is the signed-in person (the page needs Action.COLLECT, a
facilitator's right); each change is audited in the store."""

from __future__ import annotations

import streamlit as st

from rasp.core.safety import markdown_text as md
from rasp.store.tokens import create_token, list_tokens, revoke_token, round_closed_at, set_round_closed
from rasp.ui.app import Context

JUST_CREATED = "api_just_created"  # the token just created: shown once, then dropped


def token_panel(ctx: Context, who: str) -> None:
    partnership, round_name = ctx.partnership or "", ctx.round_name or ""
    st.header("Create a token")
    with st.form("new_token", clear_on_submit=True):
        label = st.text_input("What is it for?", placeholder="for example: Power Automate flow, Eastmoor survey")
        made = st.form_submit_button("Create a token", type="primary")
    if made:
        token_id, token = create_token(ctx.engine, partnership, label, who)
        st.session_state[JUST_CREATED] = (token_id, token)
    if st.session_state.get(JUST_CREATED):
        token_id, token = st.session_state.pop(JUST_CREATED)
        st.success(f"Token {token_id} created. Copy it now: it is shown only this once and kept only as a hash.")
        st.code(token, language=None)
    st.header("Tokens of this partnership")
    tokens = list_tokens(ctx.engine, partnership)
    if tokens.empty:
        st.caption("None yet.")
    else:
        st.dataframe(tokens, hide_index=True, width="stretch")
        live = tokens.loc[tokens["revoked_at"].isna(), "id"].tolist()
        if live:
            with st.form("revoke_token"):
                chosen = st.selectbox("Token to revoke", live)
                if st.form_submit_button("Revoke it") and chosen is not None:
                    revoke_token(ctx.engine, partnership, int(chosen), who)
                    st.rerun()
    st.header("The round")
    closed = round_closed_at(ctx.engine, partnership, round_name)
    st.write(f"Round **{md(round_name)}** is {'closed to' if closed else 'open to'} returns sent through the API.")
    if st.button("Reopen it" if closed else "Close it to the API"):
        set_round_closed(ctx.engine, partnership, round_name, closed is None, who)
        st.rerun()

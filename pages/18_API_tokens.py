"""API tokens: what an automated flow (for example Microsoft Forms -> Power Automate) needs to send returns."""

import streamlit as st

from rasp.access import Action
from rasp.ui import no_data_yet, page_setup, token_panel

ctx = page_setup("API tokens", needs=Action.COLLECT)
st.title("API tokens")
if no_data_yet(ctx):
    st.stop()
st.write(
    f"A flow sends each response as JSON to `POST /api/v1/returns` on this server, with a token of "
    f"**{ctx.partnership}** as `Authorization: Bearer <token>`. Each return is checked like an Excel return; "
    "problems come back with the same messages. The description of the API is at `/api/v1/openapi.json`."
)
token_panel(ctx, ctx.person.email)

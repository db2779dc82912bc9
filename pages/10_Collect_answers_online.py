"""Collect answers online: open a questionnaire link for the round, show its QR code for an address the phones in
the room can reach, watch answers arrive, close it."""

import streamlit as st

from rasp.access import Action
from rasp.core import long_datetime, plural
from rasp.ui import (
    join_plan_here,
    links_for,
    no_data_yet,
    open_link,
    page_setup,
    pick_address,
    qr_panel,
    response_counts,
    shut_link,
)

ctx = page_setup("Collect answers online", needs=Action.COLLECT)
st.title("Collect answers online")
if no_data_yet(ctx):
    st.stop()
partnership, round_name = ctx.partnership or "", ctx.round_name or ""
st.write(
    f"Open a link for **{partnership}**, round **{round_name}**. Respondents open it on a phone or laptop "
    "(or scan its QR code), answer, and their answers count as returns for this round. Close the link when "
    "you have finished: it then accepts nothing more. The presenter view shows the code too, on every screen."
)
address = pick_address(join_plan_here())
kinds = {
    f"The full questionnaire ({len(ctx.framework.statements)} statements and partner ratings)": "full",
    "A quick pulse in the room (your council and one short statement per dimension)": "pulse",
}
kind = kinds[st.radio("What should people answer?", list(kinds))]
if st.button("Open a new link", type="primary"):
    open_link(ctx, kind)  # type: ignore[arg-type]
    st.rerun()

for link in links_for(ctx.engine, partnership, round_name):
    counts = response_counts(ctx.engine, [link.id])
    state = "open" if link.is_open else f"closed {long_datetime(link.closed_at)}"
    with st.container(border=True):
        text, code = st.columns([3, 1])
        text.markdown(
            f"**{'Quick pulse' if link.kind == 'pulse' else 'Full questionnaire'}**, opened "
            f"{long_datetime(link.created_at)}, {state}."
        )
        if address is not None:
            text.code(address.link(link.token), language=None)
        text.write(
            f"{plural(counts.submitted, 'answer')} sent; {plural(counts.answering_now, 'person', 'people')} "
            f"answering now (an answer in the last 10 minutes); {counts.abandoned} started but not sent "
            "(no answer for 10 minutes or more)."
        )
        if link.is_open:
            if address is not None:
                with code:
                    qr_panel(address, link.token, width=200, key=f"qr_{link.token}")
            if text.button("Close this link", key=f"close_{link.token}"):
                shut_link(ctx, link.token)
                st.rerun()

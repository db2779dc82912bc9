"""Collect answers online: open a questionnaire link for the round, show its QR code, watch answers arrive, close it."""

import streamlit as st

from rasp.core import config, long_datetime
from rasp.meeting import qr_png
from rasp.ui import close_link, create_link, links_for, no_data_yet, page_setup, response_counts

ctx = page_setup("Collect answers online")
st.title("Collect answers online")
if no_data_yet(ctx):
    st.stop()
partnership, round_name = ctx.partnership or "", ctx.round_name or ""
st.write(
    f"Open a link for **{partnership}**, round **{round_name}**. Respondents open it on a phone or laptop "
    "(or scan its QR code), answer, and their answers count as returns for this round. Close the link when "
    "you have finished: it then accepts nothing more."
)
st.write(f"Links start with `{config.public_url()}`. Set RASP_PUBLIC_URL to an address people in the room can reach.")
kinds = {
    f"The full questionnaire ({len(ctx.framework.statements)} statements and partner ratings)": "full",
    "A quick pulse in the room (one short statement per dimension)": "pulse",
}
kind = kinds[st.radio("What should people answer?", list(kinds))]
if st.button("Open a new link", type="primary"):
    create_link(ctx.engine, partnership, round_name, kind)  # type: ignore[arg-type]
    st.rerun()

for link in links_for(ctx.engine, partnership, round_name):
    address = f"{config.public_url()}/Questionnaire?link={link.token}"
    counts = response_counts(ctx.engine, [link.id])
    state = "open" if link.is_open else f"closed {long_datetime(link.closed_at)}"
    with st.container(border=True):
        text, code = st.columns([3, 1])
        text.markdown(
            f"**{'Quick pulse' if link.kind == 'pulse' else 'Full questionnaire'}**, opened "
            f"{long_datetime(link.created_at)}, {state}."
        )
        text.code(address, language=None)
        text.write(f"{counts.submitted} sent, {counts.in_progress} in progress.")
        if link.is_open:
            code.image(qr_png(address), caption="Scan to answer", width=180)
            if text.button("Close this link", key=f"close_{link.token}"):
                close_link(ctx.engine, link.token)
                st.rerun()

"""Presenter view: the storyline for a partnership meeting on a projector, refreshing while answers arrive. It
fits the screen without scrolling; while a questionnaire link is open a join screen and a corner show its QR code."""

import streamlit as st

from rasp.access import Action
from rasp.meeting import storyline
from rasp.ui import (
    BIG,
    REVEALED,
    SCREEN,
    chosen_address,
    control_bar,
    join_plan_here,
    load_returns,
    no_data_yet,
    open_links,
    page_setup,
    record_switch,
    stage,
)

REFRESH_SECONDS = 4
ctx = page_setup("Presenter view", needs=Action.PRESENT, sidebar="collapsed")
st.markdown(BIG, unsafe_allow_html=True)  # static CSS only
if no_data_yet(ctx):
    st.stop()
links = open_links(ctx)
address = chosen_address(join_plan_here()) if links else None
has_pulse = not load_returns(ctx.engine, ctx.partnership or "", ctx.round_name or "", pulse=True).empty
screens = storyline(has_pulse, ctx.framework, live=bool(links and address))
index = min(max(int(st.session_state.get(SCREEN, 0)), 0), len(screens) - 1)
control_bar(screens, index, bool(links), REFRESH_SECONDS)
record_switch(ctx, "reveal", REVEALED, "results shown", "results hidden")
stage(ctx, screens[index], address, REFRESH_SECONDS)

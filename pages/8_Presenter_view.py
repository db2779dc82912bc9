"""Presenter view: the storyline for a partnership meeting on a projector, refreshing while answers arrive."""

import streamlit as st

from rasp.meeting import storyline
from rasp.ui import (
    ANONYMOUS,
    BIG,
    REVEALED,
    SCREEN,
    agree_and_act,
    apart,
    counter,
    ladder,
    load_returns,
    no_data_yet,
    open_links,
    page_setup,
    pulse,
    shown,
    split,
    trust,
    where,
)

REFRESH_SECONDS = 4
ctx = page_setup("Presenter view", sidebar="collapsed")
st.markdown(BIG, unsafe_allow_html=True)  # static CSS only
if no_data_yet(ctx):
    st.stop()
live = bool(open_links(ctx))
has_pulse = not load_returns(ctx.engine, ctx.partnership or "", ctx.round_name or "", pulse=True).empty
screens = storyline(has_pulse, ctx.framework)
index = min(max(int(st.session_state.get(SCREEN, 0)), 0), len(screens) - 1)
screen = screens[index]


def move(step: int) -> None:
    st.session_state[SCREEN] = min(max(index + step, 0), len(screens) - 1)


back, where_am_i, forward = st.columns([1, 2, 1], vertical_alignment="center")
back.button("◀ Previous", on_click=move, args=(-1,), disabled=index == 0, width="stretch", shortcut="PageUp")
where_am_i.markdown(f"<p style='text-align:center'>{index + 1} of {len(screens)}</p>", unsafe_allow_html=True)
forward.button(
    "Next ▶",
    on_click=move,
    args=(1,),
    disabled=index == len(screens) - 1,
    width="stretch",
    type="primary",
    shortcut="PageDown",
)
with st.expander("Facilitator controls"):
    st.session_state.setdefault(REVEALED, not live)  # hidden by default while answers are coming in
    st.toggle("Show the results", key=REVEALED)
    st.toggle("Show councils as Council A, B, C", key=ANONYMOUS)
    st.caption(
        "Page Down and Page Up (or a presentation clicker) move between screens. While a questionnaire "
        f"link is open the screen refreshes every {REFRESH_SECONDS} seconds."
    )
st.title(screen.title)
st.header(screen.question)


@st.fragment(run_every=REFRESH_SECONDS if live else None)
def body() -> None:
    snap = ctx.fresh_snapshot()
    assert snap is not None
    counter(ctx, snap)
    if screen.id != "next" and not st.session_state.get(REVEALED):
        st.info("The results are hidden until the facilitator shows them, so that early answers do not sway the room.")
        return
    view, aliases = shown(ctx, snap)
    draw = {"where": where, "apart": apart, "split": split, "ladder": ladder, "trust": trust}
    if screen.id in draw:
        draw[screen.id](view, ctx.framework)
    elif screen.id == "pulse":
        pulse(ctx, view, aliases)


body()
if screen.id == "next":
    snap = ctx.fresh_snapshot()
    assert snap is not None
    view, aliases = shown(ctx, snap)
    agree_and_act(ctx, view, aliases)

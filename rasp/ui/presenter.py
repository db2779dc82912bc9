"""The presenter view's screens: big, calm, one idea each, made to fit a projector (1920x1080 and 1366x768)
without scrolling. The page is a column as tall as the window: one slim bar of controls, the screen's title and
question, then the chart, which takes whatever height is left. Chart text is at least 20 px at 1920 wide (16 px
in a window narrower than 1700 px, where 22 px cells would overflow). While a
questionnaire link is open a corner shows its QR code and short address (and a join screen shows it large).
Charts keep stable keys so a refresh updates them in place instead of redrawing the page."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from rasp.charts.figures import band_heatmap
from rasp.charts.projector import big, gaps_screen, ladder_screen, radar_screen, split_screen, trust_screen
from rasp.core.framework import Framework
from rasp.core.safety import markdown_text as md
from rasp.core.words import plural
from rasp.meeting.addresses import JoinAddress
from rasp.meeting.presenter import Screen, pulse_view
from rasp.method.anonymise import anonymise, anonymise_frame, council_aliases
from rasp.method.findings import findings
from rasp.method.snapshot import Snapshot
from rasp.method.trust import asymmetric_pairs
from rasp.store.collection import Counts, Link, links_for, response_counts
from rasp.store.reads import load_answers
from rasp.ui import join
from rasp.ui.agree import agree_and_act
from rasp.ui.app import Context
from rasp.ui.cache import cached

SCREEN, REVEALED, ANONYMOUS = "presenter_screen", "presenter_revealed", "presenter_anonymous"
BIG = """<style>
header[data-testid="stHeader"] {display: none;}
[data-testid="stMainBlockContainer"] {padding: 0.5rem 1.25rem 0.5rem 1.25rem !important; max-width: 100% !important;
  height: 100vh; display: flex; flex-direction: column;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {flex: 1 1 0; min-height: 0; gap: 0.4rem;}
[data-testid="stLayoutWrapper"]:has(.st-key-p_stage), .st-key-p_stage {flex: 1 1 0; min-height: 0;}
.st-key-p_stage [data-testid="stLayoutWrapper"]:has([data-testid="stPlotlyChart"]),
.st-key-p_stage [data-testid="stVerticalBlock"]:has([data-testid="stPlotlyChart"]),
.st-key-p_stage [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]),
.st-key-p_stage [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {flex: 1 1 0; min-height: 0;}
.st-key-p_stage [data-testid="stHorizontalBlock"] {align-items: stretch; height: 100%;}
.st-key-p_stage [data-testid="stColumn"] {display: flex; flex-direction: column; min-height: 0;}
.st-key-p_stage [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]),
.st-key-p_stage [data-testid="stPlotlyChart"] {height: 100%;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]
  [data-testid="stAlert"] > div {padding: 0.2rem 0.8rem;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]
  [data-testid="stAlert"] p {font-size: 0.9rem;}
.st-key-p_bar {flex: 0 0 auto; border-bottom: 1px solid #b1b4b6; padding-bottom: 0.3rem;}
.st-key-p_bar button {min-height: 2.4rem; padding: 0 0.8rem;}
.st-key-p_bar p {font-size: 1.05rem; margin: 0;}
.st-key-p_head {flex: 0 0 auto; gap: 0.3rem; padding-bottom: 0.3rem;}
.st-key-p_head [data-testid="stHeadingWithActionElements"] {margin: 0 !important;}
.st-key-p_head h1 {font-size: 2.6rem !important; padding: 0.1rem 0 0.35rem 0 !important; line-height: 1.2;}
.st-key-p_head p {font-size: 1.55rem; margin: 0; line-height: 1.3;}
.st-key-p_main .stMarkdown p, .st-key-p_main .stMarkdown li {font-size: 1.45rem; line-height: 1.35; margin: 0;}
.st-key-p_main .stMarkdown ul {padding-left: 1.6rem; margin: 0;}
.st-key-p_main [data-testid="stAlert"] p {font-size: 1.5rem;}
.st-key-p_corner {border-left: 1px solid #b1b4b6; padding-left: 0.8rem; gap: 0.3rem;}
.st-key-p_corner p, .st-key-p_join p {margin: 0;}
.st-key-p_join_qr img {width: min(520px, 52vh) !important; height: auto !important;}
.st-key-p_corner_qr img {width: min(230px, 25vh) !important; height: auto !important;}
@media (max-width: 1700px) {
  .st-key-p_stage .js-plotly-plot svg text {font-size: 16px !important;}
  .st-key-p_head h1 {font-size: 2.1rem !important;}
  .st-key-p_head p, .st-key-p_main .stMarkdown p, .st-key-p_main .stMarkdown li {font-size: 1.2rem;}
}
.rasp-join-address {font-weight: 700; word-break: break-all; line-height: 1.25; margin: 0;}
.st-key-p_corner .rasp-count {font-size: 1.3rem;}
.st-key-p_join .rasp-count {font-size: 2rem;}
</style>"""


def chart(fig: go.Figure, key: str) -> None:
    """A chart made projector-sized by `big` (inside a cached builder, so a refresh only sends it)."""
    st.plotly_chart(fig, key=key, theme=None, width="stretch", height="stretch", config={"displayModeBar": False})


def open_links(ctx: Context) -> list[Link]:
    return [k for k in links_for(ctx.engine, ctx.partnership or "", ctx.round_name or "") if k.is_open]


def presenter_counts(ctx: Context, links: list[Link]) -> Counts:
    return response_counts(ctx.engine, [k.id for k in links])


def count_words(c: Counts) -> str:
    """'3 answers sent · 2 people answering now' (plurals right)."""
    now = plural(c.answering_now, "person", "people") + " answering now"
    return f"{plural(c.submitted, 'answer')} sent · {now}"


def shown(ctx: Context, snap: Snapshot) -> tuple[Snapshot, dict[str, str] | None]:
    """The snapshot as the room should see it: councils as Council A, B, ... when anonymised (made once per data
    version and shared, so every refresh finds its charts already built)."""
    if not st.session_state.get(ANONYMOUS):
        return snap, None
    aliases = cached(ctx, council_aliases, snap.councils)
    return cached(ctx, anonymise, snap, aliases), aliases


def corner(link: Link, address: JoinAddress, c: Counts) -> None:
    """The join corner on every screen while a link is open: QR code, short address, how many are answering."""
    with st.container(key="p_corner"):
        st.html("<p style='font-size:1.3rem;font-weight:700'>Join in: scan the code</p>")
        join.qr_panel(address, link.token, width=230, text_size="1.05rem", key="p_corner_qr", brief=True)
        st.html(f"<p class='rasp-count'>{count_words(c)}</p>")


def join_screen(link: Link, address: JoinAddress, c: Counts, fw: Framework) -> None:
    """The join screen: a large QR code and the address to type, and how many have answered."""
    code, words = st.columns([1, 1.3], vertical_alignment="center")
    with code:
        join.qr_panel(address, link.token, width=520, key="p_join_qr")
    with words, st.container(key="p_join"):
        st.html("<p style='font-size:2rem'>Open your phone's camera and point it at the code, or type:</p>")
        st.html(join.short_html(address, link.token, "2.4rem"))
        n = len(fw.dimensions) if link.kind == "pulse" else len(fw.statements)
        kind = (
            f"the quick pulse ({plural(n, 'statement')})"
            if link.kind == "pulse"
            else f"the questionnaire ({n} statements)"
        )
        st.html(f"<p style='font-size:1.6rem'>You will answer {kind}.</p>")
        st.html(f"<p class='rasp-count'>{count_words(c)}</p>")


def _found(ctx: Context, snap: Snapshot, kinds: set[str]) -> list[str]:
    """The texts of the first two findings of these kinds."""
    return [f.text for f in cached(ctx, findings, snap, ctx.framework) if f.kind in kinds][:2]


def where(ctx: Context, snap: Snapshot) -> None:
    chart(cached(ctx, radar_screen, snap, ctx.framework), "p_radar")


def apart(ctx: Context, snap: Snapshot) -> None:
    for text in _found(ctx, snap, {"gap"}):
        st.markdown(f"- {md(text)}")
    chart(cached(ctx, gaps_screen, snap, ctx.framework), "p_gaps")


def split(ctx: Context, snap: Snapshot) -> None:
    texts = _found(ctx, snap, {"split"})
    st.markdown(
        "\n".join(f"- {md(t)}" for t in texts)
        or "No council is split: every score is a consensus (or too few people answered to tell)."
    )
    chart(cached(ctx, split_screen, snap, ctx.framework), "p_split")


def ladder(ctx: Context, snap: Snapshot) -> None:
    if snap.targets.empty:
        st.markdown("No one has named a target form of sharing yet.")
        return
    for text in _found(ctx, snap, {"ambition", "readiness"}):
        st.markdown(f"- {md(text)}")
    chart(cached(ctx, ladder_screen, snap, ctx.framework), "p_ladder")


def trust(ctx: Context, snap: Snapshot) -> None:
    for r in cached(ctx, asymmetric_pairs, snap.trust).head(2).to_dict("records"):
        st.markdown(
            f"- {md(r['council_a'])} trusts {md(r['council_b'])} at {r['a_trusts_b']:.0f}; "
            f"{md(r['council_b'])} trusts {md(r['council_a'])} at {r['b_trusts_a']:.0f}."
        )
    chart(cached(ctx, trust_screen, snap), "p_trust")


def pulse(ctx: Context, snap: Snapshot, aliases: dict[str, str] | None) -> None:
    """The pulse: a council's own row only from enough answers; otherwise the room pooled (BRIEF section 6)."""
    answers = load_answers(ctx.engine, ctx.partnership or "", ctx.round_name or "", pulse=True)
    if aliases:
        answers = anonymise_frame(answers, aliases)
    view = pulse_view(answers, ctx.framework, snap.councils)
    st.markdown(view.sentence)
    if not view.rows:
        return
    title = "The room's pulse (one statement per dimension)"
    chart(big(band_heatmap(view.scores, ctx.framework.dimension_names, list(view.rows), title)), "p_pulse")


SCREEN_DRAWERS: dict[str, Callable[[Context, Snapshot], None]] = {
    "where": where,
    "apart": apart,
    "split": split,
    "ladder": ladder,
    "trust": trust,
}


def _move(to: int) -> None:
    st.session_state[SCREEN] = to


def control_bar(screens: list[Screen], index: int, live: bool, refresh_seconds: int) -> None:
    """One slim bar: previous, where we are, next (Page Up / Page Down, so a clicker works), and the two toggles."""
    last = len(screens) - 1
    with st.container(key="p_bar", horizontal=True, vertical_alignment="center", gap="medium"):
        st.button("◀ Previous", on_click=_move, args=(max(index - 1, 0),), disabled=index == 0, shortcut="PageUp")
        st.markdown(f"Screen {index + 1} of {len(screens)}")
        st.button(
            "Next ▶",
            on_click=_move,
            args=(min(index + 1, last),),
            disabled=index == last,
            type="primary",
            shortcut="PageDown",
            help="Page Down and Page Up (or a presentation clicker) move between screens. While a questionnaire "
            f"link is open the screen refreshes every {refresh_seconds} seconds.",
        )
        st.session_state.setdefault(REVEALED, not live)  # hidden by default while answers are coming in
        st.toggle("Show the results", key=REVEALED)
        st.toggle("Councils as A, B, C", key=ANONYMOUS)
    with st.container(key="p_head"):
        st.title(screens[index].title)
        st.markdown(screens[index].question)


def stage(ctx: Context, screen: Screen, address: JoinAddress | None, refresh_seconds: int) -> None:
    """The screen's content under the bar, with the join corner beside it while a link is open. What changes as
    people answer refreshes on its own (fragments); the forms of 'What to do next' do not, so typing is kept."""
    links = open_links(ctx)
    every = refresh_seconds if links else None

    @st.fragment(run_every=every)
    def join_corner() -> None:
        live = open_links(ctx)
        if live and address is not None:
            corner(live[0], address, presenter_counts(ctx, live))

    @st.fragment(run_every=every)
    def body() -> None:
        snap = ctx.fresh_snapshot()
        assert snap is not None
        live = open_links(ctx)
        if screen.id == "join" and live and address is not None:
            join_screen(live[0], address, presenter_counts(ctx, live), ctx.framework)
        elif not st.session_state.get(REVEALED):
            st.info(
                "The results are hidden until the facilitator shows them, so that early answers do not sway the room."
            )
        elif screen.id == "pulse":
            pulse(ctx, *shown(ctx, snap))
        elif screen.id in SCREEN_DRAWERS:
            SCREEN_DRAWERS[screen.id](ctx, shown(ctx, snap)[0])

    with st.container(key="p_stage"):
        beside = bool(links and address and screen.id != "join")
        main, side = st.columns([5, 1]) if beside else (st.container(), None)
        if side is not None:
            with side:
                join_corner()
        with main, st.container(key="p_main"):
            if screen.id == "next":
                snap = ctx.fresh_snapshot()
                assert snap is not None
                agree_and_act(ctx, *shown(ctx, snap))
            else:
                body()

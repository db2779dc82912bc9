"""The presenter view's screens: big, calm, one idea each. Charts keep stable keys so a refresh updates them in
place instead of redrawing the page."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from rasp.charts.figures import band_heatmap, gap_heatmap, radar
from rasp.charts.figures_analysis import ladder_chart, matrix_heatmap
from rasp.core.framework import Framework
from rasp.core.safety import markdown_text as md
from rasp.meeting.presenter import pulse_scores
from rasp.method.agreement import agreement_words
from rasp.method.ambition import ready_by_council
from rasp.method.anonymise import anonymise, anonymise_frame, council_aliases
from rasp.method.findings import findings
from rasp.method.gaps import gap_matrix
from rasp.method.snapshot import Snapshot
from rasp.method.trust import asymmetric_pairs, trust_matrix
from rasp.store.collection import links_for, response_counts
from rasp.store.reads import load_answers
from rasp.ui.app import Context

SCREEN, REVEALED, ANONYMOUS = "presenter_screen", "presenter_revealed", "presenter_anonymous"
BIG = """<style>
.block-container {padding-top: 1.5rem; max-width: 100%;}
h1 {font-size: 3rem !important;} h2, h3 {font-size: 2.2rem !important;}
.stMarkdown p, .stMarkdown li {font-size: 1.6rem; line-height: 1.45;}
[data-testid="stMetricValue"] {font-size: 3.2rem;}
button p {font-size: 1.4rem !important;}
</style>"""


def big(fig: go.Figure) -> go.Figure:
    """Projector sizes: larger type and a taller chart."""
    fig.update_layout(font={"size": 20}, height=max(fig.layout.height or 600, 640), title_font_size=26)
    return fig


def open_links(ctx: Context) -> list[int]:
    return [k.id for k in links_for(ctx.engine, ctx.partnership or "", ctx.round_name or "") if k.is_open]


def counter(ctx: Context, snap: Snapshot) -> None:
    """How many returns count in this round, and how many people are answering right now."""
    links = links_for(ctx.engine, ctx.partnership or "", ctx.round_name or "")
    counts = response_counts(ctx.engine, [k.id for k in links])
    left, right = st.columns(2)
    left.metric("Returns counted in this round", len(snap.returns))
    right.metric("Answering now (online)", counts.in_progress)


def shown(ctx: Context, snap: Snapshot) -> tuple[Snapshot, dict[str, str] | None]:
    """The snapshot as the room should see it: councils as Council A, B, ... when anonymised."""
    if not st.session_state.get(ANONYMOUS):
        return snap, None
    aliases = council_aliases(snap.councils)
    return anonymise(snap, aliases), aliases


def where(snap: Snapshot, fw: Framework) -> None:
    st.plotly_chart(
        big(
            radar(
                snap.scores,
                fw.dimension_names,
                list(snap.councils),
                snap.view,
                agreement=agreement_words(snap.agreement),
            )
        ),
        key="p_radar",
        theme=None,
        width="stretch",
    )


def apart(snap: Snapshot, fw: Framework) -> None:
    for f in [f for f in findings(snap, fw) if f.kind == "gap"][:3]:
        st.markdown(f"- {md(f.text)}")
    fig = gap_heatmap(
        gap_matrix(snap.gaps),
        fw.thresholds.material_gap,
        "Mean gap over all dimensions",
        gap_matrix(snap.gaps, None, "material", "sum"),
    )
    st.plotly_chart(big(fig), key="p_gaps", theme=None, width="stretch")


def split(snap: Snapshot, fw: Framework) -> None:
    texts = [f.text for f in findings(snap, fw) if f.kind == "split"]
    st.markdown(
        "\n".join(f"- {t}" for t in texts)
        or "No council is split: every score is a consensus (or too few people answered to tell)."
    )
    st.plotly_chart(
        big(
            band_heatmap(
                snap.scores, fw.dimension_names, list(snap.councils), agreement=agreement_words(snap.agreement)
            )
        ),
        key="p_split",
        theme=None,
        width="stretch",
    )


def ladder(snap: Snapshot, fw: Framework) -> None:
    if snap.targets.empty:
        st.markdown("No one has named a target form of sharing yet.")
        return
    for f in [f for f in findings(snap, fw) if f.kind in {"ambition", "readiness"}][:4]:
        st.markdown(f"- {md(f.text)}")
    st.plotly_chart(
        big(ladder_chart(snap.targets, ready_by_council(snap.scores, fw), fw)),
        key="p_ladder",
        theme=None,
        width="stretch",
    )


def trust(snap: Snapshot, fw: Framework) -> None:
    del fw
    for r in asymmetric_pairs(snap.trust).head(3).to_dict("records"):
        st.markdown(
            f"- {md(r['council_a'])} trusts {md(r['council_b'])} at {r['a_trusts_b']:.0f}; "
            f"{md(r['council_b'])} trusts {md(r['council_a'])} at {r['b_trusts_a']:.0f}."
        )
    st.plotly_chart(
        big(matrix_heatmap(trust_matrix(snap.trust), "Trust (row rates column)", "trust")),
        key="p_trust",
        theme=None,
        width="stretch",
    )


def pulse(ctx: Context, snap: Snapshot, aliases: dict[str, str] | None) -> None:
    answers = load_answers(ctx.engine, ctx.partnership or "", ctx.round_name or "", pulse=True)
    if aliases:
        answers = anonymise_frame(answers, aliases)
    scores = pulse_scores(answers, ctx.framework, snap.councils)
    st.markdown(f"{answers['return_id'].nunique()} people have answered the pulse.")
    st.plotly_chart(
        big(
            band_heatmap(
                scores,
                ctx.framework.dimension_names,
                list(snap.councils),
                "The room's pulse (one statement per dimension)",
            )
        ),
        key="p_pulse",
        theme=None,
        width="stretch",
    )

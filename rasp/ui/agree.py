"""'What to do next': record what the room agrees about a gap or a split, and the actions that follow."""

from __future__ import annotations

import streamlit as st

from rasp.access import Action
from rasp.core.errors import RaspError
from rasp.core.safety import markdown_text as md
from rasp.meeting.presenter import topics
from rasp.method.decisions import no_agreement_score
from rasp.method.snapshot import Snapshot
from rasp.store.actions import add_action, load_actions, load_decisions, record_decision
from rasp.ui.app import Context, record


def agree_and_act(ctx: Context, view: Snapshot, aliases: dict[str, str] | None) -> None:
    """Forms for a decision and an action; names shown as the room sees them, stored as the real ones."""
    real = {alias: name for name, alias in (aliases or {}).items()}
    partnership, round_name = ctx.partnership or "", ctx.round_name or ""
    found = {t.label: t for t in topics(view, ctx.framework)}
    left, right = st.columns(2)
    with left.form("decision", clear_on_submit=True):
        st.markdown("**Record a decision**")
        label = st.selectbox("Topic under discussion", list(found) or ["No material gaps or splits"])
        no_agreement = st.checkbox("No agreement: the lower score stands (the weakest link)")
        agreed = st.number_input("Agreed score (0 to 100)", min_value=0, max_value=100, value=None, step=1)
        notes = st.text_area("Notes", max_chars=4000)
        if st.form_submit_button("Record the decision", type="primary") and label in found:
            topic = found[label]
            score = no_agreement_score(topic.scores) if no_agreement else agreed
            if score is None:
                st.error("Give the agreed score, or tick 'No agreement'.")
            else:
                ctx.scope.require(Action.AGREE)
                record_decision(
                    ctx.engine,
                    partnership,
                    round_name,
                    topic=label,
                    dimension=topic.dimension,
                    councils=[real.get(c, c) for c in topic.councils],
                    agreed_score=int(score),
                    no_agreement=no_agreement,
                    notes=notes,
                )
                record(ctx, "agreed score", f"{label}: {int(score)}" + (" (no agreement)" if no_agreement else ""))
                st.success(f"Recorded: {md(label)}, score {int(score)}" + (" (no agreement)." if no_agreement else "."))
    with right:
        action_form(ctx, list(view.councils), list(found), real)
    decisions = load_decisions(ctx.engine, partnership, round_name)
    if not decisions.empty:
        st.markdown("**Decisions so far**")
        st.dataframe(
            decisions[["topic", "agreed_score", "no_agreement", "notes"]].rename(
                columns={
                    "topic": "Topic",
                    "agreed_score": "Agreed score",
                    "no_agreement": "No agreement",
                    "notes": "Notes",
                }
            ),
            hide_index=True,
            width="stretch",
        )
    acts = load_actions(ctx.engine, partnership, round_name)
    if not acts.empty:
        st.markdown(f"**Actions ({len(acts)})**: see the Actions page to update or export them.")


def action_form(ctx: Context, councils: list[str], about: list[str], real: dict[str, str] | None = None) -> bool:
    """The 'Add an action' form; councils are shown as given and stored by their real names. True when added."""
    real = real or {}
    with st.form("action", clear_on_submit=True):
        st.markdown("**Add an action**")
        action = st.text_area("Action", max_chars=2000)
        owner = st.text_input("Owner", max_chars=200)
        council = st.selectbox("Council", ["(the partnership)", *councils])
        due = st.date_input("Due by", value=None, format="DD/MM/YYYY")
        topic = st.selectbox("About", ["(general)", *about]) if about else "(general)"
        if not st.form_submit_button("Add the action", type="primary"):
            return False
    try:
        ctx.scope.require(Action.AGREE)
        add_action(
            ctx.engine,
            ctx.partnership or "",
            ctx.round_name or "",
            action=action,
            owner=owner,
            council="" if council.startswith("(") else real.get(council, council),
            due=due,
            topic="" if topic.startswith("(") else topic,
        )
    except RaspError as exc:
        st.error(str(exc))
        return False
    record(
        ctx, "action added", "for the partnership" if council.startswith("(") else f"for {real.get(council, council)}"
    )
    st.success("Action added.")
    return True

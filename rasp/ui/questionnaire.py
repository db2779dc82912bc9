"""Widgets of the online questionnaire. Every change is written to the respondent's draft at once, so a
dropped connection loses nothing; the draft's token sits in the page address, so reopening it resumes."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from rasp.core.errors import RaspError
from rasp.core.framework import Dimension, Framework
from rasp.core.safety import markdown_text as md
from rasp.store.collection import Draft, Link, load_draft, save_draft, start_draft

VALUES = "questionnaire_values"  # plain session-state key: the answers so far (a JSON-able dict)
DRAFT = "questionnaire_draft"  # the draft token


def open_draft(engine: Engine, link: Link) -> Draft:
    """The respondent's draft: the one named in the address (after a dropped connection), else a new one.
    Says so when the last save failed (the answers stay in the session for a retry)."""
    token = st.query_params.get("draft", "")
    draft = load_draft(engine, token, link) if token else None
    if draft is None:
        draft = start_draft(engine, link)
        st.query_params["draft"] = draft.token
    if st.session_state.get(DRAFT) != draft.token:
        st.session_state[DRAFT] = draft.token
        st.session_state[VALUES] = copy.deepcopy(draft.values) or {"step": 0}
    save_problem(engine, draft)
    return draft


def values() -> dict[str, Any]:
    return st.session_state[VALUES]  # type: ignore[no-any-return]


SAVE_PROBLEM = "questionnaire_save_problem"  # why the last save failed; the answers stay in VALUES for a retry


def _store(engine: Engine, draft: Draft) -> bool:
    """Save the answers so far. On failure keep them in the session and say why (see save_problem)."""
    try:
        save_draft(engine, draft, values())
    except RaspError as exc:
        st.session_state[SAVE_PROBLEM] = str(exc)
        return False
    except SQLAlchemyError:
        st.session_state[SAVE_PROBLEM] = "The database did not accept them just now."
        return False
    st.session_state.pop(SAVE_PROBLEM, None)
    return True


def save_problem(engine: Engine, draft: Draft) -> None:
    """When the last save failed: say so plainly, keep the answers on the page and offer to try again."""
    problem = st.session_state.get(SAVE_PROBLEM)
    if not problem:
        return
    st.error(
        f"Your last answer was not saved. {md(problem)} Your answers are still on this page: "
        "try again in a moment, and do not close this page until they are saved."
    )
    if st.button("Try saving again") and _store(engine, draft):
        st.rerun()


def _set(engine: Engine, draft: Draft, section: str, name: str, widget_key: str) -> None:
    values().setdefault(section, {})[name] = st.session_state.get(widget_key)
    _store(engine, draft)


def _set_rating(engine: Engine, draft: Draft, partner: str, slot: int, widget_key: str) -> None:
    pair = list(values().setdefault("partners", {}).get(partner) or [None, None])
    raw = st.session_state.get(widget_key)
    pair[slot] = int(raw) if raw else None
    values()["partners"][partner] = pair
    _store(engine, draft)


def go_to(engine: Engine, draft: Draft, step: int) -> None:
    values()["step"] = step
    _store(engine, draft)


def choice(
    engine: Engine, draft: Draft, label: str, options: list[str], section: str, name: str, placeholder: str = "Choose…"
) -> None:
    """A drop-down whose value goes straight into the draft."""
    current = values().get(section, {}).get(name)
    st.selectbox(
        label,
        options,
        index=options.index(current) if current in options else None,
        placeholder=placeholder,
        key=f"w_{section}_{name}",
        on_change=_set,
        args=(engine, draft, section, name, f"w_{section}_{name}"),
    )


def text(engine: Engine, draft: Draft, label: str, section: str, name: str, area: bool = False) -> None:
    current = values().get(section, {}).get(name) or ""
    widget = st.text_area if area else st.text_input
    widget(
        label,
        value=current,
        max_chars=4000 if area else 200,
        key=f"w_{section}_{name}",
        on_change=_set,
        args=(engine, draft, section, name, f"w_{section}_{name}"),
    )


def statements(engine: Engine, draft: Draft, fw: Framework, dimension: Dimension) -> None:
    """One question per statement, answered on the labelled scale or Don't know, with optional evidence."""
    options = fw.answer_options()
    given = values().get("answers", {})
    for s in dimension.statements:
        current = given.get(s.id)
        st.radio(
            f"**{s.id}.** {s.text}",
            options,
            index=options.index(current) if current in options else None,
            key=f"w_answers_{s.id}",
            on_change=_set,
            args=(engine, draft, "answers", s.id, f"w_answers_{s.id}"),
        )
    with st.expander("Add evidence or a comment (optional)"):
        for s in dimension.statements:
            text(engine, draft, f"Evidence for {s.id}", "evidence", s.id, area=True)


def ratings(engine: Engine, draft: Draft, fw: Framework, partners: list[str]) -> None:
    """Trust and alignment for every partner council, 1 to 5."""
    scale = ["1", "2", "3", "4", "5"]
    given = values().get("partners", {})
    for partner in partners:
        st.markdown(f"**{md(partner)}**")
        pair = list(given.get(partner) or [None, None])
        for slot, question in enumerate((fw.partner_trust_question, fw.partner_alignment_question)):
            key = f"w_partner_{slot}_{partner}"
            now = str(pair[slot]) if pair[slot] else None
            st.radio(
                question,
                scale,
                index=scale.index(now) if now in scale else None,
                horizontal=True,
                key=key,
                on_change=_set_rating,
                args=(engine, draft, partner, slot, key),
            )

"""Widgets of the online questionnaire, made for a thumb on a phone. Every answer is written to the
respondent's draft at once, so a dropped connection loses nothing; the draft's token sits in the page address,
so reopening it resumes. The draft is made on the first answer: opening the link alone stores nothing.

Each step opens at its top; moving on with something unanswered asks once, naming each gap with a link to it
(GOV.UK's error summary: "There is a problem"); a second press moves on.
"""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from rasp.core.errors import RaspError
from rasp.core.framework import Framework, Statement
from rasp.core.safety import markdown_text as md
from rasp.meeting.online import partners_of, submit
from rasp.meeting.questionnaire import (
    ABOUT_STEP,
    CHECK_STEP,
    PARTNER_STEP,
    PULSE_STEP,
    answered,
    ladder_choices,
    missing,
    step_statements,
)
from rasp.store.collection import Draft, Link, load_draft, save_draft, start_draft
from rasp.ui.questionnaire_look import MOVES, PROBLEMS, at_top, error_summary

VALUES = "questionnaire_values"  # plain session-state key: the answers so far (a JSON-able dict)
DRAFT = "questionnaire_draft"  # the draft token ("" until the first answer)
LINK = "questionnaire_link"  # the link token the values belong to
WARNED = "questionnaire_warned"  # the step whose gaps were named: pressing Next again moves on
SENT = "questionnaire_sent"  # the link token whose answers this session has sent
ERROR = "questionnaire_error"
SAVE_PROBLEM = "questionnaire_save_problem"  # why the last save failed; the answers stay in VALUES for a retry


def open_draft(engine: Engine, link: Link) -> Draft | None:
    """The respondent's draft named in the address (after a dropped connection), or None before the first
    answer. The answers so far are loaded into session state once per draft."""
    token = st.query_params.get("draft", "")
    draft = load_draft(engine, token, link) if token else None
    if st.session_state.get(LINK) != link.token or (draft and st.session_state.get(DRAFT) != draft.token):
        st.session_state[LINK] = link.token
        st.session_state[DRAFT] = draft.token if draft else ""
        st.session_state[VALUES] = copy.deepcopy(draft.values) if draft and draft.values else {"step": 0}
        st.session_state[WARNED] = None
        st.session_state[PROBLEMS] = []
    return draft


def values() -> dict[str, Any]:
    return st.session_state[VALUES]  # type: ignore[no-any-return]


def _store(engine: Engine, link: Link, answered: bool = True) -> bool:
    """Write the answers so far: the first answer makes the draft and puts its token in the address. On failure
    keep them in the session and say why (see save_problem)."""
    try:
        token = st.session_state.get(DRAFT) or ""
        if token:
            save_draft(engine, Draft(token, link.id, {}, None), values(), answered=answered)
        elif answered:
            draft = start_draft(engine, link, values())
            st.session_state[DRAFT] = draft.token
            st.query_params["draft"] = draft.token
    except RaspError as exc:
        st.session_state[SAVE_PROBLEM] = str(exc)
        return False
    except SQLAlchemyError:
        st.session_state[SAVE_PROBLEM] = "The database did not accept them just now."
        return False
    st.session_state.pop(SAVE_PROBLEM, None)
    return True


def save_problem(engine: Engine, link: Link) -> None:
    """When the last save failed: say so plainly, keep the answers on the page and offer to try again."""
    problem = st.session_state.get(SAVE_PROBLEM)
    if not problem:
        return
    st.error(
        f"Your last answer was not saved. {md(problem)} Your answers are still on this page: "
        "try again in a moment, and do not close this page until they are saved."
    )
    if st.button("Try saving again") and _store(engine, link):
        st.rerun()


def _set(engine: Engine, link: Link, section: str, name: str, widget_key: str) -> None:
    values().setdefault(section, {})[name] = st.session_state.get(widget_key)
    st.session_state[PROBLEMS] = [p for p in st.session_state.get(PROBLEMS, []) if p[0] != widget_key]
    _store(engine, link)


def _set_rating(engine: Engine, link: Link, partner: str, slot: int, widget_key: str) -> None:
    pair = list(values().setdefault("partners", {}).get(partner) or [None, None])
    raw = st.session_state.get(widget_key)
    pair[slot] = int(raw) if raw else None
    values()["partners"][partner] = pair
    _store(engine, link)


def _go(engine: Engine, link: Link, step: int) -> None:
    values()["step"] = step
    st.session_state[WARNED] = None
    st.session_state[PROBLEMS] = []
    st.session_state[MOVES] = int(st.session_state.get(MOVES, 0)) + 1
    _store(engine, link, answered=False)


def step_back(engine: Engine, link: Link, step: int) -> None:
    _go(engine, link, step - 1)


def step_forward(engine: Engine, link: Link, fw: Framework, step: int, step_name: str) -> None:
    """Move on; with something unanswered, first name each gap once (a second press moves on)."""
    gaps = missing(values(), fw, step_name)
    if gaps and st.session_state.get(WARNED) != step:
        st.session_state[WARNED] = step
        st.session_state[PROBLEMS] = [[g.key, g.text] for g in gaps]
        return
    _go(engine, link, step + 1)


def choice(
    engine: Engine, link: Link, label: str, options: list[str], section: str, name: str, placeholder: str = "Choose…"
) -> None:
    """A drop-down whose value goes straight into the draft."""
    current = values().get(section, {}).get(name)
    key = f"w_{section}_{name}"
    st.selectbox(
        label,
        options,
        index=options.index(current) if current in options else None,
        placeholder=placeholder,
        key=key,
        on_change=_set,
        args=(engine, link, section, name, key),
    )


def ladder_choice(engine: Engine, link: Link, fw: Framework) -> None:
    """The target form of sharing: each rung with its meaning from the framework file."""
    labels, meanings = ladder_choices(fw)
    current = values().get("about", {}).get("Target form of sharing")
    key = "w_about_Target form of sharing"
    st.radio(
        "The form of sharing your council is aiming for",
        labels,
        index=labels.index(current) if current in labels else None,
        captions=meanings,
        key=key,
        on_change=_set,
        args=(engine, link, "about", "Target form of sharing", key),
    )


def text(engine: Engine, link: Link, label: str, section: str, name: str, area: bool = False) -> None:
    current = values().get(section, {}).get(name) or ""
    widget = st.text_area if area else st.text_input
    key = f"w_{section}_{name}"
    widget(
        label,
        value=current,
        max_chars=4000 if area else 200,
        key=key,
        on_change=_set,
        args=(engine, link, section, name, key),
    )


def statements(engine: Engine, link: Link, fw: Framework, asked: tuple[Statement, ...], evidence: bool = True) -> None:
    """One question per statement, answered on the labelled scale or Don't know, with optional evidence."""
    options = fw.answer_options()
    given = values().get("answers", {})
    for s in asked:
        current = given.get(s.id)
        key = f"w_answers_{s.id}"
        st.radio(
            f"**{s.id}.** {s.text}",
            options,
            index=options.index(current) if current in options else None,
            key=key,
            on_change=_set,
            args=(engine, link, "answers", s.id, key),
        )
    if evidence:
        with st.expander("Add evidence or a comment (optional)"):
            for s in asked:
                text(engine, link, f"Evidence for {s.id}", "evidence", s.id, area=True)


def ratings(engine: Engine, link: Link, fw: Framework, partners: list[str]) -> None:
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
                args=(engine, link, partner, slot, key),
            )


def send_answers(engine: Engine, fw: Framework, link: Link) -> None:
    """Send once: the draft is read again from the store, so a second press finds it sent and stores nothing."""
    token = st.session_state.get(DRAFT) or ""
    draft = load_draft(engine, token, link) if token else None
    if draft is None:
        _store(engine, link)
        token = st.session_state.get(DRAFT) or ""
        draft = load_draft(engine, token, link) if token else None
    if draft is None:
        st.session_state[ERROR] = "Nothing has been answered yet, so there is nothing to send."
        return
    result = submit(engine, fw, link, draft, values())
    if result.ok or result.status == "duplicate":
        st.session_state[SENT] = link.token
        return
    problems = "".join(f"\n- {md(p.item + ': ' if p.item else '')}{md(p.message)}" for p in result.problems)
    st.session_state[ERROR] = md(result.message) + problems


def show_step(engine: Engine, link: Link, fw: Framework, full_fw: Framework, names: list[str], step: int) -> None:
    """The step's heading (scrolled to and focused when it is new), any gaps named, its questions, Back / Next."""
    name = names[step]
    st.progress((step + 1) / len(names), text=f"Step {step + 1} of {len(names)}: {name}")
    st.header(name)
    at_top(name)
    # messages come and go inside one container, so the questions below keep their places on the page: a
    # summary appearing does not redraw the answers under a thumb (or move the focus a tapped link gave them)
    with st.container():
        save_problem(engine, link)
        error_summary()
        if error := st.session_state.pop(ERROR, None):
            st.error(error)
    councils = partners_of(engine, link, None)
    if name in (ABOUT_STEP, PULSE_STEP):
        choice(engine, link, "Your council", councils, "about", "Council")
    if name == ABOUT_STEP:
        text(
            engine, link, "Your name or a label (optional; use the same one if you answer again)", "about", "Respondent"
        )
        text(engine, link, "Your role (optional)", "about", "Role")
        ladder_choice(engine, link, fw)
        choice(engine, link, "The scope of sharing (optional)", list(fw.scopes), "about", "Scope")
    elif name == PULSE_STEP:
        statements(engine, link, fw, fw.statements, evidence=False)
    elif name == PARTNER_STEP:
        ratings(engine, link, fw, partners_of(engine, link, values().get("about", {}).get("Council")))
    elif name == CHECK_STEP:
        gaps = [g.text.split(". ")[0] for n in names for g in missing(values(), fw, n)]
        st.write(f"You have answered {answered(values(), fw)} of {len(fw.statements)} statements.")
        if gaps:
            st.write(f"Not answered yet: {'; '.join(gaps)}. Go back to answer them, or send as they are.")
        st.button(
            "Send my answers", type="primary", width="stretch", on_click=send_answers, args=(engine, full_fw, link)
        )
    else:
        statements(engine, link, fw, step_statements(fw, name))
    left, right = st.columns(2)
    left.button("Back", disabled=step == 0, width="stretch", on_click=step_back, args=(engine, link, step))
    if step < len(names) - 1:
        right.button(
            "Next", type="primary", width="stretch", on_click=step_forward, args=(engine, link, fw, step, name)
        )

"""How the online questionnaire looks on a phone: thumb-sized controls, each new step scrolled to its top with
its heading focused, and GOV.UK's error summary ("There is a problem") linking to each gap."""

from __future__ import annotations

import html
import json

import streamlit as st

MOVES = "questionnaire_moves"  # counts step changes: each one scrolls the new step to its top
PROBLEMS = "questionnaire_problems"  # the gaps named on this step, as [[key, text], ...]

THUMB_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
div[role="radiogroup"] label {min-height: 44px; width: 100%; align-items: center; padding: 0.25rem 0;
  font-size: 1.05rem;}
div[role="radiogroup"] {gap: 0.1rem;}
.stButton button, [data-testid="stBaseButton-primary"], [data-testid="stBaseButton-secondary"] {min-height: 48px;}
[data-baseweb="select"] > div {min-height: 48px;}
.stTextInput input {min-height: 44px;}
[data-testid="stExpander"] summary {min-height: 44px;}
.rasp-error-summary {border: 5px solid #d4351c; padding: 1rem 1.25rem; margin: 0.5rem 0 1rem 0;}
.rasp-error-summary:focus {outline: 3px solid #ffdd00; outline-offset: 0;}
.rasp-error-summary h2 {font-size: 1.4rem; margin: 0 0 0.5rem 0; padding: 0;}
.rasp-error-summary ul {margin: 0; padding-left: 1.1rem;}
.rasp-error-summary li {margin: 0.35rem 0;}
.rasp-error-summary a {color: #d4351c; font-weight: 700; display: inline-block; min-height: 44px;
  padding: 0.4rem 0;}
</style>"""


def questionnaire_css() -> None:
    st.markdown(THUMB_CSS, unsafe_allow_html=True)  # static CSS only, never user text


def at_top(heading: str) -> None:
    """After a step change, scroll the new step to its top and put keyboard focus on its heading."""
    moves = int(st.session_state.get(MOVES, 0))
    st.html(
        # in a function: scripts share one global scope, where a second `const` of the same name would not run
        f"<span data-move='{moves}' hidden></span><script>(() => {{"
        "const main = window.document.querySelector('[data-testid=\"stMain\"]');"
        "if (main) main.scrollTo(0, 0); window.scrollTo(0, 0);"
        "const h = Array.from(document.querySelectorAll('h2'))"
        f".find(e => e.textContent.trim() === {json.dumps(heading)});"
        "if (h) { h.setAttribute('tabindex', '-1'); h.focus({preventScroll: true}); }"
        "})();</script>",
        unsafe_allow_javascript=True,
    )


def error_summary() -> None:
    """GOV.UK's error summary: 'There is a problem', a link to each gap, focus moved to the summary."""
    problems: list[list[str]] = st.session_state.get(PROBLEMS) or []
    if not problems:
        return
    items = "".join(
        f"<li><a href='#{html.escape(key)}' data-key='{html.escape(key)}'>{html.escape(text)}</a></li>"
        for key, text in problems
    )
    gone = "Press Next again to move on without answering them." if len(problems) > 1 else ""
    gone = gone or "Press Next again to move on without answering it."
    st.html(
        "<div class='rasp-error-summary' role='alert' tabindex='-1' aria-labelledby='rasp-problem'>"
        f"<h2 id='rasp-problem'>There is a problem</h2><ul>{items}</ul><p>{gone}</p></div>"
        "<script>(() => {"
        "const box = document.querySelector('.rasp-error-summary');"
        "if (box) { box.scrollIntoView({block: 'start'}); box.focus({preventScroll: true});"
        " box.querySelectorAll('a[data-key]').forEach(a => a.addEventListener('click', ev => {"
        "  ev.preventDefault();"
        "  const w = document.querySelector('.st-key-' + CSS.escape(a.dataset.key));"
        "  if (!w) return; w.scrollIntoView({block: 'center'});"
        "  const f = w.querySelector('input, [role=\"combobox\"], textarea'); if (f) f.focus({preventScroll: true});"
        " })); }"
        "})();</script>",
        unsafe_allow_javascript=True,
    )

"""Findings link to the chart that shows them: a click stores what to select and opens the page."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from rasp.core.safety import markdown_text as md
from rasp.method.findings import Finding

FOCUS = "focus"  # plain session-state key: what the next page should select first
BUTTONS = {
    "gap": "Show the gap",
    "split": "Show the answers",
    "ambition": "Show the ladder",
    "readiness": "Show the ladder",
    "weakest": "Show the heatmap",
    "change": "Show the trend",
    "more": "See them all",
}


def show_findings(found: Sequence[Finding]) -> None:
    """One line per finding with a button that opens its chart."""
    for i, finding in enumerate(found):
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.markdown(f"- {md(finding.text)}")
        if button.button(BUTTONS.get(finding.kind, "Show"), key=f"finding_{i}", width="stretch"):
            st.session_state[FOCUS] = dict(finding.focus)
            st.switch_page(finding.page)


def focused_index(key: str, options: Sequence[str], default: int = 0) -> int:
    """The position of the option a finding asked for (`default` when none or not offered). Keys: council,
    dimension (a dimension's name), gap (the gap picker's label)."""
    wanted = st.session_state.get(FOCUS, {}).get(key)
    return list(options).index(wanted) if wanted in options else default


def focused(key: str) -> str | None:
    """What a finding asked the page to select for `key`, if anything."""
    value = st.session_state.get(FOCUS, {}).get(key)
    return str(value) if value is not None else None

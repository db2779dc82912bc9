"""The only part of rasp that imports streamlit: page set-up, caching, session-state keys, shared widgets, and the
store operations pages may call (`rasp.ui.data`)."""

from __future__ import annotations

from rasp.ui.agree import action_form, agree_and_act
from rasp.ui.app import PARTNERSHIP, ROUND, no_data_yet, page_setup, require_snapshot, respondent_setup
from rasp.ui.data import (
    STATUSES,
    close_link,
    create_link,
    directory,
    find_link,
    links_for,
    load_actions,
    load_returns,
    response_counts,
    round_infos,
    set_action_status,
    setup_partnership,
)
from rasp.ui.focus import focused_index, show_findings
from rasp.ui.presenter import (
    ANONYMOUS,
    BIG,
    REVEALED,
    SCREEN,
    apart,
    counter,
    ladder,
    open_links,
    pulse,
    shown,
    split,
    trust,
    where,
)
from rasp.ui.questionnaire import choice, go_to, open_draft, ratings, statements, text, values
from rasp.ui.reports import prepare
from rasp.ui.templates import template_bytes
from rasp.ui.upload import RESULTS, run_imports, show_results

__all__ = [
    "ANONYMOUS",
    "BIG",
    "PARTNERSHIP",
    "RESULTS",
    "REVEALED",
    "ROUND",
    "SCREEN",
    "STATUSES",
    "action_form",
    "agree_and_act",
    "apart",
    "choice",
    "close_link",
    "counter",
    "create_link",
    "directory",
    "find_link",
    "focused_index",
    "go_to",
    "ladder",
    "links_for",
    "load_actions",
    "load_returns",
    "no_data_yet",
    "open_draft",
    "open_links",
    "page_setup",
    "prepare",
    "pulse",
    "ratings",
    "require_snapshot",
    "respondent_setup",
    "response_counts",
    "round_infos",
    "run_imports",
    "set_action_status",
    "setup_partnership",
    "show_findings",
    "show_results",
    "shown",
    "split",
    "statements",
    "template_bytes",
    "text",
    "trust",
    "values",
    "where",
]

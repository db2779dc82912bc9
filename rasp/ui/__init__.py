"""The only part of rasp that imports streamlit: page set-up, caching, session-state keys, shared widgets, and the
store operations pages may call (`rasp.ui.data`)."""

from __future__ import annotations

from rasp.ui.agree import action_form, agree_and_act
from rasp.ui.app import PARTNERSHIP, ROUND, no_data_yet, page_setup, require_snapshot, respondent_setup
from rasp.ui.cache import cached
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
from rasp.ui.focus import focused, focused_index, show_findings
from rasp.ui.forms import forms_questions
from rasp.ui.join import JOIN_BASE, chosen_address, join_plan_here, pick_address, qr_panel
from rasp.ui.presenter import (
    ANONYMOUS,
    BIG,
    REVEALED,
    SCREEN,
    SCREEN_DRAWERS,
    apart,
    control_bar,
    corner,
    join_screen,
    ladder,
    open_links,
    presenter_counts,
    pulse,
    shown,
    split,
    stage,
    trust,
    where,
)
from rasp.ui.questionnaire import SENT, open_draft, questionnaire_css, show_step, values
from rasp.ui.reports import prepare
from rasp.ui.tables import show_table
from rasp.ui.templates import template_bytes
from rasp.ui.tokens import token_panel
from rasp.ui.upload import RESULTS, run_imports, show_results

__all__ = [
    "ANONYMOUS",
    "BIG",
    "JOIN_BASE",
    "PARTNERSHIP",
    "RESULTS",
    "REVEALED",
    "ROUND",
    "SCREEN",
    "SCREEN_DRAWERS",
    "SENT",
    "STATUSES",
    "action_form",
    "agree_and_act",
    "apart",
    "cached",
    "chosen_address",
    "close_link",
    "control_bar",
    "corner",
    "create_link",
    "directory",
    "find_link",
    "focused",
    "focused_index",
    "forms_questions",
    "join_plan_here",
    "join_screen",
    "ladder",
    "links_for",
    "load_actions",
    "load_returns",
    "no_data_yet",
    "open_draft",
    "open_links",
    "page_setup",
    "pick_address",
    "prepare",
    "presenter_counts",
    "pulse",
    "qr_panel",
    "questionnaire_css",
    "require_snapshot",
    "respondent_setup",
    "response_counts",
    "round_infos",
    "run_imports",
    "set_action_status",
    "setup_partnership",
    "show_findings",
    "show_results",
    "show_step",
    "show_table",
    "shown",
    "split",
    "stage",
    "template_bytes",
    "token_panel",
    "trust",
    "values",
    "where",
]

"""The menu: which pages a person is offered, grouped, with labels equal to the pages' titles.

A convenience on top of the rules, not the rules: every page also checks its own action through the
person's scope, and every read goes through `restrict`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasp.access.policy import Action, Person, scope_for

EXPLORE, MEETING, RETURNS, ADMINISTRATION = "Explore", "Meeting", "Returns", "Administration"
GROUPS = (EXPLORE, MEETING, RETURNS, ADMINISTRATION)


@dataclass(frozen=True)
class PageEntry:
    path: str  # relative to the project folder
    title: str  # the menu label and the page's title (page_setup)
    group: str
    needs: frozenset[Action] = frozenset()  # any one of these; empty: anyone with a role


def _entry(path: str, title: str, group: str, *needs: Action) -> PageEntry:
    return PageEntry(path, title, group, frozenset(needs))


OVERVIEW = _entry("pages/0_Overview.py", "Overview", EXPLORE)
QUESTIONNAIRE = _entry("pages/13_Questionnaire.py", "Questionnaire", MEETING)
PAGES: tuple[PageEntry, ...] = (
    OVERVIEW,
    _entry("pages/2_Compare_councils.py", "Compare councils", EXPLORE),
    _entry("pages/3_Alignment_gaps.py", "Alignment gaps", EXPLORE),
    _entry("pages/4_Consensus_or_split.py", "Consensus or split", EXPLORE),
    _entry("pages/5_Ambition_and_readiness.py", "Ambition and readiness", EXPLORE),
    _entry("pages/6_Trust_between_partners.py", "Trust between partners", EXPLORE),
    _entry("pages/7_Trends.py", "Trends", EXPLORE),
    _entry("pages/12_Reports.py", "Reports", EXPLORE, Action.EXPORT),
    _entry("pages/8_Presenter_view.py", "Presenter view", MEETING, Action.PRESENT),
    _entry("pages/10_Collect_answers_online.py", "Collect answers online", MEETING, Action.COLLECT),
    _entry("pages/11_Actions.py", "Actions", MEETING),
    _entry("pages/1_Upload_returns.py", "Upload returns", RETURNS, Action.UPLOAD),
    _entry("pages/18_API_tokens.py", "API tokens", RETURNS, Action.COLLECT),
    _entry("pages/14_Partnership_set-up.py", "Partnership set-up", ADMINISTRATION, Action.SET_UP),
    _entry("pages/15_Access.py", "Access", ADMINISTRATION, Action.GRANT, Action.SET_MODE),
    _entry("pages/16_Audit_log.py", "Audit log", ADMINISTRATION, Action.READ_AUDIT),
    _entry("pages/17_Personal_data.py", "Personal data", ADMINISTRATION, Action.PERSONAL_DATA),
)


def allowed_actions(person: Person, partnerships: list[str]) -> frozenset[Action]:
    """Every action the person may take in at least one of their partnerships."""
    if person.is_administrator:
        return frozenset(Action)
    out: frozenset[Action] = frozenset()
    for name in person.partnerships(partnerships):
        out |= scope_for(person, name).actions
    return out


def menu_for(person: Person | None, partnerships: list[str]) -> dict[str, list[PageEntry]]:
    """The person's pages by group (groups with no page left out); empty for no person or no role."""
    if person is None or not person.grants:
        return {}
    if not person.is_administrator and not person.partnerships(partnerships):
        return {}
    may = allowed_actions(person, partnerships)
    out: dict[str, list[PageEntry]] = {}
    for page in PAGES:
        if not page.needs or page.needs & may:
            out.setdefault(page.group, []).append(page)
    return out


def entry_for(path: str) -> PageEntry | None:
    return next((p for p in (*PAGES, QUESTIONNAIRE) if p.path == path), None)


def may_open(person: Person, path: str) -> bool:
    """Is this page in the person's menu? (Links to other pages are shown only then.)"""
    own = [g.partnership for g in person.grants if g.partnership]
    return any(e.path == path for entries in menu_for(person, own).values() for e in entries) or (
        person.is_administrator and entry_for(path) is not None
    )

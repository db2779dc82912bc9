"""Page set-up shared by every page: configuration, the framework, the database, the partnership picker.

Cross-page choices live in plain session-state keys (PARTNERSHIP, ROUND), not widget keys.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from rasp.access import Action, Person, Scope, restrict, restrict_trends, scope_in
from rasp.access.menu import may_open
from rasp.core import config
from rasp.core.errors import RaspError
from rasp.core.framework import Framework, load_framework
from rasp.core.records import Directory
from rasp.core.safety import markdown_text as md
from rasp.intake.demo import DEMO_PARTNERSHIP, ensure_demo
from rasp.method.snapshot import Snapshot
from rasp.store.access import settings
from rasp.store.audit import audit
from rasp.store.engine import make_engine
from rasp.store.reads import DataVersion, data_version, directory
from rasp.store.snapshots import build_snapshot, build_trends
from rasp.ui.cache import freeze_after_start, kept, shared
from rasp.ui.identity import identify

PARTNERSHIP = "partnership"
ROUND = "round"
# The sidebar pickers' own keys: with a key a picker keeps its identity (and so the person's pick) when its
# default moves; without one, the second change of round was ignored. PARTNERSHIP and ROUND carry the choice
# across pages, where the pickers start again from them.
PICK_PARTNERSHIP, PICK_ROUND = "_pick_partnership", "_pick_round"


@kept(release=Engine.dispose)
def _engine(url: str) -> Engine:
    """One engine (and connection pool) per database for the whole process; its connections are closed when
    Streamlit releases it (a cleared cache)."""
    return make_engine(url)


@kept()
def _framework(path: str) -> Framework:
    return load_framework(path or None)


def _snapshot(url: str, framework_path: str, partnership: str, round_name: str, version: DataVersion) -> Snapshot:
    """Shared by every session, never pickled (rasp.ui.cache): a new return changes the version and so the key."""

    def build() -> Snapshot:
        with st.spinner("Working out the scores…"):
            return build_snapshot(_engine(url), _framework(framework_path), partnership, round_name)

    return shared("snapshot", (url, framework_path, partnership, round_name, version), build)


def _trends(url: str, framework_path: str, partnership: str, version: DataVersion) -> pd.DataFrame:
    def build() -> pd.DataFrame:
        with st.spinner("Working out the trends…"):
            return build_trends(_engine(url), _framework(framework_path), partnership)

    return shared("trends", (url, framework_path, partnership, version), build)


@dataclass(frozen=True)
class Context:
    engine: Engine
    framework: Framework
    url: str
    framework_path: str
    partnership: str | None
    round_name: str | None
    version: DataVersion
    person: Person
    scope: Scope  # what this person may read and do in the chosen partnership

    @property
    def cache_key(self) -> tuple[object, ...]:
        """What identifies the data this page shows, and what this person may see of it: the key of everything
        cached for it (rasp.ui.cache); two people share an entry only when their scopes are the same."""
        return (self.url, self.framework_path, self.partnership, self.round_name, self.version, self.scope)

    def snapshot(self) -> Snapshot | None:
        """The chosen round as this person may see it (rasp.access.restrict), shared per scope."""
        if not self.partnership or not self.round_name:
            return None
        return self._seen(self.version)

    def fresh_snapshot(self) -> Snapshot | None:
        """The snapshot at the store's current version (for views that refresh on their own)."""
        if not self.partnership or not self.round_name:
            return None
        return self._seen(data_version(self.engine))

    def _seen(self, version: DataVersion) -> Snapshot:
        raw = _snapshot(self.url, self.framework_path, self.partnership or "", self.round_name or "", version)
        if self.scope.sees_everyone:
            return raw
        key = (self.url, self.framework_path, self.partnership, self.round_name, version, self.scope)
        return shared("view", ("restricted", key), lambda: restrict(raw, self.scope))

    def trends(self) -> pd.DataFrame:
        """Council scores in every round of the chosen partnership (the councils this person may name)."""
        return restrict_trends(_trends(self.url, self.framework_path, self.partnership or "", self.version), self.scope)


def known_directory(engine: Engine, url: str, version: DataVersion) -> Directory:
    """Every partnership with its councils and rounds, read once per data version and shared (the menu and
    every page's pickers ask for it on each run)."""
    return shared("directory", (url, version), lambda: directory(engine))


class FirstStart:
    """The demo load of a first start, run once per process in its own thread, so a visitor who closes the tab
    cannot stop it half-way (a page run is stopped when its browser goes; this thread is not)."""

    def __init__(self, engine: Engine, framework: Framework) -> None:
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, args=(engine, framework), name="rasp-first-start")
        self._thread.daemon = True
        self._thread.start()

    def _run(self, engine: Engine, framework: Framework) -> None:
        try:
            ensure_demo(engine, framework)
        except Exception as exc:  # shown on every page instead of the demo; the next start tries again
            self.error = f"The demo partnership could not be loaded ({exc.__class__.__name__}: {exc})."

    def wait(self) -> None:
        if self._thread.is_alive():
            with st.spinner("First start: loading the demo partnership (a few seconds, once)…"):
                self._thread.join()


@kept()
def _first_start(url: str, framework_path: str) -> FirstStart | None:
    """Once per process and database (st.cache_resource runs it once even when sessions arrive together):
    load the demo into an empty database, or complete an interrupted load (rasp.intake.demo.ensure_demo)."""
    if not config.load_demo_when_empty():
        return None
    return FirstStart(_engine(url), _framework(framework_path))


def page_setup(title: str, *, needs: Action | None = None, pick_round: bool = True, sidebar: str = "auto") -> Context:
    """Set the page up and return what it needs. Stops the page with a plain message if the framework
    file or the database cannot be used, if nobody with a role is signed in, or if the page needs an
    action (`needs`) the person may not take in the chosen partnership."""
    st.set_page_config(
        page_title=f"{title} · Partnership readiness",
        layout="wide",
        initial_sidebar_state="collapsed" if sidebar == "collapsed" else "auto",
    )
    st.html(FOCUS_CSS)  # static CSS only, never user text
    url = config.database_url()
    fpath = str(config.framework_path() or "")
    try:
        framework = _framework(fpath)
        engine = _engine(url)
        first = _first_start(url, fpath)
        if first is not None:
            first.wait()
            if first.error:
                st.warning(first.error)
        version = data_version(engine)
        known = known_directory(engine, url, version)
        modes = shared("directory", (url, version, "settings"), lambda: settings(engine))  # a change bumps version
        person = identify(engine).person
    except RaspError as exc:
        st.error(str(exc))
        st.stop()
    if person is None:
        st.error("Sign in first: this page is for people a partnership has given a role.")
        st.stop()
    partnership = round_name = None
    with st.sidebar:
        names = person.partnerships(list(known.partnerships))
        if names:
            current = st.session_state.get(PARTNERSHIP)
            partnership = st.selectbox(
                "Partnership", names, index=names.index(current) if current in names else 0, key=PICK_PARTNERSHIP
            )
            st.session_state[PARTNERSHIP] = partnership
            rounds = list(known.rounds.get(partnership, ()))
            if pick_round and rounds:
                current_round = st.session_state.get(ROUND)
                default = rounds.index(current_round) if current_round in rounds else len(rounds) - 1
                round_name = st.selectbox("Round", rounds, index=default, key=PICK_ROUND)
                st.session_state[ROUND] = round_name
            elif rounds:
                round_name = st.session_state.get(ROUND) if st.session_state.get(ROUND) in rounds else rounds[-1]
        st.caption(f"Framework: {framework.name}, version {framework.version}")
    scope = scope_in(engine, person, partnership or "", modes)
    if needs is not None and not scope.may(needs):
        st.error(
            f"You may not {needs.value}"
            + (f" for {md(partnership)}" if partnership else "")
            + ". Ask a facilitator of the partnership or an administrator for the role that allows it."
        )
        st.stop()
    if scope.aggregates_only:
        st.info(
            f"**{md(partnership or '')} is in confidence.** You see {md(', '.join(sorted(scope.own)))} in full; "
            "the other councils only inside partnership figures without names, and only once three or more "
            "councils have returns.",
            icon=":material/lock:",
        )
    if partnership == DEMO_PARTNERSHIP:
        st.info("You are looking at demo data: the councils and answers are fictional.", icon=":material/info:")
    freeze_after_start()
    return Context(engine, framework, url, fpath, partnership, round_name, version, person, scope)


def no_data_yet(ctx: Context) -> bool:
    """Say what to do when there is nothing to show; True when the page should stop there."""
    if not ctx.partnership:
        st.warning("No partnership is set up yet. Start on the **Partnership set-up** page.")
        page_link(ctx, "pages/14_Partnership_set-up.py", "Go to partnership set-up")
        return True
    if not ctx.round_name:
        st.warning(f"Partnership '{md(ctx.partnership)}' has no round yet. Add one on the **Partnership set-up** page.")
        page_link(ctx, "pages/14_Partnership_set-up.py", "Go to partnership set-up")
        return True
    return False


@dataclass(frozen=True)
class Basics:
    engine: Engine
    framework: Framework


def respondent_setup(title: str) -> Basics:
    """For pages respondents open from a link: narrow layout for phones, no sidebar, no partnership picker."""
    st.set_page_config(page_title=title, layout="centered", initial_sidebar_state="collapsed")
    st.markdown(HIDE_SIDEBAR, unsafe_allow_html=True)  # static CSS only, never user text
    try:
        return Basics(_engine(config.database_url()), _framework(str(config.framework_path() or "")))
    except RaspError as exc:
        st.error(str(exc))
        st.stop()


# Keyboard focus that cannot be missed (WCAG 2.4.7, 2.4.11): the GOV.UK focus style, a yellow band with a dark
# outline, on sidebar links and other controls; the current page's grey highlight stays as it was.
FOCUS_CSS = """<style>
[data-testid="stSidebarNav"] a:focus-visible, [data-testid="stSidebar"] a:focus-visible,
[data-testid="stPageLink"] a:focus-visible, [data-testid="stMain"] a:focus-visible {
  outline: 3px solid #0b0c0c; outline-offset: 0; background-color: #ffdd00; color: #0b0c0c;
  box-shadow: 0 0 0 6px #ffdd00;
}
</style>"""

HIDE_SIDEBAR = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
div[role="radiogroup"] label {padding: 0.35rem 0; font-size: 1.05rem;}
</style>"""


def require_snapshot(ctx: Context) -> Snapshot:
    """The chosen partnership and round's snapshot; stops the page with what to do when there is none."""
    if no_data_yet(ctx):
        st.stop()
    snap = ctx.snapshot()
    assert snap is not None
    return snap


def page_link(ctx: Context, path: str, label: str) -> None:
    """A link to another page, shown only when that page is in this person's menu."""
    if may_open(ctx.person, path):
        st.page_link(path, label=label)


def record(ctx: Context, action: str, detail: str = "") -> None:
    """Write an audit-log entry for what this person just did in the chosen partnership."""
    audit(ctx.engine, ctx.person.email, action, ctx.partnership, detail)


def record_switch(ctx: Context, action: str, key: str, on: str, off: str) -> None:
    """Audit a toggle when it changes (not when it is first shown): what it was switched to."""
    now, seen = bool(st.session_state.get(key)), f"_audited_{key}"
    if seen in st.session_state and st.session_state[seen] != now:
        record(ctx, action, on if now else off)
    st.session_state[seen] = now

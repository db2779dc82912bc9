"""Page set-up shared by every page: configuration, the framework, the database, the partnership picker.

Cross-page choices live in plain session-state keys (PARTNERSHIP, ROUND), not widget keys.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from rasp.core import config
from rasp.core.errors import RaspError
from rasp.core.framework import Framework, load_framework
from rasp.core.safety import markdown_text as md
from rasp.intake.demo import DEMO_PARTNERSHIP, ensure_demo
from rasp.method.snapshot import Snapshot
from rasp.store.engine import make_engine
from rasp.store.reads import data_version, directory
from rasp.store.snapshots import build_snapshot, build_trends
from rasp.ui.cache import freeze_after_start, shared

PARTNERSHIP = "partnership"
ROUND = "round"
# The sidebar pickers' own keys: with a key a picker keeps its identity (and so the person's pick) when its
# default moves; without one, the second change of round was ignored. PARTNERSHIP and ROUND carry the choice
# across pages, where the pickers start again from them.
PICK_PARTNERSHIP, PICK_ROUND = "_pick_partnership", "_pick_round"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)


@st.cache_resource(show_spinner=False)
def _framework(path: str) -> Framework:
    return load_framework(path or None)


def _snapshot(url: str, framework_path: str, partnership: str, round_name: str, version: int) -> Snapshot:
    """Shared by every session, never pickled (rasp.ui.cache): a new return changes the version and so the key."""

    def build() -> Snapshot:
        with st.spinner("Working out the scores…"):
            return build_snapshot(_engine(url), _framework(framework_path), partnership, round_name)

    return shared("snapshot", (url, framework_path, partnership, round_name, version), build)


def _trends(url: str, framework_path: str, partnership: str, version: int) -> pd.DataFrame:
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
    version: int

    @property
    def cache_key(self) -> tuple[object, ...]:
        """What identifies the data this page shows: the key of everything cached for it (rasp.ui.cache)."""
        return (self.url, self.framework_path, self.partnership, self.round_name, self.version)

    def snapshot(self) -> Snapshot | None:
        if not self.partnership or not self.round_name:
            return None
        return _snapshot(self.url, self.framework_path, self.partnership, self.round_name, self.version)

    def fresh_snapshot(self) -> Snapshot | None:
        """The snapshot at the store's current version (for views that refresh on their own)."""
        if not self.partnership or not self.round_name:
            return None
        return _snapshot(self.url, self.framework_path, self.partnership, self.round_name, data_version(self.engine))

    def trends(self) -> pd.DataFrame:
        """Council scores in every round of the chosen partnership."""
        return _trends(self.url, self.framework_path, self.partnership or "", self.version)


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


@st.cache_resource(show_spinner=False)
def _first_start(url: str, framework_path: str) -> FirstStart | None:
    """Once per process and database (st.cache_resource runs it once even when sessions arrive together):
    load the demo into an empty database, or complete an interrupted load (rasp.intake.demo.ensure_demo)."""
    if not config.load_demo_when_empty():
        return None
    return FirstStart(_engine(url), _framework(framework_path))


def page_setup(title: str, *, pick_round: bool = True, sidebar: str = "auto") -> Context:
    """Set the page up and return what it needs. Stops the page with a plain message if the framework
    file or the database cannot be used."""
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
        known = shared("directory", (url, version), lambda: directory(engine))
    except RaspError as exc:
        st.error(str(exc))
        st.stop()
    partnership = round_name = None
    with st.sidebar:
        names = list(known.partnerships)
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
    if partnership == DEMO_PARTNERSHIP:
        st.info("You are looking at demo data: the councils and answers are fictional.", icon=":material/info:")
    freeze_after_start()
    return Context(engine, framework, url, fpath, partnership, round_name, version)


def no_data_yet(ctx: Context) -> bool:
    """Say what to do when there is nothing to show; True when the page should stop there."""
    if not ctx.partnership:
        st.warning("No partnership is set up yet. Start on the **Partnership set-up** page.")
        st.page_link("pages/14_Partnership_set-up.py", label="Go to partnership set-up")
        return True
    if not ctx.round_name:
        st.warning(f"Partnership '{md(ctx.partnership)}' has no round yet. Add one on the **Partnership set-up** page.")
        st.page_link("pages/14_Partnership_set-up.py", label="Go to partnership set-up")
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

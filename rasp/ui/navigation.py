"""The menu (st.navigation, called by dashboard.py): each visitor sees only their pages, grouped; other
devices in local mode and signed-out visitors reach nothing but the questionnaire and the sign-in page."""

from __future__ import annotations

from typing import Any

import streamlit as st

from rasp.access.menu import OVERVIEW, QUESTIONNAIRE, PageEntry, menu_for
from rasp.core import config
from rasp.core.errors import RaspError
from rasp.core.safety import markdown_text as md
from rasp.store.access import administrators
from rasp.store.reads import data_version
from rasp.ui.app import _engine, known_directory
from rasp.ui.identity import Visitor, auth_configured, identify, login_provider

VISITOR = "_access_visitor_kind"
MENU_KEY = "rasp_menu"  # the menu's container: class st-key-rasp_menu


def _page(entry: PageEntry, *, hidden: bool = False, default: bool = False) -> Any:
    return st.Page(entry.path, title=entry.title, default=default, visibility="hidden" if hidden else "visible")


def _sign_in() -> None:
    st.set_page_config(page_title="Sign in · Partnership readiness", layout="centered")
    st.title("Sign in")
    st.write(
        "This dashboard holds councils' own assessments of their readiness to share services, so it is "
        "open only to people a partnership has given a role. Sign in with your council account."
    )
    st.button("Sign in with your council account", type="primary", on_click=st.login, args=(login_provider(),))
    st.caption("Answering a questionnaire? Open the link or QR code your facilitator shared: no sign-in needed.")


def _no_role() -> None:
    st.set_page_config(page_title="No role yet · Partnership readiness", layout="centered")
    st.title("You have no role yet")
    email = st.user.to_dict().get("email") or st.user.to_dict().get("preferred_username") or "your account"
    st.write(
        f"You are signed in as **{md(str(email))}**, but no partnership has given you a role in this dashboard, "
        "so there is nothing to show you yet."
    )
    try:
        admins = sorted({*administrators(_engine(config.database_url())), *config.administrators()})
    except RaspError:
        admins = []
    if admins:
        st.write("Ask an administrator of this dashboard for a role: " + ", ".join(md(a) for a in admins) + ".")
    else:
        st.write("Ask the person who runs this dashboard for your council to give you a role.")
    st.button("Sign out", on_click=st.logout)


def _identity_box(visitor: Visitor) -> None:
    with st.sidebar:
        if visitor.kind == "local":
            st.info(
                "**Local mode**: no sign-in is set up, so this computer acts as the administrator. Other "
                "devices can open questionnaire links only.",
                icon=":material/computer:",
            )
        elif visitor.person is not None:
            st.caption(f"Signed in as {md(visitor.person.label)}")
            st.button("Sign out", on_click=st.logout, key="sign_out")


def navigate() -> Any:
    """Work out who is here and return the page to run (call `.run()` on it)."""
    try:
        url = config.database_url()
        engine = _engine(url)
        visitor = identify(engine)
        known: list[str] = []
        if visitor.staff:  # the same cache entry page_setup reads: one short query while nothing has changed
            known = list(known_directory(engine, url, data_version(engine)).partnerships)
    except RaspError as exc:
        st.error(str(exc))
        st.stop()
    st.session_state[VISITOR] = visitor.kind
    if visitor.kind == "signed out":
        return st.navigation(
            [st.Page(_sign_in, title="Sign in", default=True), _page(QUESTIONNAIRE)], position="hidden"
        )
    if not visitor.staff:  # another device in local mode, the questionnaire listener, or no email claim
        if visitor.kind == "signed in" and auth_configured():
            return st.navigation(
                [st.Page(_no_role, title="No role yet", default=True), _page(QUESTIONNAIRE)], position="hidden"
            )
        return st.navigation([_page(QUESTIONNAIRE, default=True)], position="hidden")
    menu = menu_for(visitor.person, known)
    if not menu:
        _identity_box(visitor)
        return st.navigation(
            [st.Page(_no_role, title="No role yet", default=True), _page(QUESTIONNAIRE)], position="hidden"
        )
    pages = {group: [(e, _page(e, default=e == OVERVIEW)) for e in entries] for group, entries in menu.items()}
    current = st.navigation(
        [*(page for entries in pages.values() for _, page in entries), _page(QUESTIONNAIRE, hidden=True)],
        position="hidden",
    )
    _menu(pages)
    _identity_box(visitor)
    return current


def _menu(pages: dict[str, list[tuple[PageEntry, Any]]]) -> None:
    """The menu in the sidebar: a bold group name, then a link per page. Drawn with st.page_link rather than
    st.navigation's own grouped menu, whose markup puts group names inside a list (axe: list, listitem)."""
    with st.sidebar, st.container(key=MENU_KEY):
        for group, entries in pages.items():
            st.markdown(f"**{group}**")
            for entry, page in entries:
                st.page_link(page, label=entry.title)

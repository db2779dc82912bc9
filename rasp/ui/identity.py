"""Who is using the app: a person signed in with OpenID Connect (st.login / st.user, configured in
.streamlit/secrets.toml [auth]), or, with no [auth], local mode: the machine itself acting as the one
administrator, and any other device a respondent who may only answer an open questionnaire link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st
from sqlalchemy import Engine

from rasp.access import LOCAL_ADMINISTRATOR, Person, email_from_claims, is_machine_itself, person_for
from rasp.core import config
from rasp.store.audit import audit

Kind = Literal["local", "other device", "signed out", "signed in", "questionnaire listener"]
SIGNED_IN_AUDITED = "_access_signed_in_audited"


@dataclass(frozen=True)
class Visitor:
    kind: Kind
    person: Person | None = None  # None: may only answer a questionnaire (or sign in)

    @property
    def staff(self) -> bool:
        return self.person is not None


def auth_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (sign-in with OpenID Connect)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own not-found error
        return False


def login_provider() -> str | None:
    """The provider to pass to st.login: None for a single [auth] provider, else the first [auth.NAME]."""
    section: Any = st.secrets["auth"]
    if "client_id" in section:
        return None
    named = [key for key in section if hasattr(section[key], "keys")]
    return named[0] if named else None


def _in_process_test() -> bool:
    """True when the script runs inside Streamlit's AppTest harness (no server, so no network reaches it).
    AppTest marks its session with an internal key no browser can set; fails closed if that ever changes."""
    try:
        from streamlit.runtime.state.common import TESTING_KEY
    except ImportError:
        return False
    return TESTING_KEY in st.session_state


def _peer_and_headers() -> tuple[str | None, list[str]] | None:
    """The TCP peer address the server saw and the request's header names; None when there is no server at
    all (the script runs in-process under a test harness)."""
    from streamlit.runtime import exists, get_instance
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if not exists() or _in_process_test():
        return None
    run = get_script_run_ctx()
    client = get_instance().get_client(run.session_id) if run else None
    peer = getattr(getattr(client, "client_context", None), "remote_ip", None)
    return (peer if isinstance(peer, str) else None), list(st.context.headers.keys())


def identify(engine: Engine) -> Visitor:
    """Work out who is here, every run (roles can change while someone is signed in)."""
    if config.questionnaire_only():
        return Visitor("questionnaire listener")
    if not auth_configured():
        seen = _peer_and_headers()
        if seen is None or is_machine_itself(*seen):
            return Visitor("local", LOCAL_ADMINISTRATOR)
        return Visitor("other device")
    if not st.user.is_logged_in:
        return Visitor("signed out")
    claims = st.user.to_dict()
    email = email_from_claims(claims)
    if email is None:
        return Visitor("signed in")
    name = claims.get("name")
    person = person_for(engine, email, name if isinstance(name, str) else "")
    if not st.session_state.get(SIGNED_IN_AUDITED):
        st.session_state[SIGNED_IN_AUDITED] = True
        audit(engine, email, "sign-in", None, "roles: " + ("; ".join(g.describe() for g in person.grants) or "none"))
    return Visitor("signed in", person if person.grants else Person(email, (), person.name))

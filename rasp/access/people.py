"""Who is this? A signed-in email turned into a `Person` with their grants from the store, plus RASP_ADMINS."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine

from rasp.access.policy import Person, Scope, scope_for
from rasp.core import config
from rasp.core.errors import SetupError
from rasp.core.roles import DEFAULT_MODE, Grant, normalise_email
from rasp.store.access import Settings, grants_of, settings

LOCAL_ADMINISTRATOR = Person("local", (Grant("administrator"),), "this computer", local=True)
COMMAND_LINE = Person("command line", (Grant("administrator"),), "command line")


def email_from_claims(claims: Mapping[str, object]) -> str | None:
    """The email a signed-in person is matched by: the `email` claim or, where the provider sends none (as
    Microsoft Entra ID may not), `preferred_username` when it is an email address."""
    for key in ("email", "preferred_username", "upn"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            try:
                return normalise_email(value)
            except SetupError:
                continue
    return None


def person_for(engine: Engine, email: str, name: str = "") -> Person:
    """The person with this email and every role they hold (RASP_ADMINS adds administrator)."""
    who = normalise_email(email)
    grants = grants_of(engine, who)
    if who in config.administrators() and not any(g.role == "administrator" for g in grants):
        grants = (Grant("administrator"), *grants)
    return Person(who, grants, name)


def scope_in(
    engine: Engine, person: Person | None, partnership: str, known: Mapping[str, Settings] | None = None
) -> Scope:
    """The person's scope in the partnership, in its current mode: from `known` (every partnership's settings,
    as `rasp.store.access.settings` read them at the current data version) or else read from the store."""
    found = (settings(engine) if known is None else known).get(partnership)
    return scope_for(person, partnership, found.mode if found else DEFAULT_MODE)

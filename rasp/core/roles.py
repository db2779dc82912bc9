"""The words of access control, in one place: roles, partnership modes, what a role is granted for.

Roles come from the app's own table (never from the identity provider) and are granted per partnership
(section 6 of the brief)::

    administrator   the deployment                 everything
    facilitator     a partnership                  every council of it, by name; runs meetings
    officer         a council in a partnership     what a viewer sees, plus the council's returns; uploads
    viewer          a council in a partnership     as the partnership's mode allows
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rasp.core.errors import SetupError

Role = Literal["administrator", "facilitator", "officer", "viewer"]
Mode = Literal["in-confidence", "open"]
ROLES: tuple[Role, ...] = ("administrator", "facilitator", "officer", "viewer")
MODES: tuple[Mode, ...] = ("in-confidence", "open")
DEFAULT_MODE: Mode = "in-confidence"  # the safe default: a council sees only itself until a partnership opens up
EMAIL_MAX = 320


@dataclass(frozen=True)
class Grant:
    """One role held by one person: for the deployment (administrator), a partnership (facilitator) or a
    council in a partnership (officer, viewer)."""

    role: Role
    partnership: str | None = None
    council: str | None = None

    def describe(self) -> str:
        if self.role == "administrator":
            return "administrator of the deployment"
        if self.council:
            return f"{self.role} for {self.council} in {self.partnership}"
        return f"{self.role} of {self.partnership}"


def as_role(text: str) -> Role:
    for role in ROLES:
        if text.strip().lower() == role:
            return role
    raise SetupError(f"'{text}' is not a role; use one of: {', '.join(ROLES)}.")


def as_mode(text: str) -> Mode:
    for mode in MODES:
        if text.strip().lower().replace(" ", "-") == mode:
            return mode
    raise SetupError(f"'{text}' is not a partnership mode; use in-confidence or open.")


def normalise_email(email: str) -> str:
    """Emails are matched case-insensitively, trimmed. A missing or implausible one raises SetupError."""
    value = email.strip().casefold()
    if not value or "@" not in value or len(value) > EMAIL_MAX or any(c.isspace() for c in value):
        raise SetupError(f"'{email}' is not an email address.")
    return value


def check_grant(grant: Grant) -> None:
    """A grant names exactly what its role is granted for; anything else is refused in plain words."""
    if grant.role == "administrator":
        if grant.partnership or grant.council:
            raise SetupError("An administrator is granted for the whole deployment: leave out partnership and council.")
    elif grant.role == "facilitator":
        if not grant.partnership or grant.council:
            raise SetupError("A facilitator is granted for a partnership: give --partnership and no council.")
    elif not grant.partnership or not grant.council:
        article = "An" if grant.role == "officer" else "A"
        raise SetupError(
            f"{article} {grant.role} is granted for a council in a partnership: give --partnership and --council."
        )

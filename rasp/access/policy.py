"""Who may read and do what: the one policy every page, export, report and command goes through.

Pure: a `Person` (their grants, from the app's own table) and a partnership's mode in, a `Scope` out.
The rules are section 6 of the brief:

- an administrator sees everything and may do everything;
- a facilitator sees every council of their partnership by name and runs its meetings;
- an officer or viewer of a council sees, in an *open* partnership, every council by name; *in confidence*,
  their own council in full and the others only as unnamed partnership aggregates (and only when three or
  more councils have returns); trust ratings, gaps and other councils' ambition are not theirs in that mode;
- an officer also sees their council's returns and uploads, replaces and withdraws them (for that council only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rasp.core.errors import RaspError
from rasp.core.roles import DEFAULT_MODE, Grant, Mode, Role


class AccessDenied(RaspError):
    """The person may not do or see this. The message says what and whom to ask."""


class Action(StrEnum):
    """Everything that changes something or leaves the app, each checked before it happens."""

    SET_UP = "set up partnerships, councils and rounds"
    GRANT = "grant and revoke roles"
    SET_MODE = "change the partnership's mode"
    PRESENT = "present the meeting"
    COLLECT = "open and close questionnaire links"
    AGREE = "record agreed scores and actions"
    UPLOAD = "upload, replace and withdraw returns"
    EXPORT = "download reports"
    READ_AUDIT = "read the audit log"
    PERSONAL_DATA = "find, export and erase a respondent's answers"


ADMINISTRATOR_ACTIONS = frozenset(Action)
FACILITATOR_ACTIONS = frozenset(
    {Action.SET_MODE, Action.PRESENT, Action.COLLECT, Action.AGREE, Action.EXPORT, Action.READ_AUDIT}
)
OFFICER_ACTIONS = frozenset({Action.UPLOAD, Action.EXPORT})
VIEWER_ACTIONS = frozenset({Action.EXPORT})
MIN_COUNCILS_FOR_AGGREGATES = 3


@dataclass(frozen=True)
class Person:
    """Someone using the app: matched by email; their grants come from the store (and RASP_ADMINS)."""

    email: str
    grants: tuple[Grant, ...] = ()
    name: str = ""
    local: bool = False  # local mode: the machine itself, acting as the one administrator

    @property
    def is_administrator(self) -> bool:
        return any(g.role == "administrator" for g in self.grants)

    @property
    def label(self) -> str:
        return "this computer (local mode)" if self.local else (self.name or self.email)

    def partnerships(self, known: tuple[str, ...] | list[str]) -> list[str]:
        """The partnerships this person has any role in, in the order given."""
        if self.is_administrator:
            return list(known)
        mine = {g.partnership for g in self.grants}
        return [p for p in known if p in mine]

    def roles_in(self, partnership: str) -> set[Role]:
        return {g.role for g in self.grants if g.role == "administrator" or g.partnership == partnership}


@dataclass(frozen=True)
class Scope:
    """What one person may read and do in one partnership.

    `named` is the set of councils shown by name (None: every council); `own` the person's own councils
    (seen in full, their free text at any n); `aggregates_only` means the other councils appear only inside
    unnamed partnership aggregates; `pairs` allows gaps, trust and alignment ratings and other councils'
    ambition; `returns_of` is whose returns list the person sees (None: every council's); `upload_for` the
    councils the person may upload for (None: any)."""

    partnership: str
    mode: Mode
    role: Role | None
    named: frozenset[str] | None = frozenset()
    own: frozenset[str] = frozenset()
    aggregates_only: bool = False
    pairs: bool = False
    returns_of: frozenset[str] | None = frozenset()
    upload_for: frozenset[str] | None = frozenset()
    actions: frozenset[Action] = field(default_factory=frozenset)

    @property
    def can_read(self) -> bool:
        return self.role is not None

    @property
    def sees_everyone(self) -> bool:
        return self.role is not None and self.named is None

    def may(self, action: Action) -> bool:
        return action in self.actions

    def require(self, action: Action) -> None:
        """Raise AccessDenied unless the person may do `action` in this partnership."""
        if not self.may(action):
            raise AccessDenied(
                f"You may not {action.value} for {self.partnership}. Ask a facilitator of the partnership or "
                "an administrator of this app for the role that allows it."
            )

    def names(self, council: str) -> bool:
        """May this council be shown by name?"""
        return self.role is not None and (self.named is None or council in self.named)

    def may_upload_for(self, council: str) -> bool:
        return self.may(Action.UPLOAD) and (self.upload_for is None or council in self.upload_for)

    def upload_refusal(self, partnership: str, council: str) -> str | None:
        """Why this person may not store a return for `council` of `partnership`; None when they may."""
        if partnership != self.partnership:
            return f"You are uploading into {self.partnership}, and this return is for {partnership}."
        if self.may_upload_for(council):
            return None
        return (
            f"You may upload returns only for {', '.join(sorted(self.upload_for or ())) or 'no council'}, "
            f"not for {council}."
        )

    def require_upload_for(self, council: str) -> None:
        reason = self.upload_refusal(self.partnership, council)
        if reason:
            raise AccessDenied(reason)

    def may_read_evidence(self, council: str, returns: int, minimum: int) -> bool:
        """Free-text evidence: a council's own people read it at any n; others (where they may see the council
        by name) only when it has at least `minimum` returns in the round (rule 11)."""
        if council in self.own:
            return True
        return self.names(council) and not self.aggregates_only and returns >= minimum


def scope_for(person: Person | None, partnership: str, mode: Mode = DEFAULT_MODE) -> Scope:
    """The scope of `person` in `partnership` (in its current `mode`). No person or no role: nothing."""
    if person is None:
        return Scope(partnership, mode, None)
    held = person.roles_in(partnership)
    if "administrator" in held:
        return Scope(
            partnership, mode, "administrator", None, frozenset(), False, True, None, None, ADMINISTRATOR_ACTIONS
        )
    if "facilitator" in held:
        return Scope(partnership, mode, "facilitator", None, frozenset(), False, True, None, None, FACILITATOR_ACTIONS)
    council_grants = [g for g in person.grants if g.partnership == partnership and g.council]
    if not council_grants:
        return Scope(partnership, mode, None)
    own = frozenset(g.council for g in council_grants if g.council)
    officer_of = frozenset(g.council for g in council_grants if g.role == "officer" and g.council)
    role: Role = "officer" if officer_of else "viewer"
    actions = OFFICER_ACTIONS if officer_of else VIEWER_ACTIONS
    if mode == "open":
        return Scope(partnership, mode, role, None, own, False, True, officer_of, officer_of, actions)
    return Scope(partnership, mode, role, own, own, True, False, officer_of, officer_of, actions)

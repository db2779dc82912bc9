"""The store operations the pages use: the only door from a page to the database (checks on who may do what
belong here, next to the call they guard)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from rasp.access import AccessDenied, Action
from rasp.core.roles import Grant, Mode
from rasp.store import access as _access
from rasp.store import collection as _collection
from rasp.store import personal as _personal
from rasp.store.actions import STATUSES, load_actions, set_action_status
from rasp.store.actions import set_action_status as _set_status
from rasp.store.audit import audit as _audit
from rasp.store.audit import read_audit
from rasp.store.collection import close_link, create_link, find_link, links_for, response_counts
from rasp.store.reads import directory, load_returns, round_infos
from rasp.store.writes import SetupResult, setup_partnership
from rasp.store.writes import setup_partnership as _setup
from rasp.ui.app import Context
from rasp.ui.cache import cached, shared

__all__ = [
    "STATUSES",
    "access_settings",
    "audit_entries",
    "change_mode",
    "change_retention",
    "change_role",
    "close_link",
    "create_link",
    "directory",
    "erase_returns",
    "evidence_for",
    "find_link",
    "find_subject",
    "links_for",
    "load_actions",
    "load_returns",
    "open_link",
    "response_counts",
    "roles_here",
    "round_infos",
    "set_action_status",
    "set_up",
    "setup_partnership",
    "shut_link",
    "subject_export",
    "update_action",
    "withdraw",
]


# --- Guarded operations: each checks the signed-in person's scope, does the change, and audits it. -----------


def _who(ctx: Context) -> str:
    return ctx.person.email


def open_link(ctx: Context, kind: _collection.Kind) -> _collection.Link:
    ctx.scope.require(Action.COLLECT)
    link = _collection.create_link(ctx.engine, ctx.partnership or "", ctx.round_name or "", kind)
    _audit(ctx.engine, _who(ctx), "link opened", ctx.partnership, f"{kind} questionnaire, round {ctx.round_name}")
    return link


def shut_link(ctx: Context, token: str) -> None:
    ctx.scope.require(Action.COLLECT)
    link = _collection.find_link(ctx.engine, token)
    if link is None or link.partnership != ctx.partnership:
        raise AccessDenied("That questionnaire link is not one of this partnership's.")
    _collection.close_link(ctx.engine, token)
    _audit(ctx.engine, _who(ctx), "link closed", ctx.partnership, f"{link.kind} questionnaire, round {link.round_name}")


def update_action(ctx: Context, action_id: int, status: str) -> None:
    ctx.scope.require(Action.AGREE)
    _set_status(ctx.engine, action_id, status)
    _audit(ctx.engine, _who(ctx), "action status", ctx.partnership, f"action {action_id}: {status}")


def set_up(ctx: Context, name: str, councils: list[str], round_name: str | None, opened: object) -> SetupResult:
    ctx.scope.require(Action.SET_UP)
    result = _setup(ctx.engine, name, councils, round_name, opened)  # type: ignore[arg-type]
    if result.created:
        _audit(ctx.engine, _who(ctx), "set-up", result.partnership, "; ".join(result.created))
    return result


def change_mode(ctx: Context, mode: Mode) -> bool:
    ctx.scope.require(Action.SET_MODE)
    return _access.set_mode(ctx.engine, ctx.partnership or "", mode, by=_who(ctx))


def change_retention(ctx: Context, months: int | None) -> None:
    ctx.scope.require(Action.PERSONAL_DATA)
    _access.set_retention(ctx.engine, ctx.partnership or "", months, by=_who(ctx))


def access_settings(ctx: Context) -> _access.Settings:
    return _access.settings(ctx.engine)[ctx.partnership or ""]


def change_role(ctx: Context, email: str, grant: Grant, *, give: bool) -> bool:
    ctx.scope.require(Action.GRANT)
    return (_access.grant_role if give else _access.revoke_role)(ctx.engine, email, grant, by=_who(ctx))


def roles_here(ctx: Context) -> pd.DataFrame:
    """The partnership's roles and the deployment's administrators (for those who manage access)."""
    if not (ctx.scope.may(Action.GRANT) or ctx.scope.may(Action.SET_MODE)):
        raise AccessDenied("You may not see who holds which role.")
    roles = _access.role_table(ctx.engine)
    return roles[(roles["partnership"] == (ctx.partnership or "")) | (roles["role"] == "administrator")]


def audit_entries(ctx: Context, everything: bool, **filters: Any) -> pd.DataFrame:
    """The audit log as this person may read it: an administrator all of it (when `everything`), a
    facilitator their partnership's entries only."""
    ctx.scope.require(Action.READ_AUDIT)
    mine = None if everything and ctx.person.is_administrator else [ctx.partnership or ""]
    return read_audit(ctx.engine, partnerships=mine, **filters)


def find_subject(ctx: Context, text: str) -> pd.DataFrame:
    ctx.scope.require(Action.PERSONAL_DATA)
    return _personal.find_subject(ctx.engine, text)


def subject_export(ctx: Context, return_ids: list[int]) -> pd.DataFrame:
    ctx.scope.require(Action.PERSONAL_DATA)
    return _personal.subject_export(ctx.engine, return_ids)


def erase_returns(ctx: Context, return_ids: list[int]) -> int:
    ctx.scope.require(Action.PERSONAL_DATA)
    return _personal.erase_returns(ctx.engine, return_ids, by=_who(ctx))


def evidence_for(ctx: Context, council: str) -> pd.DataFrame | None:
    """The council's free-text evidence in the chosen round, or None when this person may not read it: its own
    people at any number of returns, others (who may see it by name) from evidence_min_respondents returns."""
    snap = ctx.snapshot()
    returns = int(cached(ctx, snap.respondent_counts).get(council, 0)) if snap is not None else 0
    if not ctx.scope.may_read_evidence(council, returns, ctx.framework.thresholds.evidence_min_respondents):
        return None
    partnership, round_name = ctx.partnership or "", ctx.round_name or ""
    key = (ctx.cache_key, "evidence", council)  # the data version and this viewer's scope are in the key
    return shared("result", key, lambda: _personal.evidence_of(ctx.engine, partnership, round_name, council))


def withdraw(ctx: Context, return_id: int) -> bool:
    """Withdraw a current return of a council this person may upload for (an officer: their own council)."""
    owner = _personal.council_of_return(ctx.engine, return_id)
    if owner is None:
        return False
    partnership, council = owner
    reason = ctx.scope.upload_refusal(partnership, council)
    if reason:
        raise AccessDenied(reason.replace("upload returns", "withdraw returns"))
    return _personal.withdraw_return(ctx.engine, return_id, by=_who(ctx)) is not None

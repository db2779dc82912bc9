"""Roles, partnership modes and retention settings: read and changed here, each change audited in the same
transaction. Who may make a change is decided above this layer (rasp.access); these functions only store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from rasp.core.errors import SetupError
from rasp.core.roles import DEFAULT_MODE, MODES, Grant, Mode, Role, check_grant, normalise_email
from rasp.store.audit import record
from rasp.store.schema import councils, partnerships, roles
from rasp.store.transactions import writing
from rasp.store.writes import log_change, utc_now

MAX_RETENTION_MONTHS = 1200


def _partnership_id(conn: Connection, name: str) -> int:
    pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == name)).scalar()
    if pid is None:
        raise SetupError(f"There is no partnership called '{name}'.")
    return int(pid)


def _council_id(conn: Connection, pid: int, partnership: str, name: str) -> int:
    cid = conn.execute(select(councils.c.id).where(councils.c.partnership_id == pid, councils.c.name == name)).scalar()
    if cid is None:
        raise SetupError(f"Partnership '{partnership}' has no council called '{name}'.")
    return int(cid)


def _where(conn: Connection, email: str, grant: Grant) -> list[object]:
    pid = _partnership_id(conn, grant.partnership) if grant.partnership else None
    cid = _council_id(conn, pid, grant.partnership or "", grant.council) if grant.council and pid else None
    return [
        roles.c.email == email,
        roles.c.role == grant.role,
        roles.c.partnership_id.is_(None) if pid is None else roles.c.partnership_id == pid,
        roles.c.council_id.is_(None) if cid is None else roles.c.council_id == cid,
    ]


def grant_role(engine: Engine, email: str, grant: Grant, *, by: str) -> bool:
    """Give `email` the role; True when new, False when the person held it already (nothing changes)."""
    who = normalise_email(email)
    check_grant(grant)
    with writing(engine) as conn:
        where = _where(conn, who, grant)
        if conn.execute(select(roles.c.id).where(*where)).first() is not None:  # type: ignore[arg-type]
            return False
        pid = _partnership_id(conn, grant.partnership) if grant.partnership else None
        cid = _council_id(conn, pid, grant.partnership or "", grant.council) if grant.council and pid else None
        conn.execute(
            insert(roles).values(
                email=who, role=grant.role, partnership_id=pid, council_id=cid, granted_by=by, granted_at=utc_now()
            )
        )
        record(conn, by, "role granted", grant.partnership, f"{who}: {grant.describe()}")
        log_change(conn, f"role {who}")
    return True


def revoke_role(engine: Engine, email: str, grant: Grant, *, by: str) -> bool:
    """Take the role away; True when it was held."""
    who = normalise_email(email)
    with writing(engine) as conn:
        gone = conn.execute(delete(roles).where(*_where(conn, who, grant))).rowcount  # type: ignore[arg-type]
        if gone:
            record(conn, by, "role revoked", grant.partnership, f"{who}: {grant.describe()}")
            log_change(conn, f"role {who}")
    return bool(gone)


def grants_of(engine: Engine, email: str) -> tuple[Grant, ...]:
    """Every role the person holds (by email, case-insensitive)."""
    try:
        who = normalise_email(email)
    except SetupError:
        return ()
    frame = role_table(engine, email=who)
    return tuple(
        Grant(cast(Role, role), str(p) or None, str(c) or None)
        for role, p, c in zip(frame["role"], frame["partnership"], frame["council"], strict=True)
    )


ROLE_COLUMNS = ["email", "role", "partnership", "council", "granted_by", "granted_at"]


def role_table(engine: Engine, *, email: str | None = None, partnership: str | None = None) -> pd.DataFrame:
    """Roles as a table (email, role, partnership, council, granted_by, granted_at); filtered when asked."""
    query = (
        select(
            roles.c.email,
            roles.c.role,
            partnerships.c.name,
            councils.c.name,
            roles.c.granted_by,
            roles.c.granted_at,
        )
        .select_from(
            roles.outerjoin(partnerships, roles.c.partnership_id == partnerships.c.id).outerjoin(
                councils, roles.c.council_id == councils.c.id
            )
        )
        .order_by(roles.c.email, roles.c.id)
    )
    if email is not None:
        query = query.where(roles.c.email == email)
    if partnership is not None:
        query = query.where(partnerships.c.name == partnership)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=ROLE_COLUMNS)
    return frame.fillna({"partnership": "", "council": ""})


def administrators(engine: Engine) -> tuple[str, ...]:
    with engine.connect() as conn:
        return tuple(conn.execute(select(roles.c.email).where(roles.c.role == "administrator")).scalars())


@dataclass(frozen=True)
class Settings:
    """A partnership's access settings."""

    mode: Mode
    retention_months: int | None


def settings(engine: Engine) -> dict[str, Settings]:
    """Every partnership's mode and retention period, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(partnerships.c.name, partnerships.c.mode, partnerships.c.retention_months)).all()
    return {name: Settings(cast(Mode, mode) if mode in MODES else DEFAULT_MODE, months) for name, mode, months in rows}


def set_mode(engine: Engine, partnership: str, mode: Mode, *, by: str) -> bool:
    """Change the partnership's mode; True when it changed."""
    if mode not in MODES:
        raise SetupError(f"'{mode}' is not a partnership mode; use in-confidence or open.")
    with writing(engine) as conn:
        pid = _partnership_id(conn, partnership)
        before = conn.execute(select(partnerships.c.mode).where(partnerships.c.id == pid)).scalar_one()
        if before == mode:
            return False
        conn.execute(update(partnerships).where(partnerships.c.id == pid).values(mode=mode))
        record(conn, by, "mode changed", partnership, f"from {before} to {mode}")
        log_change(conn, f"mode {partnership}")
    return True


def set_retention(engine: Engine, partnership: str, months: int | None, *, by: str) -> None:
    """Keep individual answers for `months` after a round opens (None: keep them)."""
    if months is not None and not 1 <= months <= MAX_RETENTION_MONTHS:
        raise SetupError(f"A retention period is a whole number of months from 1 to {MAX_RETENTION_MONTHS}.")
    with writing(engine) as conn:
        pid = _partnership_id(conn, partnership)
        conn.execute(update(partnerships).where(partnerships.c.id == pid).values(retention_months=months))
        record(conn, by, "retention set", partnership, f"{months} months" if months else "kept until erased")
        log_change(conn, f"retention {partnership}")


def role_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(roles)).scalar_one())

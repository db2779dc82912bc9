"""The audit log: append-only, one row per sign-in, role or mode change, upload, export, reveal, link, agreement.

Rows are written in the same transaction as the change they describe where there is one (so a rolled-back
change leaves no entry), and the database refuses UPDATE and DELETE on the table. Details never hold a
respondent's name or answers: those can be erased, the log cannot.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from rasp.core.roles import EMAIL_MAX
from rasp.store.schema import NAME_MAX, audit_log
from rasp.store.transactions import writing
from rasp.store.writes import utc_now

DETAIL_MAX = 2000
AUDIT_COLUMNS = ["at", "who", "action", "partnership", "detail"]


def record(conn: Connection, who: str, action: str, partnership: str | None = None, detail: str = "") -> None:
    """Add one entry inside the caller's transaction."""
    conn.execute(
        insert(audit_log).values(
            at=utc_now(),
            who=(who or "unknown")[:EMAIL_MAX],
            action=action[:40],
            partnership=partnership[:NAME_MAX] if partnership else None,
            detail=detail[:DETAIL_MAX],
        )
    )


def audit(engine: Engine, who: str, action: str, partnership: str | None = None, detail: str = "") -> None:
    """Add one entry in its own transaction (for things that change nothing else: a sign-in, an export)."""
    with writing(engine) as conn:
        record(conn, who, action, partnership, detail)


def read_audit(
    engine: Engine,
    *,
    partnerships: list[str] | None = None,
    who: str | None = None,
    action: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 10_000,
) -> pd.DataFrame:
    """Entries, newest first. `partnerships` limits to entries about those partnerships (None: all of them,
    including entries about no partnership: the administrator's view)."""
    query = select(audit_log.c.at, audit_log.c.who, audit_log.c.action, audit_log.c.partnership, audit_log.c.detail)
    if partnerships is not None:
        query = query.where(audit_log.c.partnership.in_(partnerships))
    if who:
        query = query.where(audit_log.c.who.contains(who.strip().casefold(), autoescape=True))
    if action:
        query = query.where(audit_log.c.action == action)
    if since:
        query = query.where(audit_log.c.at >= dt.datetime.combine(since, dt.time(), dt.UTC))
    if until:
        query = query.where(audit_log.c.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC))
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(audit_log.c.id.desc()).limit(limit)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=AUDIT_COLUMNS)

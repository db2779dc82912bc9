"""The store: SQLAlchemy tables, the engine (SQLite file by default, PostgreSQL by URL), reads and writes,
migrations; `build_snapshot` fills the method's Snapshot from one read."""

from __future__ import annotations

from rasp.store.actions import STATUSES, add_action, load_actions, load_decisions, record_decision, set_action_status
from rasp.store.collection import (
    Draft,
    Link,
    close_link,
    create_link,
    find_link,
    links_for,
    load_draft,
    response_counts,
    save_draft,
    start_draft,
    submit_draft,
)
from rasp.store.engine import make_engine
from rasp.store.reads import ANSWER_COLUMNS, data_version, directory, load_answers, load_returns, round_infos
from rasp.store.schema import answers, metadata, partner_ratings, returns
from rasp.store.snapshots import build_snapshot, build_trends
from rasp.store.writes import PULSE, save_return, setup_partnership

__all__ = [
    "ANSWER_COLUMNS",
    "PULSE",
    "STATUSES",
    "Draft",
    "Link",
    "add_action",
    "answers",
    "build_snapshot",
    "build_trends",
    "close_link",
    "create_link",
    "data_version",
    "directory",
    "find_link",
    "links_for",
    "load_actions",
    "load_answers",
    "load_decisions",
    "load_draft",
    "load_returns",
    "make_engine",
    "metadata",
    "partner_ratings",
    "record_decision",
    "response_counts",
    "returns",
    "round_infos",
    "save_draft",
    "save_return",
    "set_action_status",
    "setup_partnership",
    "start_draft",
    "submit_draft",
]

"""The store operations the pages use: the only door from a page to the database (checks on who may do what
belong here, next to the call they guard)."""

from __future__ import annotations

from rasp.store.actions import STATUSES, load_actions, set_action_status
from rasp.store.collection import close_link, create_link, find_link, links_for, response_counts
from rasp.store.reads import directory, load_returns, round_infos
from rasp.store.writes import setup_partnership

__all__ = [
    "STATUSES",
    "close_link",
    "create_link",
    "directory",
    "find_link",
    "links_for",
    "load_actions",
    "load_returns",
    "response_counts",
    "round_infos",
    "set_action_status",
    "setup_partnership",
]

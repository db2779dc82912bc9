"""Roughly how many bytes a value the app keeps holds, so the shared stores (rasp.ui.cache) can keep to a budget.

Tables count what pandas says they use (text included); figures count their traces and layout as plain data;
long lists are sampled. It is an estimate for eviction, not an audit: within a few per cent for tables, looser for
small objects (which do not matter against a budget of tens of megabytes).
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

import numpy as np
import pandas as pd

SAMPLE = 200  # items of a long list or dict weighed one by one; the rest are taken to be like them
DEPTH = 8  # how deep nested containers are followed


def weight(value: Any, depth: int = 0) -> int:
    """Estimated bytes held by `value` (and what it contains)."""
    if depth > DEPTH:
        return 0
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
    if isinstance(value, pd.Series | pd.Index):
        return int(value.memory_usage(deep=True))
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if isinstance(value, str | bytes | bytearray):
        return sys.getsizeof(value)
    if isinstance(value, dict):
        return _many(list(value.values()), depth) + sys.getsizeof(value)
    if isinstance(value, list | tuple | set | frozenset):
        return _many(list(value), depth) + sys.getsizeof(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(weight(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    data, layout = getattr(value, "_data", None), getattr(value, "_layout", None)
    if isinstance(data, list) and isinstance(layout, dict):  # a plotly figure: its traces and layout
        return weight(data, depth + 1) + weight(layout, depth + 1)
    return sys.getsizeof(value)


def _many(items: list[Any], depth: int) -> int:
    if len(items) <= SAMPLE:
        return sum(weight(item, depth + 1) for item in items)
    sampled = sum(weight(item, depth + 1) for item in items[:SAMPLE])
    return sampled * len(items) // SAMPLE

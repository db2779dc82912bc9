"""User text reaches plotly as text, never as plotly's HTML subset or its template syntax.

plotly draws every label (titles, axis and tick labels, legends, hover labels, text in cells, annotations) as
a small HTML subset: `<a href>` becomes a live link, `<b>`, `<br>`, `<sub>` change the text, `&...;` entities
are decoded, and in hover and text templates `%{...}` is replaced by data. A council called
`<a href="https://x">Click here</a>` or `%{x}` must show exactly as written.

`plot_text` escapes one string; `plain_inputs` is the boundary: it decorates every public figure builder and
escapes every string that comes in through the arguments (plain strings, sequences, mappings and their keys,
DataFrame and Series cells, index and columns), once, before the builder adds its own markup (`<br>` line
breaks, `%{...}` placeholders). A builder called from inside another (council_matrix from matrix_heatmap)
sees its arguments already escaped and escapes nothing again. Text from the framework file inside a
`Framework` (answer labels, statement texts, rung names) is escaped by the builders where they use it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "%": "&#37;"})
_inside = ContextVar("plain_inputs_inside", default=False)


def plot_text(text: str) -> str:
    """Text plotly shows literally: &, <, > as entities, and % as one too (so '%{x}' is never a placeholder)."""
    return text.translate(_ESCAPES)


def _index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([list(_index(level)) for level in index.levels])
    if index.dtype == object or pd.api.types.is_string_dtype(index):
        return index.map(lambda v: plot_text(v) if isinstance(v, str) else v)
    return index


def _series(series: pd.Series) -> pd.Series:
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        series = series.map(lambda v: plain(v) if isinstance(v, (str, tuple)) else v)
    return series.set_axis(_index(series.index))


def plain(value: object) -> object:
    """`value` with every string inside it escaped by `plot_text` (numbers, dates and other objects unchanged)."""
    if isinstance(value, str):
        return plot_text(value)
    if isinstance(value, pd.DataFrame):
        frame = value.copy(deep=False)
        frame.columns = _index(frame.columns)
        frame.index = _index(frame.index)
        for i in range(frame.shape[1]):
            frame.isetitem(i, _series(frame.iloc[:, i]).set_axis(frame.index).to_numpy())
        return frame
    if isinstance(value, pd.Series):
        escaped = _series(value)
        if isinstance(value.name, str):
            escaped.name = plot_text(value.name)
        return escaped
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    return value


def plain_inputs(builder: Callable[P, R]) -> Callable[P, R]:
    """Decorate a figure builder: its string arguments arrive escaped (see the module docstring)."""

    @functools.wraps(builder)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _inside.get():
            return builder(*args, **kwargs)
        token = _inside.set(True)
        try:
            escaped_args = [plain(a) for a in args]
            escaped_kwargs = {k: plain(v) for k, v in kwargs.items()}
            return builder(*escaped_args, **escaped_kwargs)  # type: ignore[arg-type]
        finally:
            _inside.reset(token)

    return wrapper

"""What the app keeps between reruns, shared by every session: the snapshots, the findings and the figures.

Nothing here is pickled: a rerun gets the very object built the first time (st.cache_data would unpickle a
national snapshot, about 140 MB, on every rerun). So nothing returned from here may be changed in place.

Every key starts with the data's identity (database, framework file, partnership, round, data version: a new
return changes the version) and what the viewer may see (their access scope when the app has one): two people
share an entry only when they may see exactly the same thing. Each store holds a few entries and drops the
least recently used.

    shared(kind, key, build)     -> the object for key, built once (kinds and their bounds in BOUNDS)
    cached(ctx, fn, *args, **kw) -> fn(*args, **kw) for this viewer's data; the key is made from the args
                                    (a snapshot's own tables by name, other frames by content)
    derived(value, fn, *args)    -> fn(value, *args), shared when value is itself a stored result
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import gc
import hashlib
import pickle
import threading
from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

import pandas as pd
import streamlit as st

from rasp.ui.lru import Lru, trim

T = TypeVar("T")

# How many entries each store keeps, and how many bytes (rasp.ui.weight's estimate) where the entries can be
# large. A national snapshot (400 councils x 25 respondents x 42 statements) is about 63 MB, and one round's
# results on every page (gap and trust tables of 80,000 pairs and more) about 60 MB: three rounds' snapshots
# and the most recent results fit, with the app itself, inside the 600 MB goal (benchmarks/page_bench.py).
# At a partnership's scale (a few MB a round) only the counts ever bind. The newest entry is always kept,
# even alone over its budget.
MB = 1024 * 1024
BOUNDS = {"directory": 8, "snapshot": 4, "view": 32, "trends": 4, "result": 512}
BUDGETS = {"snapshot": 224 * MB, "view": 96 * MB, "trends": 32 * MB, "result": 48 * MB}


def kept(release: Callable[[Any], None] | None = None) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """`st.cache_resource` for a function of a few plain, hashable arguments, answered from a plain dict after
    the first call: Streamlit hashes the arguments on every call (about 0.1 ms, dozens of times a page run).
    Streamlit still builds each answer once per process, and the dict forgets it when Streamlit releases it
    (`st.cache_resource.clear()`), after `release` has run."""

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        memo: dict[tuple[Hashable, ...], T] = {}
        lock = threading.Lock()

        def forget(value: T) -> None:
            with lock:
                for args in [a for a, v in memo.items() if v is value]:
                    del memo[args]
            if release is not None:
                release(value)

        resource = st.cache_resource(show_spinner=False, on_release=forget)(fn)

        @functools.wraps(fn)
        def call(*args: Hashable) -> T:
            try:
                return memo[args]
            except KeyError:
                value = resource(*args)
                with lock:
                    memo[args] = value
                return value

        return call

    return wrap


@kept()
def _stores() -> dict[str, Lru]:
    return {kind: Lru(size, BUDGETS.get(kind)) for kind, size in BOUNDS.items()}


LARGE = {"snapshot", "trends"}  # builds that allocate and free hundreds of MB at national scale


def shared(kind: str, key: Hashable, build: Callable[[], T]) -> T:
    """The object stored under `key` in the `kind` store, built by `build()` the first time."""
    if kind not in LARGE:
        return _stores()[kind].get(key, build)

    def build_and_trim() -> T:
        value = build()
        trim()
        return value

    return _stores()[kind].get(key, build_and_trim)


class Viewer(Protocol):
    """What `cached` needs from a page's context (rasp.ui.app.Context)."""

    @property
    def cache_key(self) -> Hashable: ...

    @property
    def framework(self) -> Any: ...

    def snapshot(self) -> Any: ...


class Uncacheable(TypeError):
    """An argument whose identity cannot be put into a key: the call is simply not cached."""


def _frame_key(frame: pd.DataFrame | pd.Series) -> Hashable:
    """A digest of the frame's pickle: its values, index, columns, dtypes (categories included) and names.
    Frames with the same content made in different ways may pickle differently (a missed share, never a wrong
    one). About five times cheaper than `pd.util.hash_pandas_object` on the small frames a page passes."""
    try:
        content = hashlib.blake2b(pickle.dumps(frame, protocol=5), digest_size=20).digest()
    except (pickle.PicklingError, TypeError, AttributeError) as exc:  # cells that cannot be pickled
        raise Uncacheable("a frame with cells that cannot be pickled") from exc
    return ("frame" if isinstance(frame, pd.DataFrame) else "series", len(frame), content)


def _held(value: Any) -> Hashable | None:
    """The key of an object one of the stores holds (so it is alive and its id is its own), else None."""
    for store in _stores().values():
        key = store.ids.get(id(value))
        if key is not None:
            return key
    return None


def fingerprint(value: Any, named: dict[int, str]) -> Hashable:
    """A hashable stand-in for an argument: the name of a snapshot table or the key of a stored result, a
    frame's content, plain values."""
    if value is None or isinstance(value, str | int | float | bool | enum.Enum):
        return value
    if id(value) in named:
        return ("snapshot", named[id(value)])
    held = _held(value)
    if held is not None:
        return ("held", held)
    if isinstance(value, pd.DataFrame | pd.Series):
        return _frame_key(value)
    if isinstance(value, dict):
        return ("dict", tuple((fingerprint(k, named), fingerprint(v, named)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(fingerprint(v, named) for v in value))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(repr(fingerprint(v, named)) for v in value)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__qualname__, tuple(fingerprint(getattr(value, f.name), named) for f in fields))
    raise Uncacheable(type(value).__qualname__)


def cached(ctx: Viewer, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)`, computed once per viewer scope, data version and arguments, then shared."""
    if "<" in fn.__qualname__ or fn.__module__ == "__main__":
        return fn(*args, **kwargs)  # a lambda, a local or a page's own function: its name says too little
    snap = ctx.snapshot()
    named: dict[int, str] = {}
    if snap is not None:
        named = {id(getattr(snap, f.name)): f.name for f in dataclasses.fields(snap)}
        named[id(snap)] = "snapshot"
    named[id(ctx.framework)] = "framework"  # one per framework file, which the key names
    try:
        key = (
            ctx.cache_key,
            fn.__module__,
            fn.__qualname__,
            fingerprint(getattr(fn, "__self__", None), named),  # a bound method: whose
            fingerprint(args, named),
            fingerprint(tuple(sorted(kwargs.items())), named),
        )
    except Uncacheable:
        return fn(*args, **kwargs)
    return shared("result", key, lambda: fn(*args, **kwargs))


def derived(value: Any, fn: Callable[..., T], /, *args: Hashable) -> T:
    """`fn(value, *args)`, shared when `value` is an object one of the stores holds (its key then says what it
    is); computed as usual for anything else."""
    held = _held(value)
    if held is None:
        return fn(value, *args)
    return shared("result", ("derived", held, fn.__module__, fn.__qualname__, args), lambda: fn(value, *args))


_frozen = threading.Event()


def freeze_after_start() -> None:
    """Once per process, after the first page has set up: move every object alive now (modules, plotly's
    validators, the framework, the engine) out of the garbage collector's view, so its full collections no
    longer walk them. Later objects (snapshots, figures) are collected as usual."""
    if not _frozen.is_set():
        _frozen.set()
        gc.collect()
        gc.freeze()

"""rasp.ui.cache: results shared per data identity and arguments, bounded, built once, never a stale hit."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from rasp.ui.cache import BOUNDS, BUDGETS, MB, cached, derived, kept, shared
from rasp.ui.lru import Lru
from rasp.ui.weight import weight


@dataclass(frozen=True)
class Snap:
    scores: pd.DataFrame
    councils: tuple[str, ...]


@dataclass
class Ctx:
    cache_key: tuple[object, ...]
    snap: Snap
    framework: object = None

    def snapshot(self) -> Snap:
        return self.snap


def _ctx(version: int, scope: str = "everyone") -> Ctx:
    scores = pd.DataFrame({"council": ["A", "B"], "score": [50.0, 70.0]})
    return Ctx(("db", "fw", "P", "R", version, scope), Snap(scores, ("A", "B")), object())


CALLS: list[object] = []  # what the module-level functions below were called with


def mean(frame: pd.DataFrame, column: str) -> float:
    CALLS.append(column)
    return float(frame[column].mean())


def first(frame: pd.DataFrame, councils: list[str]) -> str:
    CALLS.append(tuple(councils))
    return str(frame[frame["council"].isin(councils)]["score"].iloc[0])


def total(frame: pd.DataFrame) -> float:
    CALLS.append("total")
    return float(frame["score"].sum())


def size(thing: object) -> int:
    CALLS.append("size")
    return 7


def test_the_same_call_is_computed_once_and_shared() -> None:
    ctx, calls = _ctx(1), CALLS
    calls.clear()
    assert cached(ctx, mean, ctx.snap.scores, "score") == 60.0
    assert cached(ctx, mean, ctx.snap.scores, "score") == 60.0
    assert calls == ["score"]


def test_other_version_scope_or_arguments_compute_again() -> None:
    calls = CALLS
    calls.clear()
    a = _ctx(1)
    assert cached(a, first, a.snap.scores, ["B"]) == "70.0"
    assert cached(a, first, a.snap.scores, ["A"]) == "50.0"  # other argument
    b = _ctx(2)  # a new return: the data version moved
    assert cached(b, first, b.snap.scores, ["B"]) == "70.0"
    c = _ctx(1, scope="council A only")  # another viewer's scope
    assert cached(c, first, c.snap.scores, ["B"]) == "70.0"
    assert len(calls) == 4


def test_a_frame_outside_the_snapshot_is_keyed_by_its_content() -> None:
    ctx, calls = _ctx(3), CALLS
    calls.clear()

    frame = pd.DataFrame({"score": [1.0, 2.0]})
    assert cached(ctx, total, frame) == 3.0
    assert cached(ctx, total, frame.copy()) == 3.0  # a different object, the same content: shared
    assert cached(ctx, total, pd.DataFrame({"score": [1.0, 5.0]})) == 6.0  # other content: computed
    assert len(calls) == 2
    assert cached(ctx, total, frame.set_axis([7, 8])) == 3.0  # another index: computed
    assert cached(ctx, total, frame.assign(mean=[0.0, 0.0])) == 3.0  # another column: computed
    assert cached(ctx, total, frame.astype("float32")) == 3.0  # another dtype: computed
    assert len(calls) == 5
    names = pd.DataFrame({"council": pd.Categorical(["A", "B"]), "score": [1.0, 2.0]})
    again = pd.DataFrame({"council": pd.Categorical(["A", "B"]), "score": [1.0, 2.0]})
    assert cached(ctx, total, names) == 3.0 and cached(ctx, total, again) == 3.0  # made twice alike: shared
    other = pd.DataFrame({"council": pd.Categorical(["A", "B"], categories=["B", "A"]), "score": [1.0, 2.0]})
    assert cached(ctx, total, other) == 3.0  # the same labels, other categories: computed
    assert len(calls) == 7
    assert cached(ctx, size, frame) == 7 and cached(ctx, size, frame.rename(columns={"score": "mean"})) == 7
    assert len(calls) == 9  # another column name: computed


def test_arguments_that_cannot_be_keyed_are_computed_every_time() -> None:
    ctx, calls = _ctx(4), CALLS
    calls.clear()

    assert cached(ctx, size, object()) == 7
    assert cached(ctx, size, object()) == 7
    assert len(calls) == 2


def test_a_store_keeps_its_bound_and_drops_the_least_recently_used() -> None:
    lru = Lru(2)
    built: list[str] = []

    def make(name: str) -> Any:
        return lambda: built.append(name) or [name]

    lru.get("a", make("a"))
    lru.get("b", make("b"))
    lru.get("a", make("a"))  # a is now the most recent
    lru.get("c", make("c"))  # drops b
    assert list(lru.items) == ["a", "c"]
    assert len(lru.ids) == 2
    lru.get("b", make("b"))
    assert built == ["a", "b", "c", "b"]


def test_sessions_asking_at_once_build_once() -> None:
    built: list[int] = []
    gate = threading.Event()

    def slow() -> list[int]:
        gate.wait(5)
        built.append(1)
        return [1]

    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(shared("result", ("at once",), slow))) for _ in range(4)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)
    assert built == [1]
    assert len(results) == 4 and all(r is results[0] for r in results)


def test_bounds_are_small() -> None:
    assert BOUNDS["snapshot"] <= 4 and BOUNDS["trends"] <= 4
    large = ("snapshot", "view", "trends", "result")
    assert sum(BUDGETS[kind] for kind in large) <= 500 * MB  # room left for the app itself under 600 MB


def test_a_store_with_a_budget_drops_the_least_recently_used_until_it_fits() -> None:
    lru = Lru(10, budget=3_000_000)

    def table(rows: int) -> Any:
        return lambda: pd.DataFrame({"x": np.zeros(rows, dtype="int64")})  # 8 bytes a row, and a small index

    lru.get("a", table(100_000))  # 0.8 MB
    lru.get("b", table(150_000))  # 1.2 MB
    lru.get("a", table(1))  # a is now the most recent
    lru.get("c", table(125_000))  # 1.0 MB: 3.0 MB in all, over the budget by the two indexes: b goes
    assert list(lru.items) == ["a", "c"]
    assert 1_800_000 <= lru.total <= 1_801_000
    lru.get("huge", table(1_000_000))  # 8 MB alone: everything else goes, the newest stays
    assert list(lru.items) == ["huge"] and lru.ids == {id(lru.items["huge"]): "huge"}
    assert 8_000_000 <= lru.total <= 8_001_000


def test_weights_follow_the_size_of_what_is_kept() -> None:
    frame = pd.DataFrame({"n": np.arange(10_000, dtype="int64"), "x": np.ones(10_000)})
    assert 160_000 <= weight(frame) <= 161_000  # two columns of 8 bytes a row, and a range index
    text = pd.DataFrame({"council": [f"Council {i:03d}" for i in range(10_000)]})
    assert weight(text) > 10 * 10_000  # the characters count, not only the pointers
    small = go.Figure(go.Heatmap(z=np.zeros((10, 10))))
    big = go.Figure(go.Heatmap(z=np.zeros((400, 400))))
    assert 1_280_000 <= weight(big) <= 1_400_000  # 160,000 cells of 8 bytes, and the layout
    assert weight(big) - weight(small) >= 159_900 * 8  # the difference is the cells
    names = [f"name {i}" for i in range(100_000)]  # sampled: within a few per cent of the whole
    exact = sum(sys.getsizeof(n) for n in names) + sys.getsizeof(names)
    assert abs(weight(names) - exact) < 0.05 * exact

    @dataclass
    class Pair:
        left: pd.DataFrame
        right: pd.DataFrame

    assert weight(Pair(frame, frame)) == 2 * weight(frame)


def test_derived_is_shared_for_stored_results_only() -> None:
    calls: list[int] = []

    def width(frame: pd.DataFrame, extra: int) -> int:
        calls.append(1)
        return len(frame.columns) + extra

    stored = shared("result", ("a stored table",), lambda: pd.DataFrame({"a": [1], "b": [2]}))
    assert derived(stored, width, 1) == 3
    assert derived(stored, width, 1) == 3
    assert derived(stored, width, 2) == 4  # other arguments
    loose = pd.DataFrame({"a": [1]})
    assert derived(loose, width, 1) == 2
    assert derived(loose, width, 1) == 2
    assert len(calls) == 4  # stored: once per argument; loose: every time


def test_lambdas_are_never_cached_under_their_name() -> None:
    ctx = _ctx(5)
    assert cached(ctx, lambda: 1) == 1
    assert cached(ctx, lambda: 2) == 2  # same "<lambda>" name, other function: not mistaken for the first


def test_kept_answers_once_per_argument_until_streamlit_releases_it() -> None:
    made: list[str] = []
    released: list[object] = []

    @kept(release=released.append)
    def resource(name: str) -> list[str]:
        made.append(name)
        return [name]

    first = resource("a")
    assert resource("a") is first and resource("b") is not first
    assert made == ["a", "b"]
    st.cache_resource.clear()  # what the tests do after each module, and what a cleared cache does
    assert sorted(map(str, released)) == ["['a']", "['b']"]
    again = resource("a")
    assert again == ["a"] and again is not first  # built anew, not the released one
    assert made == ["a", "b", "a"]

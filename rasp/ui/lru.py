"""The bounded store behind rasp.ui.cache: least recently used, by count and by estimated bytes."""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from rasp.ui.weight import weight

T = TypeVar("T")
TRIM_AFTER = 16 * 1024 * 1024  # dropping this many bytes or more hands the freed memory back to the system


class Lru:
    """A small thread-safe least-recently-used map (sessions rerun in their own threads), bounded by a count
    and, when given, by the estimated bytes of what it holds."""

    def __init__(self, size: int, budget: int | None = None) -> None:
        self.size = size
        self.budget = budget
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.weights: dict[Hashable, int] = {}
        self.total = 0  # estimated bytes held
        self.lock = threading.Lock()
        self.building: dict[Hashable, threading.Lock] = {}
        self.ids: dict[int, Hashable] = {}  # id of each object held -> its key (valid while it is held)

    def _over(self) -> bool:
        if len(self.items) > self.size:
            return True
        return self.budget is not None and self.total > self.budget and len(self.items) > 1

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]  # type: ignore[no-any-return]
            gate = self.building.setdefault(key, threading.Lock())
        with gate:  # one build per key: sessions asking at once wait for the first
            with self.lock:
                if key in self.items:
                    return self.items[key]  # type: ignore[no-any-return]
            value = build()
            heavy = weight(value) if self.budget is not None else 0
            with self.lock:
                self.items[key] = value
                self.items.move_to_end(key)
                self.ids[id(value)] = key
                self.weights[key] = heavy
                self.total += heavy
                freed = 0
                while self._over():
                    old, dropped = self.items.popitem(last=False)
                    self.ids.pop(id(dropped), None)
                    lighter = self.weights.pop(old, 0)
                    self.total -= lighter
                    freed += lighter
                self.building.pop(key, None)
        if freed >= TRIM_AFTER or heavy >= TRIM_AFTER:  # a large build frees as much on its way
            trim()
        return value


def trim() -> None:
    """Hand the memory freed after a large build back to the operating system: glibc's heap (about 40 MB after
    a national snapshot; nothing to do where the C library has no malloc_trim) and Arrow's own pool, which
    holds pandas' text columns and keeps freed pages otherwise."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc (macOS, musl): nothing to do
        ctypes.CDLL(None).malloc_trim(0)
    with contextlib.suppress(ImportError, AttributeError):
        import pyarrow  # type: ignore[import-untyped]

        pyarrow.default_memory_pool().release_unused()

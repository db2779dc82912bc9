"""The question framework as data: load the TOML file, check it, and expose it as frozen objects.

Nothing else in `rasp` hard-codes a dimension id, a statement, a label or a threshold: they come from here.
A malformed file raises `FrameworkError` naming the file and every problem found.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from rasp.core.errors import FrameworkError

DEFAULT_FRAMEWORK_PATH = Path(__file__).resolve().parents[2] / "data" / "framework.toml"


@dataclass(frozen=True)
class Statement:
    id: str
    dimension: str
    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    covers: str
    statements: tuple[Statement, ...]
    pulse: Statement | None = None


@dataclass(frozen=True)
class Rung:
    rung: int
    name: str
    meaning: str
    requires: dict[str, float]

    @property
    def label(self) -> str:
        """'4 Coordinate'."""
        return f"{self.rung} {self.name}"


@dataclass(frozen=True)
class Thresholds:
    strength: float
    borderline: float
    min_answered_fraction: float
    split_ad: float
    material_gap: float
    trust_asymmetry: float
    ambition_disagreement_rungs: int
    anonymity_min_respondents: int
    evidence_min_respondents: int


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    name: str
    labels: tuple[str, ...]
    dont_know: str
    thresholds: Thresholds
    scopes: tuple[str, ...]
    partner_trust_question: str
    partner_alignment_question: str
    ladder: tuple[Rung, ...]
    dimensions: tuple[Dimension, ...]

    @property
    def scale_max(self) -> int:
        return len(self.labels)

    @cached_property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for d in self.dimensions for s in d.statements)

    @cached_property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    @cached_property
    def dimension_names(self) -> dict[str, str]:
        return {d.id: d.name for d in self.dimensions}

    @property
    def major_version(self) -> str:
        return self.version.split(".")[0]

    def answer_options(self) -> list[str]:
        """The dropdown choices: '1 - Strongly disagree' ... '5 - Strongly agree', "Don't know"."""
        return [f"{i} - {label}" for i, label in enumerate(self.labels, start=1)] + [self.dont_know]

    def pulse(self) -> Framework:
        """The quick-pulse framework: the same scale, ladder and thresholds, one short statement per dimension.
        Pulse answers are scored with it, apart from full returns."""
        if any(d.pulse is None for d in self.dimensions):
            raise FrameworkError(
                "This framework has no pulse statement for every dimension, so a quick pulse "
                "cannot be run. Add `pulse = { id = ..., text = ... }` to each dimension."
            )
        dims = tuple(
            dataclasses.replace(d, statements=(d.pulse,), pulse=d.pulse) for d in self.dimensions if d.pulse is not None
        )
        return dataclasses.replace(self, version=f"{self.version}-pulse", dimensions=dims)

    def rung(self, number: int) -> Rung:
        for r in self.ladder:
            if r.rung == number:
                return r
        raise KeyError(number)


_THRESHOLD_KEYS = {
    "strength": float,
    "borderline": float,
    "min_answered_fraction": float,
    "split_ad": float,
    "material_gap": float,
    "trust_asymmetry": float,
    "ambition_disagreement_rungs": int,
    "anonymity_min_respondents": int,
    "evidence_min_respondents": int,
}


class _Checker:
    """Collects every problem in the file so the administrator can fix them in one go."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            self.problems.append(f"the [{key}] section is missing")
            return {}
        return value

    def text(self, data: dict[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{where}: '{key}' must be a non-empty text")
            return ""
        return value.strip()

    def number(self, data: dict[str, Any], key: str, where: str, lo: float, hi: float) -> float:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            self.problems.append(f"{where}: '{key}' must be a number from {lo:g} to {hi:g}")
            return lo
        return float(value)


def parse_framework(data: dict[str, Any], source: str = "framework") -> Framework:
    """Build a Framework from parsed TOML, raising FrameworkError listing every problem."""
    c = _Checker()
    head = c.table(data, "framework")
    scale = c.table(data, "scale")
    thr = c.table(data, "thresholds")
    scope = c.table(data, "scope")
    pq = c.table(data, "partner_questions")

    labels = scale.get("labels")
    if not isinstance(labels, list) or len(labels) < 2 or not all(isinstance(x, str) and x for x in labels):
        c.problems.append("[scale]: 'labels' must be a list of at least two answer labels")
        labels = []
    thresholds: dict[str, Any] = {}
    for key, kind in _THRESHOLD_KEYS.items():
        hi = 100.0 if kind is float else 1000.0
        value = c.number(thr, key, "[thresholds]", 0, hi) if thr else 0
        thresholds[key] = kind(value)
    scopes = scope.get("options")
    if not isinstance(scopes, list) or not all(isinstance(x, str) and x for x in scopes):
        c.problems.append("[scope]: 'options' must be a list of texts")
        scopes = []

    dimensions = _parse_dimensions(data.get("dimensions"), c)
    ladder = _parse_ladder(data.get("ladder"), [d.id for d in dimensions], c)

    framework = Framework(
        id=c.text(head, "id", "[framework]"),
        version=c.text(head, "version", "[framework]"),
        name=c.text(head, "name", "[framework]"),
        labels=tuple(labels),
        dont_know=c.text(scale, "dont_know", "[scale]"),
        thresholds=Thresholds(**thresholds),
        scopes=tuple(scopes),
        partner_trust_question=c.text(pq, "trust", "[partner_questions]"),
        partner_alignment_question=c.text(pq, "alignment", "[partner_questions]"),
        ladder=ladder,
        dimensions=dimensions,
    )
    if framework.thresholds.borderline > framework.thresholds.strength:
        c.problems.append("[thresholds]: 'borderline' must not be above 'strength'")
    if c.problems:
        raise FrameworkError(f"The framework file {source} cannot be used:\n- " + "\n- ".join(c.problems))
    return framework


def _parse_dimensions(raw: Any, c: _Checker) -> tuple[Dimension, ...]:
    if not isinstance(raw, list) or not raw:
        c.problems.append("there must be at least one [[dimensions]] section")
        return ()
    dims: list[Dimension] = []
    seen_dims: set[str] = set()
    seen_items: set[str] = set()
    for n, d in enumerate(raw, start=1):
        if not isinstance(d, dict):
            c.problems.append(f"dimension {n} is not a table")
            continue
        did = c.text(d, "id", f"dimension {n}")
        where = f"dimension '{did or n}'"
        if did in seen_dims:
            c.problems.append(f"{where}: the id is used twice")
        seen_dims.add(did)
        items: list[Statement] = []
        statements = d.get("statements")
        if not isinstance(statements, list) or not statements:
            c.problems.append(f"{where}: it needs at least one statement")
            statements = []
        for s in statements:
            if not isinstance(s, dict):
                c.problems.append(f"{where}: a statement is not a table")
                continue
            sid = c.text(s, "id", where)
            if sid in seen_items:
                c.problems.append(f"{where}: statement id '{sid}' is used twice")
            seen_items.add(sid)
            weight = c.number(s, "weight", f"statement '{sid}'", 0.0, 100.0) if "weight" in s else 1.0
            items.append(Statement(sid, did, c.text(s, "text", f"statement '{sid}'"), weight))
        pulse = None
        if "pulse" in d:
            raw_pulse = d["pulse"] if isinstance(d["pulse"], dict) else {}
            pid = c.text(raw_pulse, "id", f"{where} pulse")
            if pid in seen_items:
                c.problems.append(f"{where}: pulse statement id '{pid}' is used twice")
            seen_items.add(pid)
            pulse = Statement(pid, did, c.text(raw_pulse, "text", f"{where} pulse"))
        dims.append(Dimension(did, c.text(d, "name", where), str(d.get("covers", "")), tuple(items), pulse))
    return tuple(dims)


def _parse_ladder(raw: Any, dimension_ids: list[str], c: _Checker) -> tuple[Rung, ...]:
    if not isinstance(raw, list) or not raw:
        c.problems.append("there must be [[ladder]] sections, one per form of sharing")
        return ()
    rungs: list[Rung] = []
    for n, r in enumerate(raw, start=1):
        if not isinstance(r, dict):
            c.problems.append(f"ladder entry {n} is not a table")
            continue
        if r.get("rung") != n:
            c.problems.append(f"ladder entry {n}: 'rung' must be {n} (rungs are numbered 1, 2, 3 ... in order)")
        name = c.text(r, "name", f"ladder rung {n}")
        requires = r.get("requires")
        if not isinstance(requires, dict):
            c.problems.append(f"ladder rung {n}: 'requires' must give a minimum score per dimension")
            requires = {}
        missing = [d for d in dimension_ids if d not in requires]
        unknown = [k for k in requires if k not in dimension_ids]
        if missing:
            c.problems.append(f"ladder rung {n}: 'requires' has no value for {', '.join(missing)}")
        if unknown:
            c.problems.append(f"ladder rung {n}: 'requires' names unknown dimensions {', '.join(unknown)}")
        req = {d: c.number(requires, d, f"ladder rung {n}", 0, 100) for d in dimension_ids if d in requires}
        rungs.append(Rung(n, name, str(r.get("meaning", "")), req))
    return tuple(rungs)


def load_framework(path: Path | str | None = None) -> Framework:
    """Read and check the framework file (default: data/framework.toml)."""
    p = Path(path) if path else DEFAULT_FRAMEWORK_PATH
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"The framework file {p} cannot be read: {exc.strerror or exc}.") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FrameworkError(f"The framework file {p} is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"The framework file {p} is not valid TOML: {exc}.") from None
    return parse_framework(data, str(p))

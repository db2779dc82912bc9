"""How long reading, importing and scoring returns takes, on real .xlsx files and at national scale.

Run from the project folder:

    .venv/bin/python benchmarks/import_bench.py [--returns 500] [--out DIR] [--keep] [--skip-national] [--skip-postgres]

Part 1 generates N filled returns from the real template (a partnership of 20 fictional councils, varied
answers from a seeded random.Random, a distinct named respondent each) and writes them as .xlsx files.
Generation is timed separately and is not part of any measured figure.

Part 2 times, per file over all N files (the files are read from disk once beforehand for the rasp rows, so
every row compares the same work on bytes already in memory, except a and b, which open the path as a user of
those libraries would):
  a. bare python-calamine: open the file and read every sheet with to_python();
  b. pandas.read_excel(path, sheet_name=None, engine="openpyxl");
  reader rows: rasp.intake.reader.read_workbook as used (the bounded scan, calamine on the original) and with
     the rebuild forced (what every file cost before the scan), for reference;
  c. the full import, per return: import_bytes, one transaction per return (the single-upload path);
  c'. the full import as a batch: rasp.intake.dispatch.import_files over all files (the command line's and the
     upload page's path: names loaded once, valid returns stored 50 to a transaction), on SQLite and, when
     PostgreSQL's server binaries are installed, on a private PostgreSQL server (tests/postgres.py);
  the goals of issue 12: the full import per return at most 3x raw calamine (a) and at most 0.2x pandas (b);
  the ratios are printed under the table. Every return must be "stored", each time into a fresh database.
  d. rasp.store.snapshots.build_snapshot over everything imported (load from the store and score).

Part 3 (unless --skip-national) builds a tidy answers table for 400 councils x 25 respondents x 42
statements (420,000 answers) in memory and times respondent_scores, council_scores, pair_gaps (79,800
pairs x 7 dimensions), alignment and partnership_view, with the peak memory of each step.

Exit status: 0 when everything ran, 1 when any return did not import as "stored".
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.metadata
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rasp.core import columns as col  # noqa: E402
from rasp.core.framework import Framework, load_framework  # noqa: E402
from rasp.intake.demo import ROLES as DEMO_ROLES  # noqa: E402
from rasp.intake.importer import import_bytes  # noqa: E402
from rasp.intake.reader import read_workbook  # noqa: E402
from rasp.intake.template import build_template, fill_template  # noqa: E402
from rasp.method.gaps import alignment, pair_gaps, partnership_view  # noqa: E402
from rasp.method.scoring import council_scores, respondent_scores  # noqa: E402
from rasp.store.engine import make_engine  # noqa: E402
from rasp.store.reads import ANSWER_COLUMNS, load_answers  # noqa: E402
from rasp.store.snapshots import build_snapshot  # noqa: E402
from rasp.store.writes import setup_partnership  # noqa: E402

PARTNERSHIP = "Benchmark: Shire shared services partnership"
ROUND = "2026 baseline"
DB_NAME = "import-bench.db"
SEED = 20261128

COUNCILS = [
    "Northvale District Council",
    "Eastmoor Borough Council",
    "Ashby City Council",
    "Westbrook County Council",
    "Riverside Borough Council",
    "Highfield District Council",
    "Kingsmere Borough Council",
    "Oakhampton Town Council",
    "Stonebridge District Council",
    "Fernley Borough Council",
    "Marshgate City Council",
    "Hollowdale District Council",
    "Brackenford Borough Council",
    "Castleton County Council",
    "Elmswick District Council",
    "Greyhaven Borough Council",
    "Larkfield District Council",
    "Millbrook City Council",
    "Pendleby Borough Council",
    "Thornbury District Council",
]
FIRST_NAMES = [
    "Aisha",
    "Alan",
    "Amelia",
    "Andrew",
    "Bethan",
    "Carys",
    "Chloe",
    "Daniel",
    "David",
    "Eleanor",
    "Emma",
    "Fatima",
    "Gareth",
    "Grace",
    "Hannah",
    "Harjit",
    "Imran",
    "Isla",
    "James",
    "Joanne",
    "Kieran",
    "Lucy",
    "Mark",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Rachel",
    "Rhys",
    "Sarah",
    "Simon",
    "Siobhan",
    "Tom",
    "Una",
    "Victoria",
    "William",
    "Yusuf",
    "Zara",
    "Ewan",
    "Morag",
]
SURNAMES = [
    "Ahmed",
    "Baker",
    "Begum",
    "Campbell",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hall",
    "Hughes",
    "Jones",
    "Kaur",
    "Khan",
    "Lewis",
    "MacDonald",
    "Morgan",
    "Murphy",
    "Nowak",
    "O'Brien",
    "Owen",
    "Patel",
    "Price",
    "Roberts",
    "Robinson",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Turner",
    "Walker",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
ROLES = [*DEMO_ROLES, "Head of procurement", "Information governance lead"]
EVIDENCE = [
    "We have run a joint contact centre since 2019.",
    "The shared revenues and benefits service was agreed by both cabinets in 2024.",
    "Staff surveys show low awareness of the partnership outside senior management.",
    "A joint risk register exists but has not been reviewed this year.",
    "Budget pressures mean any saving must be realised within two financial years.",
    "Members have asked for a clear exit clause before committing further.",
]


# ---------------------------------------------------------------------------------------------------------------
# Small measuring helpers


@dataclass
class Row:
    """One line of the results table."""

    what: str
    count: str = ""
    mean_ms: float | None = None
    median_ms: float | None = None
    cpu_ms: float | None = None  # mean CPU time of this process (all threads), less affected by other load
    total_s: float | None = None
    peak_mb: float | None = None
    rss_mb: float | None = None
    note: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row


@dataclass
class Times:
    """Wall-clock (perf_counter) and CPU (process_time) seconds of each timed call."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @contextlib.contextmanager
    def timing(self) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)

    def row(self, what: str, count: str, **extra: Any) -> Row:
        return Row(
            what,
            count,
            statistics.fmean(self.wall) * 1000,
            statistics.median(self.wall) * 1000,
            statistics.fmean(self.cpu) * 1000,
            **extra,
        )


def per_file_row(what: str, times: Times, note: str = "") -> Row:
    return times.row(what, f"{len(times.wall)} files", total_s=sum(times.wall), note=note)


def _reset_rss_peak() -> bool:
    """Reset the kernel's resident-set high-water mark (Linux); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _rss_peak_mb() -> float | None:
    """VmHWM (peak resident set since the last reset) in MB; None where /proc is not available."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _rss_now_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


@dataclass
class Measured:
    times: Times
    peak_mb: float  # tracemalloc peak above the start (Python and NumPy allocations)
    rss_growth_mb: float | None  # peak resident set during the call minus resident set before it
    value: Any


def measure(call: Callable[[], Any], repeat: int = 3) -> Measured:
    """Time `call` `repeat` times (no tracing), then once more under tracemalloc for its peak memory.

    The resident-set growth is taken on the first timed run: VmHWM is reset just before the call.
    """
    times = Times()
    rss_growth: float | None = None
    value: Any = None
    for i in range(repeat):
        value = None
        gc.collect()
        watch_rss = i == 0 and _reset_rss_peak()
        before = _rss_now_mb() if watch_rss else None
        with times.timing():
            value = call()
        peak = _rss_peak_mb() if watch_rss else None
        if before is not None and peak is not None:
            rss_growth = peak - before
    value = None
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    value = call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Measured(times, (peak - base) / 1e6, rss_growth, value)


# ---------------------------------------------------------------------------------------------------------------
# Part 1: generate the returns


def respondent_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct, plausible names."""
    pool = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    rng.shuffle(pool)
    names = pool[:count]
    for i in range(len(names), count):  # only for very large runs
        names.append(f"{pool[i % len(pool)]} ({i // len(pool) + 1})")
    return names


def _answer(rng: random.Random, fw: Framework, typical: float, split: bool, index: int) -> object:
    """One answer written in one of the ways officers write them, sometimes Don't know or blank."""
    draw = rng.random()
    if draw < 0.04:
        return fw.dont_know
    if draw < 0.06:
        return None
    if split:
        value = rng.choice([5, 5, 4]) if index % 2 == 0 else rng.choice([1, 2, 2])
    else:
        value = max(1, min(5, round(typical + rng.gauss(0, 0.7))))
    style = rng.random()
    if style < 0.55:
        return fw.answer_options()[value - 1]  # "4 - Agree" from the dropdown
    if style < 0.75:
        return value  # typed as a number
    if style < 0.90:
        return fw.labels[value - 1]  # "Agree"
    if style < 0.95:
        return fw.labels[value - 1].upper()  # "AGREE"
    return f"{value}"  # "4" as text


def _rating(rng: random.Random, base: float) -> int | None:
    return None if rng.random() < 0.08 else max(1, min(5, round(base + rng.gauss(0, 0.7))))


def generate(fw: Framework, count: int, folder: Path, rng: random.Random) -> list[Path]:
    """Write `count` filled returns into `folder`, spread over the councils; one template per council."""
    names = respondent_names(rng, count)
    per_council = [count // len(COUNCILS) + (1 if i < count % len(COUNCILS) else 0) for i in range(len(COUNCILS))]
    statement_dims = [fw.dimension_ids.index(s.dimension) for s in fw.statements]
    trust_base = {c: rng.uniform(2.4, 4.4) for c in COUNCILS}
    paths: list[Path] = []
    next_name = 0
    for c_index, (council, n) in enumerate(zip(COUNCILS, per_council, strict=True)):
        if n == 0:
            continue
        profile = [rng.uniform(2.0, 4.6) for _ in fw.dimensions]
        split_dim = rng.randrange(len(fw.dimensions)) if rng.random() < 0.3 else None
        target = rng.randint(2, 5)
        template = build_template(
            fw,
            partnership=PARTNERSHIP,
            councils=COUNCILS,
            rounds=[ROUND],
            council=council,
            round_name=ROUND,
            generated_on=dt.date(2026, 11, 28),
        )
        for i in range(n):
            answers = {
                s.id: _answer(rng, fw, profile[d], d == split_dim, i)
                for s, d in zip(fw.statements, statement_dims, strict=True)
            }
            evidence = {s.id: rng.choice(EVIDENCE) for s in rng.sample(fw.statements, rng.choice([0, 0, 1, 2, 3]))}
            partners = {
                other: (_rating(rng, trust_base[other]), _rating(rng, trust_base[other] - 0.2))
                for other in COUNCILS
                if other != council
            }
            rung = max(1, min(len(fw.ladder), target + rng.choice([-1, 0, 0, 0, 1])))
            about: dict[str, object] = {
                "Respondent": names[next_name],
                "Role": ROLES[(i + c_index) % len(ROLES)],
                "Target form of sharing": rng.choice([fw.rung(rung).label, fw.rung(rung).label, rung]),
                "Scope": rng.choice([*fw.scopes, None]),
            }
            next_name += 1
            data = fill_template(template, about=about, answers=answers, evidence=evidence, partners=partners)
            path = folder / f"return-{len(paths) + 1:04d}-{council.split()[0].lower()}.xlsx"
            path.write_bytes(data)
            paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------------------------
# Part 2: per-file reading and the full import


def read_calamine(path: Path) -> int:
    book = CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
    return cells


def read_pandas(path: Path) -> int:
    frames = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return sum(f.size for f in frames.values())


def time_each(paths: list[Path], call: Callable[[Path], object]) -> Times:
    times = Times()
    for path in paths:
        with times.timing():
            call(path)
    return times


def _fresh_sqlite(db_path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{db_path}"


def _batch_import(fw: Framework, blobs: list[tuple[str, bytes]], url: str, results: Results, label: str) -> bool:
    """c'. The batch path into a fresh database at `url`; False when any return was not stored."""
    from rasp.intake.dispatch import import_files

    engine = make_engine(url)
    try:
        setup_partnership(engine, PARTNERSHIP, COUNCILS, ROUND)
        times = Times()
        with times.timing():
            reports = list(
                import_files(engine, fw, blobs, partnership=PARTNERSHIP, round_name=ROUND, uploaded_by="import_bench")
            )
        per = times.wall[0] / len(blobs)
        cpu = times.cpu[0] / len(blobs)
        results.add(
            Row(label, f"{len(blobs)} files", per * 1000, None, cpu * 1000, times.wall[0], note="one call for all")
        )
        bad = [r for report in reports for r in report.results if r.status != "stored"]
        for r in bad[:5]:
            print(f"  not stored: {r.filename}: {r.status}: {r.message}", file=sys.stderr)
        return not bad
    finally:
        engine.dispose()


def run_files(fw: Framework, paths: list[Path], db_path: Path, results: Results, postgres: bool = True) -> bool:
    """Parts 2a-2d. Returns False when any return did not import as 'stored'."""
    from rasp.intake import fastcheck

    print(f"a. bare calamine over {len(paths)} files …", flush=True)
    raw = results.add(per_file_row("a. calamine: from_path + to_python every sheet", time_each(paths, read_calamine)))

    print(f"b. pandas.read_excel (openpyxl) over {len(paths)} files …", flush=True)
    pandas_row = results.add(
        per_file_row("b. pandas.read_excel(sheet_name=None, openpyxl)", time_each(paths, read_pandas))
    )

    blobs = [(p.name, p.read_bytes()) for p in paths]
    by_name = dict(blobs)
    print(f"   rasp.intake.reader.read_workbook over {len(paths)} files …", flush=True)
    results.add(
        per_file_row(
            "   rasp safe reader (scan, calamine on the file)",
            time_each(paths, lambda p: read_workbook(by_name[p.name], p.name, hidden_allowed=("Meta",))),
            note="part of c",
        )
    )
    scan = fastcheck.scan
    fastcheck.scan = lambda *args: None  # type: ignore[assignment]
    try:
        results.add(
            per_file_row(
                "   rasp safe reader, rebuild forced (before)",
                time_each(paths, lambda p: read_workbook(by_name[p.name], p.name, hidden_allowed=("Meta",))),
                note="reference only",
            )
        )
    finally:
        fastcheck.scan = scan

    engine = make_engine(_fresh_sqlite(db_path))
    try:
        setup_partnership(engine, PARTNERSHIP, COUNCILS, ROUND)
        print(f"c. full import of {len(paths)} files into {db_path}, one by one …", flush=True)
        times = Times()
        failures: list[str] = []
        for name, data in blobs:
            with times.timing():
                result = import_bytes(
                    engine, fw, data, name, partnership=PARTNERSHIP, round_name=ROUND, uploaded_by="import_bench"
                )
            if result.status != "stored":
                failures.append(f"{name}: {result.status}: {result.message} {list(result.problems)}")
        one_by_one = results.add(per_file_row("c. full import, one by one (import_bytes, SQLite)", times))
        if failures:
            print(f"\nFAILED: {len(failures)} of {len(paths)} returns were not stored:", file=sys.stderr)
            for line in failures[:20]:
                print(f"  {line}", file=sys.stderr)
            return False

        print("d. build_snapshot over the imported round …", flush=True)
        m = measure(lambda: build_snapshot(engine, fw, PARTNERSHIP, ROUND))
        snap = m.value
        answered = int(snap.answers[col.VALUE].notna().sum())
        note = f"{answered:,} answered 1-5; {len(snap.returns)} returns; {len(m.times.wall)} runs"
        results.add(
            m.times.row(
                "d. build_snapshot (load + score all imported)",
                f"{len(snap.answers):,} answers",
                peak_mb=m.peak_mb,
                rss_mb=m.rss_growth_mb,
                note=note,
            )
        )
        if len(snap.returns) != len(paths):
            print(
                f"FAILED: the snapshot has {len(snap.returns)} current returns, expected {len(paths)}.", file=sys.stderr
            )
            return False
    finally:
        engine.dispose()

    print(f"c'. batch import of {len(paths)} files (SQLite) …", flush=True)
    ok = _batch_import(fw, blobs, _fresh_sqlite(db_path), results, "c'. full import, batch (import_files, SQLite)")
    batch = results.rows[-1]
    server = None
    if postgres:
        try:
            from tests.postgres import start_postgres

            server = start_postgres()
        except BaseException as exc:  # pytest.skip when the binaries are missing raises a BaseException
            results.notes.append(f"PostgreSQL rows skipped: {str(exc).splitlines()[0][:120]}")
    if server is not None:
        try:
            print(f"c'. batch import of {len(paths)} files (PostgreSQL) …", flush=True)
            ok = _batch_import(fw, blobs, server.new_database(), results, "c'. full import, batch (PostgreSQL)") and ok
            pg = results.rows[-1]
            url = server.new_database()
            engine = make_engine(url)
            try:
                setup_partnership(engine, PARTNERSHIP, COUNCILS, ROUND)
                times = Times()
                for name, data in blobs:
                    with times.timing():
                        import_bytes(engine, fw, data, name, partnership=PARTNERSHIP, round_name=ROUND)
                results.add(per_file_row("c. full import, one by one (PostgreSQL)", times))
            finally:
                engine.dispose()
        finally:
            server.stop()
    else:
        pg = None
    for row in (one_by_one, batch, pg):
        if row is None or row.mean_ms is None or raw.mean_ms is None or pandas_row.mean_ms is None:
            continue
        cpu = ""
        if row.cpu_ms and raw.cpu_ms and pandas_row.cpu_ms:  # this process only: not the PostgreSQL server's work
            cpu = f" ({row.cpu_ms / raw.cpu_ms:.1f}x and {row.cpu_ms / pandas_row.cpu_ms:.2f}x in CPU time)"
        results.notes.append(
            f"{row.what.split('(')[0].strip()} ({row.what.split('(')[-1]}: {row.mean_ms / raw.mean_ms:.1f}x raw "
            f"calamine (goal <= 3x), {row.mean_ms / pandas_row.mean_ms:.2f}x pandas+openpyxl (goal <= 0.2x) in "
            f"wall time{cpu}; CPU {row.cpu_ms or 0:.1f} ms against {raw.cpu_ms or 0:.1f} and "
            f"{pandas_row.cpu_ms or 0:.1f} ms"
        )
    db_bytes = sum(
        Path(f"{db_path}{suffix}").stat().st_size for suffix in ("", "-wal") if Path(f"{db_path}{suffix}").exists()
    )
    results.notes.append(
        f"Database after import: {db_bytes / 1e6:.1f} MB (each return's original file is stored in it too)."
    )
    return ok


# ---------------------------------------------------------------------------------------------------------------
# Part 3: national scale, no files


def national_answers(fw: Framework, councils: int, respondents: int, seed: int) -> pd.DataFrame:
    """A tidy answers table shaped like rasp.store.reads.load_answers: one row per answer."""
    rng = np.random.default_rng(seed)
    n_statements = len(fw.statements)
    n_returns = councils * respondents
    total = n_returns * n_statements
    council_names = np.array(
        [f"Council {i + 1:03d} ({'District' if i % 3 else 'Borough'} Council)" for i in range(councils)], dtype=object
    )
    people = np.array([f"Respondent {i + 1:05d}" for i in range(n_returns)], dtype=object)
    statement_ids = np.array([s.id for s in fw.statements], dtype=object)
    statement_dims = np.array([s.dimension for s in fw.statements], dtype=object)
    dim_index = np.array([fw.dimension_ids.index(s.dimension) for s in fw.statements])

    return_of_row = np.repeat(np.arange(n_returns), n_statements)
    council_of_row = return_of_row // respondents
    statement_of_row = np.tile(np.arange(n_statements), n_returns)
    profile = rng.uniform(2.0, 4.6, size=(councils, len(fw.dimensions)))
    typical = profile[council_of_row, dim_index[statement_of_row]]
    value = np.clip(np.rint(typical + rng.normal(0, 0.7, total)), 1, 5)
    draw = rng.random(total)
    status = np.where(draw < 0.04, "dont_know", np.where(draw < 0.06, "blank", "answered")).astype(object)
    value[draw < 0.06] = np.nan
    frame = pd.DataFrame(
        {
            col.RETURN_ID: (return_of_row + 1).astype("int64"),
            col.COUNCIL: council_names[council_of_row],
            col.RESPONDENT: people[return_of_row],
            col.STATEMENT: statement_ids[statement_of_row],
            col.DIMENSION: statement_dims[statement_of_row],
            col.VALUE: value.astype("float64"),
            col.STATUS: status,
        }
    )
    return frame[ANSWER_COLUMNS]


def matching_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """Cast to the dtypes load_answers really produces (read back from a one-return SQLite round trip)."""
    reference = load_answers_reference()
    return frame.astype(dict(reference.dtypes.items()))


def load_answers_reference() -> pd.DataFrame:
    """An empty-ish load_answers result from a throwaway in-memory store, to copy its dtypes."""
    fw = load_framework()
    engine = make_engine("sqlite://")
    try:
        setup_partnership(engine, "Dtype check", ["A council", "B council"], ROUND)
        template = build_template(
            fw,
            partnership="Dtype check",
            councils=["A council", "B council"],
            rounds=[ROUND],
            council="A council",
            round_name=ROUND,
        )
        data = fill_template(
            template,
            about={"Respondent": "Dtype check", "Target form of sharing": 3},
            answers={s.id: 4 for s in fw.statements},
        )
        result = import_bytes(engine, fw, data, "dtype-check.xlsx", partnership="Dtype check")
        if result.status != "stored":
            raise RuntimeError(f"The dtype check return did not import: {result.message} {result.problems}")
        return load_answers(engine, "Dtype check", ROUND)
    finally:
        engine.dispose()


def run_national(fw: Framework, results: Results, councils: int = 400, respondents: int = 25) -> None:
    print(
        f"National scale: building {councils} councils x {respondents} respondents x {len(fw.statements)} statements …",
        flush=True,
    )
    start = time.perf_counter()
    answers = matching_dtypes(national_answers(fw, councils, respondents, SEED))
    results.notes.append(
        f"National answers table built in {time.perf_counter() - start:.1f} s (not measured): "
        f"{len(answers):,} rows, {answers.memory_usage(deep=True).sum() / 1e6:.0f} MB in memory."
    )
    directory_councils = list(dict.fromkeys(answers[col.COUNCIL]))

    def step(label: str, call: Callable[[], Any], count: Callable[[Any], str]) -> Any:
        print(f"   {label} …", flush=True)
        m = measure(call)
        results.add(
            m.times.row(
                label, count(m.value), peak_mb=m.peak_mb, rss_mb=m.rss_growth_mb, note=f"{len(m.times.wall)} runs"
            )
        )
        return m.value

    respondents_df = step(
        "e. respondent_scores (national)",
        lambda: respondent_scores(answers, fw),
        lambda v: f"{len(answers):,} answers -> {len(v):,}",
    )
    scores = step(
        "f. council_scores (national)",
        lambda: council_scores(respondents_df, fw, directory_councils),
        lambda v: f"{len(v):,} rows",
    )
    gaps = step(
        "g. pair_gaps (national)",
        lambda: pair_gaps(scores, fw.thresholds),
        lambda v: f"{len(v) // len(fw.dimensions):,} pairs x {len(fw.dimensions)}",
    )
    step("h. alignment (national, in build_snapshot)", lambda: alignment(gaps), lambda v: f"{len(v):,} pairs")
    step("i. partnership_view (national)", lambda: partnership_view(scores), lambda v: f"{len(v)} dimensions")

    def chain() -> Any:
        r = respondent_scores(answers, fw)
        s = council_scores(r, fw, directory_councils)
        g = pair_gaps(s, fw.thresholds)
        return alignment(g), partnership_view(s)

    step("j. e-i one after another (national)", chain, lambda v: "")


# ---------------------------------------------------------------------------------------------------------------
# Output


def _fmt(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def print_table(results: Results) -> None:
    header = ["measure", "count", "mean ms", "median ms", "CPU ms", "total s", "peak MB", "RSS +MB", "note"]
    body = [
        [
            r.what,
            r.count,
            _fmt(r.mean_ms, 1),
            _fmt(r.median_ms, 1),
            _fmt(r.cpu_ms, 1),
            _fmt(r.total_s, 2),
            _fmt(r.peak_mb, 1),
            _fmt(r.rss_mb, 1),
            r.note,
        ]
        for r in results.rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    right = {2, 3, 4, 5, 6, 7}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print()
    print(line(header).rstrip())
    print("  ".join("-" * w for w in widths))
    for cells in body:
        print(line(cells).rstrip())
    print()
    for note in results.notes:
        print(f"- {note}")


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "not available"


def code_state() -> str:
    """The commit the rasp code is at, and whether rasp/ has changes not committed (read-only git calls)."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)

    try:
        head = git("rev-parse", "--short", "HEAD")
        if head.returncode != 0:
            return "not a git checkout"
        changed = git("diff", "--quiet", "HEAD", "--", "rasp").returncode != 0
        untracked = bool(git("ls-files", "--others", "--exclude-standard", "--", "rasp").stdout.strip())
    except OSError:
        return "git not available"
    dirty = " with uncommitted changes in rasp/" if changed or untracked else ""
    return f"commit {head.stdout.strip()}{dirty}"


def versions() -> str:
    packages = ["python-calamine", "pandas", "numpy", "pyarrow", "openpyxl", "SQLAlchemy"]
    found = []
    for name in packages:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found.append(f"{name} {importlib.metadata.version(name)}")
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), {', '.join(found)}, "
        f"SQLite {sqlite3.sqlite_version}; {platform.system()} {platform.machine()}; "
        f"os.cpu_count() = {os.cpu_count()}"
    )


@contextlib.contextmanager
def work_folder(out: str | None, keep: bool) -> Iterator[tuple[Path, list[Path]]]:
    """The folder for the files and the database; afterwards (unless keep) delete what this run wrote."""
    if out:
        folder = Path(out).resolve()
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = Path(tempfile.mkdtemp(prefix="rasp-import-bench-"))
    written: list[Path] = []
    try:
        yield folder, written
    finally:
        if keep:
            print(f"\nKept the generated returns and the database in {folder}")
        elif out:
            for path in written:
                path.unlink(missing_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{folder / DB_NAME}{suffix}").unlink(missing_ok=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--returns", type=int, default=500, help="how many returns to generate (default 500)")
    parser.add_argument("--out", help="write the returns and the database here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated returns and the database")
    parser.add_argument("--skip-national", action="store_true", help="skip the 400-council scoring benchmark")
    parser.add_argument("--skip-postgres", action="store_true", help="skip the PostgreSQL rows")
    args = parser.parse_args(argv)
    if args.returns < 1:
        parser.error("--returns must be at least 1")

    print(versions())
    print(f"Code: {code_state()}")
    print(f"Load average before the run: {_load()}")
    print(f"Run on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n")
    fw = load_framework()
    results = Results()
    ok = True
    with work_folder(args.out, args.keep) as (folder, written):
        print(f"Generating {args.returns} returns for {len(COUNCILS)} councils in {folder} …", flush=True)
        start = time.perf_counter()
        paths = generate(fw, args.returns, folder, random.Random(SEED))
        written.extend(paths)
        gen_s = time.perf_counter() - start
        size = sum(p.stat().st_size for p in paths)
        print(
            f"Generated {len(paths)} returns in {gen_s:.1f} s (not measured below); "
            f"{size / len(paths) / 1024:.1f} KB each on average.\n",
            flush=True,
        )
        results.notes.append(
            f"Generation (not measured): {len(paths)} returns in {gen_s:.1f} s, "
            f"{size / len(paths) / 1024:.1f} KB each, {len(COUNCILS)} councils."
        )
        ok = run_files(fw, paths, folder / DB_NAME, results, postgres=not args.skip_postgres)
    if ok and not args.skip_national:
        run_national(fw, results)
    print_table(results)
    print(
        f"- Peak resident set of the whole run (ru_maxrss): "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(f"- {versions()}")
    print(f"- Code: {code_state()}")
    print(f"- Load average after the run: {_load()} (other processes on the machine skew the figures)")
    if not ok:
        print("\nFAILED: some returns were not stored (see above).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Many people at once, on both stores: does anything get lost, does anyone see a database error, how long does
a presenter's refresh take while it all happens.

Run from the project folder:

    .venv/bin/python benchmarks/load_bench.py [--stores sqlite,postgresql] [--processes 8] [--returns 50]
                                              [--phones 30] [--presenters 2]

For each store (a fresh SQLite file; a fresh database on a private PostgreSQL server this script starts with
Debian's postgresql binaries, on 127.0.0.1, and stops at the end) it runs three scenarios:

1. import: P processes (`python -m rasp import`), each importing N distinct returns into one partnership of
   6 councils, every return rating its 5 partners (the insert that deadlocked on PostgreSQL before).
   Expected: P x N current returns, P x N x 42 answers, P x N x 5 ratings, no file refused.
2. re-sends: P processes each send their own version of the same 40 named respondents' returns at once.
   Expected: 40 current returns (one per respondent), P x 40 rows in the history, no file refused.
3. meeting: 30 phones (6 worker processes x 5 threads) each open a draft, save it three times as they answer
   and submit it through the online questionnaire's code (rasp.meeting.online.submit), while 2 presenter
   processes refresh the round's snapshot (data version + build_snapshot, as the presenter view does on a
   new version) every 0.5 s. Expected: 30 online returns; page time = one refresh, p50 and p95.

It prints one Markdown table (also written to benchmarks/out/load.md) and asserts nothing about time.
Exit status: 0 when every scenario stored exactly what was expected with no errors, 1 otherwise.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from rasp.core.framework import Framework, load_framework  # noqa: E402
from rasp.intake.template import build_template, fill_template  # noqa: E402
from rasp.meeting.online import submit  # noqa: E402
from rasp.store.collection import create_link, find_link, save_draft, start_draft  # noqa: E402
from rasp.store.engine import make_engine  # noqa: E402
from rasp.store.reads import data_version  # noqa: E402
from rasp.store.schema import answers, partner_ratings, returns  # noqa: E402
from rasp.store.snapshots import build_snapshot  # noqa: E402
from rasp.store.writes import setup_partnership  # noqa: E402

PARTNERSHIP = "Load test partnership"
ROUND = "2026 baseline"
COUNCILS = [f"{name} Council" for name in ("Ashby", "Brook", "Carrow", "Dunmere", "Eastholm", "Fairfield")]
RESENT = 40
OUT = ROOT / "benchmarks" / "out"


@dataclass
class Row:
    store: str
    scenario: str
    expected: str
    stored: str
    errors: int
    seconds: float
    p50_ms: float | None = None
    p95_ms: float | None = None
    refreshes: int = 0
    idle_p50_ms: float | None = None
    as_expected: bool = True

    @property
    def ok(self) -> bool:
        return self.as_expected and self.errors == 0


def _files(fw: Framework, folder: Path, prefix: str, count: int, seed: int, *, named: str = "") -> list[str]:
    """`count` filled returns spread over the councils, each rating every partner; distinct respondents unless
    `named` (then respondent i is the same person in every batch: re-sends)."""
    rng = random.Random(seed)
    templates = {
        c: build_template(fw, partnership=PARTNERSHIP, councils=COUNCILS, rounds=[ROUND], council=c, round_name=ROUND)
        for c in COUNCILS
    }
    paths = []
    for i in range(count):
        council = COUNCILS[i % len(COUNCILS)]
        about = {"Respondent": f"{named or prefix} {i}", "Role": "Officer", "Target form of sharing": "4 Coordinate"}
        answers_ = {s.id: rng.randint(1, 5) for s in fw.statements}
        partners = {o: (rng.randint(1, 5), rng.randint(1, 5)) for o in COUNCILS if o != council}
        path = folder / f"{prefix}-{i}.xlsx"
        path.write_bytes(fill_template(templates[council], about=about, answers=answers_, partners=partners))
        paths.append(str(path))
    return paths


def _import_all(url: str, batches: list[list[str]]) -> tuple[float, int]:
    """Run one `python -m rasp import` per batch at the same time; (seconds, files not stored)."""
    env = {**os.environ, "RASP_DATABASE_URL": url, "RASP_DEMO": "0"}
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "rasp", "import", *batch],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for batch in batches
    ]
    outs = [p.communicate(timeout=1800) for p in procs]
    seconds = time.perf_counter() - started
    errors = 0
    for out, err in outs:
        errors += sum(1 for line in out.splitlines() if line.split(": ", 1)[-1].startswith(("Not stored", "Error")))
        errors += err.count("Error") + err.count("Traceback")
    return seconds, errors


def _counts(engine: Any) -> tuple[int, int, int, int]:
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(returns)).scalar_one()
        current = conn.execute(select(func.count()).select_from(returns).where(returns.c.is_current)).scalar_one()
        n_answers = conn.execute(select(func.count()).select_from(answers)).scalar_one()
        n_ratings = conn.execute(select(func.count()).select_from(partner_ratings)).scalar_one()
    return int(total), int(current), int(n_answers), int(n_ratings)


def scenario_import(store: str, url: str, fw: Framework, folder: Path, processes: int, per: int) -> Row:
    engine = make_engine(url)
    setup_partnership(engine, PARTNERSHIP, COUNCILS, ROUND)
    batches = [_files(fw, folder, f"p{p}", per, seed=p) for p in range(processes)]
    seconds, errors = _import_all(url, batches)
    total, current, n_answers, n_ratings = _counts(engine)
    engine.dispose()
    n = processes * per
    exact = (total, current, n_answers, n_ratings) == (n, n, n * 42, n * 5)
    return Row(
        store,
        f"import: {processes} processes x {per} returns with ratings",
        f"{n} returns, {n * 42} answers, {n * 5} ratings",
        f"{current} returns, {n_answers} answers, {n_ratings} ratings" + (f" ({total} rows)" if total != n else ""),
        errors,
        seconds,
        as_expected=exact,
    )


def scenario_resend(store: str, url: str, fw: Framework, folder: Path, processes: int) -> Row:
    engine = make_engine(url)
    setup_partnership(engine, PARTNERSHIP, COUNCILS, ROUND)
    batches = [_files(fw, folder, f"r{p}", RESENT, seed=100 + p, named="Same respondent") for p in range(processes)]
    seconds, errors = _import_all(url, batches)
    total, current, _, _ = _counts(engine)
    engine.dispose()
    return Row(
        store,
        f"re-sends: {processes} processes x the same {RESENT} respondents",
        f"{RESENT} current, {processes * RESENT} in history",
        f"{current} current, {total} in history",
        errors,
        seconds,
        as_expected=(current, total) == (RESENT, processes * RESENT),
    )


def _phone_worker(url: str, token: str, first: int, count: int, results: Any) -> None:
    fw = load_framework()
    engine = make_engine(url)
    link = find_link(engine, token)
    assert link is not None

    def phone(i: int) -> None:
        rng = random.Random(i)
        try:
            draft = start_draft(engine, link)
            values: dict[str, Any] = {
                "about": {
                    "Council": COUNCILS[i % len(COUNCILS)],
                    "Respondent": f"Phone {i}",
                    "Role": "Officer",
                    "Target form of sharing": "4 Coordinate",
                },
                "answers": {},
                "partners": {},
            }
            for part in range(3):  # answering: the draft is saved as they go
                for s in fw.statements[part::3]:
                    values["answers"][s.id] = str(rng.randint(1, 5))
                save_draft(engine, draft, values)
                time.sleep(rng.uniform(0.05, 0.3))
            values["partners"] = {c: [rng.randint(1, 5), rng.randint(1, 5)] for c in COUNCILS if c != COUNCILS[i % 6]}
            result = submit(engine, fw, link, draft, values)
            results.put(("phone", result.status, result.message))
        except Exception as exc:  # counted as an error in the report
            results.put(("phone", "exception", f"{exc.__class__.__name__}: {exc}"))

    threads = [threading.Thread(target=phone, args=(first + k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()


def _presenter(url: str, stop: Any, results: Any) -> None:
    fw = load_framework()
    engine = make_engine(url)
    while not stop.is_set():
        started = time.perf_counter()
        try:
            data_version(engine)
            build_snapshot(engine, fw, PARTNERSHIP, ROUND)
            results.put(("page", "ok", (time.time(), time.perf_counter() - started)))
        except Exception as exc:  # counted as an error in the report
            results.put(("page", "exception", f"{exc.__class__.__name__}: {exc}"))
        time.sleep(0.5)
    engine.dispose()


def scenario_meeting(store: str, url: str, phones: int, presenters: int) -> Row:
    engine = make_engine(url)
    setup_partnership(engine, PARTNERSHIP, COUNCILS, ROUND)
    link = create_link(engine, PARTNERSHIP, ROUND)
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    stop = ctx.Event()
    pres = [ctx.Process(target=_presenter, args=(url, stop, results)) for _ in range(presenters)]
    for p in pres:
        p.start()
    got: list[tuple[str, str, Any]] = []
    procs: list[Any] = []

    def drain(until: float) -> None:  # keep the queue empty so no process blocks on it while we wait
        while time.perf_counter() < until:
            try:
                got.append(results.get(timeout=0.1))
            except queue.Empty:
                if not any(p.is_alive() for p in procs + pres):
                    return

    # presenters on screen before the room starts answering: 3 refreshes each with nobody writing
    ready_by = time.perf_counter() + 120
    while sum(1 for kind, *_ in got if kind == "page") < 3 * presenters and time.perf_counter() < ready_by:
        drain(time.perf_counter() + 0.5)
    workers, per = 6, max(1, phones // 6)
    room_starts = time.time()
    started = time.perf_counter()
    procs += [ctx.Process(target=_phone_worker, args=(url, link.token, w * per, per, results)) for w in range(workers)]
    for p in procs:
        p.start()
    while any(p.is_alive() for p in procs):
        drain(time.perf_counter() + 0.5)
    seconds = time.perf_counter() - started
    drain(time.perf_counter() + 1.5)  # one more refresh after the last answer
    stop.set()
    drain(time.perf_counter() + 5)
    for p in [*procs, *pres]:
        p.join(timeout=120)
    drain(time.perf_counter() + 0.5)
    page_times: list[float] = []
    idle_times: list[float] = []
    errors = sent = 0
    for kind, status, detail in got:
        if kind == "page" and status == "ok":
            at, took = detail
            (page_times if at >= room_starts else idle_times).append(float(took) * 1000)
        elif kind == "phone" and status == "stored":
            sent += 1
        else:
            errors += 1
            print(f"  {store} {kind}: {status}: {detail}", file=sys.stderr)
    with engine.connect() as conn:
        online = conn.execute(
            select(func.count()).select_from(returns).where(returns.c.source == "online", returns.c.is_current)
        ).scalar_one()
    engine.dispose()
    total_phones = workers * per
    quantiles = statistics.quantiles(page_times, n=20) if len(page_times) >= 2 else [float("nan")] * 19
    return Row(
        store,
        f"meeting: {total_phones} phones submitting, {presenters} presenters refreshing",
        f"{total_phones} online returns",
        f"{online} online returns ({sent} phones told 'sent')",
        errors,
        seconds,
        statistics.median(page_times) if page_times else None,
        quantiles[18],
        len(page_times),
        statistics.median(idle_times) if idle_times else None,
        as_expected=online == sent == total_phones,
    )


def _table(rows: list[Row]) -> str:
    lines = [
        "| store | scenario | expected | stored | errors | wall time | page p50 | page p95 | page p50, no writers |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        p50 = f"{r.p50_ms:.0f} ms" if r.p50_ms is not None else ""
        p95 = f"{r.p95_ms:.0f} ms ({r.refreshes} refreshes)" if r.p95_ms is not None else ""
        idle = f"{r.idle_p50_ms:.0f} ms" if r.idle_p50_ms is not None else ""
        lines.append(
            f"| {r.store} | {r.scenario} | {r.expected} | {r.stored} | {r.errors} | {r.seconds:.1f} s "
            f"| {p50} | {p95} | {idle} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--returns", type=int, default=50, help="returns per import process")
    parser.add_argument("--phones", type=int, default=30)
    parser.add_argument("--presenters", type=int, default=2)
    parser.add_argument("--scenarios", default="import,resend,meeting")
    args = parser.parse_args()
    fw = load_framework()
    rows: list[Row] = []
    server = None
    with tempfile.TemporaryDirectory(prefix="rasp-load-") as tmp:
        folder = Path(tmp)
        try:
            for store in args.stores.split(","):
                if store == "postgresql" and server is None:
                    from tests.postgres import start_postgres

                    server = start_postgres()

                for scenario in args.scenarios.split(","):
                    work = folder / f"{store}-{scenario}"
                    work.mkdir()
                    url = server.new_database() if store == "postgresql" and server else f"sqlite:///{work}.db"
                    print(f"{store}: {scenario}…", file=sys.stderr)
                    if scenario == "import":
                        rows.append(scenario_import(store, url, fw, work, args.processes, args.returns))
                    elif scenario == "resend":
                        rows.append(scenario_resend(store, url, fw, work, args.processes))
                    else:
                        rows.append(scenario_meeting(store, url, args.phones, args.presenters))
                    print(_table(rows[-1:]).splitlines()[-1], file=sys.stderr)
            if server is not None:
                deadlocks = server.log().count("deadlock detected")
                print(f"PostgreSQL server log: {deadlocks} 'deadlock detected'", file=sys.stderr)
        finally:
            if server is not None:
                server.stop()
    table = _table(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Many processes at once, on SQLite and on a real PostgreSQL server: nothing lost, nothing doubled, no raw
database error reaches a user, no deadlock, and a process killed mid-import leaves no partial return."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rasp.core.framework import Framework
from rasp.intake.demo import DEMO_PARTNERSHIP, demo_returns
from rasp.store.engine import make_engine
from rasp.store.reads import directory, load_returns
from rasp.store.schema import answers, partner_ratings, partnerships, returns
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 4
PER_PROCESS = 8


def _env(db_url: str) -> dict[str, str]:
    return {**os.environ, "RASP_DATABASE_URL": db_url, "RASP_DEMO": "0"}


def _start(args: list[str], db_url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=_env(db_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _no_deadlocks(store: str, request: pytest.FixtureRequest) -> None:
    if store == "postgresql":
        log = request.getfixturevalue("postgres").log()
        assert "deadlock detected" not in log


def _ratings(council: str, seed: int) -> dict[str, tuple[object, object]]:
    rng = random.Random(seed)
    return {other: (rng.randint(1, 5), rng.randint(1, 5)) for other in COUNCILS if other != council}


def test_processes_import_at_once_with_partner_ratings(
    db_url: str, store: str, tmp_path: Path, fw: Framework, request: pytest.FixtureRequest
) -> None:
    """4 processes x 8 returns, every return rating the two partner councils (the insert that deadlocked on
    `councils` in PostgreSQL); each process also re-sends one named respondent's return (one must replace the
    others) and sends the same file as every other process (stored once, "Already imported" for the rest)."""
    engine = make_engine(db_url)
    set_up(engine)
    same_file = tmp_path / "same.xlsx"
    same_file.write_bytes(filled(fw, council=COUNCILS[2], partners=_ratings(COUNCILS[2], 99), every=3))
    batches: list[list[str]] = []
    for p in range(PROCESSES):
        batch = []
        for i in range(PER_PROCESS):
            council = COUNCILS[(p + i) % 3]
            path = tmp_path / f"p{p}-{i}.xlsx"
            path.write_bytes(
                filled(fw, council=council, respondent=f"P{p} R{i}", every=1 + (i % 5), partners=_ratings(council, i))
            )
            batch.append(str(path))
        shared = tmp_path / f"shared-{p}.xlsx"
        shared.write_bytes(filled(fw, respondent="Same Person", every=1 + p, partners=_ratings(COUNCILS[0], p)))
        batch.insert(PER_PROCESS // 2, str(shared))
        batch.insert(PER_PROCESS // 2, str(same_file))
        batches.append(batch)
    procs = [_start(["-m", "rasp", "import", *batch], db_url) for batch in batches]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err and "Error" not in out + err and "SQL" not in out + err
    everything = "".join(out for out, _ in outs)
    assert everything.count("Already imported") == PROCESSES - 1
    expected_rows = PROCESSES * PER_PROCESS + PROCESSES + 1  # every distinct file, replaced ones included
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(returns)).scalar_one() == expected_rows
        assert conn.execute(select(func.count()).select_from(answers)).scalar_one() == expected_rows * 42
        assert conn.execute(select(func.count()).select_from(partner_ratings)).scalar_one() == expected_rows * 2
    current = load_returns(engine, PARTNERSHIP, ROUND)
    assert len(current) == PROCESSES * PER_PROCESS + 2  # the named re-sends count once
    assert (current["respondent"] == "Same Person").sum() == 1
    history = load_returns(engine, PARTNERSHIP, ROUND, history=True)
    assert len(history[history["respondent"] == "Same Person"]) == PROCESSES
    _no_deadlocks(store, request)
    engine.dispose()


def test_setup_commands_at_once_make_one_partnership(db_url: str, store: str, request: pytest.FixtureRequest) -> None:
    make_engine(db_url).dispose()
    args = ["-m", "rasp", "setup", "--partnership", PARTNERSHIP, "--round", ROUND]
    for council in COUNCILS:
        args += ["--council", council]
    procs = [_start(args, db_url) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, out + err
        assert "Error" not in err and "SQL" not in out + err and "Traceback" not in err
    engine = make_engine(db_url)
    known = directory(engine)
    assert known.partnerships == (PARTNERSHIP,)
    assert known.councils[PARTNERSHIP] == tuple(COUNCILS)
    assert known.rounds[PARTNERSHIP] == (ROUND,)
    _no_deadlocks(store, request)
    engine.dispose()


FIRST_START = """
import sys
from rasp.core.framework import load_framework
from rasp.intake.demo import load_demo_if_empty
from rasp.store.engine import make_engine
engine = make_engine(sys.argv[1])
print("loaded" if load_demo_if_empty(engine, load_framework()) else "found")
"""


def test_first_start_by_several_processes_makes_schema_and_demo_once(db_url: str, fw: Framework) -> None:
    procs = [_start(["-c", FIRST_START, db_url], db_url) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, out + err
    assert sorted(out.strip() for out, _ in outs) == ["found", "found", "loaded"]
    engine = make_engine(db_url)
    expected = len(demo_returns(fw)) + len(demo_returns(fw, *_second_round()))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(partnerships)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(returns)).scalar_one() == expected
    assert directory(engine).partnerships == (DEMO_PARTNERSHIP,)
    engine.dispose()


def _second_round() -> tuple[str, dict[str, tuple[int, int, list[float | str]]], int]:
    from rasp.intake.demo import DEMO_ROUND_2, REVIEW

    return DEMO_ROUND_2, REVIEW, 2027


# More files than one import batch (50 returns a transaction), so the kill lands between two commits.
FILES = 130


def test_kill_9_mid_import_leaves_no_partial_return(db_url: str, tmp_path: Path, fw: Framework) -> None:
    engine = make_engine(db_url)
    set_up(engine)
    paths = []
    for i in range(FILES):
        council = COUNCILS[i % 3]
        path = tmp_path / f"k{i}.xlsx"
        path.write_bytes(filled(fw, council=council, respondent=f"K{i}", partners=_ratings(council, i)))
        paths.append(str(path))
    proc = _start(["-m", "rasp", "import", *paths], db_url)
    deadline = time.monotonic() + 120
    with engine.connect() as conn:  # wait until it is part-way through, then kill it without warning
        while conn.execute(select(func.count()).select_from(returns)).scalar_one() < 5:
            assert proc.poll() is None and time.monotonic() < deadline, "the import ended before it could be killed"
            time.sleep(0.05)
            conn.rollback()
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(returns)).scalar_one()
        per_return = conn.execute(select(answers.c.return_id, func.count()).group_by(answers.c.return_id)).all()
        ratings = conn.execute(select(func.count()).select_from(partner_ratings)).scalar_one()
    assert 5 <= stored < FILES
    assert len(per_return) == stored and all(n == 42 for _, n in per_return)
    assert ratings == stored * 2
    # the rest go in on a second run, and the ones already stored are recognised
    again = _start(["-m", "rasp", "import", *paths], db_url)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, out + err
    assert out.count("Already imported") == stored
    assert len(load_returns(engine, PARTNERSHIP, ROUND)) == FILES
    engine.dispose()

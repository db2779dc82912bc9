"""Two processes importing into the same SQLite file at the same time both succeed, and nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from rasp.core.framework import Framework
from rasp.store.engine import make_engine
from rasp.store.reads import load_returns
from rasp.store.schema import answers, returns
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up

ROOT = Path(__file__).resolve().parent.parent


def test_two_processes_import_at_once(db_url: str, tmp_path: Path, fw: Framework) -> None:
    engine = make_engine(db_url)
    set_up(engine)
    batches: list[list[str]] = [[], []]
    for p in range(2):
        for i in range(12):
            path = tmp_path / f"p{p}-{i}.xlsx"
            path.write_bytes(filled(fw, council=COUNCILS[i % 3], respondent=f"P{p} respondent {i}", every=1 + (i % 5)))
            batches[p].append(str(path))
        # both processes also send a return for the same named respondent: one must end up replacing the other
        shared = tmp_path / f"shared-{p}.xlsx"
        shared.write_bytes(filled(fw, respondent="Same Person", every=2 + p))
        batches[p].insert(6, str(shared))
    env = {**os.environ, "RASP_DATABASE_URL": db_url, "RASP_DEMO": "0"}
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
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(returns)).scalar_one() == 26
        assert conn.execute(select(func.count()).select_from(answers)).scalar_one() == 26 * 42
    current = load_returns(engine, PARTNERSHIP, ROUND)
    assert len(current) == 25
    assert (current["respondent"] == "Same Person").sum() == 1
    engine.dispose()

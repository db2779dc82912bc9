"""Make a national-scale database directly, without Excel files: 400 councils x 25 respondents x 42 statements x
3 rounds (1.26 million answers), through the store's own set-up and bulk inserts into its tables.

    .venv/bin/python benchmarks/scale_data.py --out /tmp/national.db [--councils 400] [--respondents 25] [--rounds 3]

The partnership and rounds are created by `setup_partnership` (so the councils, rounds and data version are
exactly what the app makes); the returns, answers and partner ratings are inserted in one transaction per
round with executemany, as `save_return` would store them (same columns, same status words, original file
left empty). Answers come from a seeded generator: each council has its own profile per dimension, about 4%
are Don't know and 2% blank. Each respondent rates four partner councils (their neighbours in the list): a
national body's councils do not rate all 399 others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasp.core.framework import Framework, load_framework
from rasp.store.engine import make_engine
from rasp.store.schema import answers, councils, partner_ratings, partnerships, returns, rounds
from rasp.store.writes import log_change, setup_partnership, utc_now

PARTNERSHIP = "National readiness"
ROUNDS = ("2026 baseline", "2027 review", "2028 review")
RATED_PARTNERS = 4


def council_names(n: int) -> list[str]:
    return [f"Council {i:03d}" for i in range(1, n + 1)]


def generate(url: str, *, n_councils: int = 400, n_respondents: int = 25, n_rounds: int = 3, seed: int = 12) -> Engine:
    """Fill the database at `url` (which should be empty) and return its engine."""
    framework = load_framework(None)
    engine = make_engine(url)
    names = council_names(n_councils)
    round_names = list(ROUNDS[:n_rounds]) + [f"Round {i}" for i in range(len(ROUNDS) + 1, n_rounds + 1)]
    for i, rname in enumerate(round_names):
        setup_partnership(engine, PARTNERSHIP, names if i == 0 else [], rname, dt.date(2026 + i, 11, 28))
    rng = np.random.default_rng(seed)
    with engine.connect() as conn:
        pid = conn.execute(select(partnerships.c.id).where(partnerships.c.name == PARTNERSHIP)).scalar_one()
        ids = [cid for (cid,) in conn.execute(select(councils.c.id).where(councils.c.partnership_id == pid))]
        rids = [rid for (rid,) in conn.execute(select(rounds.c.id).where(rounds.c.partnership_id == pid))]
    for index, rid in enumerate(rids):
        _fill_round(engine, framework, pid, rid, ids, n_respondents, rng, round_index=index)
    return engine


def _fill_round(
    engine: Engine,
    framework: Framework,
    pid: int,
    rid: int,
    ids: list[int],
    n_respondents: int,
    rng: np.random.Generator,
    *,
    round_index: int,
) -> None:
    statements = framework.statements
    dim_index = {d: i for i, d in enumerate(framework.dimension_ids)}
    stmt_dim = np.array([dim_index[s.dimension] for s in statements])
    n_c, n_s = len(ids), len(statements)
    # Council profile per dimension (1-5 scale), drifting a little upwards round by round.
    profile = np.clip(rng.normal(3.2 + 0.15 * round_index, 0.6, size=(n_c, len(dim_index))), 1.2, 4.8)
    now = utc_now()
    with engine.begin() as conn:
        first = conn.execute(select(returns.c.id).order_by(returns.c.id.desc()).limit(1)).scalar() or 0
        return_rows, answer_rows, rating_rows = [], [], []
        return_id = first
        for c, cid in enumerate(ids):
            centre = profile[c, stmt_dim]  # per statement
            for r in range(n_respondents):
                return_id += 1
                respondent = f"Respondent {c + 1:03d}-{r + 1:02d}"
                return_rows.append(
                    {
                        "id": return_id,
                        "partnership_id": pid,
                        "council_id": cid,
                        "round_id": rid,
                        "respondent": respondent,
                        "respondent_key": respondent.casefold(),
                        "role": "Officer",
                        "target_rung": int(rng.integers(3, 6)),
                        "scope": "service",
                        "framework_id": "default",
                        "framework_version": "1",
                        "source": "excel",
                        "filename": f"{respondent}.xlsx",
                        "content": None,
                        "sha256": hashlib.sha256(f"{rid}-{return_id}".encode()).hexdigest(),
                        "uploaded_by": "scale_data",
                        "uploaded_at": now,
                        "is_current": True,
                        "replaced_by": None,
                        "link_id": None,
                    }
                )
                values = np.clip(np.rint(centre + rng.normal(0, 0.8, size=n_s)), 1, 5).astype(int)
                kind = rng.random(n_s)
                for s, stmt in enumerate(statements):
                    status = "dont_know" if kind[s] < 0.04 else "blank" if kind[s] < 0.06 else "answered"
                    answer_rows.append(
                        {
                            "return_id": return_id,
                            "statement_id": stmt.id,
                            "dimension_id": stmt.dimension,
                            "value": int(values[s]) if status == "answered" else None,
                            "status": status,
                            "evidence": None,
                        }
                    )
                for k in range(1, RATED_PARTNERS + 1):
                    rating_rows.append(
                        {
                            "return_id": return_id,
                            "partner_council_id": ids[(c + k) % n_c],
                            "trust": int(rng.integers(1, 6)),
                            "alignment": int(rng.integers(1, 6)),
                        }
                    )
        conn.execute(insert(returns), return_rows)
        conn.execute(insert(answers), answer_rows)
        conn.execute(insert(partner_ratings), rating_rows)
        log_change(conn, f"scale data, round {rid}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="the SQLite file to create (must not exist)")
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--respondents", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists already; choose a new file.")
    start = time.perf_counter()
    generate(f"sqlite:///{args.out}", n_councils=args.councils, n_respondents=args.respondents, n_rounds=args.rounds)
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {size:.0f} MB in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()

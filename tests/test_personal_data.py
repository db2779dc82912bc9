"""UK GDPR: a respondent's returns found, exported and erased (the figures recompute, the erasure is audited
without the name); retention removes old rounds' answers and keeps council scores. Real SQLite files."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.store.access import set_retention
from rasp.store.audit import read_audit
from rasp.store.personal import apply_retention, erase_returns, find_subject, retention_plan, subject_export
from rasp.store.schema import answers, partner_ratings, returns
from rasp.store.snapshots import build_snapshot, build_trends
from rasp.store.writes import setup_partnership
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled
from tests.test_cli import rasp

ALPHA, BETA, _ = COUNCILS


def _store(engine: Engine, fw: Framework, council: str, who: str, every: int) -> int:
    data = filled(
        fw, council=council, respondent=who, every=every, partners={BETA if council == ALPHA else ALPHA: (4, 3)}
    )
    result = import_bytes(engine, fw, data, f"{who}.xlsx", partnership=PARTNERSHIP)
    assert result.ok and result.return_id is not None
    return result.return_id


@pytest.fixture
def three(engine: Engine, fw: Framework) -> Engine:
    setup_partnership(engine, PARTNERSHIP, COUNCILS, ROUND, dt.date(2025, 1, 6))
    _store(engine, fw, ALPHA, "Jo Smith", 3)  # replaced below: only the second counts
    _store(engine, fw, ALPHA, "jo  smith", 2)  # 25 on every dimension
    _store(engine, fw, ALPHA, "Sam Patel", 4)  # 75
    _store(engine, fw, BETA, "Kim Lee", 5)  # 100
    return engine


def _alpha_strategy(engine: Engine, fw: Framework) -> tuple[float, int]:
    scores = build_snapshot(engine, fw, PARTNERSHIP, ROUND).scores.set_index(["council", "dimension"])
    row = scores.loc[(ALPHA, "strategy")]
    return float(row["score"]), int(row["n"])


def test_find_export_and_erase_a_respondent(three: Engine, fw: Framework) -> None:
    assert _alpha_strategy(three, fw) == (50.0, 2)  # (25 + 75) / 2
    found = find_subject(three, "JO SMITH")
    assert len(found) == 2 and set(found["council"]) == {ALPHA}  # the replaced return is theirs too
    ids = [int(i) for i in found["return_id"]]
    exported = subject_export(three, ids)
    statements = exported[~exported["item"].str.startswith(("trust in", "goals aligned"))]
    assert len(statements) == 2 * len(fw.statements)
    assert sorted(exported.loc[exported["item"] == f"trust in {BETA}", "value"]) == [4, 4]

    assert erase_returns(three, ids, by="admin@x.gov.uk") == 2
    assert _alpha_strategy(three, fw) == (75.0, 1)  # only Sam is left
    assert find_subject(three, "jo smith").empty
    with three.connect() as conn:
        for table in (returns, answers, partner_ratings):
            column = table.c.id if table is returns else table.c.return_id
            assert conn.execute(select(func.count()).where(column.in_(ids))).scalar_one() == 0
    entry = read_audit(three, action="erasure").iloc[0]
    assert entry["who"] == "admin@x.gov.uk" and entry["partnership"] == PARTNERSHIP
    assert entry["detail"] == f"erasure request: return {ids[0]} ({ALPHA}), return {ids[1]} ({ALPHA})"
    assert "Jo" not in " ".join(read_audit(three)["detail"])


def test_retention_keeps_council_scores_and_removes_answers(three: Engine, fw: Framework) -> None:
    today = dt.date(2026, 12, 1)
    assert retention_plan(three, today) == []  # no retention period set: kept until erased
    set_retention(three, PARTNERSHIP, 24, by="admin")
    assert retention_plan(three, today) == []  # opened 6 January 2025: not yet 24 months
    set_retention(three, PARTNERSHIP, 12, by="admin")
    plan = retention_plan(three, today)
    assert [(p.round_name, p.returns) for p in plan] == [(ROUND, 4)]  # the replaced return counts too
    before = build_trends(three, fw, PARTNERSHIP)
    apply_retention(three, fw, today, by="admin")
    with three.connect() as conn:
        assert conn.execute(select(func.count()).select_from(returns)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(answers)).scalar_one() == 0
    after = build_trends(three, fw, PARTNERSHIP)
    pd.testing.assert_frame_equal(after, before)  # the council scores, n and bands are kept
    alpha = after.set_index(["council", "dimension"]).loc[(ALPHA, "strategy")]
    assert math.isclose(alpha["score"], 50.0) and alpha["n"] == 2
    assert retention_plan(three, today) == []  # nothing left to remove
    assert "4 returns' individual answers removed" in read_audit(three, action="retention").iloc[0]["detail"]


def test_retention_and_subject_commands(three: Engine, db_url: str) -> None:
    set_retention(three, PARTNERSHIP, 12, by="admin")
    dry = rasp("retention", "--dry-run", "--today", "2026-12-01", db=db_url)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.strip() == (
        f"Would remove the individual answers of {PARTNERSHIP}, round {ROUND} (opened 6 January 2025): "
        "4 returns; council scores are kept."
    )
    listed = rasp("subject", "--find", "sam patel", db=db_url)
    assert listed.returncode == 0 and "Sam Patel" in listed.stdout and "Kim" not in listed.stdout
    erased = rasp("subject", "--find", "sam patel", "--erase", db=db_url)
    assert erased.stdout.strip() == "Erased 1 return; the figures no longer include them."
    assert find_subject(three, "sam").empty
    real = rasp("retention", "--today", "2026-12-01", db=db_url)
    assert real.stdout.startswith("Removed the individual answers") and "3 returns" in real.stdout

"""load_answers: compact columns (categoricals), read in chunks, the same rows as a plain SQL query."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from sqlalchemy import Engine

from rasp.intake.demo import DEMO_PARTNERSHIP, DEMO_ROUND_2
from rasp.store import reads
from rasp.store.reads import ANSWER_COLUMNS, load_answers

SQL = """
SELECT r.id, c.name, r.respondent, a.statement_id, a.dimension_id, a.value, a.status
FROM returns r JOIN councils c ON c.id = r.council_id JOIN answers a ON a.return_id = r.id
JOIN rounds o ON o.id = r.round_id JOIN partnerships p ON p.id = r.partnership_id
WHERE p.name = ? AND o.name = ? AND r.is_current AND r.source != 'pulse'
ORDER BY r.id, a.statement_id
"""


@pytest.mark.parametrize("chunk", [7, 50_000])  # many small chunks, and one
def test_the_same_rows_as_plain_sql_in_compact_columns(
    demo_engine: Engine, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reads, "ANSWER_CHUNK", chunk)
    frame = load_answers(demo_engine, DEMO_PARTNERSHIP, DEMO_ROUND_2)
    assert list(frame.columns) == ANSWER_COLUMNS
    for name in ("council", "respondent", "statement", "dimension", "status"):
        assert isinstance(frame[name].dtype, pd.CategoricalDtype), name
        assert list(frame[name].cat.categories) == sorted(frame[name].cat.categories), name
    assert frame["value"].dtype == "float64" and frame["return_id"].dtype == "int64"
    with sqlite3.connect(str(demo_engine.url.database)) as conn:
        rows = conn.execute(SQL, (DEMO_PARTNERSHIP, DEMO_ROUND_2)).fetchall()
    assert len(rows) == len(frame) > 0
    plain = [tuple(None if pd.isna(v) else v for v in r) for r in frame.astype(object).itertuples(index=False)]
    assert plain == [tuple(None if v is None else (float(v) if i == 5 else v) for i, v in enumerate(r)) for r in rows]

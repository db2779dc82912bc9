"""A return filled in, opened and saved by LibreOffice, then imported: every answer and score survives."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.store.snapshots import build_snapshot
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up
from tests.libreoffice import libreoffice_roundtrip, needs_soffice


@needs_soffice
def test_libreoffice_saved_return_imports_with_the_same_scores(engine: Engine, fw: Framework, tmp_path: Path) -> None:
    set_up(engine)
    # strategy: 5,4,"4 - Agree","Agree",Don't know,blank -> 4 answered, mean 17/4 = 4.25 -> 81.25
    # every other statement "2 - Disagree" -> 25
    answers = {"S1": 5, "S2": "4", "S3": "4 - Agree", "S4": "Agree", "S5": "Don't know", "S6": None}
    data = filled(
        fw,
        council=COUNCILS[1],
        respondent="Lee",
        answers=answers,
        every="2 - Disagree",
        partners={COUNCILS[0]: (4, 5), COUNCILS[2]: (2, None)},
        evidence={"T1": "Line one\nline two"},
    )
    saved = libreoffice_roundtrip(data, tmp_path)
    result = import_bytes(engine, fw, saved, "from-libreoffice.xlsx", partnership=PARTNERSHIP)
    assert result.status == "stored", (result.message, result.problems)
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    s = snap.scores.set_index(["council", "dimension"])["score"]
    assert s[(COUNCILS[1], "strategy")] == pytest.approx(81.25)
    assert s[(COUNCILS[1], "trust")] == pytest.approx(25)
    assert snap.respondents["dont_know"].sum() == 1
    from rasp.store.reads import load_returns

    assert load_returns(engine, PARTNERSHIP, ROUND)["respondent"].tolist() == ["Lee"]

"""The sidebar's round picker can be changed again and again (a picker whose identity changed with its default
once kept the first pick and ignored the next)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rasp.intake.demo import DEMO_ROUND, DEMO_ROUND_2

ROOT = Path(__file__).resolve().parent.parent


def test_the_round_can_be_picked_twice(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    monkeypatch.setenv("RASP_DATABASE_URL", f"sqlite:///{copy}")
    monkeypatch.setenv("RASP_DEMO", "0")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    headers = lambda: [h.value for h in at.header]  # noqa: E731
    assert any(h.endswith(f"round {DEMO_ROUND_2}") for h in headers())
    for wanted in (DEMO_ROUND, DEMO_ROUND_2, DEMO_ROUND):
        at.sidebar.selectbox[1].set_value(wanted).run()
        assert not at.exception, at.exception
        assert any(h.endswith(f"round {wanted}") for h in headers()), (wanted, headers())

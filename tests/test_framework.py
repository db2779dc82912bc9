"""The framework file: the default is complete and right; a malformed one is refused with every problem named."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from rasp.core.errors import FrameworkError
from rasp.core.framework import DEFAULT_FRAMEWORK_PATH, Framework, load_framework, parse_framework


def _raw() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))


def test_default_framework_matches_the_brief(fw: Framework) -> None:
    assert fw.dimension_ids == ("strategy", "trust", "compromise", "culture", "resources", "risk", "governance")
    assert all(len(d.statements) == 6 for d in fw.dimensions)
    assert len({s.id for s in fw.statements}) == 42
    assert fw.labels == ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
    assert [r.name for r in fw.ladder] == [
        "Co-exist",
        "Communicate",
        "Cooperate",
        "Coordinate",
        "Collaborate",
        "Combine",
    ]
    t = fw.thresholds
    assert (t.strength, t.borderline, t.split_ad, t.material_gap, t.trust_asymmetry) == (75, 50, 0.8, 20, 20)
    assert (t.anonymity_min_respondents, t.evidence_min_respondents, t.min_answered_fraction) == (3, 5, 0.5)
    # BRIEF section 4 rule 8 table, row by row
    expected = {
        1: [0, 0, 0, 0, 0, 0, 0],
        2: [0, 25, 0, 0, 0, 0, 0],
        3: [35, 40, 25, 0, 0, 0, 0],
        4: [50, 50, 40, 30, 30, 30, 40],
        5: [65, 65, 55, 50, 50, 50, 55],
        6: [75, 75, 75, 65, 65, 65, 75],
    }
    for rung, values in expected.items():
        assert [fw.rung(rung).requires[d] for d in fw.dimension_ids] == values


def test_every_problem_is_named() -> None:
    raw = _raw()
    del raw["scale"]
    raw["thresholds"]["material_gap"] = "twenty"
    raw["dimensions"][1]["statements"][0]["id"] = "S1"  # duplicate id
    raw["ladder"][2]["rung"] = 5
    del raw["ladder"][3]["requires"]["risk"]
    with pytest.raises(FrameworkError) as caught:
        parse_framework(raw, "test.toml")
    text = str(caught.value)
    assert text.startswith("The framework file test.toml cannot be used:")
    for fragment in (
        "the [scale] section is missing",
        "'material_gap' must be a number",
        "statement id 'S1' is used twice",
        "ladder entry 3: 'rung' must be 3",
        "ladder rung 4: 'requires' has no value for risk",
    ):
        assert fragment in text


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="cannot be read"):
        load_framework(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[framework\nid = 1", encoding="utf-8")
    with pytest.raises(FrameworkError, match="is not valid TOML"):
        load_framework(broken)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(FrameworkError, match="not UTF-8"):
        load_framework(binary)


def test_a_malformed_framework_stops_the_app_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    bad = tmp_path / "bad.toml"
    bad.write_text("[framework]\nid = 'x'\nversion = '1'\nname = 'x'\n", encoding="utf-8")
    monkeypatch.setenv("RASP_FRAMEWORK", str(bad))
    monkeypatch.setenv("RASP_DATABASE_URL", f"sqlite:///{tmp_path / 'db.db'}")
    at = AppTest.from_file(str(Path(__file__).parent.parent / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert at.error and "cannot be used" in at.error[0].value and "[scale] section is missing" in at.error[0].value

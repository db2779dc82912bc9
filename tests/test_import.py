"""The import path end to end on real .xlsx files: read -> validate -> store -> scores."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.store.reads import data_version, load_returns
from rasp.store.schema import answers, partner_ratings, returns
from rasp.store.snapshots import build_snapshot
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_valid_return_is_stored_and_scored(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    # Alpha: every answer "4 - Agree" -> mean 4 -> 75 everywhere. Beta: every answer 2 -> 25.
    a = import_bytes(
        engine, fw, filled(fw, respondent="Ann", partners={COUNCILS[1]: (4, 3)}), "a.xlsx", partnership=PARTNERSHIP
    )
    b = import_bytes(engine, fw, filled(fw, council=COUNCILS[1], every=2), "b.xlsx", partnership=PARTNERSHIP)
    assert (a.status, b.status) == ("stored", "stored"), (a, b)
    assert _count(engine, answers) == 2 * 42
    assert _count(engine, partner_ratings) == 1
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    s = snap.scores.set_index(["council", "dimension"])
    assert s.loc[(COUNCILS[0], "trust"), "score"] == pytest.approx(75)
    assert s.loc[(COUNCILS[1], "trust"), "score"] == pytest.approx(25)
    assert s.loc[(COUNCILS[2], "trust"), "n"] == 0
    g = snap.gaps.set_index(["council_a", "council_b", "dimension"])
    assert g.loc[(COUNCILS[0], COUNCILS[1], "risk"), "gap"] == pytest.approx(50)
    assert bool(g.loc[(COUNCILS[0], COUNCILS[1], "risk"), "material"])


@pytest.mark.parametrize(
    "written",
    [
        4,
        4.0,
        "4",
        "4.0",
        " 4 ",
        "Agree",
        "agree",
        "AGREE",
        "4 - Agree",
        "4 - agree",
        "4 Agree",
        "4-Agree",
        "  4  -  Agree ",
    ],
)
def test_every_accepted_way_of_writing_agree(engine: Engine, fw: Framework, written: object) -> None:
    set_up(engine)
    result = import_bytes(engine, fw, filled(fw, every=written), "r.xlsx", partnership=PARTNERSHIP)
    assert result.status == "stored", result
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    assert snap.scores[snap.scores.council == COUNCILS[0]]["score"].tolist() == [75.0] * 7


def test_every_problem_is_reported_at_once_and_nothing_stored(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    data = filled(
        fw,
        council="Alpha Distrct Council",
        answers={"T3": "Agreee", "G6": 7},
        about={"Target form of sharing": "Merge", "Scope": "Everything"},
        partners={COUNCILS[1]: ("lots", 3)},
    )
    result = import_bytes(engine, fw, data, "bad.xlsx", partnership=PARTNERSHIP)
    assert result.status == "invalid"
    text = [str(p) for p in result.problems]
    # Questions: header in row 1, statements from row 2 in framework order: T3 is the 9th -> row 10, column D
    assert (
        "sheet Questions, cell D10 (T3): 'Agreee' is not an answer; use 1-5, Strongly disagree ... "
        "Strongly agree, or Don't know." in text
    )
    assert any(t.startswith("sheet Questions, cell D43 (G6): '7' is not an answer") for t in text)
    assert any("sheet About, cell B2" in t and "Did you mean 'Alpha District Council'" in t for t in text)
    assert any("sheet About, cell B6" in t and "'Merge' is not a form of sharing" in t for t in text)
    assert any("sheet About, cell B7" in t and "'Everything' is not a scope" in t for t in text)
    assert len(result.problems) == 5  # the partner row is not checked when the council is unknown
    assert _count(engine, returns) == 0 and _count(engine, answers) == 0


def test_bad_partner_rating_is_located(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    # the template lists every council (Alpha row 2, Beta row 3, Gamma row 4); Alpha rates the other two
    data = filled(fw, partners={COUNCILS[1]: ("lots", 3), COUNCILS[2]: (4, 6)})
    result = import_bytes(engine, fw, data, "bad.xlsx", partnership=PARTNERSHIP)
    text = [str(p) for p in result.problems]
    assert text == [
        f"sheet Partners, cell B3 ({COUNCILS[1]}): 'lots' is not a rating; Trust must be a whole number from 1 to 5, "
        "or left blank.",
        f"sheet Partners, cell C4 ({COUNCILS[2]}): '6' is not a rating; Alignment must be a whole number from 1 to 5, "
        "or left blank.",
    ]
    assert _count(engine, returns) == 0


def test_reupload_replaces_and_keeps_history_identical_file_changes_nothing(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    first = filled(fw, respondent="Ann Smith", every=2)
    assert import_bytes(engine, fw, first, "ann.xlsx", partnership=PARTNERSHIP).status == "stored"
    version = data_version(engine)
    again = import_bytes(engine, fw, first, "ann.xlsx", partnership=PARTNERSHIP)
    assert again.status == "duplicate" and "Nothing changed" in again.message
    assert data_version(engine) == version and _count(engine, returns) == 1

    second = filled(fw, respondent="  ann smith ", every=5)  # same person, written differently
    assert import_bytes(engine, fw, second, "ann-v2.xlsx", partnership=PARTNERSHIP).status == "replaced"
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    assert snap.scores[snap.scores.council == COUNCILS[0]]["score"].tolist() == [100.0] * 7
    assert snap.scores[snap.scores.council == COUNCILS[0]]["n"].tolist() == [1] * 7
    history = load_returns(engine, PARTNERSHIP, ROUND, history=True)
    assert history["is_current"].tolist() == [True, False]
    assert history["filename"].tolist() == ["ann-v2.xlsx", "ann.xlsx"]


def test_unnamed_respondents_never_replace_each_other(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    import_bytes(engine, fw, filled(fw, every=2), "1.xlsx", partnership=PARTNERSHIP)
    import_bytes(engine, fw, filled(fw, every=4), "2.xlsx", partnership=PARTNERSHIP)
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    alpha = snap.scores[snap.scores.council == COUNCILS[0]]
    assert alpha["score"].tolist() == [50.0] * 7  # (25 + 75) / 2
    assert alpha["n"].tolist() == [2] * 7


def test_round_rules(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    set_up(engine, round_name="2027 review")
    blank = filled(fw, round_name=None)
    r = import_bytes(engine, fw, blank, "blank-round.xlsx", partnership=PARTNERSHIP, round_name="2027 review")
    assert r.status == "stored", r
    assert load_returns(engine, PARTNERSHIP, "2027 review").shape[0] == 1
    r = import_bytes(
        engine, fw, filled(fw, round_name="2026 baseline"), "x.xlsx", partnership=PARTNERSHIP, round_name="2027 review"
    )
    assert r.status == "invalid" and "you are importing it into round '2027 review'" in str(r.problems[0])
    r = import_bytes(engine, fw, filled(fw, round_name="2025"), "y.xlsx", partnership=PARTNERSHIP)
    assert r.status == "invalid" and "'2025' is not a round of Test partnership" in str(r.problems[0])
    r = import_bytes(engine, fw, blank, "z.xlsx", partnership=PARTNERSHIP)
    assert r.status == "invalid" and "Round is empty" in str(r.problems[0])


def test_wrong_partnership_is_refused(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    from rasp.store.writes import setup_partnership

    setup_partnership(engine, "Other partnership", ["One Council", "Two Council"], ROUND)
    r = import_bytes(engine, fw, filled(fw), "a.xlsx", partnership="Other partnership")
    assert r.status == "invalid"
    assert (
        "made for partnership 'Test partnership' but you are importing it into 'Other partnership'"
        in r.message + " ".join(str(p) for p in r.problems)
    )


def test_all_dont_know_is_valid_all_blank_is_not(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    assert import_bytes(engine, fw, filled(fw, every="Don't know"), "dk.xlsx", partnership=PARTNERSHIP).ok
    r = import_bytes(engine, fw, filled(fw, every=None), "blank.xlsx", partnership=PARTNERSHIP)
    assert r.status == "invalid" and "no statement has been answered" in str(r.problems[0])

"""The import path end to end on real .xlsx files: read -> validate -> store -> scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.store.engine import make_engine
from rasp.store.reads import data_version, load_returns
from rasp.store.schema import answers, partner_ratings, returns
from rasp.store.snapshots import build_snapshot
from tests import hostile_files as hf
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
    # every problem at once: the Partners sheet is checked even when the About council is unknown
    assert any("'lots' is not a rating" in t for t in text)
    assert len(result.problems) == 6
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


# --- hostile returns made from the real template ------------------------------------------------------------

INVALID_AT: dict[str, tuple[str, str, str]] = {
    "council_formula": ("About", "B2", "holds a formula"),
    "answer_formula": ("Questions", "D2", "holds a formula"),
    "meta_changed": ("Meta", "A7", "'council_override' is not one of its keys"),
    "heading_twice": ("Questions", "A1", "the heading 'Answer' is written twice (D1 and G1)"),
    "label_twice": ("About", "A20", "'Council' is written twice (also at A2)"),
    "long_number_answer": ("Questions", "D2", "is not an answer"),
    "long_number_rung": ("About", "B6", "Target form of sharing is 309 characters long"),
    "long_number_rating": ("Partners", "B3", "is not a rating"),
    "huge_name": ("About", "B2", "Council is 9,900,000 characters long"),
    "many_problems": ("Questions", "A60", "'X60' is not a statement of this framework"),
}


def test_every_invalid_hostile_return_has_an_expected_problem() -> None:
    assert set(INVALID_AT) == set(hf.RETURN_INVALID)


@pytest.mark.parametrize("kind", list(hf.RETURN_INVALID))
def test_hostile_return_is_invalid_with_the_cell_named_and_nothing_stored(
    engine: Engine, fw: Framework, kind: str
) -> None:
    set_up(engine)
    result = import_bytes(engine, fw, hf.RETURN_INVALID[kind](), f"{kind}.xlsx", partnership=PARTNERSHIP)
    assert result.status == "invalid", result
    sheet, cell, words = INVALID_AT[kind]
    assert any(p.sheet == sheet and p.cell == cell and words in p.message for p in result.problems), result.problems
    assert _count(engine, returns) == 0 and _count(engine, answers) == 0


def test_one_over_long_field_gives_one_problem_not_a_second_one_saying_it_is_empty(
    engine: Engine, fw: Framework
) -> None:
    set_up(engine)
    for kind in ("huge_name", "long_number_rung"):
        result = import_bytes(engine, fw, hf.RETURN_INVALID[kind](), "x.xlsx", partnership=PARTNERSHIP)
        assert len(result.problems) == 1, result.problems


def test_thousands_of_problems_list_the_first_50_and_count_the_rest(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    result = import_bytes(engine, fw, hf.RETURN_INVALID["many_problems"](), "many.xlsx", partnership=PARTNERSHIP)
    # rows 60..2000 of the Questions sheet: 1,941 unknown statement IDs, each one problem
    assert len(result.problems) == 50
    assert "The return has 1,941 problems to fix; the first 50 are listed." in result.message


def test_digits_of_other_scripts_are_stored_as_their_values(engine: Engine, fw: Framework) -> None:
    set_up(engine)
    result = import_bytes(engine, fw, hf.RETURN_VALID_ODD["other_script_digits"](), "d.xlsx", partnership=PARTNERSHIP)
    assert result.status == "stored", result
    with engine.connect() as conn:
        query = select(answers.c.statement_id, answers.c.value).where(answers.c.statement_id.in_(["S1", "S2"]))
        stored = {sid: value for sid, value in conn.execute(query)}
        trust = conn.execute(select(partner_ratings.c.trust)).scalars().all()
    assert stored == {"S1": 4, "S2": 2}  # Arabic-Indic four, full-width two
    assert trust == [5]  # Arabic-Indic five for Beta


# --- a batch: every file its own outcome ---------------------------------------------------------------------


def test_a_batch_gives_every_file_its_own_outcome_whatever_happens_to_another(
    engine: Engine, fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash inside one file's check (forced here for the file of respondent 'Crash') is that file's
    outcome; the files before and after it are checked and stored, and the summary says what happened."""
    from rasp.intake import dispatch, importer

    set_up(engine)
    real = importer.validate_return

    def crashing(workbook: object, *args: object, **kwargs: object) -> object:
        parsed = real(workbook, *args, **kwargs)  # type: ignore[arg-type]
        if parsed.respondent == "Crash":
            raise OverflowError("forced")
        return parsed

    monkeypatch.setattr(importer, "validate_return", crashing)
    files = [
        ("first.xlsx", filled(fw, respondent="First")),
        ("missing.xlsx", "cannot open the file: No such file or directory."),
        ("crash.xlsx", filled(fw, respondent="Crash")),
        ("hostile.xlsx", hf.RETURN_UNREADABLE["hidden_questions_first"]()),
        ("bad.xlsx", filled(fw, respondent="Bad", answers={"T3": "Agreee"})),
        ("last.xlsx", filled(fw, council=COUNCILS[1], respondent="Last")),
    ]
    reports = list(dispatch.import_files(engine, fw, files, partnership=PARTNERSHIP))
    assert [report.filename for report in reports] == [name for name, _data in files]
    results = [r for report in reports for r in report.results]
    assert [(r.filename, r.status) for r in results] == [
        ("first.xlsx", "stored"),
        ("missing.xlsx", "unreadable"),
        ("crash.xlsx", "error"),
        ("hostile.xlsx", "unreadable"),
        ("bad.xlsx", "invalid"),
        ("last.xlsx", "stored"),
    ]
    assert (
        "unexpected error (OverflowError)" in results[2].message
        and "other files are not affected" in results[2].message
    )
    assert _count(engine, returns) == 2
    assert importer.summary(r.status for r in results) == (
        "6 files checked: 2 stored; 1 not stored: problems to fix; 2 not stored: not a file we can read; "
        "1 not stored: an error."
    )
    assert importer.summary(["stored"] * 12, files=2) == "12 returns in 2 files checked: 12 stored."


def test_a_batch_stored_in_one_transaction_behaves_as_one_by_one(engine: Engine, fw: Framework) -> None:
    """Valid returns of a batch go in together; a re-send later in the batch replaces the earlier one and the
    same file twice is 'already imported', exactly as when they come one by one."""
    from rasp.intake import dispatch

    set_up(engine)
    first = filled(fw, respondent="Ann", every=2)
    files = [
        ("ann-1.xlsx", first),
        ("ann-again.xlsx", first),
        ("bob.xlsx", filled(fw, respondent="Bob")),
        ("ann-2.xlsx", filled(fw, respondent="Ann", every=5)),
    ]
    reports = list(dispatch.import_files(engine, fw, files, partnership=PARTNERSHIP))
    assert [r.results[0].status for r in reports] == ["stored", "duplicate", "stored", "replaced"]
    current = load_returns(engine, PARTNERSHIP, ROUND)
    assert sorted(current["respondent"]) == ["Ann", "Bob"]
    assert _count(engine, returns) == 3  # Ann's first return stays in the history


def test_a_tangled_batch_ends_as_hand_worked_and_as_one_by_one(engine: Engine, fw: Framework, tmp_path: Path) -> None:
    """Re-sends, duplicates, a file coming back after it was replaced, anonymous returns, the same name in another
    council, and returns stored before the batch: outcomes, the history's links and what counts, worked by hand."""
    from rasp.intake import dispatch

    set_up(engine)
    ann1, ann2 = filled(fw, respondent="Ann", every=2), filled(fw, respondent="Ann", every=5)
    bob0, bob1 = filled(fw, respondent="Bob", every=3), filled(fw, respondent="Bob", every=4)
    cat0 = filled(fw, respondent="Cat", council=COUNCILS[1], every=2)
    cat1 = filled(fw, respondent="  CAT ", council=COUNCILS[1], every=1)  # the same person, written otherwise
    anon = filled(fw, every=3)
    ann_gamma = filled(fw, respondent="Ann", council=COUNCILS[2], every=2)
    before = [("pre-bob0", bob0), ("pre-cat0", cat0)]
    batch = [
        ("1-ann1", ann1),  # stored
        ("2-ann1", ann1),  # duplicate of 1
        ("3-bob1", bob1),  # replaces pre-bob0
        ("4-ann2", ann2),  # replaces 1
        ("5-ann1", ann1),  # 1 no longer counts, so its file is new again: replaces 4
        ("6-cat1", cat1),  # replaces pre-cat0
        ("7-anon", anon),  # stored
        ("8-anon", anon),  # duplicate of 7
        ("9-bob0", bob0),  # pre-bob0 no longer counts: replaces 3
        ("10-ann-gamma", ann_gamma),  # another council's Ann: stored
    ]
    expected = ["stored", "duplicate", "replaced", "replaced", "replaced", "replaced", "stored", "duplicate"]
    expected += ["replaced", "stored"]

    def run(eng: Engine) -> tuple[list[str], list[tuple[str, bool, str | None]], list[tuple[str, str]]]:
        for name, data in before:
            assert import_bytes(eng, fw, data, name, partnership=PARTNERSHIP).ok
        statuses = [r.results[0].status for r in dispatch.import_files(eng, fw, batch, partnership=PARTNERSHIP)]
        with eng.connect() as conn:
            rows = conn.execute(select(returns.c.id, returns.c.filename, returns.c.is_current, returns.c.replaced_by))
            by_id = {r.id: r for r in rows}
            dup_rows = [r.results[0] for r in dispatch.import_files(eng, fw, batch[:1], partnership=PARTNERSHIP)]
        history = sorted(
            (r.filename, bool(r.is_current), by_id[r.replaced_by].filename if r.replaced_by else None)
            for r in by_id.values()
        )
        return statuses, history, [(d.status, by_id[d.return_id].filename) for d in dup_rows if d.return_id]

    statuses, history, again = run(engine)
    assert statuses == expected
    assert history == sorted(
        [
            ("pre-bob0", False, "3-bob1"),
            ("pre-cat0", False, "6-cat1"),
            ("1-ann1", False, "4-ann2"),
            ("3-bob1", False, "9-bob0"),
            ("4-ann2", False, "5-ann1"),
            ("5-ann1", True, None),
            ("6-cat1", True, None),
            ("7-anon", True, None),
            ("9-bob0", True, None),
            ("10-ann-gamma", True, None),
        ]
    )
    assert again == [("duplicate", "5-ann1")]  # the batch's first file again names the return that counts
    assert _count(engine, answers) == 10 * len(fw.statements)
    assert len(load_returns(engine, PARTNERSHIP, ROUND)) == 5
    one_by_one = make_engine(f"sqlite:///{tmp_path / 'one-by-one.db'}")
    set_up(one_by_one)
    for name, data in before:
        assert import_bytes(one_by_one, fw, data, name, partnership=PARTNERSHIP).ok
    alone = [import_bytes(one_by_one, fw, data, name, partnership=PARTNERSHIP).status for name, data in batch]
    one_by_one.dispose()
    assert alone == expected


def test_a_batch_takes_the_same_few_statements_whatever_its_size(engine: Engine, fw: Framework) -> None:
    """The store's statements for a batch do not grow with the number of returns in it."""
    from sqlalchemy import event

    from rasp.intake import dispatch

    set_up(engine)
    files = [(f"r{i}.xlsx", filled(fw, respondent=f"R{i}", every=1 + i % 5)) for i in range(24)]
    seen: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "SELECT")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        small = [r.results[0].status for r in dispatch.import_files(engine, fw, files[:4], partnership=PARTNERSHIP)]
        after_small = len(seen)
        large = [r.results[0].status for r in dispatch.import_files(engine, fw, files[4:], partnership=PARTNERSHIP)]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert small == ["stored"] * 4 and large == ["stored"] * 20
    assert len(seen) - after_small == after_small  # 4 returns or 20: the same statements
    assert after_small <= 12


@pytest.mark.parametrize("dont_know", [0, 2, 3, 4, 6])
def test_the_quick_check_for_uncounted_dimensions_agrees_with_the_scoring_code(
    fw: Framework, monkeypatch: pytest.MonkeyPatch, dont_know: int
) -> None:
    """The warning's shortcut (every dimension plainly half answered) gives what the scoring code gives."""
    from rasp.core.records import Directory
    from rasp.intake import warnings
    from rasp.intake.importer import check_bytes

    trust = [s.id for s in fw.statements if s.dimension == "trust"]
    answers = {sid: "Don't know" for sid in trust[:dont_know]}
    known = Directory({PARTNERSHIP: tuple(COUNCILS)}, {PARTNERSHIP: (ROUND,)})
    _result, parsed = check_bytes(filled(fw, answers=answers), "x.xlsx", fw, known, partnership=PARTNERSHIP)
    assert parsed is not None
    quick = warnings.uncounted_dimensions(parsed, fw)
    monkeypatch.setattr(warnings, "_plainly_counted", lambda *args: False)
    assert quick == warnings.uncounted_dimensions(parsed, fw)
    assert bool(quick) == (len(trust) - dont_know < len(trust) / 2)


def test_a_batch_stores_the_same_rows_on_both_stores(postgres: object, fw: Framework, tmp_path: Path) -> None:
    """PostgreSQL takes a batch's answers and ratings through COPY, SQLite through INSERT: the rows read back are
    the same, and free text with the characters COPY treats specially (tab, newline, backslash, its NULL marker
    \\N) is stored exactly as written, blank evidence as NULL."""
    from rasp.intake import dispatch
    from tests.postgres import PostgresServer

    assert isinstance(postgres, PostgresServer)
    tricky = "tab\there, new\nline, back\\slash, \\N and \\. and 'quotes' \"too\", £ and é"
    files = [
        (
            f"{i}.xlsx",
            filled(
                fw,
                council=COUNCILS[i % 3],
                respondent=f"R{i}",
                answers={"T1": "Don't know", "T2": None},
                every=("2 - Disagree", "3 - Neither agree nor disagree", "4 - Agree")[i % 3],
                evidence={"T3": tricky, "S1": f"plain {i}"},
                partners={COUNCILS[(i + 1) % 3]: (str(1 + i % 5), str(5 - i % 5))},
            ),
        )
        for i in range(6)
    ]
    rows = {}
    for url in (f"sqlite:///{tmp_path / 'b.db'}", postgres.new_database()):
        eng = make_engine(url)
        try:
            set_up(eng)
            reports = list(dispatch.import_files(eng, fw, files, partnership=PARTNERSHIP, round_name=ROUND))
            assert [r.results[0].status for r in reports] == ["stored"] * 6, [r.results[0].message for r in reports]
            with eng.connect() as conn:
                got_answers = conn.execute(
                    select(
                        returns.c.respondent,
                        answers.c.statement_id,
                        answers.c.value,
                        answers.c.status,
                        answers.c.evidence,
                    )
                    .join(returns, returns.c.id == answers.c.return_id)
                    .order_by(returns.c.respondent, answers.c.statement_id)
                ).all()
                got_ratings = conn.execute(
                    select(returns.c.respondent, partner_ratings.c.trust, partner_ratings.c.alignment)
                    .join(returns, returns.c.id == partner_ratings.c.return_id)
                    .order_by(returns.c.respondent)
                ).all()
        finally:
            eng.dispose()
        rows[url.split(":")[0]] = ([tuple(r) for r in got_answers], [tuple(r) for r in got_ratings])
    (sq_answers, sq_ratings), (pg_answers, pg_ratings) = rows["sqlite"], rows["postgresql+psycopg"]
    assert pg_answers == sq_answers and pg_ratings == sq_ratings
    assert len(sq_answers) == 6 * len(fw.statements)
    evidence = {(r[0], r[1]): r[4] for r in pg_answers}
    assert evidence[("R0", "T3")] == tricky and evidence[("R5", "S1")] == "plain 5"
    assert evidence[("R0", "T4")] is None  # no evidence given: NULL, not an empty string
    by_statement = {(r[0], r[1]): (r[2], r[3]) for r in pg_answers}
    assert by_statement[("R1", "T1")][0] is None and by_statement[("R1", "T2")][0] is None
    assert by_statement[("R1", "T3")][0] == 3  # "3 - Neither agree nor disagree" for i = 1
    assert pg_ratings[0][1:] == (1, 5) and pg_ratings[4][1:] == (5, 1)  # R0 and R4: 1 + i % 5, 5 - i % 5

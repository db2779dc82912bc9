"""Survey exports (Microsoft Forms, Google Forms), the long CSV and ODS: each row or respondent becomes a return
through the template's own validator, compared number by number with the same answers sent as templates."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.intake.dispatch import FileReport, import_file, recognise, validate_file
from rasp.intake.importer import import_bytes
from rasp.intake.questions import question_list, questions_csv, questions_text
from rasp.intake.template import build_template, fill_template
from rasp.method.scoring import council_scores, respondent_scores
from rasp.store.engine import make_engine
from rasp.store.reads import data_version, directory, load_answers, load_ratings, load_returns
from tests import forms_exports as fx
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, set_up


@pytest.fixture
def ready(engine: Engine) -> Engine:
    set_up(engine)
    return engine


def _import(engine: Engine, fw: Framework, data: bytes, name: str) -> FileReport:
    return import_file(engine, fw, data, name, partnership=PARTNERSHIP, round_name=ROUND, uploaded_by="test")


def _answers(engine: Engine) -> pd.DataFrame:
    frame = load_answers(engine, PARTNERSHIP, ROUND)
    return frame.drop(columns="return_id").sort_values(["respondent", "statement"]).reset_index(drop=True)


def _ratings(engine: Engine) -> pd.DataFrame:
    frame = load_ratings(engine, PARTNERSHIP, ROUND).drop(columns="return_id")
    return frame.sort_values(["rater", "rated", "trust", "alignment"]).reset_index(drop=True)


def _as_templates(fw: Framework, who: list[fx.Person], engine: Engine) -> None:
    template = build_template(fw, partnership=PARTNERSHIP, councils=COUNCILS, rounds=[ROUND])
    for i, p in enumerate(who):
        about, answers, partners = fx.template_values(p)
        data = fill_template(template, about={**about, "Round": ROUND}, answers=answers, partners=partners)
        assert import_bytes(engine, fw, data, f"r{i}.xlsx").status == "stored"


@pytest.fixture
def by_template(fw: Framework, tmp_path: Path) -> tuple[list[fx.Person], Engine]:
    """Twelve respondents' answers stored as filled templates, in their own database."""
    who = fx.people(fw, COUNCILS, 12)
    engine = make_engine(f"sqlite:///{tmp_path / 'templates.db'}")
    set_up(engine)
    _as_templates(fw, who, engine)
    return who, engine


EXPORTS = {
    "microsoft-forms.xlsx": lambda fw, who: fx.ms_forms_xlsx(fw, COUNCILS, who),
    "google-forms.csv": lambda fw, who: fx.google_csv(fw, COUNCILS, who),
    "google-forms-statement-text.csv": lambda fw, who: fx.google_csv(fw, COUNCILS, who, ids=False),
    "google-forms.xlsx": lambda fw, who: fx.google_xlsx(fw, COUNCILS, who),
    "google-forms.ods": lambda fw, who: fx.ods({"Form responses 1": fx.google_rows(fw, COUNCILS, who)}),
    "long.csv": lambda fw, who: fx.long_csv(fw, who),
}


@pytest.mark.parametrize("name", list(EXPORTS))
def test_export_gives_the_same_numbers_as_templates(
    name: str, fw: Framework, ready: Engine, by_template: tuple[list[fx.Person], Engine]
) -> None:
    who, templates = by_template
    report = _import(ready, fw, EXPORTS[name](fw, who), name)
    assert [r.status for r in report.results] == ["stored"] * 12, [str(p) for r in report.results for p in r.problems]
    pd.testing.assert_frame_equal(_answers(ready), _answers(templates))
    pd.testing.assert_frame_equal(_ratings(ready), _ratings(templates))
    scores = council_scores(respondent_scores(load_answers(ready, PARTNERSHIP, ROUND), fw), fw)
    expected = council_scores(respondent_scores(load_answers(templates, PARTNERSHIP, ROUND), fw), fw)
    pd.testing.assert_frame_equal(scores, expected)
    returns = load_returns(ready, PARTNERSHIP, ROUND).sort_values("respondent").reset_index(drop=True)
    assert sorted(returns["respondent"]) == sorted(p.name for p in who)
    assert set(returns["target_rung"]) == {int(p.target[0]) for p in who}


def test_one_statement_by_hand(fw: Framework, ready: Engine) -> None:
    """Independent of the generator: a two-row export whose every number is known."""
    header = ["Id", "[council] Which council?", "[target] Aim", *[f"[{s.id}] x" for s in fw.statements]]
    header += ["[trust] Beta Borough Council"]
    rows = [
        [1, "alpha district council", "5 Collaborate", *(["Strongly agree"] * 42), "2"],
        [2, "Alpha District Council", "3", "agree", *([None] * 41), None],
    ]
    data = _csv([header, *rows])
    report = _import(ready, fw, data, "hand.csv")
    assert [r.status for r in report.results] == ["stored", "stored"]
    answers = load_answers(ready, PARTNERSHIP, ROUND)
    s1 = answers[answers["statement"] == fw.statements[0].id].sort_values("return_id")
    assert list(s1["value"]) == [5.0, 4.0]
    assert (answers[answers["statement"] == fw.statements[1].id]["status"]).tolist() == ["answered", "blank"]
    ratings = load_ratings(ready, PARTNERSHIP, ROUND)
    assert ratings[["rater", "rated", "trust"]].values.tolist() == [[COUNCILS[0], COUNCILS[1], 2.0]]
    returns = load_returns(ready, PARTNERSHIP, ROUND)
    assert sorted(returns["target_rung"]) == [3, 5]
    assert set(returns["source"]) == {"forms"}


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


def test_reimport_changes_nothing_and_a_later_export_adds_only_new(fw: Framework, ready: Engine) -> None:
    who = fx.people(fw, COUNCILS, 8)
    first = fx.ms_forms_xlsx(fw, COUNCILS, who[:5], anonymous=True)
    assert _import(ready, fw, first, "week1.xlsx").counts() == {"stored": 5}
    version = data_version(ready)
    again = _import(ready, fw, first, "week1.xlsx")
    assert again.counts() == {"duplicate": 5}
    assert data_version(ready) == version
    later = fx.ms_forms_xlsx(fw, COUNCILS, who, anonymous=True)
    report = _import(ready, fw, later, "week2.xlsx")
    assert [r.status for r in report.results] == ["duplicate"] * 5 + ["stored"] * 3
    assert len(load_returns(ready, PARTNERSHIP, ROUND, history=True)) == 8
    google = fx.google_csv(fw, COUNCILS, who)
    assert _import(ready, fw, google, "g.csv").counts() == {"replaced": 8}  # named this time: replaces by name
    assert _import(ready, fw, google, "g.csv").counts() == {"duplicate": 8}


def test_a_respondent_twice_in_one_export_counts_once_and_reimport_changes_nothing(
    fw: Framework, ready: Engine
) -> None:
    who = fx.people(fw, COUNCILS, 3)
    who[2].name, who[2].council = who[0].name, who[0].council  # sent again, later, with other answers
    data = fx.google_csv(fw, COUNCILS, who)
    assert [r.status for r in _import(ready, fw, data, "g.csv").results] == ["stored", "stored", "replaced"]
    assert [r.status for r in _import(ready, fw, data, "g.csv").results] == ["duplicate"] * 3
    assert len(load_returns(ready, PARTNERSHIP, ROUND)) == 2


def test_row_problems_name_row_and_column_and_other_rows_are_stored(fw: Framework, ready: Engine) -> None:
    who = fx.people(fw, COUNCILS, 8)
    rows = fx.google_rows(fw, COUNCILS, who)
    t3 = next(i for i, h in enumerate(rows[0]) if "[T3]" in str(h))
    council = next(i for i, h in enumerate(rows[0]) if "[council]" in str(h))
    rows[6][t3] = "Agreee"  # row 7 of the file
    rows[6][council] = "Gama City Council"
    report = _import(ready, fw, _csv(rows), "export.csv")
    statuses = [r.status for r in report.results]
    assert statuses == ["stored"] * 5 + ["invalid"] + ["stored"] * 2
    bad = report.results[5]
    assert bad.filename.startswith("export.csv, row 7")
    texts = [str(p) for p in bad.problems]
    header = str(rows[0][t3])
    assert f"row 7, column \"{header[:49]}…\": 'Agreee' is not an answer; use 1-5, Strongly disagree" in texts[1]
    assert texts[0].startswith("row 7, column \"[council] Which council do you work for?\": 'Gama City Council'")
    assert "Did you mean 'Gamma City Council'" in texts[0]
    assert len(load_returns(ready, PARTNERSHIP, ROUND)) == 7


def test_unmatched_columns_are_listed_and_a_missing_statement_stops_the_file(fw: Framework, ready: Engine) -> None:
    who = fx.people(fw, COUNCILS, 3)
    rows = fx.google_rows(fw, COUNCILS, who)
    k2 = next(i for i, h in enumerate(rows[0]) if "[K2]" in str(h))
    rows[0][k2] = "Risk management [We know when contracts end]"  # reworded: must not be guessed
    report = _import(ready, fw, _csv(rows), "export.csv")
    assert report.counts() == {"invalid": 1}
    (result,) = report.results
    assert "no column for statement K2" in str(result.problems[0])
    assert any("'Risk management [We know when contracts end]'" in n for n in report.notes)
    assert any("Any other comments?" in n for n in report.notes)
    assert load_returns(ready, PARTNERSHIP, ROUND).empty


def test_two_columns_for_one_statement_and_no_target_column(fw: Framework, ready: Engine) -> None:
    header = ["[council] c", *[f"[{s.id}] x" for s in fw.statements], "[S1] again"]
    report = _import(ready, fw, _csv([header, ["Alpha District Council", *(["4"] * 43)]]), "x.csv")
    texts = [str(p) for p in report.results[0].problems]
    assert any("no column for the Target form of sharing question" in t for t in texts)
    assert any("are both statement S1" in t for t in texts)


def test_partial_response_is_stored(fw: Framework, ready: Engine) -> None:
    who = fx.people(fw, COUNCILS, 2)
    for s in fw.statements[:6]:
        who[1].answers[s.id] = None
    who[1].answers[fw.statements[0].id] = 4  # one of six answered: the dimension will not count
    who[0].ratings = {c: (None, None) for c in who[0].ratings}  # rated nobody
    report = _import(ready, fw, fx.ms_forms_xlsx(fw, COUNCILS, who), "partial.xlsx")
    assert report.counts() == {"stored": 2}
    assert report.results[0].warnings == (
        "No partner ratings: this return adds nothing to the trust and alignment figures between partners.",
    )
    (warning,) = report.results[1].warnings
    assert "answered in: Shared vision and strategy (1 of 6 answered). This dimension will not count" in warning


def test_long_csv_problems_by_row(fw: Framework, ready: Engine) -> None:
    rows = [
        ["council", "respondent", "statement_id", "answer"],
        ["Alpha District Council", "Ann", "target", "4"],
        ["Alpha District Council", "Ann", "S1", "Agreee"],
        ["Alpha District Council", "Ann", "Z9", "4"],
        ["Alpha District Council", "Ann", "S1", "4"],
        ["Beta Borough Council", "Bo", "target", "2 Communicate"],
        ["Beta Borough Council", "Bo", "T1", "5"],
    ]
    report = _import(ready, fw, _csv(rows), "long.csv")
    assert [r.status for r in report.results] == ["invalid", "stored"]
    texts = [str(p) for p in report.results[0].problems]
    assert texts[0].startswith("row 4, column \"statement_id\": 'Z9' is not a statement id")
    assert texts[1].startswith('row 5, column "statement_id": statement S1 is answered twice (also on row 3)')
    assert texts[2].startswith("row 3, column \"answer\": 'Agreee' is not an answer")


def test_five_hundred_rows(fw: Framework, ready: Engine) -> None:
    who = fx.people(fw, COUNCILS, 500, seed=3)
    report = _import(ready, fw, fx.ms_forms_xlsx(fw, COUNCILS, who), "big.xlsx")
    assert report.counts() == {"stored": 500}
    answers = load_answers(ready, PARTNERSHIP, ROUND)
    expected = sum(1 for p in who for v in p.answers.values() if isinstance(v, int))
    assert int(answers["value"].notna().sum()) == expected


def test_questions_list_round_trips_through_an_export(fw: Framework, ready: Engine) -> None:
    questions = question_list(fw, COUNCILS)
    assert [q.id for q in questions[:5]] == ["council", "respondent", "role", "target", "scope"]
    assert [q.id for q in questions if q.answer_type == "likert"] == [s.id for s in fw.statements]
    assert len(questions) == 5 + len(fw.statements) + 2 * len(COUNCILS)
    parsed = list(csv.DictReader(io.StringIO(questions_csv(fw, COUNCILS))))
    assert [row["question"] for row in parsed] == [q.text for q in questions]
    assert parsed[5]["options"] == " | ".join([*fw.labels, "Don't know"])
    text = questions_text(fw, COUNCILS, PARTNERSHIP)
    assert all(q.text in text for q in questions)
    # an export whose headings are exactly the pasted questions matches every column
    header = ["Id", *(q.text for q in questions)]
    values = ["1", "Alpha District Council", "", "", "4 Coordinate", ""] + ["Agree"] * 42 + ["3"] * 6
    report = _import(ready, fw, _csv([header, values]), "pasted.csv")
    assert report.counts() == {"stored": 1} and report.notes == ()
    assert len(load_ratings(ready, PARTNERSHIP, ROUND)) == 2  # its own council is not rated


def test_recognised_by_content_not_name(fw: Framework, ready: Engine) -> None:
    who = fx.people(fw, COUNCILS, 2)
    assert recognise(fx.google_csv(fw, COUNCILS, who)) == "csv"
    assert recognise(fx.ms_forms_xlsx(fw, COUNCILS, who)) == "export"
    assert recognise(fx.ods({"a": [["x"]]})) == "ods"
    assert recognise(build_template(fw)) == "template"
    report = _import(ready, fw, fx.google_csv(fw, COUNCILS, who), "misleading-name.xlsx")
    assert report.counts() == {"stored": 2}


def test_validate_stores_nothing(fw: Framework, ready: Engine) -> None:
    who = fx.people(fw, COUNCILS, 3)
    report = validate_file(fw, directory(ready), fx.google_csv(fw, COUNCILS, who), "g.csv", partnership=PARTNERSHIP)
    assert report.counts() == {"valid": 3}
    assert load_returns(ready, PARTNERSHIP, ROUND).empty


def test_template_as_hand_written_ods(fw: Framework, ready: Engine) -> None:
    """The template's sheets in an .ods go through the template's validator (one return)."""
    sheets = {
        "About": [
            ["Field", "Value"],
            ["Council", "Beta Borough Council"],
            ["Respondent", "Ceri"],
            ["Role", ""],
            ["Round", ROUND],
            ["Target form of sharing", "4 Coordinate"],
            ["Scope", ""],
        ],
        "Questions": [
            ["ID", "Dimension", "Statement", "Answer", "Evidence"],
            *([s.id, s.dimension, s.text, 3, None] for s in fw.statements),
        ],
        "Meta": [
            ["Key", "Value"],
            ["framework_id", fw.id],
            ["framework_version", fw.version],
            ["partnership", PARTNERSHIP],
        ],
    }
    report = _import(ready, fw, fx.ods(sheets), "return.ods")
    assert report.kind == "return template (.ods)"
    assert report.counts() == {"stored": 1}
    answers = load_answers(ready, PARTNERSHIP, ROUND)
    assert set(answers["value"]) == {3.0}
    sheets["Questions"][4][3] = "Agreee"
    report = _import(ready, fw, fx.ods(sheets), "return.ods")
    assert [str(p) for p in report.results[0].problems] == [
        "sheet Questions, cell D5 (S4): 'Agreee' is not an answer; use 1-5, Strongly disagree ... Strongly agree, "
        "or Don't know."
    ]


def test_template_saved_by_libreoffice_as_ods(fw: Framework, ready: Engine, tmp_path: Path) -> None:
    from tests.libreoffice import libreoffice_roundtrip, needs_soffice

    if needs_soffice.args[0]:
        pytest.skip(needs_soffice.kwargs["reason"])
    template = build_template(fw, partnership=PARTNERSHIP, councils=COUNCILS, rounds=[ROUND])
    filled = fill_template(
        template,
        about={"Council": COUNCILS[1], "Respondent": "Dafydd", "Round": ROUND, "Target form of sharing": "3 Cooperate"},
        answers={s.id: "4 - Agree" for s in fw.statements},
        partners={COUNCILS[0]: (4, 3)},
    )
    data = libreoffice_roundtrip(filled, tmp_path, to="ods")
    report = _import(ready, fw, data, "return.ods")
    assert report.kind == "return template (.ods)", report
    assert report.counts() == {"stored": 1}, [str(p) for p in report.results[0].problems]
    assert set(load_answers(ready, PARTNERSHIP, ROUND)["value"]) == {4.0}
    assert load_ratings(ready, PARTNERSHIP, ROUND)[["trust", "alignment"]].values.tolist() == [[4.0, 3.0]]


def test_an_officer_lists_their_council_but_rates_every_partner(fw: Framework) -> None:
    questions = question_list(fw, [COUNCILS[0]], COUNCILS)
    assert questions[0].options == (COUNCILS[0],)
    rated = [q.text for q in questions if q.answer_type == "rating"]
    assert rated == [f"[{kind}] {c}" for kind in ("trust", "alignment") for c in COUNCILS]

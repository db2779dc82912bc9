"""The upload page with survey exports: the question list to paste, one summary per export, every problem by
row and column, warnings on valid returns."""

from __future__ import annotations

import csv
import io

from rasp.core.framework import Framework
from rasp.core.safety import markdown_text as md
from rasp.store.engine import make_engine
from rasp.store.reads import load_returns
from tests import forms_exports as fx
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled
from tests.test_pages import _run, _upload, test_partnership  # noqa: F401  (a fixture)


def test_upload_page_takes_a_forms_export_and_shows_rows_and_warnings(test_partnership: str, fw: Framework) -> None:  # noqa: F811
    at = _run("pages/1_Upload_returns.py")
    assert not at.exception, at.exception
    pasted = "".join(c.value for c in at.code)
    assert f"[S1] {fw.statements[0].text}" in pasted and "[council] Which council do you work for?" in pasted
    who = fx.people(fw, COUNCILS, 3)
    who[0].ratings = {}
    rows = fx.google_rows(fw, COUNCILS, who)
    t3 = next(i for i, h in enumerate(rows[0]) if "[T3]" in str(h))
    rows[3][t3] = "Agreee"
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    template = filled(fw, council=COUNCILS[2], respondent="Tom", answers={s.id: None for s in fw.statements[:4]})
    at = _upload(at, [("responses.csv", out.getvalue().encode()), ("tom.xlsx", template)])
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any(md("responses.csv") in e and md("2 stored, 1 not stored (problems below)") in e for e in errors), errors
    assert any(md("Any other comments") in i.value for i in at.info)
    problems = [d.value for d in at.dataframe if "Where" in d.value.columns]
    assert problems, "a table of problems by row and column"
    first = problems[0].iloc[0]
    assert first["Where"].startswith('row 4, column "Trust and relationships [[T3]')
    assert first["What to fix"].startswith("'Agreee' is not an answer")
    assert first["Response"].startswith("row 4 (")
    warning_tables = [d.value for d in at.dataframe if "Warning" in d.value.columns]
    assert warning_tables and "No partner ratings" in warning_tables[0].iloc[0]["Warning"]
    assert any(md("tom.xlsx") in s.value for s in at.success)
    assert any(md("Shared vision and strategy (2 of 6 answered)") in w.value for w in at.warning)
    engine = make_engine(test_partnership)
    assert len(load_returns(engine, PARTNERSHIP, ROUND)) == 3
    engine.dispose()


def test_api_tokens_page_creates_shows_once_revokes_and_closes(test_partnership: str) -> None:  # noqa: F811
    from rasp.store.tokens import digest, find_token, list_tokens, round_closed_at

    at = _run("pages/18_API_tokens.py")
    assert not at.exception, at.exception
    at.text_input[0].set_value("Power Automate, Alpha")
    at.button[0].click()
    at = at.run()
    assert not at.exception, at.exception
    (shown,) = [c.value for c in at.code if c.value.startswith("rasp_")]
    engine = make_engine(test_partnership)
    token = find_token(engine, shown)
    assert token is not None and token.partnership == PARTNERSHIP and token.label == "Power Automate, Alpha"
    stored = list_tokens(engine, PARTNERSHIP)
    assert shown not in stored.to_string() and digest(shown) not in stored.to_string()
    at = at.run()  # shown once only
    assert not [c for c in at.code if c.value.startswith("rasp_")]
    revoke = next(b for b in at.button if b.label == "Revoke it")
    revoke.click()
    at = at.run()
    assert find_token(engine, shown) is None
    close = next(b for b in at.button if b.label == "Close it to the API")
    close.click()
    at = at.run()
    assert not at.exception and round_closed_at(engine, PARTNERSHIP, ROUND) is not None
    engine.dispose()

"""After a refused upload the chosen file and "Your name" stay, to fix and send again; after a stored one the
file chooser is emptied and the name kept (AppTest on the real page and a real SQLite file)."""

from __future__ import annotations

from rasp.core import markdown_text as md
from rasp.core.framework import Framework
from tests.helpers import COUNCILS, filled
from tests.test_pages import _run, test_partnership

__all__ = ["test_partnership"]  # the fixture, used by name below

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _send(at, files: list[tuple[str, bytes]], who: str):  # type: ignore[no-untyped-def]
    at.get("file_uploader")[0].set_value([(name, data, XLSX) for name, data in files])
    next(t for t in at.text_input if t.label.startswith("Your name")).set_value(who)
    next(b for b in at.button if b.label == "Check and store the returns").click()
    return at.run()


def chosen(at) -> list[str]:  # type: ignore[no-untyped-def]
    value = at.get("file_uploader")[0].value
    files = value if isinstance(value, list) else [value] if value else []
    return [f.name for f in files]


def test_a_refused_upload_keeps_the_file_and_the_name(test_partnership: str, fw: Framework) -> None:
    at = _run("pages/1_Upload_returns.py")
    at = _send(at, [("typo.xlsx", filled(fw, answers={"T3": "Agreee"}))], "Ann Officer")
    assert not at.exception, at.exception
    assert any(md("typo.xlsx") in e.value and "1 problem" in e.value for e in at.error)
    assert chosen(at) == ["typo.xlsx"]
    assert next(t for t in at.text_input if t.label.startswith("Your name")).value == "Ann Officer"


def test_a_stored_upload_empties_the_chooser_and_keeps_the_name(test_partnership: str, fw: Framework) -> None:
    at = _run("pages/1_Upload_returns.py")
    at = _send(at, [("good.xlsx", filled(fw, council=COUNCILS[1], respondent="Bo"))], "Ann Officer")
    assert not at.exception, at.exception
    assert any(md("good.xlsx") in s.value and "Stored" in s.value for s in at.success)  # shown after the rerun
    assert chosen(at) == []
    assert next(t for t in at.text_input if t.label.startswith("Your name")).value == "Ann Officer"

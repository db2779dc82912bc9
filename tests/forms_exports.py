"""Realistic survey exports, generated from literal values: Microsoft Forms (.xlsx), Google Forms (.csv, .xlsx),
OpenDocument (.ods, written by hand) and the long CSV, plus the same answers as filled return templates.

Microsoft Forms exports an .xlsx with Id, Start time, Completion time, Email, Name, Last modified time, then
one column per question headed by its text (a Likert question gives one column per statement, headed by the
statement). Google Forms exports Timestamp, Email Address, then the questions; a grid gives one column per row,
headed `Grid title [Row]`. Run `python -m tests.forms_exports DIR` to write a set of files to open and look at.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from rasp.core.framework import Framework
from rasp.intake.questions import about_texts, rating_titles

# Label spellings respondents' tools really produce, per code.
SPELLINGS = {
    1: ["Strongly disagree", "strongly disagree", "1 - Strongly disagree", "1"],
    2: ["Disagree", "DISAGREE", "2 - Disagree", "2"],
    3: ["Neither agree nor disagree", "neither agree nor disagree", "3 - Neither agree nor disagree", "3"],
    4: ["Agree", "agree ", "4 - Agree", "4"],
    5: ["Strongly agree", "Strongly Agree", "5 - Strongly agree", "5"],
}
DONT_KNOW = ["Don't know", "Don\u2019t know", "don't know"]


@dataclass
class Person:
    """One respondent's answers: code 1-5, 'dk' or None per statement; ratings per partner (trust, alignment)."""

    council: str
    name: str
    role: str
    target: str
    scope: str
    answers: dict[str, object]
    ratings: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    email: str = ""


def people(fw: Framework, councils: list[str], n: int, seed: int = 7) -> list[Person]:
    """`n` respondents with varied answers, some Don't know and blanks, Unicode names, partner ratings."""
    rng = random.Random(seed)
    names = ["Siân Ní Bhriain", "Zoë Müller-Łukasiewicz", "Jo O'Neill", "Chidi Okafor", "Ægir Þórsson", "李雷"]
    out = []
    for i in range(n):
        council = councils[i % len(councils)]
        answers: dict[str, object] = {}
        for s in fw.statements:
            roll = rng.random()
            answers[s.id] = "dk" if roll < 0.04 else None if roll < 0.07 else rng.randint(1, 5)
        ratings = {c: (rng.randint(1, 5), rng.choice([None, 1, 2, 3, 4, 5])) for c in councils if c != council}
        name = f"{names[i % len(names)]} {i}"
        out.append(
            Person(
                council,
                name,
                "Head of ICT" if i % 2 else "Director of Resources",
                fw.ladder[rng.randint(2, 5)].label,
                fw.scopes[i % len(fw.scopes)],
                answers,
                ratings,
                email=f"person{i}@example.gov.uk",
            )
        )
    return out


def spelled(value: object, i: int) -> object:
    if value is None:
        return None
    if value == "dk":
        return DONT_KNOW[i % len(DONT_KNOW)]
    assert isinstance(value, int)
    return SPELLINGS[value][i % len(SPELLINGS[value])]


def _about_header(fw: Framework, key: str) -> str:
    return f"[{key}] {about_texts(fw)[key]}"


def ms_forms_xlsx(
    fw: Framework, councils: list[str], who: list[Person], *, extra: bool = True, anonymous: bool = False
) -> bytes:
    """A Microsoft Forms export: service columns, about-you, one column per Likert row, partner ratings."""
    headers = ["Id", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    headers += [_about_header(fw, k) for k in ("council", "respondent", "role", "target", "scope")]
    headers += [f"[{s.id}] {s.text}" for s in fw.statements]
    headers += [f"[{kind}] {c}" for kind in ("trust", "alignment") for c in councils]
    if extra:
        headers.append("Anything else you would like to tell us?")
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(headers)
    start = dt.datetime(2026, 11, 28, 9, 0)
    for i, p in enumerate(who):
        row: list[object] = [
            i + 1,
            start + dt.timedelta(minutes=7 * i),
            start + dt.timedelta(minutes=7 * i + 12),
            "anonymous" if anonymous else p.email,
            None if anonymous else p.name,
            None,
            p.council,
            p.name,
            p.role,
            p.target,
            p.scope,
        ]
        row += [spelled(p.answers[s.id], i + j) for j, s in enumerate(fw.statements)]
        row += [_num(p.ratings.get(c, (None, None))[k]) for k in (0, 1) for c in councils]
        if extra:
            row.append("Thanks — good to be asked." if i % 3 == 0 else None)
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _num(value: int | None) -> object:
    return None if value is None else str(value)


def google_rows(fw: Framework, councils: list[str], who: list[Person], *, ids: bool = True) -> list[list[object]]:
    """A Google Forms export as rows: Timestamp, Email Address, about-you, grids as 'Title [Row]'."""
    headers: list[object] = ["Timestamp", "Email Address"]
    headers += [_about_header(fw, k) if ids else about_texts(fw)[k] for k in ("council", "respondent", "role")]
    headers += [_about_header(fw, k) for k in ("target", "scope")]
    names = fw.dimension_names
    headers += [f"{names[s.dimension]} [{f'[{s.id}] ' if ids else ''}{s.text}]" for s in fw.statements]
    titles = rating_titles(fw)
    headers += [f"{titles[kind]} [{c}]" for kind in ("trust", "alignment") for c in councils]
    headers.append("Any other comments?")
    rows = [headers]
    for i, p in enumerate(who):
        stamp = dt.datetime(2026, 11, 28, 10, 0) + dt.timedelta(minutes=5 * i)
        row: list[object] = [stamp.strftime("%d/%m/%Y %H:%M:%S"), p.email, p.council, p.name, p.role]
        row += [p.target, p.scope]
        row += [spelled(p.answers[s.id], i * 3 + j) for j, s in enumerate(fw.statements)]
        row += [_num(p.ratings.get(c, (None, None))[k]) for k in (0, 1) for c in councils]
        row.append("" if i % 2 else "Ça va — merci")
        rows.append(row)
    return rows


def google_csv(fw: Framework, councils: list[str], who: list[Person], *, ids: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in google_rows(fw, councils, who, ids=ids):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def google_xlsx(fw: Framework, councils: list[str], who: list[Person]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Form responses 1"
    for row in google_rows(fw, councils, who):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def long_csv(fw: Framework, who: list[Person]) -> bytes:
    """council, respondent, statement_id, answer; target and role as their own rows; ratings as extra columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["council", "respondent", "statement_id", "answer", "partner", "trust", "alignment"])
    for i, p in enumerate(who):
        writer.writerow([p.council, p.name, "target", p.target, "", "", ""])
        writer.writerow([p.council, p.name, "role", p.role, "", "", ""])
        writer.writerow([p.council, p.name, "scope", p.scope, "", "", ""])
        partners = list(p.ratings.items())
        for j, s in enumerate(fw.statements):
            value = spelled(p.answers[s.id], i + j)
            partner, pair = partners[j] if j < len(partners) else ("", (None, None))
            writer.writerow([p.council, p.name, s.id, value or "", partner, _num(pair[0]) or "", _num(pair[1]) or ""])
    return out.getvalue().encode("utf-8")


def template_values(p: Person) -> tuple[dict[str, object], dict[str, object], dict[str, tuple[object, object]]]:
    """The same answers for `fill_template`: about, answers (codes, 'Don't know' or None), partners."""
    about = {
        "Council": p.council,
        "Respondent": p.name,
        "Role": p.role,
        "Target form of sharing": p.target,
        "Scope": p.scope,
    }
    answers = {sid: ("Don't know" if v == "dk" else v) for sid, v in p.answers.items()}
    partners = {c: (t, a) for c, (t, a) in p.ratings.items()}
    return about, answers, partners


# --- OpenDocument spreadsheet, written by hand ---------------------------------------------------------

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}"/>'
    if isinstance(value, (int, float)):
        number = f'office:value-type="float" office:value="{value}"'
        return f"<table:table-cell {number}><text:p>{value}</text:p></table:table-cell>"
    text = escape(str(value))
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def ods(sheets: dict[str, list[list[object]]], *, tail: str = "", head: str = "") -> bytes:
    """A minimal .ods: mimetype stored first, content.xml with one table per sheet, a manifest."""
    tables = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + "".join("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
        + tail
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}<office:document-content {ODS_NS} office:version="1.3">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def write_all(folder: Path, fw: Framework, councils: list[str]) -> list[Path]:
    """Write one of each kind into `folder` (to open and look at)."""
    who = people(fw, councils, 12)
    files = {
        "microsoft-forms.xlsx": ms_forms_xlsx(fw, councils, who),
        "google-forms.csv": google_csv(fw, councils, who),
        "google-forms-no-ids.csv": google_csv(fw, councils, who, ids=False),
        "google-forms.xlsx": google_xlsx(fw, councils, who),
        "long.csv": long_csv(fw, who),
        "google-forms.ods": ods({"Form responses 1": google_rows(fw, councils, who)}),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


if __name__ == "__main__":
    from rasp.core.framework import load_framework
    from tests.helpers import COUNCILS

    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "forms-exports"), load_framework(), COUNCILS):
        print(path)

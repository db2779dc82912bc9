"""Any uploaded file -> the right reader, recognised by its content, then the same validator and store.

- an .xlsx return template: `rasp.intake.importer`, exactly as before (one return);
- an .ods return template (LibreOffice's own format): read safely, then the template's validator;
- a survey export (Microsoft Forms / Google Forms .xlsx, .csv or .ods): one return per row;
- a long CSV (council, respondent, statement_id, answer): one return per council and respondent.

`check_file` stores nothing; `import_file` stores every valid return and reports each one. A response whose
exact content is already stored for the round (current or replaced since) is reported as already imported,
so importing the same export twice changes nothing and a later export adds only the new responses.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial

from sqlalchemy import Engine

from rasp.core.errors import InvalidReturn, Problem, UnreadableFile
from rasp.core.framework import Framework
from rasp.core.records import Directory, ParsedReturn
from rasp.intake import filetypes
from rasp.intake.forms import TableReturns, find_header, read_export
from rasp.intake.importer import ImportResult, check_bytes, store_many, store_parsed
from rasp.intake.longcsv import is_long_header, read_long
from rasp.intake.reader import Workbook, read_workbook
from rasp.intake.tabular import looks_like_csv, looks_like_ods, read_csv, read_ods, subject
from rasp.intake.template import SHEET_ABOUT, SHEET_QUESTIONS
from rasp.intake.validate import validate_return
from rasp.intake.warnings import return_warnings, uncounted_for
from rasp.store.reads import directory as load_directory
from rasp.store.seen import stored_digests

EXPORT_MAX_RESPONSES = 2000
EXPORT_MAX_ROWS = EXPORT_MAX_RESPONSES + 10  # room for a header row and a few lines above it
EXPORT_MAX_COLS = 400
_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


@dataclass(frozen=True)
class Checked:
    """One return found in a file: its result so far, the validated return, and the bytes that identify it."""

    result: ImportResult
    parsed: ParsedReturn | None = None
    content: bytes = b""


@dataclass(frozen=True)
class FileReport:
    """What became of one file: what it was recognised as, anything worth knowing, one result per return."""

    filename: str
    kind: str
    results: tuple[ImportResult, ...]
    notes: tuple[str, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out


def _xlsx_sheet_names(data: bytes) -> set[str] | None:
    """The sheet names listed in an .xlsx (a cheap look, bounded); None when that cannot be told."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = filetypes.entries(archive).get("xl/workbook.xml")
        if info is None:
            return None
        head = filetypes.Unpacker(archive, limit=2 * 1024 * 1024).head(info, 1024 * 1024)
    except (filetypes.Refusal, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, LookupError):
        return None
    names = {m.decode("utf-8", "replace").strip().casefold() for m in _SHEET_NAME.findall(head)}
    return names or None


def _is_template(sheets: set[str]) -> bool:
    return {SHEET_ABOUT.casefold(), SHEET_QUESTIONS.casefold()} <= sheets


def recognise(data: bytes) -> str:
    """'ods', 'csv', 'export' (an .xlsx that is not our template) or 'template' (everything else: the template
    reader gives the right message for a PDF, an old .xls, a damaged file ...)."""
    if looks_like_ods(data):
        return "ods"
    if looks_like_csv(data):
        return "csv"
    if data.startswith(b"PK\x03\x04"):
        sheets = _xlsx_sheet_names(data)
        if sheets is not None and not _is_template(sheets):
            return "export"
    return "template"


def _table(data: bytes, filename: str, fmt: str) -> Workbook:
    limits = {"max_rows": EXPORT_MAX_ROWS, "max_cols": EXPORT_MAX_COLS}
    if fmt == "csv":
        return read_csv(data, filename, **limits)
    if fmt == "ods":
        return read_ods(data, filename, **limits)
    return read_workbook(data, filename, max_rows=EXPORT_MAX_ROWS, max_cols=EXPORT_MAX_COLS)


def _whole(filename: str, status: str, message: str, problems: tuple[Problem, ...] = ()) -> Checked:
    return Checked(ImportResult(filename, status, message, problems))  # type: ignore[arg-type]


def _from_template(
    wb: Workbook, filename: str, fw: Framework, known: Directory, part: str | None, rnd: str | None
) -> Checked:
    try:
        parsed = validate_return(wb, fw, known, partnership=part, round_name=rnd)
    except InvalidReturn as exc:
        return _whole(filename, "invalid", f"Not stored. {exc}", tuple(exc.problems))
    who = f"{parsed.respondent or 'an unnamed respondent'} ({parsed.council}, round {parsed.round_name})"
    return Checked(ImportResult(filename, "valid", f"Valid: the return from {who}.", council=parsed.council), parsed)


def _rows(table: TableReturns, filename: str) -> list[Checked]:
    out: list[Checked] = []
    for row in table.rows:
        name = f"{filename}, {row.label}"
        if row.parsed is None:
            count = len(row.problems)
            text = f"Not stored. The response has {count} problem{'s' if count != 1 else ''} to fix."
            out.append(Checked(ImportResult(name, "invalid", text, row.problems)))
        else:
            who = f"{row.parsed.respondent or 'an unnamed respondent'} ({row.parsed.council})"
            result = ImportResult(name, "valid", f"Valid: the response from {who}.", council=row.parsed.council)
            out.append(Checked(result, row.parsed, row.content))
    return out


def _warn(checked: list[Checked], fw: Framework, known: Directory) -> list[Checked]:
    """Add the warnings of each valid return (dimensions that will not count, no partner ratings)."""
    valid = [item.parsed for item in checked if item.parsed is not None]
    missing = iter(uncounted_for(valid, fw)) if valid else iter(())
    out = []
    for item in checked:
        if item.parsed is not None:
            councils = known.councils.get(item.parsed.partnership, ())
            warnings = return_warnings(item.parsed, fw, councils, next(missing))
            item = replace(item, result=replace(item.result, warnings=warnings))
        out.append(item)
    return out


def check_file(
    data: bytes,
    filename: str,
    fw: Framework,
    known: Directory,
    *,
    partnership: str | None = None,
    round_name: str | None = None,
) -> tuple[str, tuple[str, ...], list[Checked]]:
    """Recognise, read and validate a file without storing: (what it is, notes, one Checked per return, with
    the warnings of each valid one)."""
    kind, notes, checked = _check_file(data, filename, fw, known, partnership=partnership, round_name=round_name)
    return kind, notes, _warn(checked, fw, known)


def _check_file(
    data: bytes,
    filename: str,
    fw: Framework,
    known: Directory,
    *,
    partnership: str | None = None,
    round_name: str | None = None,
) -> tuple[str, tuple[str, ...], list[Checked]]:
    fmt = recognise(data)
    if fmt == "template":
        result, parsed = check_bytes(data, filename, fw, known, partnership=partnership, round_name=round_name)
        return "return template", (), [Checked(result, parsed, data)]
    try:
        wb = _table(data, filename, fmt)
    except UnreadableFile as exc:
        return "file", (), [_whole(filename, "unreadable", str(exc))]
    if fmt == "ods" and _is_template({name.casefold() for name in wb.sheets}):
        return "return template (.ods)", (), [_from_template(wb, filename, fw, known, partnership, round_name)]
    sheet, rows, long = _data_sheet(wb, fw)
    if sheet is None:
        if fmt == "export":  # an .xlsx that is neither: the template reader says what is missing
            result, parsed = check_bytes(data, filename, fw, known, partnership=partnership, round_name=round_name)
            return "return template", (), [Checked(result, parsed, data)]
        what = "a CSV file" if fmt == "csv" else "an OpenDocument spreadsheet (.ods)"
        return "file", (), [_whole(filename, "unreadable", _not_an_export(filename, what))]
    part, rnd, problem = _choose(known, partnership, round_name)
    if problem:
        return "survey export", (), [_whole(filename, "invalid", f"Not stored: {problem}")]
    if long:
        table = read_long(rows, fw, known, partnership=part, round_name=rnd)
    else:
        kind = {"csv": "survey export (.csv)", "ods": "survey export (.ods)"}.get(fmt, "survey export (.xlsx)")
        where = "" if fmt == "csv" else sheet
        table = read_export(rows, fw, known, partnership=part, round_name=rnd, sheet=where, kind=kind)
    if len(table.rows) > EXPORT_MAX_RESPONSES or len(rows) >= EXPORT_MAX_ROWS:
        message = f"Not stored: the file has more than {EXPORT_MAX_RESPONSES} responses. Split it into smaller exports."
        return table.kind, table.notes, [_whole(filename, "invalid", message)]
    if table.problems:
        count = len(table.problems)
        text = f"Not stored. The file has {count} problem{'s' if count != 1 else ''} to fix."
        return table.kind, table.notes, [_whole(filename, "invalid", text, table.problems)]
    return table.kind, table.notes, _rows(table, filename)


def _choose(known: Directory, partnership: str | None, round_name: str | None) -> tuple[str, str, str]:
    """The partnership and round an export goes into (the latest round when none is chosen), or a problem."""
    if not partnership:
        if len(known.partnerships) != 1:
            return "", "", "choose the partnership this export belongs to."
        partnership = known.partnerships[0]
    if partnership not in known.councils:
        return "", "", f"partnership '{partnership[:80]}' is not set up."
    rounds = known.rounds.get(partnership, ())
    if not round_name:
        if not rounds:
            return "", "", f"partnership '{partnership}' has no round yet."
        round_name = rounds[-1]
    if round_name not in rounds:
        return "", "", f"partnership '{partnership}' has no round called '{round_name[:80]}'."
    return partnership, round_name, ""


def _data_sheet(wb: Workbook, fw: Framework) -> tuple[str | None, list[list[object]], bool]:
    """The sheet holding the responses (a long CSV header, else the header matching most statements), its rows
    and whether it is long; (None, [], False) when no sheet looks like either."""
    best: tuple[str | None, list[list[object]], bool] = (None, [], False)
    best_score = 0
    for name, rows in wb.sheets.items():
        if rows and is_long_header(rows[0]):
            return name, rows, True
        found = find_header(rows, fw, ())
        score = len(found[1].of("statement")) if found else 0
        if score > best_score:
            best, best_score = (name, rows, False), score
    return best


def _not_an_export(filename: str, what: str) -> str:
    text = subject(filename)
    return (
        f"{text[0].upper()}{text[1:]} is {what}, but not a return or survey export we can read: no column "
        "heading names a statement. Start each question with its id ('[S1] ...'), as the question list on the "
        "upload page shows."
    )


def import_file(
    engine: Engine,
    fw: Framework,
    data: bytes,
    filename: str,
    *,
    partnership: str | None = None,
    round_name: str | None = None,
    uploaded_by: str = "",
    refuse: Callable[[str, str], str | None] | None = None,
    known: Directory | None = None,
) -> FileReport:
    """Check a file and store every valid return in it, each in its own transaction. `refuse` is asked with
    each return's partnership and council first: a message means that return is not the uploader's to store
    (an officer uploads for their own council only) and it is reported as refused. `known`: the directory of
    names, when the caller has loaded it already for a batch."""
    known = load_directory(engine) if known is None else known
    kind, notes, checked = check_file(data, filename, fw, known, partnership=partnership, round_name=round_name)
    return store_checked(engine, kind, notes, checked, data, filename, uploaded_by, refuse)


def store_checked(
    engine: Engine,
    kind: str,
    notes: tuple[str, ...],
    checked: list[Checked],
    data: bytes,
    filename: str,
    uploaded_by: str,
    refuse: Callable[[str, str], str | None] | None = None,
) -> FileReport:
    """Store every valid return `check_file` found in a file, each in its own transaction (`refuse` as in
    `import_file`)."""
    source = "excel" if kind == "return template" else "ods" if kind.endswith("(.ods)") else "forms"
    if kind.startswith("long"):
        source = "csv"
    results: list[ImportResult] = []
    seen: set[str] | None = None
    for item in checked:
        if item.parsed is None:
            results.append(item.result)
            continue
        warnings = item.result.warnings
        reason = refuse(item.parsed.partnership, item.parsed.council) if refuse is not None else None
        if reason:
            results.append(
                ImportResult(item.result.filename, "refused", f"Not stored. {reason}", council=item.parsed.council)
            )
            continue
        if kind == "return template":
            stored = store_parsed(engine, item.parsed, data, filename, uploaded_by=uploaded_by, source=source)
            results.append(replace(stored, warnings=warnings) if stored.ok else stored)
            continue
        if seen is None:
            seen = stored_digests(engine, item.parsed.partnership, item.parsed.round_name)
        digest = hashlib.sha256(item.content).hexdigest()
        if digest in seen:
            results.append(replace(item.result, status="duplicate", message="Already imported: nothing changed."))
            continue
        stored = store_parsed(
            engine, item.parsed, item.content, item.result.filename, uploaded_by=uploaded_by, source=source
        )
        seen.add(digest)
        results.append(replace(stored, warnings=warnings) if stored.ok else stored)
    return FileReport(filename, kind, tuple(results), notes)


def validate_file(
    fw: Framework,
    known: Directory,
    data: bytes,
    filename: str,
    *,
    partnership: str | None = None,
    round_name: str | None = None,
) -> FileReport:
    """Check a file without storing anything."""
    kind, notes, checked = check_file(data, filename, fw, known, partnership=partnership, round_name=round_name)
    return FileReport(filename, kind, tuple(item.result for item in checked), notes)


Upload = tuple[str, bytes | str]  # a file's name and its bytes, or why it could not be read at all

UNEXPECTED = (
    "Not stored: an unexpected error ({kind}) stopped the check of this file. Nothing from it was stored, and "
    "the other files are not affected. Try it again; if it happens again, tell your administrator."
)


def guarded(filename: str, work: Callable[[], FileReport]) -> FileReport:
    """One file's report; any failure at all inside `work` becomes that file's own plain outcome, so one file
    can never stop, hide or mislabel another in a batch. (A store write is one transaction: nothing of a file
    that fails is half-stored.)"""
    try:
        return work()
    except Exception as exc:  # the last resort for one file, never a traceback
        return FileReport(
            filename, "file", (ImportResult(filename, "error", UNEXPECTED.format(kind=type(exc).__name__)),)
        )


def _unreadable(filename: str, message: str) -> FileReport:
    return FileReport(filename, "file", (ImportResult(filename, "unreadable", message),))


def import_files(
    engine: Engine,
    fw: Framework,
    files: Iterable[Upload],
    *,
    partnership: str | None = None,
    round_name: str | None = None,
    uploaded_by: str = "",
    refuse: Callable[[str, str], str | None] | None = None,
) -> Iterator[FileReport]:
    """Import each file on its own, in order, one report each whatever happens to another; the directory of
    names is loaded once for the batch. Valid return templates are stored BATCH at a time in one transaction
    (`importer.store_many`; one by one if that fails); survey exports store each response as before; `refuse`
    as in `import_file`."""
    known = load_directory(engine)
    chunk: list[tuple[str, bytes | str]] = []
    for upload in files:
        chunk.append(upload)
        if len(chunk) == BATCH:
            yield from _import_chunk(engine, fw, known, chunk, partnership, round_name, uploaded_by, refuse)
            chunk = []
    yield from _import_chunk(engine, fw, known, chunk, partnership, round_name, uploaded_by, refuse)


BATCH = 50  # valid returns stored in one transaction


def _import_chunk(
    engine: Engine,
    fw: Framework,
    known: Directory,
    chunk: list[tuple[str, bytes | str]],
    partnership: str | None,
    round_name: str | None,
    uploaded_by: str,
    refuse: Callable[[str, str], str | None] | None = None,
) -> Iterator[FileReport]:
    """Check every file of the chunk (each guarded), store the valid templates together, report in order."""
    reports: list[FileReport | None] = []
    waiting: list[tuple[int, Checked]] = []  # (position, a valid return template) to store together
    for filename, data in chunk:
        if isinstance(data, str):
            reports.append(_unreadable(filename, data))
            continue
        check = partial(check_file, data, filename, fw, known, partnership=partnership, round_name=round_name)
        found = guarded_check(filename, check)
        if isinstance(found, FileReport):
            reports.append(found)
            continue
        kind, notes, checked = found
        parsed = checked[0].parsed if kind == "return template" and len(checked) == 1 else None
        if parsed is not None and (refuse is None or not refuse(parsed.partnership, parsed.council)):
            waiting.append((len(reports), checked[0]))
            reports.append(None)
            continue
        store = partial(store_checked, engine, kind, notes, checked, data, filename, uploaded_by, refuse)
        reports.append(guarded(filename, store))
    items = [(item.parsed, item.content, item.result.filename) for _at, item in waiting if item.parsed is not None]
    try:
        stored = store_many(engine, items, uploaded_by=uploaded_by)
    except Exception as exc:  # a failure outside the database: each waiting file says so, nothing half-stored
        failed = UNEXPECTED.format(kind=type(exc).__name__)
        stored = [ImportResult(item.result.filename, "error", failed) for _at, item in waiting]
    for (at, item), result in zip(waiting, stored, strict=True):
        result = replace(result, warnings=item.result.warnings) if result.ok else result
        reports[at] = FileReport(item.result.filename, "return template", (result,))
    for report in reports:
        assert report is not None
        yield report


def guarded_check(
    filename: str, work: Callable[[], tuple[str, tuple[str, ...], list[Checked]]]
) -> tuple[str, tuple[str, ...], list[Checked]] | FileReport:
    """`check_file`'s answer, or this file's own error report if anything at all fails inside it."""
    try:
        return work()
    except Exception as exc:  # the last resort for one file, never a traceback
        failed = ImportResult(filename, "error", UNEXPECTED.format(kind=type(exc).__name__))
        return FileReport(filename, "file", (failed,))


def validate_files(
    fw: Framework,
    known: Directory,
    files: Iterable[Upload],
    *,
    partnership: str | None = None,
    round_name: str | None = None,
) -> Iterator[FileReport]:
    """Check each file on its own, storing nothing: one report each whatever happens to another."""
    for filename, data in files:
        if isinstance(data, str):
            yield _unreadable(filename, data)
            continue
        work = partial(validate_file, fw, known, data, filename, partnership=partnership, round_name=round_name)
        yield guarded(filename, work)

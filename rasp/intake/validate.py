"""Check a read workbook against the framework and the partnership, collecting every problem at once.

`validate_return` either returns a `ParsedReturn` or raises `InvalidReturn` with a `Problem` per thing to
fix, each located by sheet and cell, in plain words.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rasp.core.errors import InvalidReturn, Problem
from rasp.core.framework import Framework
from rasp.core.records import Answer, Directory, ParsedReturn, PartnerRating
from rasp.intake.coding import code_answer, code_rating, code_rung
from rasp.intake.sheetchecks import cell_ref, formula_problems, length, meta_problems, shown, text
from rasp.intake.template import (
    PARTNER_HEADERS,
    QUESTION_HEADERS,
    SHEET_ABOUT,
    SHEET_META,
    SHEET_PARTNERS,
    SHEET_QUESTIONS,
)

if TYPE_CHECKING:
    from rasp.intake.reader import Workbook

NAME_MAX = 200
EVIDENCE_MAX = 4000
MAX_PROBLEMS = 50  # problems listed; the rest are counted
SUGGEST_MAX = 100  # names longer than this get no "did you mean" (difflib is quadratic)
Rows = list[list[object]]
__all__ = ["cell_ref", "match_name", "suggest", "validate_return"]


def _key(value: str) -> str:
    return " ".join(value.casefold().split())


def match_name(typed: str, known: Sequence[str]) -> str | None:
    """The canonical name equal to `typed` ignoring case and spacing, else None."""
    wanted = _key(typed)
    return next((k for k in known if _key(k) == wanted), None)


def name_keys(known: Sequence[str]) -> dict[str, str]:
    """Each name's key (case and spacing ignored) -> the first name with that key: `match_name` for many names."""
    found: dict[str, str] = {}
    for name in known:
        found.setdefault(_key(name), name)
    return found


def suggest(typed: str, known: Sequence[str]) -> str:
    """' Did you mean X or Y?' (or the list of names when there are few), for an unknown name."""
    by_key = {_key(k): k for k in known if len(k) <= SUGGEST_MAX}
    typed = typed[: SUGGEST_MAX + 1]
    close = difflib.get_close_matches(_key(typed), list(by_key), n=3, cutoff=0.6) if len(typed) <= SUGGEST_MAX else []
    if close:
        return " Did you mean " + " or ".join(f"'{by_key[c]}'" for c in close) + "?"
    if 0 < len(known) <= 10:
        return " Known names: " + ", ".join(f"'{k}'" for k in known) + "."
    return ""


_shown = shown


def _header_row(rows: Rows, headers: Sequence[str]) -> tuple[int, dict[str, int], list[str]] | None:
    """Find the header row (within the first 10), the column of each header, and any header written twice."""
    wanted = {_key(h) for h in headers}
    for r, row in enumerate(rows[:10]):
        cols: dict[str, int] = {}
        twice: list[str] = []
        for c, v in enumerate(row):
            key = _key(text(v))
            if key in wanted and key in cols:
                twice.append(f"'{text(v)}' is written twice ({cell_ref(r, cols[key])} and {cell_ref(r, c)})")
            elif key:
                cols[key] = c
        if wanted <= set(cols):
            return r, {h: cols[_key(h)] for h in headers}, twice
    return None


def _at(rows: Rows, r: int, c: int) -> object:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


class _Checker:
    def __init__(self, wb: Workbook, framework: Framework, directory: Directory) -> None:
        self.wb, self.fw, self.dir = wb, framework, directory
        self.problems: list[Problem] = []
        self.count = 0
        self.too_long: set[str] = set()  # About labels whose value was refused for its length

    def add(self, sheet: str, cell: str, message: str, item: str = "") -> None:
        """Note a problem; only the first MAX_PROBLEMS are kept, the rest are counted."""
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(sheet, cell, message, item))

    def structure(self) -> None:
        """Formulas on the sheets we read, and a Meta sheet changed from the template's."""
        for problem in [
            *formula_problems(self.wb, (SHEET_ABOUT, SHEET_QUESTIONS, SHEET_PARTNERS, SHEET_META)),
            *meta_problems(self.wb, SHEET_META),
        ]:
            self.add(problem.sheet, problem.cell, problem.message, problem.item)

    def meta(self) -> dict[str, str]:
        rows = self.wb.sheet(SHEET_META) or []
        meta = {_key(text(_at(rows, r, 0))): text(_at(rows, r, 1)) for r in range(len(rows))}
        fid, version = meta.get("framework_id", ""), meta.get("framework_version", "")
        if fid and fid != self.fw.id:
            self.add(
                SHEET_META,
                "",
                f"the return was made for framework '{_shown(fid)}', but this dashboard uses "
                f"'{self.fw.id}'. Download the current template and copy the answers across.",
            )
        elif version and version.split(".")[0] != self.fw.major_version:
            self.add(
                SHEET_META,
                "",
                f"the return was made from framework version {_shown(version)}; this dashboard "
                f"uses version {self.fw.version}. Download the current template and copy the answers across.",
            )
        return meta

    def about(self) -> dict[str, tuple[str, str]]:
        """Field label -> (value, cell reference). A value too long for any field is a problem here."""
        rows = self.wb.sheet(SHEET_ABOUT)
        if rows is None:
            self.add(SHEET_ABOUT, "", "the sheet is missing. Use the return template without renaming its sheets.")
            return {}
        found: dict[str, tuple[str, str]] = {}
        for r in range(len(rows)):
            label = _key(text(_at(rows, r, 0)))
            if not label:
                continue
            if label in found:
                self.add(
                    SHEET_ABOUT,
                    cell_ref(r, 0),
                    f"'{_shown(_at(rows, r, 0))}' is written twice (also at A{found[label][1][1:]}), so we cannot tell "
                    "which one you mean. Keep one.",
                )
                continue
            raw = _at(rows, r, 1)
            if length(raw) > NAME_MAX:
                self.add(
                    SHEET_ABOUT,
                    cell_ref(r, 1),
                    f"{_shown(_at(rows, r, 0), 40)} is {length(raw):,} characters long; keep it under {NAME_MAX}.",
                )
                found[label] = ("", cell_ref(r, 1))
                self.too_long.add(label)
                continue
            found[label] = (text(raw), cell_ref(r, 1))
        return found

    def name_field(
        self,
        about: dict[str, tuple[str, str]],
        label: str,
        known: Sequence[str],
        kind: str,
        owner: str,
        default: str | None = None,
    ) -> str:
        value, ref = about.get(_key(label), ("", ""))
        if not value and default:
            return default
        if _key(label) in self.too_long:
            return ""
        if not value:
            self.add(SHEET_ABOUT, ref, f"{label} is empty. Choose the {kind} from the list.")
            return ""
        canonical = match_name(value, known)
        if canonical is None:
            self.add(SHEET_ABOUT, ref, f"'{_shown(value)}' is not a {kind} of {owner}.{suggest(value, known)}")
            return ""
        if default and canonical != default:
            self.add(
                SHEET_ABOUT,
                ref,
                f"the return is for {kind} '{canonical}' but you are importing it "
                f"into {kind} '{default}'. Choose '{canonical}', or correct the return.",
            )
        return canonical

    def short_text(self, about: dict[str, tuple[str, str]], label: str) -> str:
        value, _ref = about.get(_key(label), ("", ""))
        return value  # over-long values were refused (and blanked) in about()

    def questions(self) -> tuple[Answer, ...]:
        rows = self.wb.sheet(SHEET_QUESTIONS)
        if rows is None:
            self.add(SHEET_QUESTIONS, "", "the sheet is missing. Use the return template without renaming its sheets.")
            return ()
        header = _header_row(rows, QUESTION_HEADERS)
        if header is None:
            self.add(
                SHEET_QUESTIONS,
                "A1",
                "the header row (ID, Dimension, Statement, Answer, Evidence) is "
                "missing. Use the return template without changing its headings.",
            )
            return ()
        top, cols, twice = header
        for what in twice:
            self.add(SHEET_QUESTIONS, cell_ref(top, 0), f"the heading {what}, so we cannot tell which to read.")
        known = {s.id.casefold(): s for s in self.fw.statements}
        seen: dict[str, str] = {}
        answers: list[Answer] = []
        scale = f"use 1-{self.fw.scale_max}, {self.fw.labels[0]} ... {self.fw.labels[-1]}, or {self.fw.dont_know}"
        for r in range(top + 1, len(rows)):
            sid_raw = text(_at(rows, r, cols["ID"]))
            raw_answer = _at(rows, r, cols["Answer"])
            raw_evidence = _at(rows, r, cols["Evidence"])
            evidence = text(raw_evidence)
            if not sid_raw:
                if text(raw_answer) or evidence:
                    self.add(SHEET_QUESTIONS, cell_ref(r, cols["ID"]), "this row has an answer but no statement ID.")
                continue
            statement = known.get(sid_raw.casefold())
            if statement is None:
                self.add(
                    SHEET_QUESTIONS,
                    cell_ref(r, cols["ID"]),
                    f"'{_shown(sid_raw)}' is not a statement of this framework. Use the current template.",
                )
                continue
            if statement.id in seen:
                self.add(
                    SHEET_QUESTIONS,
                    cell_ref(r, cols["ID"]),
                    f"statement {statement.id} appears twice (also at {seen[statement.id]}).",
                    statement.id,
                )
                continue
            seen[statement.id] = cell_ref(r, cols["ID"])
            coded = code_answer(raw_answer, self.fw)
            if coded.status == "invalid":
                self.add(
                    SHEET_QUESTIONS,
                    cell_ref(r, cols["Answer"]),
                    f"'{_shown(raw_answer)}' is not an answer; {scale}.",
                    statement.id,
                )
            if length(raw_evidence) > EVIDENCE_MAX:
                self.add(
                    SHEET_QUESTIONS,
                    cell_ref(r, cols["Evidence"]),
                    f"the evidence is {length(raw_evidence):,} characters long; keep it under {EVIDENCE_MAX:,}.",
                    statement.id,
                )
                evidence = ""
            answers.append(Answer(statement.id, statement.dimension, coded.value, coded.status, evidence))
        missing = [s.id for s in self.fw.statements if s.id not in seen]
        if missing:
            self.add(
                SHEET_QUESTIONS,
                "",
                f"statement{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                "missing. Use the current template without deleting rows.",
            )
        if answers and all(a.status == "blank" for a in answers):
            self.add(
                SHEET_QUESTIONS,
                "",
                "no statement has been answered. Choose an answer (or Don't know) in the Answer column.",
            )
        order = {s.id: i for i, s in enumerate(self.fw.statements)}
        return tuple(sorted(answers, key=lambda a: order[a.statement_id]))

    def partners(self, partnership: str, council: str) -> tuple[PartnerRating, ...]:
        rows = self.wb.sheet(SHEET_PARTNERS)
        if rows is None:
            return ()
        header = _header_row(rows, PARTNER_HEADERS)
        if header is None:
            self.add(SHEET_PARTNERS, "A1", "the header row (Partner, Trust, Alignment) is missing.")
            return ()
        top, cols, twice = header
        for what in twice:
            self.add(SHEET_PARTNERS, cell_ref(top, 0), f"the heading {what}, so we cannot tell which to read.")
        known = self.dir.councils.get(partnership, ())
        by_key = name_keys(known)
        ratings: dict[str, PartnerRating] = {}
        for r in range(top + 1, len(rows)):
            name = text(_at(rows, r, cols["Partner"]))
            raw_t, raw_a = _at(rows, r, cols["Trust"]), _at(rows, r, cols["Alignment"])
            trust, align = code_rating(raw_t), code_rating(raw_a)
            if not name:
                if trust.status != "blank" or align.status != "blank":
                    self.add(SHEET_PARTNERS, cell_ref(r, cols["Partner"]), "this row has ratings but no partner name.")
                continue
            canonical = by_key.get(_key(name)) if partnership else None
            if canonical is None:
                if partnership:
                    self.add(
                        SHEET_PARTNERS,
                        cell_ref(r, cols["Partner"]),
                        f"'{_shown(name)}' is not a council of {partnership}.{suggest(name, known)}",
                    )
                continue
            if canonical == council:
                continue  # a council does not rate itself; the template asks to leave this row blank
            for coded, raw, col, what in ((trust, raw_t, "Trust", "Trust"), (align, raw_a, "Alignment", "Alignment")):
                if coded.status == "invalid":
                    self.add(
                        SHEET_PARTNERS,
                        cell_ref(r, cols[col]),
                        f"'{_shown(raw)}' is not a rating; {what} must be a whole number from 1 to 5, or left blank.",
                        canonical,
                    )
            if canonical in ratings:
                self.add(SHEET_PARTNERS, cell_ref(r, cols["Partner"]), f"'{canonical}' is rated twice.")
                continue
            if trust.value is not None or align.value is not None:
                ratings[canonical] = PartnerRating(canonical, trust.value, align.value)
        return tuple(ratings.values())


def validate_return(
    wb: Workbook,
    framework: Framework,
    directory: Directory,
    *,
    partnership: str | None = None,
    round_name: str | None = None,
    ask_target: bool = True,
) -> ParsedReturn:
    """Check every part of a return; raise InvalidReturn listing all problems, else return the clean values.
    `ask_target=False` (a quick pulse) accepts a return without a target form of sharing.

    `partnership` and `round_name` are what the officer chose on the page (or on the command line). The
    return's own values win where it has them; a disagreement between the two is a problem.
    """
    c = _Checker(wb, framework, directory)
    c.structure()
    meta = c.meta()
    about = c.about()

    chosen = partnership or ""
    in_file = meta.get("partnership", "")
    part = ""
    if in_file:
        part = match_name(in_file, directory.partnerships) or ""
        if not part:
            c.add(
                SHEET_META,
                "",
                f"the return was made for partnership '{_shown(in_file)}', which is not set up "
                f"here.{suggest(in_file, directory.partnerships)}",
            )
        elif chosen and part != chosen:
            c.add(
                SHEET_META,
                "",
                f"the return was made for partnership '{part}' but you are importing it into "
                f"'{chosen}'. Choose '{part}' first.",
            )
    elif chosen:
        part = match_name(chosen, directory.partnerships) or ""
        if not part:
            c.add("", "", f"partnership '{_shown(chosen)}' is not set up.{suggest(chosen, directory.partnerships)}")
    else:
        c.add("", "", "choose the partnership this return belongs to.")

    council = round_ = respondent = role = ""
    target: int | None = None
    scope: str | None = None
    if about:
        if part:
            council = c.name_field(about, "Council", directory.councils.get(part, ()), "council", part)
            round_ = c.name_field(about, "Round", directory.rounds.get(part, ()), "round", part, round_name)
        respondent = c.short_text(about, "Respondent")
        role = c.short_text(about, "Role")
        target_raw, target_ref = about.get("target form of sharing", ("", ""))
        target = code_rung(target_raw, framework) if target_raw else None
        options = ", ".join(r.label for r in framework.ladder)
        if "target form of sharing" in c.too_long:
            pass  # refused for its length already
        elif not target_raw and ask_target:
            c.add(SHEET_ABOUT, target_ref, f"Target form of sharing is empty. Choose one of: {options}.")
        elif target_raw and target is None:
            c.add(
                SHEET_ABOUT, target_ref, f"'{_shown(target_raw)}' is not a form of sharing. Choose one of: {options}."
            )
        scope_raw, scope_ref = about.get("scope", ("", ""))
        scope = match_name(scope_raw, framework.scopes) if scope_raw else None
        if scope_raw and scope is None:
            c.add(
                SHEET_ABOUT,
                scope_ref,
                f"'{_shown(scope_raw)}' is not a scope. Choose one of: "
                f"{', '.join(framework.scopes)}, or leave it blank.",
            )
    answers = c.questions()
    ratings = c.partners(part, council) if part else ()  # checked even when the council is wrong: all at once
    if c.problems:
        raise InvalidReturn(c.problems, total=c.count)
    return ParsedReturn(
        partnership=part,
        council=council,
        round_name=round_,
        respondent=respondent,
        role=role,
        target_rung=target,
        scope=scope,
        framework_id=framework.id,
        framework_version=framework.version,
        answers=answers,
        ratings=ratings,
    )

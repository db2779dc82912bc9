"""Helpers for tests: a set-up partnership and filled returns made with the real template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.exports.content import ReportContent
from rasp.exports.content import report_content as content_from_tables
from rasp.intake.template import build_template, fill_template
from rasp.store.reads import directory
from rasp.store.snapshots import build_snapshot, build_trends
from rasp.store.writes import setup_partnership

PARTNERSHIP = "Test partnership"
COUNCILS = ["Alpha District Council", "Beta Borough Council", "Gamma City Council"]
ROUND = "2026 baseline"


def set_up(engine: Engine, councils: list[str] | None = None, round_name: str = ROUND) -> None:
    setup_partnership(engine, PARTNERSHIP, councils or COUNCILS, round_name)


def filled(
    fw: Framework,
    *,
    council: str = COUNCILS[0],
    respondent: str = "",
    answers: Mapping[str, object] | None = None,
    every: object = "4 - Agree",
    about: Mapping[str, object] | None = None,
    partners: Mapping[str, tuple[object, object]] | None = None,
    round_name: str | None = ROUND,
    councils: list[str] | None = None,
    evidence: Mapping[str, str] | None = None,
) -> bytes:
    """A return for the test partnership: every statement answered `every` unless `answers` says otherwise."""
    names = councils or COUNCILS
    template = build_template(fw, partnership=PARTNERSHIP, councils=names, rounds=[ROUND])
    values: dict[str, object] = {s.id: every for s in fw.statements}
    values.update(answers or {})
    fields: dict[str, object] = {
        "Council": council,
        "Respondent": respondent,
        "Role": "Head of ICT",
        "Round": round_name,
        "Target form of sharing": "4 Coordinate",
        "Scope": fw.scopes[0],
    }
    fields.update(about or {})
    return fill_template(template, about=fields, answers=values, partners=partners or {}, evidence=evidence or {})


def report_content(
    engine: Engine,
    fw: Framework,
    partnership: str,
    round_name: str,
    *,
    anonymised: bool = False,
    today: dt.date | None = None,
    actions: pd.DataFrame | None = None,
) -> ReportContent:
    """What the Reports page and the export command gather: the store's tables handed to the exports."""
    return content_from_tables(
        build_snapshot(engine, fw, partnership, round_name),
        build_trends(engine, fw, partnership),
        fw,
        anonymised=anonymised,
        today=today,
        actions=actions,
        partnership_councils=directory(engine).councils.get(partnership, ()),
    )

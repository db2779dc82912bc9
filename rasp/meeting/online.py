"""Submitting an online response: the same validation and the same store code as an uploaded return."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine

from rasp.core.errors import InvalidReturn, StoreBusy
from rasp.core.framework import Framework
from rasp.intake.importer import ImportResult
from rasp.intake.validate import validate_return
from rasp.meeting.questionnaire import to_workbook
from rasp.store.collection import Draft, Link, find_link, submit_draft
from rasp.store.reads import directory
from rasp.store.writes import PULSE


def framework_for(link: Link, fw: Framework) -> Framework:
    """The full framework, or its pulse version for a quick-pulse link."""
    return fw.pulse() if link.kind == "pulse" else fw


def partners_of(engine: Engine, link: Link, council: str | None) -> list[str]:
    """The councils a respondent rates: every council in the partnership except their own."""
    return [c for c in directory(engine).councils.get(link.partnership, ()) if c != council]


CLOSED = "This questionnaire has been closed by the facilitator, so the answers cannot be sent. Nothing was stored."
ALREADY_SENT = "These answers have already been sent. Thank you."


def submit(engine: Engine, fw: Framework, link: Link, draft: Draft, values: dict[str, Any]) -> ImportResult:
    """Validate the answers as an Excel return would be validated and store them as a return, marking the draft
    sent, in one transaction. A link closed (even while the answers were being checked), or a draft already
    sent, stores nothing."""
    current = find_link(engine, link.token)
    if current is None or not current.is_open:
        return ImportResult("online", "error", CLOSED)
    if draft.return_id is not None:
        return ImportResult("online", "duplicate", ALREADY_SENT, return_id=draft.return_id)
    framework = framework_for(link, fw)
    council = (values.get("about") or {}).get("Council")
    partners = partners_of(engine, link, council) if link.kind == "full" else []
    workbook = to_workbook(values, framework, link.partnership, partners)
    try:
        parsed = validate_return(
            workbook,
            framework,
            directory(engine),
            partnership=link.partnership,
            round_name=link.round_name,
            ask_target=link.kind == "full",  # the pulse asks only the council and its statements
        )
    except InvalidReturn as exc:
        return ImportResult("online", "invalid", f"Not sent yet. {exc}", tuple(exc.problems))
    content = json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8") + draft.token.encode()
    try:
        saved = submit_draft(engine, draft, parsed, content, source=PULSE if link.kind == "pulse" else "online")
    except StoreBusy as exc:
        return ImportResult("online", "error", f"Not sent yet. {exc}")
    if saved.outcome == "closed":  # closed while these answers were being checked
        return ImportResult("online", "error", CLOSED)
    if saved.outcome == "already sent":
        return ImportResult("online", "duplicate", ALREADY_SENT, return_id=saved.return_id)
    assert saved.return_id is not None
    word = "replacing your earlier answers" if saved.outcome == "replaced" else "thank you"
    return ImportResult(
        "online",
        saved.outcome,
        f"Your answers have been sent: {word}.",
        council=parsed.council,
        return_id=saved.return_id,
    )

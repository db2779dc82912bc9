"""The HTTP API's work, apart from HTTP: a JSON return in, the template's validator, the store, an audit entry,
and an answer out as (status code, JSON body). Errors are RFC 9457 problem details whose `errors` carry the
validator's own messages, each with a JSON pointer to the field at fault.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from rasp.core.framework import Framework
from rasp.core.records import ParsedReturn
from rasp.intake.importer import store_parsed
from rasp.intake.layout import Response, check_response
from rasp.intake.validate import match_name
from rasp.intake.warnings import return_warnings
from rasp.store.audit import audit
from rasp.store.reads import directory
from rasp.store.seen import one_return, return_with_digest
from rasp.store.tokens import Token, round_closed_at

MAX_BODY = 64 * 1024  # bytes of JSON per request: a full return is about 3 KB
MAX_TEXT = 4000  # characters in any one string
PROBLEM_BASE = "/api/v1/problems/"
FIELDS = {
    "partnership",
    "round",
    "council",
    "respondent",
    "role",
    "target",
    "scope",
    "answers",
    "evidence",
    "ratings",
    "response_id",
}


@dataclass(frozen=True)
class Answer:
    """An HTTP-free answer: the status code, the JSON body and any extra headers."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def problem(status: int, kind: str, title: str, detail: str, errors: list[dict[str, str]] | None = None) -> Answer:
    """An RFC 9457 problem details object (served as application/problem+json)."""
    body: dict[str, Any] = {"type": PROBLEM_BASE + kind, "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return Answer(status, body)


def _err(pointer: str, detail: str) -> dict[str, str]:
    return {"pointer": pointer, "detail": detail}


def _pointer(*parts: str) -> str:
    """A JSON pointer (RFC 6901) to a field."""
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def parse_body(body: bytes) -> tuple[dict[str, Any] | None, Answer | None]:
    """The JSON object, or a problem for anything that is not one (bad JSON, too deep, wrong type)."""
    if len(body) > MAX_BODY:
        return None, too_large()
    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        return None, problem(400, "too-deep", "Too deeply nested", "The JSON is nested far too deeply.")
    except (UnicodeDecodeError, ValueError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        return None, problem(400, "bad-json", "Not valid JSON", f"The body is not valid UTF-8 JSON{where}.")
    if not isinstance(data, dict):
        return None, problem(422, "invalid", "Not a return", "The body must be a JSON object (a return).")
    return data, None


def too_large() -> Answer:
    return problem(413, "too-large", "Too large", f"The body is over {MAX_BODY // 1024} KB; a return is about 3 KB.")


def _text(data: dict[str, Any], key: str, errors: list[dict[str, str]], required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            errors.append(_err(_pointer(key), f"{key} is required (text)."))
        return ""
    if not isinstance(value, str):
        errors.append(_err(_pointer(key), f"{key} must be text, not {_kind(value)}."))
        return ""
    if len(value) > MAX_TEXT:
        errors.append(_err(_pointer(key), f"{key} is {len(value)} characters long; keep it under {MAX_TEXT}."))
        return ""
    return value


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else "text"


def _scalar(value: object) -> bool:
    """Text, null or a modest number (a 400-digit integer would overflow the coding's float checks)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= 10**6
    return value is None or isinstance(value, (str, float))


def _mapping(data: dict[str, Any], key: str, errors: list[dict[str, str]]) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(_err(_pointer(key), f"{key} must be an object, not {_kind(value)}."))
        return {}
    return value


def to_response(data: dict[str, Any], fw: Framework) -> tuple[Response, list[dict[str, str]]]:
    """The JSON as the template's fields (each remembering its JSON pointer), and the type problems found."""
    errors: list[dict[str, str]] = []
    for key in sorted(set(data) - FIELDS, key=str):
        errors.append(_err(_pointer(str(key)), f"'{str(key)[:60]}' is not a field of a return."))
    resp = Response(everywhere="")
    for key, label in (("council", "Council"), ("respondent", "Respondent"), ("role", "Role"), ("scope", "Scope")):
        resp.about[label] = _text(data, key, errors, required=key == "council") or None
        resp.places[("about", label)] = _pointer(key)
    target = data.get("target")
    if isinstance(target, int) and not isinstance(target, bool) and _scalar(target):
        resp.about["Target form of sharing"] = target
    else:
        resp.about["Target form of sharing"] = _text(data, "target", errors, required=True) or None
    resp.places[("about", "Target form of sharing")] = _pointer("target")
    statements = {s.id.casefold(): s.id for s in fw.statements}
    for key, value in _mapping(data, "answers", errors).items():
        sid = statements.get(str(key).casefold())
        if sid is None:
            errors.append(_err(_pointer("answers", key), f"'{key[:60]}' is not a statement id of this framework."))
        elif not _scalar(value) or (isinstance(value, str) and len(value) > 100):
            errors.append(_err(_pointer("answers", key), f"an answer must be a label or 1-5, not {_kind(value)}."))
        else:
            resp.answers[sid] = value
            resp.places[("answer", sid)] = _pointer("answers", key)
    for key, value in _mapping(data, "evidence", errors).items():
        sid = statements.get(str(key).casefold())
        if sid is None:
            errors.append(_err(_pointer("evidence", key), f"'{key[:60]}' is not a statement id of this framework."))
        elif not isinstance(value, str):
            errors.append(_err(_pointer("evidence", key), f"evidence must be text, not {_kind(value)}."))
        else:
            resp.evidence[sid] = value
            resp.places[("evidence", sid)] = _pointer("evidence", key)
    for partner, pair in _mapping(data, "ratings", errors).items():
        if not isinstance(pair, dict) or set(pair) - {"trust", "alignment"}:
            detail = "a rating must be an object with trust and alignment (1-5 or null)."
            errors.append(_err(_pointer("ratings", partner), detail))
            continue
        values = [pair.get("trust"), pair.get("alignment")]
        if not all(_scalar(v) for v in values):
            errors.append(_err(_pointer("ratings", partner), "trust and alignment must be 1-5 or null."))
            continue
        resp.ratings[partner] = values
        resp.places[("trust", partner)] = _pointer("ratings", partner, "trust")
        resp.places[("alignment", partner)] = _pointer("ratings", partner, "alignment")
    return resp, errors


def submit(engine: Engine, fw: Framework, token: Token, body: bytes) -> Answer:
    """Check a JSON return with the template's validator and store it; the same content twice stores it once."""
    data, failed = parse_body(body)
    if failed is not None or data is None:
        return failed or problem(400, "bad-json", "Not valid JSON", "The body is not a JSON object.")
    resp, errors = to_response(data, fw)
    partnership_text = _text(data, "partnership", errors, required=True)
    round_text = _text(data, "round", errors, required=True)
    response_id = _text(data, "response_id", errors)
    if errors:
        return problem(422, "invalid", "The return has problems", _count(errors), errors)
    known = directory(engine)
    if match_name(partnership_text, [token.partnership]) is None:
        return problem(
            403,
            "wrong-partnership",
            "Not this token's partnership",
            f"This token is for partnership '{token.partnership}', not '{partnership_text[:80]}'.",
        )
    round_name = match_name(round_text, known.rounds.get(token.partnership, ()))
    if round_name is None:
        detail = f"Partnership '{token.partnership}' has no round called '{round_text[:80]}'."
        return problem(422, "invalid", "The return has problems", detail, [_err("/round", detail)])
    if round_closed_at(engine, token.partnership, round_name) is not None:
        return problem(409, "round-closed", "Round closed", f"Round '{round_name}' is closed: it takes no returns.")
    parsed, problems = check_response(resp, fw, known, token.partnership, round_name)
    if parsed is None:
        found = [_err(p.where() or "", p.message) for p in problems]
        return problem(422, "invalid", "The return has problems", _count(found), found)
    return _store(engine, fw, token, parsed, data, response_id, known.councils.get(token.partnership, ()))


def _count(errors: list[dict[str, str]]) -> str:
    n = len(errors)
    return f"The return has {n} problem{'s' if n != 1 else ''} to fix; nothing was stored."


def marker(token: Token) -> str:
    """Who stored a return through the API, as kept in the return's history."""
    return f"API token {token.id}" + (f" ({token.label})" if token.label else "")


def _store(
    engine: Engine,
    fw: Framework,
    token: Token,
    parsed: ParsedReturn,
    data: dict[str, Any],
    response_id: str,
    councils: tuple[str, ...],
) -> Answer:
    canonical = {k: data.get(k) for k in sorted(FIELDS)}
    content = json.dumps({"format": "api", **canonical}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    warnings = list(return_warnings(parsed, fw, councils))
    earlier = return_with_digest(engine, parsed.partnership, parsed.round_name, hashlib.sha256(content).hexdigest())
    if earlier is not None:
        return _stored_answer(200, earlier, "duplicate", "Already stored: nothing changed.", parsed, warnings)
    name = f"API{f' response {response_id[:80]}' if response_id else ''}"
    result = store_parsed(engine, parsed, content, name, uploaded_by=marker(token), source="api")
    if result.return_id is None or not result.ok:
        return problem(503, "store-failed", "Not stored", result.message)
    record_upload(engine, token, parsed, result.return_id, result.status)
    status = 200 if result.status == "duplicate" else 201
    return _stored_answer(status, result.return_id, result.status, result.message, parsed, warnings)


def record_upload(engine: Engine, token: Token, parsed: ParsedReturn, return_id: int, outcome: str) -> None:
    """The audit entry of an upload through the API (never the respondent's name or answers)."""
    action = "replacement" if outcome == "replaced" else "upload"
    detail = f"return {return_id} for {parsed.council}, round {parsed.round_name}, through the API"
    audit(engine, marker(token), action, parsed.partnership, detail)


def _stored_answer(
    status: int, return_id: int, outcome: str, message: str, parsed: ParsedReturn, warnings: list[str]
) -> Answer:
    url = f"/api/v1/returns/{return_id}"
    body = {
        "id": return_id,
        "status": outcome,
        "message": message,
        "partnership": parsed.partnership,
        "round": parsed.round_name,
        "council": parsed.council,
        "warnings": warnings,
        "url": url,
    }
    return Answer(status, body, {"Location": url})


def read_back(engine: Engine, token: Token, return_id: str) -> Answer:
    """A return this token stored (404 for any other, so ids of other returns reveal nothing)."""
    if not (return_id.isascii() and return_id.isdigit() and len(return_id) <= 12):
        return problem(404, "not-found", "Not found", "There is no return with that id for this token.")
    found = one_return(engine, int(return_id), marker(token))
    if found is None:
        return problem(404, "not-found", "Not found", "There is no return with that id for this token.")
    return Answer(200, found)

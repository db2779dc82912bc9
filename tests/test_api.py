"""The HTTP API against the real server (`streamlit run serve.py`, st.App with our routes) driven by httpx:
stores what a template stores, problems as RFC 9457 with the validator's messages, tokens, limits, audit, and
hostile requests (oversized, deeply nested, wrong types, wrong token, closed round)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pandas as pd
import pytest
from sqlalchemy import Engine

from rasp.api.http import RateLimiter
from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.store.audit import read_audit
from rasp.store.engine import make_engine
from rasp.store.reads import load_answers, load_ratings
from rasp.store.tokens import create_token, revoke_token, set_round_closed
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiServer:
    """`streamlit run serve.py` on 127.0.0.1 and a free port; ready when the OpenAPI description answers."""

    def __init__(self, db_url: str, work: Path, **env: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = work / "serve.log"
        environ = {**os.environ, "RASP_DATABASE_URL": db_url, "RASP_DEMO": "0", "PYTHONUNBUFFERED": "1", **env}
        cmd = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.address", "127.0.0.1"]
        cmd += ["--server.port", str(self.port), "--server.headless", "true", "--server.fileWatcherType", "none"]
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if httpx.get(f"{self.base}/api/v1/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        self.stop()
        raise AssertionError("the server did not start:\n" + self.log.read_text(errors="replace")[-3000:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, Engine, str, int]]:
    work = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{work / 'api.db'}"
    engine = make_engine(url)
    set_up(engine)
    token_id, token = create_token(engine, PARTNERSHIP, "Power Automate", "facilitator@example.gov.uk")
    server = ApiServer(url, work)
    try:
        yield server, engine, token, token_id
    finally:
        server.stop()
        engine.dispose()


def _body(fw: Framework, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "partnership": PARTNERSHIP,
        "round": ROUND,
        "council": COUNCILS[0],
        "respondent": "Ffion Bevan",
        "role": "Head of ICT",
        "target": "4 Coordinate",
        "answers": {
            s.id: ["Strongly agree", "2", 3, "4 - Agree", "Don't know"][i % 5] for i, s in enumerate(fw.statements)
        },
        "ratings": {COUNCILS[1]: {"trust": 4, "alignment": 2}, COUNCILS[2]: {"trust": "5", "alignment": None}},
    }
    body.update(changes)
    return body


def _post(
    server: ApiServer,
    token: str,
    json: object = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = {"Authorization": f"Bearer {token}", **(headers or {})}
    return httpx.post(f"{server.base}/api/v1/returns", json=json, content=content, headers=sent, timeout=30)


def test_stores_like_a_template_and_reads_back(
    live: tuple[ApiServer, Engine, str, int], fw: Framework, tmp_path: Path
) -> None:
    server, engine, token, token_id = live
    body = _body(fw)
    sent = _post(server, token, body)
    assert sent.status_code == 201, sent.text
    stored = sent.json()
    assert stored["status"] == "stored" and stored["council"] == COUNCILS[0] and stored["warnings"] == []
    assert sent.headers["location"] == f"/api/v1/returns/{stored['id']}"
    back = httpx.get(server.base + sent.headers["location"], headers={"Authorization": f"Bearer {token}"})
    assert back.status_code == 200
    record = back.json()
    assert record["respondent"] == "Ffion Bevan" and record["target_rung"] == 4 and record["current"] is True
    assert record["answers"]["S1"] == {"value": 5, "status": "answered"}
    assert record["answers"][fw.statements[4].id] == {"value": None, "status": "dont_know"}
    assert record["ratings"] == {
        COUNCILS[1]: {"trust": 4, "alignment": 2},
        COUNCILS[2]: {"trust": 5, "alignment": None},
    }
    # the same answers as a template, in a second database: identical stored numbers
    other = make_engine(f"sqlite:///{tmp_path / 'template.db'}")
    set_up(other)
    answers = {sid: value for sid, value in body["answers"].items()}  # type: ignore[union-attr]
    template = filled(
        fw,
        council=COUNCILS[0],
        respondent="Ffion Bevan",
        answers=answers,
        partners={COUNCILS[1]: (4, 2), COUNCILS[2]: (5, None)},
        about={"Target form of sharing": "4 Coordinate"},
    )
    assert import_bytes(other, fw, template, "t.xlsx").status == "stored"
    cols = ["council", "respondent", "statement", "dimension", "value", "status"]
    pd.testing.assert_frame_equal(
        load_answers(engine, PARTNERSHIP, ROUND)[cols], load_answers(other, PARTNERSHIP, ROUND)[cols]
    )
    rat = ["rater", "rated", "trust", "alignment"]
    pd.testing.assert_frame_equal(
        load_ratings(engine, PARTNERSHIP, ROUND)[rat], load_ratings(other, PARTNERSHIP, ROUND)[rat]
    )
    other.dispose()
    # sent again: nothing changes
    again = _post(server, token, body)
    assert again.status_code == 200 and again.json()["status"] == "duplicate" and again.json()["id"] == stored["id"]
    # audited: who (the token), what, which partnership; never the respondent's name
    log = read_audit(engine, partnerships=[PARTNERSHIP], action="upload")
    assert len(log) == 1 and log.iloc[0]["who"] == f"API token {token_id} (Power Automate)"
    assert "Ffion" not in log.iloc[0]["detail"] and f"return {stored['id']}" in log.iloc[0]["detail"]


def test_problems_carry_the_validators_messages(live: tuple[ApiServer, Engine, str, int], fw: Framework) -> None:
    server, _, token, _ = live
    answers = {s.id: "Agree" for s in fw.statements}
    answers["T3"] = "Agreee"
    sent = _post(server, token, _body(fw, answers=answers, council="Gama City Council", target="7 Merge"))
    assert sent.status_code == 422
    assert sent.headers["content-type"].startswith("application/problem+json")
    problem = sent.json()
    assert problem["type"] == "/api/v1/problems/invalid" and problem["status"] == 422
    by_pointer = {e["pointer"]: e["detail"] for e in problem["errors"]}
    assert (
        by_pointer["/answers/T3"]
        == "'Agreee' is not an answer; use 1-5, Strongly disagree ... Strongly agree, or Don't know."
    )
    assert by_pointer["/council"].startswith("'Gama City Council' is not a council of Test partnership. Did you mean")
    assert by_pointer["/target"].startswith("'7 Merge' is not a form of sharing. Choose one of: 1 Co-exist")


def test_warnings_on_a_valid_partial_return(live: tuple[ApiServer, Engine, str, int], fw: Framework) -> None:
    server, _, token, _ = live
    answers = {s.id: 4 for s in fw.statements if s.dimension != "trust"}
    sent = _post(server, token, _body(fw, respondent="Partial Person", answers=answers, ratings={}))
    assert sent.status_code == 201, sent.text
    warnings = sent.json()["warnings"]
    assert len(warnings) == 2
    assert "Trust and relationships (0 of 6 answered)" in warnings[0]
    assert warnings[1].startswith("No partner ratings")


@pytest.mark.parametrize(
    ("name", "send", "status", "kind"),
    [
        ("no token", lambda s, t, fw: httpx.post(f"{s.base}/api/v1/returns", json={}), 401, "no-token"),
        ("wrong token", lambda s, t, fw: _post(s, "rasp_wrong", _body(fw)), 401, "bad-token"),
        (
            "basic auth",
            lambda s, t, fw: httpx.post(f"{s.base}/api/v1/returns", json={}, auth=("a", "b")),
            401,
            "no-token",
        ),
        (
            "not json",
            lambda s, t, fw: _post(s, t, content=b"council=x", headers={"Content-Type": "text/plain"}),
            415,
            "media-type",
        ),
        (
            "broken json",
            lambda s, t, fw: _post(s, t, content=b'{"council": ', headers={"Content-Type": "application/json"}),
            400,
            "bad-json",
        ),
        (
            "bad utf-8",
            lambda s, t, fw: _post(s, t, content=b'{"council": "\xff"}', headers={"Content-Type": "application/json"}),
            400,
            "bad-json",
        ),
        (
            "deep nesting",
            lambda s, t, fw: _post(
                s, t, content=b"[" * 60000 + b"]" * 60000, headers={"Content-Type": "application/json"}
            ),
            413,
            "too-large",
        ),
        (
            "deep but small",
            lambda s, t, fw: _post(
                s, t, content=b'{"a":' * 10000 + b"1" + b"}" * 10000, headers={"Content-Type": "application/json"}
            ),
            400,
            "too-deep",
        ),
        ("oversized", lambda s, t, fw: _post(s, t, _body(fw, role="x" * 70_000)), 413, "too-large"),
        ("a list", lambda s, t, fw: _post(s, t, [1, 2, 3]), 422, "invalid"),
        (
            "wrong types",
            lambda s, t, fw: _post(s, t, _body(fw, council=7, answers=["Agree"], ratings={"x": 5})),
            422,
            "invalid",
        ),
        ("unknown field", lambda s, t, fw: _post(s, t, _body(fw, admin=True)), 422, "invalid"),
        (
            "other partnership",
            lambda s, t, fw: _post(s, t, _body(fw, partnership="Another partnership")),
            403,
            "wrong-partnership",
        ),
        ("unknown round", lambda s, t, fw: _post(s, t, _body(fw, round="1999")), 422, "invalid"),
        ("huge number", lambda s, t, fw: _post(s, t, _body(fw, target=10**400)), 422, "invalid"),
        ("answer object", lambda s, t, fw: _post(s, t, _body(fw, answers={"S1": {"$gt": ""}})), 422, "invalid"),
        (
            "nan",
            lambda s, t, fw: _post(s, t, content=b'{"target": NaN}', headers={"Content-Type": "application/json"}),
            422,
            "invalid",
        ),
    ],
)
def test_hostile_requests(
    live: tuple[ApiServer, Engine, str, int], fw: Framework, name: str, send, status: int, kind: str
) -> None:  # type: ignore[no-untyped-def]
    server, engine, token, _ = live
    before = len(load_answers(engine, PARTNERSHIP, ROUND))
    response = send(server, token, fw)
    assert response.status_code == status, (name, response.text[:500])
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == f"/api/v1/problems/{kind}"
    assert "Traceback" not in response.text
    assert len(load_answers(engine, PARTNERSHIP, ROUND)) == before


def test_revoked_token_and_closed_round(live: tuple[ApiServer, Engine, str, int], fw: Framework) -> None:
    server, engine, token, _ = live
    second_id, second = create_token(engine, PARTNERSHIP, "to revoke", "facilitator@example.gov.uk")
    assert _post(server, second, _body(fw, respondent="Someone Else")).status_code == 201
    assert revoke_token(engine, PARTNERSHIP, second_id, "facilitator@example.gov.uk")
    revoked = _post(server, second, _body(fw, respondent="Someone Else Again"))
    assert revoked.status_code == 401 and revoked.json()["type"].endswith("bad-token")
    set_round_closed(engine, PARTNERSHIP, ROUND, True, "facilitator@example.gov.uk")
    try:
        closed = _post(server, token, _body(fw, respondent="Too Late"))
        assert closed.status_code == 409 and "closed" in closed.json()["detail"]
    finally:
        set_round_closed(engine, PARTNERSHIP, ROUND, False, "facilitator@example.gov.uk")
    # a token reads back only its own returns
    mine = _post(server, token, _body(fw, respondent="Mine"))
    theirs = httpx.get(f"{server.base}{mine.headers['location']}", headers={"Authorization": f"Bearer {second}"})
    assert theirs.status_code == 401
    _, third = create_token(engine, PARTNERSHIP, "reader", "facilitator@example.gov.uk")
    other = httpx.get(f"{server.base}{mine.headers['location']}", headers={"Authorization": f"Bearer {third}"})
    assert other.status_code == 404
    for bad in ("abc", "-1", "99999999999999999999", "%C3%A9"):
        r = httpx.get(f"{server.base}/api/v1/returns/{bad}", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 404, bad
    for odd in ("1%2F..%2F2", "%00"):  # the server refuses these before our route
        r = httpx.get(f"{server.base}/api/v1/returns/{odd}", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code in (400, 404), odd


def test_rate_limiter_window() -> None:
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.retry_after("k") for _ in range(3)] == [0, 0, 0]
    assert limiter.retry_after("k") == 61
    now[0] = 30.0
    assert limiter.retry_after("k") == 31 and limiter.retry_after("other") == 0
    now[0] = 60.0
    assert limiter.retry_after("k") == 0


def test_rate_limit_on_the_server(live: tuple[ApiServer, Engine, str, int]) -> None:
    """Last in this module: it spends the anonymous budget of 127.0.0.1."""
    server, *_ = live
    codes = []
    while len(codes) < 31 and 429 not in codes:
        codes.append(httpx.post(f"{server.base}/api/v1/returns", json={}).status_code)
    assert codes[-1] == 429 and set(codes[:-1]) == {401}  # earlier tests spent a few of the 30
    limited = httpx.post(f"{server.base}/api/v1/returns", json={})
    assert int(limited.headers["retry-after"]) > 0

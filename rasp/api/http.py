"""The HTTP API as Starlette routes, mounted into the dashboard's own process by `st.App` (serve.py).

    POST /api/v1/returns           a return as JSON (Authorization: Bearer <token>)
    GET  /api/v1/returns/{id}      a return this token stored
    GET  /api/v1/openapi.json      the OpenAPI description

Bodies are read in chunks and refused past `MAX_BODY`; each token (or, before a token is known, each client
address) has a request budget per minute; the store work runs in a worker thread. Every error is an RFC 9457
problem (application/problem+json); nothing raised inside reaches the client as a traceback.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from rasp.api.openapi import openapi
from rasp.api.service import MAX_BODY, Answer, problem, read_back, submit, too_large
from rasp.core import config
from rasp.core.framework import Framework, load_framework
from rasp.store.engine import make_engine
from rasp.store.tokens import Token, digest, find_token

PER_MINUTE = 120  # requests per token per minute (RASP_API_PER_MINUTE)
ANONYMOUS_PER_MINUTE = (
    30  # requests per client address per minute without a valid token (RASP_API_ANONYMOUS_PER_MINUTE)
)
PROBLEM_JSON = "application/problem+json"


class RateLimiter:
    """A sliding one-minute window per key, in this process (each app process keeps its own)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.hits: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def retry_after(self, key: str) -> int:
        """0 when the request may go ahead (and counts it), else the seconds to wait."""
        now = self.clock()
        with self.lock:
            if len(self.hits) > 10_000:  # forget idle keys so the table stays small
                self.hits = {k: v for k, v in self.hits.items() if v and now - v[-1] < 60}
            window = self.hits.setdefault(key, deque())
            while window and now - window[0] >= 60:
                window.popleft()
            if len(window) >= self.per_minute:
                return max(1, int(60 - (now - window[0])) + 1)
            window.append(now)
            return 0


def _setting(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else default


@cache
def _engine() -> Engine:
    return make_engine(config.database_url())


@cache
def _framework() -> Framework:
    return load_framework(config.framework_path())


def _send(answer: Answer) -> Response:
    media = PROBLEM_JSON if answer.status >= 400 else "application/json"
    return JSONResponse(answer.body, answer.status, headers=answer.headers, media_type=media)


async def _body(request: Request) -> bytes | None:
    """The body, or None once it passes MAX_BODY (read no further)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class Api:
    """The routes, with their limits; `engine` and `framework` default to the app's own."""

    def __init__(
        self,
        engine: Callable[[], Engine] = _engine,
        framework: Callable[[], Framework] = _framework,
        per_minute: int | None = None,
        anonymous_per_minute: int | None = None,
    ) -> None:
        self.engine, self.framework = engine, framework
        self.by_token = RateLimiter(per_minute or _setting("RASP_API_PER_MINUTE", PER_MINUTE))
        self.by_client = RateLimiter(
            anonymous_per_minute or _setting("RASP_API_ANONYMOUS_PER_MINUTE", ANONYMOUS_PER_MINUTE)
        )

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/api/v1/openapi.json", self.openapi_json, methods=["GET"]),
            Route("/api/v1/returns", self.post_return, methods=["POST"]),
            Route("/api/v1/returns/{return_id}", self.get_return, methods=["GET"]),
        ]

    async def openapi_json(self, request: Request) -> Response:
        return JSONResponse(openapi())

    async def _authorised(self, request: Request) -> Token | Response:
        """The caller's live token, or the problem to send back (rate limits first, so guessing is slow)."""
        client = request.client.host if request.client else "unknown"
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        secret = secret.strip()
        wait = self.by_client.retry_after(client) if not secret else self.by_token.retry_after(digest(secret))
        if wait:
            return _limited(wait)
        if scheme.lower() != "bearer" or not secret:
            answer = problem(401, "no-token", "Token needed", "Send the partnership's API token as 'Bearer <token>'.")
            return _send(Answer(answer.status, answer.body, {"WWW-Authenticate": "Bearer"}))
        found = await self._guarded(lambda: find_token(self.engine(), secret))
        if isinstance(found, Response):
            return found
        token = found if isinstance(found, Token) else None
        if token is None:
            wait = self.by_client.retry_after(client)
            if wait:
                return _limited(wait)
            answer = problem(401, "bad-token", "Token not valid", "The token is not known, or has been revoked.")
            return _send(Answer(answer.status, answer.body, {"WWW-Authenticate": 'Bearer error="invalid_token"'}))
        return token

    async def post_return(self, request: Request) -> Response:
        token = await self._authorised(request)
        if isinstance(token, Response):
            return token
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return _send(problem(415, "media-type", "JSON needed", "Send the return as application/json."))
        body = await _body(request)
        if body is None:
            return _send(too_large())
        answer = await self._guarded(lambda: submit(self.engine(), self.framework(), token, body))
        return answer if isinstance(answer, Response) else _send(answer)

    async def get_return(self, request: Request) -> Response:
        token = await self._authorised(request)
        if isinstance(token, Response):
            return token
        return_id = str(request.path_params.get("return_id", ""))
        answer = await self._guarded(lambda: read_back(self.engine(), token, return_id))
        return answer if isinstance(answer, Response) else _send(answer)

    async def _guarded(self, work: Callable[[], Any]) -> Any:
        """Run store work in a thread; anything unexpected is a plain 503 problem, never a traceback."""
        try:
            return await run_in_threadpool(work)
        except Exception as exc:  # last resort: the client gets a plain problem; nothing was half-stored
            detail = f"Something went wrong ({exc.__class__.__name__}); nothing was stored. Try again shortly."
            return _send(problem(503, "unavailable", "Not available", detail))


def _limited(wait: int) -> Response:
    answer = problem(429, "rate-limited", "Too many requests", f"Too many requests; try again in {wait} seconds.")
    return _send(Answer(answer.status, answer.body, {"Retry-After": str(wait)}))


def api_routes() -> list[BaseRoute]:
    """The API's routes for `st.App(routes=...)`."""
    return Api().routes()

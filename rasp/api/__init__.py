"""The HTTP API for automated flows (POST /api/v1/returns and friends): Starlette routes that `st.App` serves in
the dashboard's own process (serve.py). Every return ends in the template's validator and the same store."""

from __future__ import annotations

from rasp.api.http import Api, RateLimiter, api_routes
from rasp.api.openapi import openapi
from rasp.api.service import MAX_BODY, submit

__all__ = ["MAX_BODY", "Api", "RateLimiter", "api_routes", "openapi", "submit"]

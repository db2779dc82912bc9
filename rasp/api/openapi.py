"""The OpenAPI 3.1 description of the HTTP API, served at /api/v1/openapi.json (schemathesis tests against it)."""

from __future__ import annotations

from typing import Any

from rasp.api.service import MAX_TEXT

_TEXT = {"type": "string", "maxLength": MAX_TEXT}
_ANSWER = {
    "description": "1-5, a label ('Agree', '4 - Agree'), \"Don't know\", or null for not answered",
    "anyOf": [{"type": "string", "maxLength": 100}, {"type": "integer"}, {"type": "null"}],
}
_RATING = {"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 10}, {"type": "null"}]}
_PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `errors` holds each problem with a JSON pointer to its field.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["pointer", "detail"],
                "properties": {"pointer": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
    },
}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _PROBLEM}}}


_ERRORS = {
    "401": _problem("No token, or a token that is not valid (or revoked)"),
    "429": _problem("Too many requests: wait for Retry-After seconds"),
    "503": _problem("The store could not be reached; nothing was stored"),
}


def openapi() -> dict[str, Any]:
    stored = {
        "type": "object",
        "required": ["id", "status", "message", "partnership", "round", "council", "warnings", "url"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["stored", "replaced", "duplicate"]},
            "message": {"type": "string"},
            "partnership": {"type": "string"},
            "round": {"type": "string"},
            "council": {"type": "string"},
            "warnings": {"type": "array", "items": {"type": "string"}},
            "url": {"type": "string"},
        },
    }
    return_in = {
        "type": "object",
        "required": ["partnership", "round", "council", "target"],
        "additionalProperties": False,
        "properties": {
            "partnership": _TEXT,
            "round": _TEXT,
            "council": _TEXT,
            "respondent": {"anyOf": [_TEXT, {"type": "null"}]},
            "role": {"anyOf": [_TEXT, {"type": "null"}]},
            "target": {
                "description": "a form of sharing: 1-6 or '4 Coordinate'",
                "anyOf": [_TEXT, {"type": "integer"}],
            },
            "scope": {"anyOf": [_TEXT, {"type": "null"}]},
            "answers": {"type": "object", "description": "statement id -> answer", "additionalProperties": _ANSWER},
            "evidence": {"type": "object", "additionalProperties": _TEXT},
            "ratings": {
                "type": "object",
                "description": "partner council -> its trust and alignment ratings (1-5)",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"trust": _RATING, "alignment": _RATING},
                },
            },
            "response_id": {"anyOf": [_TEXT, {"type": "null"}]},
        },
    }
    return_out = {
        "type": "object",
        "required": ["id", "partnership", "round", "council", "answers", "ratings", "current"],
        "properties": {
            "id": {"type": "integer"},
            "partnership": {"type": "string"},
            "round": {"type": "string"},
            "council": {"type": "string"},
            "respondent": {"type": "string"},
            "role": {"type": "string"},
            "target_rung": {"type": ["integer", "null"]},
            "scope": {"type": ["string", "null"]},
            "source": {"type": "string"},
            "uploaded_at": {"type": ["string", "null"]},
            "current": {"type": "boolean"},
            "replaced_by": {"type": ["integer", "null"]},
            "answers": {"type": "object"},
            "ratings": {"type": "object"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Partnership readiness dashboard: returns API",
            "version": "1.0.0",
            "description": "Send returns from automated flows (for example Microsoft Forms -> Power Automate). "
            "Each return is checked by the same validator as the Excel template and stored by the same code.",
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {"ReturnIn": return_in, "Stored": stored, "ReturnOut": return_out, "Problem": _PROBLEM},
        },
        "security": [{"token": []}],
        "paths": {
            "/api/v1/returns": {
                "post": {
                    "summary": "Send one return",
                    "operationId": "postReturn",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReturnIn"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "Already stored: the same return was sent before; nothing changed",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stored"}}},
                        },
                        "201": {
                            "description": "Stored (or stored replacing the same respondent's earlier return)",
                            "headers": {"Location": {"schema": {"type": "string"}}},
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stored"}}},
                        },
                        "400": _problem("Not valid JSON, or nested too deeply"),
                        "403": _problem("The return names another partnership than the token's"),
                        "409": _problem("The round is closed"),
                        "413": _problem("The body is too large"),
                        "415": _problem("Not sent as application/json"),
                        "422": _problem("The return has problems: each with the validator's message and a pointer"),
                        **_ERRORS,
                    },
                }
            },
            "/api/v1/returns/{return_id}": {
                "get": {
                    "summary": "Read back a return this token stored",
                    "operationId": "getReturn",
                    "parameters": [{"name": "return_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "The stored return",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReturnOut"}}},
                        },
                        "404": _problem("No such return stored by this token"),
                        **_ERRORS,
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This description",
                    "operationId": "openapi",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI description"}},
                }
            },
        },
    }

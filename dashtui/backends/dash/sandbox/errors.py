"""Responses in Dash's wire format: Flask-style JSON and flask-smorest error bodies.

Dash's error schema matches flask-smorest's ErrorSchema word for word (reference 10.2), so
every error here is `{"code", "status"[, "message"][, "errors"]}` with `errors` keyed by
location (json, query, path), then field, then a list of marshmallow-style messages.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from starlette.responses import Response


def reason(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Unknown Error"


def dumps(content: Any) -> bytes:
    # Flask's default provider sorts keys (the guide's example response is alphabetical) and
    # escapes non-ASCII; escaping also means a lone surrogate sent by a client cannot crash
    # the encoder on the way back out.
    return json.dumps(content, sort_keys=True, ensure_ascii=True).encode("ascii")


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def error_body(code: int, message: str | None = None,
               errors: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "status": reason(code)}
    if message is not None:
        body["message"] = message
    if errors:
        body["errors"] = errors
    return body


class ApiError(Exception):
    """Raised anywhere in a handler; the app turns it into a smorest body."""

    def __init__(self, code: int, message: str | None = None,
                 errors: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message or reason(code))
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        return JSONResponse(error_body(self.code, self.message, self.errors), self.code,
                            headers=self.headers)


def not_found(message: str | None = None) -> ApiError:
    return ApiError(404, message)


def invalid(location: str, errors: dict[str, Any], message: str | None = None) -> ApiError:
    """422 with field errors under one request location, like webargs does."""
    return ApiError(422, message, {location: errors})

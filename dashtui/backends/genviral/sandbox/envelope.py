"""Genviral's `{ok, code, message, data}` envelope, both ways the docs can be read
(profile.py): the error word in `code`, or a numeric `code` with the word in `error`."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def ok(data: Any, message: str = "OK", status: int = 200, **extra: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "code": status, "message": message, "data": data,
                         **extra}, status)


class ApiError(Exception):
    """A documented refusal: HTTP status, machine code, words, optional field details."""

    def __init__(self, status: int, code: str, message: str,
                 errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors

    def body(self, code_is_word: bool = True) -> dict[str, Any]:
        if code_is_word:
            return {"ok": False, "code": self.code, "message": self.message, "data": None}
        return {"ok": False, "code": self.status, "error": self.code, "message": self.message,
                "data": {"errors": self.errors} if self.errors else None}

    def response(self, code_is_word: bool = True) -> JSONResponse:
        return JSONResponse(self.body(code_is_word), self.status)


def invalid(message: str, field: str | None = None) -> ApiError:
    return ApiError(422, "invalid_payload", message,
                    [{"field": field or "_schema", "message": message}])


def failed(message: str, field: str | None = None) -> ApiError:
    return ApiError(400, "validation_failed", message,
                    [{"field": field or "_schema", "message": message}])

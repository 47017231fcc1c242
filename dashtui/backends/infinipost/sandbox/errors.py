"""Infinipost's error shape: `{"error": {"code", "message"}}` (peers.md 3)."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response


def dumps(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=True).encode("ascii")


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> JSONResponse:
        return JSONResponse(error_body(self.code, self.message), self.status)


def missing(*names: str) -> ApiError:
    return ApiError(400, "missing_required_fields",
                    f"Missing required fields: {', '.join(names)}")


def bad(code: str, message: str) -> ApiError:
    return ApiError(400, code, message)


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} not found")

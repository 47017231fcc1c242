"""Infinipost's answers as the neutral errors of dashtui/errors.py.

Errors come as `{"error": {"code", "message"}}` (peers.md 3). The code decides where it is
known, the HTTP status otherwise; every message is one line a person can act on, with
Infinipost's own words in parentheses. Nothing here holds httpx's request (its headers carry
the key); every string passes through errors.scrub.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...errors import (AuthError, BackendError, ConflictError, ConnectionFailed,
                       ForbiddenError, MalformedResponse, NotFoundError, RateLimitError,
                       ServerError, TEMPORARY, RELOAD, TimedOut, ValidationError, host_of,
                       scrub)

if TYPE_CHECKING:
    import httpx

KEY_HELP = ("Set a current Infinipost API key (sk_live_... or sk_test_...) for this account "
            "in the config.")
AUTH_CODES = frozenset({"unauthorized", "unauthenticated", "invalid_api_key"})
# "Post Already Posted" has no documented code: recognised by code or by the words
ALREADY_POSTED = frozenset({"post_already_posted", "already_posted", "post_already_published"})


def _norm(code: Any) -> str:
    return str(code or "").strip().lower().replace(" ", "_").replace("-", "_")


def error_parts(body: Any) -> tuple[str, str]:
    """(code, message) of an error body; ("", "") when it has none."""
    err = body.get("error") if isinstance(body, dict) else None
    if isinstance(err, dict):
        return _norm(err.get("code")), str(err.get("message") or "").strip()
    if isinstance(err, str):  # a bare `{"error": "..."}`
        return _norm(err), err.strip()
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return _norm(body.get("code")), body["message"].strip()
    return "", ""


def is_already_posted(code: str, message: str) -> bool:
    return code in ALREADY_POSTED or "already posted" in message.lower()


def api_error(status: int | None, body: Any, *, method: str, url: str, what: str,
              noun: str = "request") -> BackendError:
    """The error for a non-2xx answer about `what` ("post post_123")."""
    code, message = error_parts(body)
    words = message.rstrip(". ") if message else ""
    # the server's words where they say more than its code; the code where they don't
    tag = f"{code}: {words}" if code and words and _norm(words) != code else (words or code)
    said = f" ({tag})" if tag else (f" (HTTP {status})" if status else "")
    kw: dict[str, Any] = dict(status=status, method=method, url=url, details=scrub(body))
    if code in AUTH_CODES or status == 401:
        return AuthError(f"Infinipost rejected the API key{said}. {KEY_HELP}", **kw)
    if is_already_posted(code, message):
        return ConflictError(f"Infinipost won't change {what}{said}: only generated or "
                             "pending-render posts can be edited or deleted.", **kw)
    if code == "not_found" or status == 404:
        return NotFoundError(f"Infinipost has no {what}{said}. It may have been deleted.",
                             **kw)
    if status == 403 or code in ("forbidden", "account_limit_reached"):
        return ForbiddenError(f"This Infinipost key can't reach {what}{said}.", **kw)
    if code == "missing_required_fields":
        return ValidationError(f"Infinipost rejected the {noun}: fields are missing{said}.",
                               field_errors={"_schema": [message or code]},
                               server_message=message or None, **kw)
    if code == "invalid_url":
        return ValidationError(f"Infinipost rejected the {noun}: a content URL isn't "
                               f"valid{said}. Use public http(s) links.",
                               field_errors={"content_urls": [message or code]},
                               server_message=message or None, **kw)
    if code == "internal" or (status or 0) >= 500:
        return ServerError(f"Infinipost failed on {what}{said}. {TEMPORARY}", maybe_applied=True,
                           **kw)
    if status == 429 or code in ("rate_limited", "rate_limit_exceeded", "too_many_requests"):
        return RateLimitError(f"Infinipost is limiting requests{said}. Wait, then try "
                              "again.", **kw)
    if status == 409:
        return ConflictError(f"Infinipost refused the change to {what}{said}. {RELOAD}", **kw)
    if status in (400, 422):
        return ValidationError(f"Infinipost rejected the {noun}{said}.",
                               field_errors={"_schema": [message or code or str(status)]},
                               server_message=message or None, **kw)
    return BackendError(f"Infinipost answered HTTP {status} for {what}{said}.", **kw)


def transport_error(exc: BaseException, *, method: str, url: str, what: str,
                    timeout: float) -> BackendError:
    """No (usable) answer: timeouts, refused or dropped connections."""
    import httpx

    host = host_of(url)
    kw: dict[str, Any] = dict(method=method, url=url,
                              details=scrub({"error": type(exc).__name__, "reason": str(exc)}))
    if isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout)):
        return TimedOut(f"{host} didn't accept a connection within {timeout:g} s. Check "
                        "your network or the api root.", **kw)
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return TimedOut(f"{host} didn't answer within {timeout:g} s for {what}; it may have "
                        "gone through. Try again.", maybe_applied=True, **kw)
    if isinstance(exc, httpx.ConnectError):
        return ConnectionFailed(f"Can't reach {host}. Check your network or the api root.",
                                **kw)
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return ConnectionFailed(f"Can't reach {host} (not a valid http or https URL).", **kw)
    return ConnectionFailed(f"The connection to {host} dropped before Infinipost answered "
                            f"for {what}; it may have gone through. Try again.",
                            maybe_applied=True, **kw)


def malformed(response: httpx.Response, what: str, why: str) -> MalformedResponse:
    url = str(response.request.url)
    text = " ".join(response.text.split())[:200] if response.content else ""
    return MalformedResponse(f"{host_of(url)} sent an answer dashtui can't read for {what} "
                             f"({why}).", status=response.status_code,
                             method=response.request.method, url=url,
                             details=scrub({"reason": why, "body": text}), maybe_applied=True)

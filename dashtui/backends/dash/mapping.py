"""Turning failed requests into typed errors with messages a person can act on.

Every string that goes into an error passes through `scrub` (the session's token remover)
first; nothing here keeps a reference to httpx's request, whose headers hold the token.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any


from .errors import (AuthError, ConflictError, ConnectionFailed, DashError, DashTimeout,
                     ForbiddenError, MalformedResponse, NotFoundError, RateLimitError,
                     ServerError, ValidationError, flatten_errors, host_of, server_words)
from ...errors import RELOAD, TEMPORARY
from .retry import parse_reset, parse_retry_after

if TYPE_CHECKING:  # httpx costs ~0.2 s to import: not on the start-up path
    import httpx

Scrub = Callable[[Any], Any]

TOKEN_HELP = ("Set DASH_API_TOKEN, or `token` in the config file, to a current key from the "
              "Developer section of Dash Social.")


@dataclass(frozen=True)
class Call:
    """What a request is about, for messages: `what` names the object, `noun` its kind."""

    service: str  # scheduler, library, pinterest, auth
    what: str  # "twitter post 806262"
    noun: str = "request"  # "Dash rejected the <noun>: ..."
    brand_id: int | None = None


def malformed(response: httpx.Response, call: Call, why: str,
              scrub: Scrub) -> MalformedResponse:
    """A 2xx answer that can't be read."""
    url = str(response.request.url)
    return MalformedResponse(
        f"{host_of(url)} sent an answer dashtui can't read for {call.what} ({why}). "
        "If it persists, check api_root points at Dash.",
        status=response.status_code, method=response.request.method, url=url,
        details=scrub({"reason": why, "body": _snippet(response)}), maybe_applied=True,
    )


def status_error(resp: httpx.Response, method: str, url: str, call: Call, attempt: int,
                 scrub: Scrub, now: float) -> DashError:
    """The typed error for a non-2xx answer."""
    import httpx  # loaded already: `resp` is one of its responses

    status = resp.status_code
    details = scrub(_details(resp))
    # an HTTP/1.1 status line may carry no phrase: httpx's own table names the status then
    reason = resp.reason_phrase or httpx.codes.get_reason_phrase(status)
    words = scrub(server_words(details))
    # the server's words go inside the parentheses, so drop their full stop
    said = f": {words.rstrip('. ')}" if words and words.lower() != reason.lower() else ""
    code = f"{status} {reason}".strip()
    kw: dict[str, Any] = dict(status=status, method=method, url=url, details=details,
                              attempts=attempt)
    if status == 401:
        return AuthError(f"Dash rejected the API token ({code}{said}). {TOKEN_HELP}", **kw)
    if status == 403:
        target = f"brand {call.brand_id}" if call.brand_id is not None else call.what
        return ForbiddenError(f"This token can't reach {target} ({code}{said}). Pick "
                              "another brand, or ask a Dash admin for access.", **kw)
    if status == 404:
        return NotFoundError(f"Not found: {call.what} ({code}{said}). It may have been "
                             "deleted, or api_root may be wrong.", **kw)
    if status == 409:
        return ConflictError(f"Dash refused the change to {call.what} ({code}{said}). {RELOAD}",
                             **kw)
    if status in (400, 422):
        body_errors = details.get("errors") if isinstance(details, dict) else None
        fields = scrub(flatten_errors(body_errors)) if body_errors else {}
        msg = details.get("message") if isinstance(details, dict) else None
        return ValidationError(f"Dash rejected the {call.noun}: {words or code}",
                               field_errors=fields, server_message=scrub(msg)
                               if isinstance(msg, str) else None, **kw)
    if status == 429:
        return _rate_limited(resp, now, kw)  # Dash's words add nothing to a reset time
    if status >= 500:
        after = parse_retry_after(resp.headers.get("retry-after"), now)
        return ServerError(f"Dash's {call.service} service failed ({code}{said}). {TEMPORARY}",
                           retry_after=after, maybe_applied=True, **kw)
    if 300 <= status < 400:
        where = scrub(resp.headers.get("location", "elsewhere"))
        return DashError(f"{host_of(url)} redirected {call.what} to {host_of(where)}. "
                         "Check api_root (https, host name).", **kw)
    return DashError(f"Dash answered {code} for {call.what}{said}.", **kw)


def _rate_limited(resp: httpx.Response, now: float,
                  kw: dict[str, Any]) -> RateLimitError:
    after = parse_retry_after(resp.headers.get("retry-after"), now)
    reset_at = parse_reset(resp.headers.get("x-ratelimit-reset"))
    if after is None and reset_at is not None:
        after = max(reset_at.timestamp() - now, 0.0)
    elif after is not None and reset_at is None:
        reset_at = _utc_from(now + after)
    when = (f"until {reset_at:%H:%M:%S} UTC (in {after:.0f} s)"
            if reset_at is not None and after is not None else "for now")
    return RateLimitError(f"Dash is rate-limiting this token {when}. Wait, then try "
                          "again.", reset_at=reset_at, retry_after=after, **kw)


def transport_error(exc: BaseException, method: str, url: str, call: Call, attempt: int,
                    scrub: Scrub, timeout: float) -> DashError:
    """The typed error for a request that got no (usable) answer."""
    import httpx

    host = host_of(url)
    kind = type(exc).__name__
    kw: dict[str, Any] = dict(method=method, url=url, attempts=attempt,
                              details=scrub({"error": kind, "reason": str(exc)}))
    if isinstance(exc, httpx.ConnectTimeout):
        return DashTimeout(f"{host} didn't accept a connection within {timeout:g} s. "
                           "Check your network or api_root.", **kw)
    if isinstance(exc, httpx.PoolTimeout):
        return DashTimeout(f"Too many requests to {host} are waiting; none got a "
                           f"connection within {timeout:g} s. Try again.", **kw)
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return DashTimeout(f"{host} didn't answer within {timeout:g} s. It may be slow "
                           "or your link may be down; try again.", maybe_applied=True, **kw)
    if isinstance(exc, httpx.ConnectError):
        return ConnectionFailed(f"Can't reach {host} ({_connect_reason(exc)}). Check your "
                                "network or api_root.", **kw)
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return ConnectionFailed(f"Can't reach {host} (not a valid http or https URL). Check "
                                "api_root.", **kw)
    if isinstance(exc, httpx.ProxyError):
        return ConnectionFailed(f"Can't reach {host} through the proxy. Check your proxy "
                                "settings (HTTPS_PROXY).", **kw)
    if isinstance(exc, httpx.DecodingError):
        return MalformedResponse(f"{host} sent a body that couldn't be decoded for "
                                 f"{call.what}. Try again.", maybe_applied=True, **kw)
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError,
                        httpx.CloseError)):
        return ConnectionFailed(f"The connection to {host} dropped before Dash answered "
                                "(connection dropped). Check your network and try again.",
                                maybe_applied=True, **kw)
    return ConnectionFailed(f"Can't reach {host} ({kind}). Check your network or "
                            "api_root.", maybe_applied=True, **kw)


def _details(resp: httpx.Response) -> Any:
    try:
        body = resp.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    if body is None:
        text = _snippet(resp)
        body = {"body": text} if text else {}
    return body


def _connect_reason(exc: BaseException) -> str:
    """Why a connection failed, from the OS error anyio/httpcore wrap inside it."""
    chain = list(_chain(exc))
    codes = {getattr(e, "errno", None) for e in chain}
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or \
            errno.ECONNREFUSED in codes or "refused" in text:
        return "connection refused"
    if any(isinstance(e, socket.gaierror) for e in chain) or any(
            s in text for s in ("name or service not known", "nodename nor servname",
                                "name resolution", "getaddrinfo", "no address associated",
                                "no such host")):
        return "host name not found"
    if codes & {errno.ENETUNREACH, errno.EHOSTUNREACH} or "unreachable" in text:
        return "network unreachable"
    import ssl  # here, not at import: start-up time

    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in text:
        return "TLS handshake failed"
    if any(isinstance(e, ConnectionResetError) for e in chain) or "reset" in text:
        return "connection reset"
    return "connection failed"


def _chain(exc: BaseException | None, depth: int = 0):
    while exc is not None and depth < 6:
        yield exc
        exc, depth = exc.__cause__ or exc.__context__, depth + 1


def _snippet(resp: httpx.Response, limit: int = 200) -> str:
    try:
        text = resp.text
    except Exception:  # noqa: BLE001 - undecodable bytes: show nothing rather than fail
        return ""
    text = " ".join(text.split())
    return text[:limit] + ("..." if len(text) > limit else "")


def _utc_from(stamp: float) -> datetime:
    return datetime.fromtimestamp(stamp, tz=timezone.utc)

"""The neutral error family every backend raises, and the secret scrubbing they share.

No Textual, no HTTP library, no backend here: the store, the session and the UI catch these
and only these; each backend maps its service's answers onto them (Dash: HTTP status codes, in
dashtui/backends/dash/mapping.py).

Each error carries what the UI needs: the HTTP status (None when no answer came), the method
and a cleaned URL, a one-line message a person can act on, and the server's own words in
`details`. None of them ever holds the token: every string an error is built from (message,
URL, query, headers, bodies, field errors) goes through `scrub`, which replaces each secret the
process knows (the client registers its token with `add_secret`), also URL-encoded; URLs also
lose credentials and secret-looking query values.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import datetime
from typing import Any
from urllib.parse import (SplitResult, parse_qsl, quote, quote_plus, urlencode, urlsplit,
                          urlunsplit)

# query parameters whose values are never shown (signed upload URLs, keys in next links)
_SECRET_PARAMS = ("token", "key", "secret", "signature", "sig", "password", "auth",
                  "credential", "x-amz-security-token")
# flask-smorest/webargs key validation errors by request location first (reference 10.2)
_LOCATIONS = frozenset({"json", "query", "querystring", "path", "view_args", "form", "headers",
                        "cookies", "files", "json_or_form"})


_SECRETS: set[str] = set()  # every spelling of every token this process holds
_PATTERN: re.Pattern[str] | None = None
MASK = "***"


def add_secret(secret: str | None) -> None:
    """Remember a secret so every error (and log line built from one) hides it.

    Shorter than 8 characters is no real key (Dash's are long); replacing it would only mangle
    every message it happens to be a substring of.
    """
    secret = (secret or "").strip()
    if len(secret) < 8:
        return
    global _PATTERN
    # as sent, and as a server or a URL library may echo it back in a link
    _SECRETS.update({secret, quote(secret, safe=""), quote_plus(secret), quote(secret)})
    # case-insensitive: a host name or a header may come back lower-cased
    scrub_logs()
    _PATTERN = re.compile("|".join(re.escape(s) for s in sorted(_SECRETS, key=len,
                                                                     reverse=True)), re.I)


def scrub(value: Any) -> Any:
    """`value` with every known secret replaced by ***, through dicts, lists and tuples
    (keys too); anything else is returned as it is."""
    if _PATTERN is None:
        return value
    if isinstance(value, str):
        return _PATTERN.sub(MASK, value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(v) for v in value]
    return value


class ScrubLogs(logging.Filter):
    """Log records with every known secret hidden (httpx logs each full URL at INFO, httpcore
    each response header at DEBUG; a server may echo the token in either)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _PATTERN is not None:
            message = record.getMessage()
            clean = _PATTERN.sub(MASK, message)
            if clean != message:
                record.msg, record.args = clean, None
        return True


# the loggers that see request URLs and response headers; a logger's filter applies only to
# records logged on it, hence each by name
LOGGERS = ("dashtui.backends.dash", "dashtui.backends.genviral", "dashtui.backends.infinipost",
           "httpx", "httpcore.http11", "httpcore.http2", "httpcore.connection", "httpcore.proxy")


def scrub_logs() -> None:
    """Install ScrubLogs on LOGGERS once."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ScrubLogs) for f in logger.filters):
            logger.addFilter(ScrubLogs())


def one_line(text: str) -> str:
    """Whitespace collapsed and control characters (escape sequences from a hostile server)
    replaced, so a message prints as one safe line in any terminal."""
    text = " ".join(str(text).split())
    return "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def clean_url(url: str) -> str:
    """A URL safe to show: no user:password, secret-looking query values replaced by ***."""
    parts = _split(url)
    if parts is None:
        return "<invalid URL>"
    netloc = _host_port(parts, "")
    query = [(k, "***" if any(s in k.lower() for s in _SECRET_PARAMS) else v)
             for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe=",:*"), ""))


def host_of(url: str) -> str:
    parts = _split(url)
    return "the server" if parts is None else _host_port(parts, "the server")


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(str(url))
    except ValueError:
        return None


def _host_port(parts: SplitResult, no_host: str) -> str:
    """host:port without any user:password; `no_host` where the URL names no host."""
    host = parts.hostname or no_host
    return f"{host}:{parts.port}" if parts.port else host


def flatten_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """`{json: {meta: {title: [msg]}}}` -> `{"meta.title": [msg]}`.

    The request location (json, query, ...) is dropped so keys match body fields; list indexes
    become path parts (`media_ids.0`); messages not tied to a field land under `_schema`.
    """
    out: dict[str, list[str]] = {}

    def add(key: str, msg: Any) -> None:
        out.setdefault(key or "_schema", []).append(str(msg))

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else str(k))
        elif isinstance(node, (list, tuple)):
            for i, item in enumerate(node):
                if isinstance(item, (dict, list, tuple)):
                    walk(item, f"{path}.{i}" if path else str(i))
                else:
                    add(path, item)
        elif node is not None:
            add(path, node)

    if not prefix and isinstance(errors, dict) and errors and set(errors) <= _LOCATIONS:
        for located in errors.values():
            walk(located, "")
    else:
        walk(errors, prefix)
    return out


def summarize_fields(field_errors: dict[str, list[str]], limit: int = 3) -> str:
    """`tweet_status: Unknown field.; meta.title: Missing data...` on one line."""
    from .labels import field_label  # words, not wire names

    items = [f"{field_label(k)}: {' '.join(v)}" if field_label(k) else " ".join(v)
             for k, v in field_errors.items()]
    text = "; ".join(items[:limit])
    if len(items) > limit:
        text += f" (and {len(items) - limit} more)"
    return text


def server_words(details: Any) -> str:
    """What the server said, by the first of message -> errors -> description -> status."""
    if not isinstance(details, dict):
        return ""
    msg = details.get("message")
    if isinstance(msg, str) and msg.strip():
        return msg.strip()
    if details.get("errors"):
        return summarize_fields(flatten_errors(details["errors"]))
    for key in ("description", "status"):
        val = details.get(key)
        if isinstance(val, str) and val.strip():
            return val.strip()
    return ""


# The advice each service's errors end with, worded once
TEMPORARY = "This is usually temporary; try again in a minute."
RELOAD = "Reload it and try again."


class BackendError(Exception):
    """Anything that went wrong talking to the scheduling service. `str()` is the one-line `message`."""

    #: worth trying again later unchanged (the store's outbox keeps these queued)
    retryable = False

    def __init__(self, message: str, *, status: int | None = None, method: str = "",
                 url: str = "", details: Any = None, maybe_applied: bool = False,
                 attempts: int = 1) -> None:
        message = one_line(scrub(message))
        super().__init__(message)
        self.message = message
        self.status = status
        self.method = scrub(method)
        # scrubbed before cleaning (a token anywhere: path, fragment, an innocent-looking
        # query name such as `cursor`) and after (the cleaning re-encodes the query)
        self.url = scrub(clean_url(scrub(url))) if url else ""
        self.details = scrub(details)
        # the request may have reached Dash and taken effect (timeouts after sending, drops,
        # 5xx): a create must be looked for before it is sent again
        self.maybe_applied = maybe_applied
        self.attempts = attempts

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(status={self.status!r}, method={self.method!r}, "
                f"url={self.url!r}, message={self.message!r})")

    def __reduce__(self):  # keep pickling/copying working despite the keyword-only init
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type[BackendError], message: str, state: dict[str, Any]) -> BackendError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class AuthError(BackendError):
    """401: the token is missing, wrong or expired."""


class ForbiddenError(BackendError):
    """403: the token is fine but may not touch this brand or object."""


class NotFoundError(BackendError):
    """404: no such post/media/brand here (or it is on another platform's path)."""


class ConflictError(BackendError):
    """409: Dash refused the change because of the object's current state."""


class ValidationError(BackendError):
    """422 (or 400): Dash rejected the body. `field_errors` maps dotted field -> messages."""

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None,
                 server_message: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.field_errors = scrub(field_errors or {})
        self.server_message = scrub(server_message)


class RateLimitError(BackendError):
    """429: too many requests. `reset_at` is when Dash lets this token in again."""

    retryable = True

    def __init__(self, message: str, *, reset_at: datetime | None = None,
                 retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.reset_at = reset_at
        self.retry_after = retry_after  # seconds to wait, as of when the answer came


class TransientError(BackendError):
    """The service or the way to it failed for now: worth trying again unchanged."""

    retryable = True


class ServerError(TransientError):
    """5xx: Dash failed. Usually temporary."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class TimedOut(TransientError):
    """No (complete) answer in time."""

    retryable = True


class ConnectionFailed(TransientError):
    """The connection could not be made or was dropped: refused, DNS, reset, closed."""

    retryable = True


class MalformedResponse(BackendError):
    """A 2xx answer that is not JSON, or JSON of the wrong shape."""


__all__ = [
    "AuthError", "BackendError", "ConflictError", "ConnectionFailed", "TimedOut",
    "TransientError", "ForbiddenError", "MalformedResponse", "NotFoundError", "RateLimitError", "ServerError",
    "ScrubLogs", "ValidationError", "add_secret", "clean_url", "flatten_errors", "host_of",
    "one_line", "scrub", "scrub_logs", "server_words", "summarize_fields",
]

"""Recent API calls, in memory: method, path, status, duration, time (the log pane, `L`).

Fed by one pair of httpx event hooks that every backend's client installs (backends/
http_kit.py `log_hooks`), so no backend logs on its own. Never a header, so never the
token; query values that look secret are masked and every known secret scrubbed
(dashtui.errors). Bodies only when `include_bodies` is set (config `api_log_bodies`, off by
default), cut to BODY_LIMIT characters. A ring of SIZE calls: nothing grows for ever, and
nothing is written to disk.

No HTTP library here: the hooks hand over plain strings.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import clean_url, scrub

SIZE = 500
BODY_LIMIT = 2000


@dataclass
class ApiCall:
    at: float  # wall time the request left
    method: str
    host: str
    path: str  # with the query, secret-looking values masked
    started: float  # monotonic, for the duration
    status: int | None = None  # None: no answer (yet): a timeout, a dropped link, in flight
    ms: float | None = None
    request_body: str | None = None
    response_body: str | None = None


def _safe_path(url: str) -> tuple[str, str]:
    """(host, path?query) with credentials gone and secrets masked."""
    cleaned = scrub(clean_url(scrub(url)))
    parts = urlsplit(cleaned)
    path = parts.path or "/"
    return parts.netloc, path + (f"?{parts.query}" if parts.query else "")


def _body(data: bytes | str | None) -> str | None:
    if not data:
        return None
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    text = scrub(text)
    return text if len(text) <= BODY_LIMIT else text[:BODY_LIMIT] + "…"


class ApiLog:
    def __init__(self, size: int = SIZE) -> None:
        self.calls: deque[ApiCall] = deque(maxlen=size)
        self.include_bodies = False  # config `api_log_bodies`

    def begin(self, method: str, url: str, body: bytes | None = None) -> ApiCall:
        host, path = _safe_path(url)
        call = ApiCall(time.time(), method.upper(), host, path, time.monotonic(),
                       request_body=_body(body) if self.include_bodies else None)
        self.calls.append(call)
        return call

    def end(self, call: ApiCall, status: int, body: bytes | None = None) -> None:
        call.status = status
        call.ms = (time.monotonic() - call.started) * 1000
        if self.include_bodies:
            call.response_body = _body(body)

    def recent(self) -> list[ApiCall]:
        """Newest first."""
        return list(reversed(self.calls))

    def clear(self) -> None:
        self.calls.clear()


API_LOG = ApiLog()  # one per process: every client of every account feeds it

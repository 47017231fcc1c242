"""One lazily built httpx.AsyncClient, the key, and a short retry loop for reads.

Only GETs are retried here (twice, after a dropped connection, a timeout or a 502-504):
writes are the outbox's to retry, after it has looked for what a lost answer did. Errors are
raised outside `except` blocks so no httpx exception (whose text may carry request data)
ends up in `__context__`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ...errors import AuthError, ServerError, TransientError, add_secret, scrub
from ..http_kit import bearer_client
from .mapping import KEY_HELP, api_error, malformed, transport_error

if TYPE_CHECKING:
    import httpx

log = logging.getLogger("dashtui.backends.infinipost")
log.addHandler(logging.NullHandler())

READ_ATTEMPTS = 3


class HttpSession:
    def __init__(self, token: str, root: str, *, timeout: float,
                 transport: httpx.AsyncBaseTransport | None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.token = (token or "").strip()
        add_secret(self.token)
        self.root = root.rstrip("/")
        self.timeout = timeout
        self.sleep = sleep
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    @property
    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = bearer_client(self.token, "dashtui (+httpx)", self.timeout,
                                         self._transport)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def call(self, method: str, path: str, what: str, *, params: dict | None = None,
                   json: Any = None, noun: str = "request") -> Any:
        """The answer's JSON (None for an empty 2xx body), or a neutral error."""
        url = f"{self.root}{path}"
        if not self.token:
            raise AuthError(f"No Infinipost API key is set. {KEY_HELP}", method=method,
                            url=url)
        if not (self.token.isascii() and self.token.isprintable()):
            raise AuthError("The Infinipost API key has characters a key can't have "
                            f"(spaces, line breaks or non-ASCII). {KEY_HELP}", method=method,
                            url=url)
        attempts = READ_ATTEMPTS if method == "GET" else 1
        for attempt in range(1, attempts + 1):
            error = None
            response, failure = await self._send(method, url, params, json)
            if failure is not None:
                error = transport_error(failure, method=method, url=url, what=what,
                                        timeout=self.timeout)
            elif not response.is_success:
                error = api_error(response.status_code, _json_or_none(response),
                                  method=method, url=url, what=what, noun=noun)
            else:
                return self._decode(response, what)
            error.attempts = attempt
            retry = isinstance(error, TransientError) and not (
                isinstance(error, ServerError) and error.status not in (502, 503, 504))
            if not retry or attempt == attempts:
                log.warning("%s %s failed: %s", method, scrub(path), error.message)
                raise error
            await self.sleep(0.2 * attempt)
        raise AssertionError("unreachable")

    async def _send(self, method: str, url: str, params: dict | None, json: Any
                    ) -> tuple[httpx.Response | None, BaseException | None]:
        import httpx

        try:
            async with asyncio.timeout(self.timeout + min(self.timeout, 5.0)):
                response = await self._http.request(method, url, params=params, json=json)
        except (httpx.HTTPError, httpx.InvalidURL, TimeoutError) as exc:
            return None, exc
        log.info("%s %s -> %d", method, scrub(url.split("?")[0]), response.status_code)
        return response, None

    def _decode(self, response: httpx.Response, what: str) -> Any:
        if not response.content:
            return None
        problem = None
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError):
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            problem = f"expected JSON, got {kind}"
        raise malformed(response, what, problem)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return {"body": " ".join(response.text.split())[:200]} if response.content else None

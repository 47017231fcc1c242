"""One shared httpx.AsyncClient and the retry loop around it.

The token lives only in the httpx client's default headers and in `_token` (for scrubbing).
Errors are built from scrubbed strings (mapping.py) and raised outside `except` blocks, so no
httpx or pydantic exception (whose text could carry request data) ends up in `__context__`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit


from .errors import AuthError, DashError, MalformedResponse, add_secret, scrub
from ..http_kit import log_hooks
from .mapping import TOKEN_HELP, Call, malformed, status_error, transport_error
from .retry import RateLimit, RetryPolicy

if TYPE_CHECKING:  # httpx costs ~0.2 s to import: not on the start-up path
    import httpx

log = logging.getLogger("dashtui.backends.dash")
log.addHandler(logging.NullHandler())  # never Python's last-resort stderr under a TUI


class HttpSession:
    """The shared httpx client, the retry loop, and the token (for scrubbing only)."""

    def __init__(self, token: str, *, timeout: float, retry: RetryPolicy,
                 transport: httpx.AsyncBaseTransport | None, user_agent: str) -> None:
        self._token = (token or "").strip()
        add_secret(self._token)  # every error, wherever it is built, hides it from now on
        self.timeout = timeout
        self.retry = retry
        self.rate_limit: RateLimit | None = None
        self._headers = {"Accept": "application/json", "User-Agent": user_agent}
        if self._token and self._token.isascii() and self._token.isprintable():
            self._headers["Authorization"] = f"Bearer {self._token}"
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    @property
    def _http(self) -> httpx.AsyncClient:
        # made at the first request: building it loads TLS certificates and the async
        # backend, a quarter of a second the TUI's first paint should not wait for
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(
                headers=self._headers, timeout=httpx.Timeout(self.timeout),
                transport=self._transport,
                follow_redirects=False,  # a redirect means a wrong api_root; say so
                limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
                event_hooks=log_hooks(),  # the API log pane (L)
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    # -- scrubbing ----------------------------------------------------------------------
    def scrub(self, value: Any) -> Any:
        """`value` with the token replaced wherever a server or library echoed it: the one
        scrub of errors.py, which knows this token since __init__."""
        return scrub(value)

    # -- the request loop ---------------------------------------------------------------
    async def request(self, method: str, url: str, call: Call, *, params: dict | None = None,
                      json: Any = None, gone_ok: bool = False) -> httpx.Response:
        """Send with retries; a 2xx response or a typed error.

        `gone_ok`: a 404 after an attempt that may have gone through counts as done (a
        DELETE whose first answer was lost).
        """
        self._check_token(method, url)
        policy = self.retry
        start = policy.clock()
        attempt = 0
        previous: DashError | None = None
        while True:
            attempt += 1
            response, error = await self._attempt(method, url, call, params, json, attempt)
            if response is not None:
                if response.is_success:
                    return response
                if (gone_ok and response.status_code == 404 and previous is not None
                        and previous.maybe_applied):
                    log.info("%s %s: already gone after a lost answer", method,
                             self._path(url))
                    return response
                error = status_error(response, method, url, call, attempt, self.scrub,
                                     self.retry.wall())
            assert error is not None
            delay = policy.next_delay(method, error, attempt, policy.clock() - start)
            if delay is None:
                if attempt > 1:
                    error.message = f"{error.message} (gave up after {attempt} attempts)"
                    error.args = (error.message,)
                log.warning("%s %s failed: %s", method, self._path(url), error.message)
                raise error
            log.warning("%s %s: %s; retry %d/%d in %.1f s", method, self._path(url),
                        error.message, attempt, policy.max_attempts - 1, delay)
            previous = error
            await policy.sleep(delay)

    async def _attempt(self, method: str, url: str, call: Call, params: dict | None,
                       json: Any, attempt: int) -> tuple[httpx.Response | None, DashError | None]:
        import httpx

        began = asyncio.get_running_loop().time()
        failure: BaseException | None = None
        try:
            # httpx's timeout is per read; the deadline also stops a server that drips bytes
            async with asyncio.timeout(self.timeout + min(self.timeout, 5.0)):
                response = await self._http.request(method, url, params=params, json=json)
        except (httpx.RequestError, httpx.InvalidURL, TimeoutError) as exc:
            failure = exc
        if failure is not None:
            return None, transport_error(failure, method, url, call, attempt, self.scrub,
                                         self.timeout)
        took = (asyncio.get_running_loop().time() - began) * 1000
        log.info("%s %s -> %d (%.0f ms)", method, self._path(url), response.status_code, took)
        seen = RateLimit.from_headers(response.headers, self.retry.wall())
        if seen is not None:
            self.rate_limit = seen
        return response, None

    def _check_token(self, method: str, url: str) -> None:
        if not self._token:
            raise AuthError(f"No Dash API token is set. {TOKEN_HELP}", method=method, url=url)
        if not (self._token.isascii() and self._token.isprintable()):
            raise AuthError("The Dash API token contains characters a token can't have "
                            f"(spaces, line breaks or non-ASCII). {TOKEN_HELP}",
                            method=method, url=url)

    # -- decoding -----------------------------------------------------------------------
    def json(self, response: httpx.Response, call: Call) -> Any:
        """The body as JSON, or MalformedResponse."""
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError):
            pass
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        raise self.malformed(response, call, f"expected JSON, got {kind or 'nothing'}")

    def malformed(self, response: httpx.Response, call: Call, why: str) -> MalformedResponse:
        return malformed(response, call, why, self.scrub)

    def _path(self, url: str) -> str:
        """Only the path is logged: query strings may carry signed or secret values."""
        return self.scrub(_path_of(url))


def _path_of(url: str) -> str:
    try:
        return urlsplit(str(url)).path or "/"
    except ValueError:
        return "<invalid URL>"



"""What the backends' clients share and no one backend owns: the async-context lifecycle
and the small surface (`endpoints`, `scrub`, `rate_limit`) every client answers the same
way unless it knows better. Imports only dashtui.errors, so the backends stay independent
of one another (pyproject's independence contract)."""

from __future__ import annotations

import re
from typing import Any

from collections.abc import Awaitable, Callable, Iterable

from ..errors import BackendError, add_secret, scrub


def slug(text: str, fallback: str) -> str:
    """A workspace's name as the one brand's slug: lower-case words joined by dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or fallback


_CALL = "dashtui.api_call"  # where a request carries its log entry to its response


async def _log_request(request: Any) -> None:
    from ..api_log import API_LOG

    body = None
    if API_LOG.include_bodies:
        try:
            body = request.content
        except Exception:  # noqa: BLE001 - a streamed body is not read for the log
            body = None
    request.extensions[_CALL] = API_LOG.begin(request.method, str(request.url), body)


async def _log_response(response: Any) -> None:
    from ..api_log import API_LOG

    call = response.request.extensions.get(_CALL)
    if call is None:
        return
    body = None
    if API_LOG.include_bodies:
        body = await response.aread()
    API_LOG.end(call, response.status_code, body)


def log_hooks() -> dict[str, list]:
    """httpx event hooks that feed the API log (dashtui/api_log.py): every client of every
    backend installs these, so each call is logged once, the same way. No headers."""
    return {"request": [_log_request], "response": [_log_response]}


def bearer_client(token: str, user_agent: str, timeout: float, transport: Any) -> Any:
    """An httpx.AsyncClient that sends the token as a bearer (left out when it could not
    go in a header: the caller then reports the unusable key) and follows no redirect."""
    import httpx  # ~0.2 s to import: not on the start-up path

    add_secret(token)  # whatever prints a URL, body or error from here on masks it
    headers = {"Accept": "application/json", "User-Agent": user_agent}
    if token.isascii() and token.isprintable():
        headers["Authorization"] = f"Bearer {token}"
    return httpx.AsyncClient(headers=headers, timeout=timeout, transport=transport,
                             follow_redirects=False, event_hooks=log_hooks())


async def one_brand_lists(list_posts: Callable[[int], Awaitable[Any]], brand_ids: Iterable[int],
                          brand: int, not_found: Callable[[int], BackendError]
                          ) -> dict[int, Any]:
    """`list_posts_by_brand` of a service whose workspace is one brand: that brand's list
    (or its error), `not_found(b)` for any other brand asked for."""
    out: dict[int, Any] = {}
    for b in dict.fromkeys(int(b) for b in brand_ids):
        if b != brand:
            out[b] = not_found(b)
            continue
        try:
            out[b] = await list_posts(b)
        except BackendError as exc:
            out[b] = exc
    return out


class ClientBase:
    """`async with Client(...) as c:` closes the client on the way out. A subclass defines
    `aclose` and `root`, and overrides what it knows better."""

    root: str

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        raise NotImplementedError

    @property
    def rate_limit(self) -> Any:
        return None  # the service documents no rate limit

    def endpoints(self) -> dict[str, str]:
        return {"api": self.root}

    def scrub(self, value: Any) -> Any:
        return scrub(value)

    async def delete_posts(self, platform: Any, post_ids: Any) -> dict[Any, BackendError | None]:
        raise NotImplementedError

    async def delete_post(self, platform: Any, post_id: Any) -> None:
        """One id through the service's bulk delete: its outcome, raised."""
        error = (await self.delete_posts(platform, [post_id]))[post_id]
        if error is not None:
            raise error

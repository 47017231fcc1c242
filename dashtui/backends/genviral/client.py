"""GenviralClient: dashtui's Backend over the Genviral Partner API (peers.md section 2).

One workspace (the API key's scope) is one brand, id 1. Posts go to 1-10 accounts; the row's
platform is the first account's (convert.py). One refresh asks `list_posts` once per
platform: they share one listing, memoised for LISTING_TTL seconds behind an asyncio.Lock.

Writes are never retried here (the outbox does that). A create carries `external_id`, the
documented idempotency key: a create whose answer was lost is found by it, or re-sent with
the same key, which Genviral replays (200, `duplicate: true`) instead of doubling.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...backend import Capabilities
from ...domain.platforms import Platform, spec
from ...domain.posts import Board, LibraryMedia, Post, SelfInfo
from ...errors import (AuthError, BackendError, MalformedResponse, NotFoundError,
                       TransientError, ValidationError, add_secret)
from ..http_kit import ClientBase, bearer_client, one_brand_lists, slug
from . import bulk, convert, envelope

if TYPE_CHECKING:  # httpx costs ~0.2 s to import: not on the start-up path
    import httpx

    from ...domain.rules import Finding

DEFAULT_ROOT = "https://www.genviral.io/api/partner/v1"
LISTING_TTL = 2.0  # seconds one listing serves every platform of a refresh
LIST_LIMIT = 100  # posts per listing ([infer] the largest `limit` we assume it takes)
LIST_STATUSES = ("draft", "pending", "scheduled", "posted", "failed", "partial", "retry")
RETRY_CHUNK, DELETE_CHUNK = 20, 50
ACCOUNTS_TTL = 300.0
READ_RETRY_DELAY = 0.2  # seconds before a read is tried again (times the attempt)
PLATFORMS = ("instagram", "facebook", "tiktok", "twitter", "linkedin", "youtube", "pinterest",
             "bluesky")


class GenviralClient(ClientBase):
    """`async with GenviralClient(token) as gv:`; see the module docstring."""

    name = "genviral"
    capabilities = Capabilities(
        drafts=True, approvals=False, bulk_delete=True,
        idempotency_key=True, editable_statuses=convert.EDITABLE, time_input="utc_instant",
        label="Genviral", platforms=PLATFORMS, retry_style="endpoint",
        retry_hint="Genviral publishes the failed accounts again itself (POST /posts/retry); "
                   "accounts that already posted are not sent again.",
        multi_account=True, manual_publishing=False, platform_fields=False)

    def __init__(self, token: str, root: str = DEFAULT_ROOT, *, workspace: str | None = None,
                 timeout: float = 15.0, transport: httpx.AsyncBaseTransport | None = None
                 ) -> None:
        self._token = (token or "").strip()
        add_secret(self._token)
        self.root = root.rstrip("/")
        self.workspace = workspace or "Genviral workspace"
        self.timeout = timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._accounts: dict[str, dict[str, Any]] = {}
        self._accounts_at = 0.0
        self._listing: tuple[float, list[dict[str, Any]]] | None = None
        self._lock: asyncio.Lock | None = None
        #: posts of the last listing none of whose accounts is on a known network
        self.unshown: list[str] = []
        #: True when the last listing missed posts: more of a status than one call returns,
        #: or canceled/deleted ones past the first page (the status filter refuses them)
        self.listing_truncated = False

    def __repr__(self) -> str:  # never the token
        return f"GenviralClient(root={self.root!r})"

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- http -----------------------------------------------------------------------------
    @property
    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = bearer_client(self._token, f"dashtui/{__version__} (+httpx)",
                                         self.timeout, self._transport)
        return self._client

    async def _call(self, method: str, path: str, what: str, *, params: dict | None = None,
                    json: Any = None, caption_field: str = "caption") -> dict[str, Any]:
        """One request; the whole envelope of a success, or a neutral error. Reads are
        tried up to three times on a transient failure, writes once."""
        import httpx

        url = f"{self.root}{path}"
        if not self._token or not (self._token.isascii() and self._token.isprintable()):
            raise AuthError(f"No usable Genviral API key is set. {envelope.KEY_HELP}",
                            method=method, url=url)
        attempts = 3 if method == "GET" else 1
        for attempt in range(1, attempts + 1):
            error: BackendError | None = None
            try:
                async with asyncio.timeout(self.timeout + 5):
                    resp = await self._http.request(method, url, params=params, json=json)
            except (httpx.HTTPError, httpx.InvalidURL, TimeoutError) as exc:
                error = envelope.transport_error(exc, method, url, self.timeout)
            if error is None:
                try:
                    return envelope.unwrap(resp, what, caption_field)
                except BackendError as exc:
                    error = exc
            if not isinstance(error, TransientError) or attempt == attempts:
                error.attempts = attempt
                raise error
            await asyncio.sleep(READ_RETRY_DELAY * attempt)
        raise AssertionError("unreachable")

    @staticmethod
    def _data(body: dict[str, Any], what: str, kind: type = dict) -> Any:
        data = body.get("data")
        if not isinstance(data, kind):
            raise MalformedResponse(f"Genviral's answer for {what} has no {kind.__name__} "
                                    "in `data`.", details={"data": str(data)[:200]})
        return data

    # -- accounts -------------------------------------------------------------------------
    async def accounts(self, *, fresh: bool = False) -> dict[str, dict[str, Any]]:
        """GET /accounts, cached: id -> account (platform, type, status, capabilities)."""
        if fresh or not self._accounts or time.monotonic() - self._accounts_at > ACCOUNTS_TTL:
            body = await self._call("GET", "/accounts", "the accounts")
            data = body.get("data")
            items = data.get("accounts") if isinstance(data, dict) else data
            if not isinstance(items, list):
                raise MalformedResponse("Genviral's account list has no accounts array.")
            self._accounts = {str(a["id"]): a for a in items
                              if isinstance(a, dict) and a.get("id")}
            self._accounts_at = time.monotonic()
        return self._accounts

    def cached_accounts(self) -> dict[str, dict[str, Any]]:
        return dict(self._accounts)

    async def whoami(self) -> SelfInfo:
        await self.accounts(fresh=True)  # proves the key, and fills the rules' cache
        return SelfInfo.model_validate({
            "accessible_brands": [1],
            "brands": {slug(self.workspace, "workspace"): {
                "id": 1, "name": self.workspace, "slug": slug(self.workspace, "workspace")}}})

    # -- reading --------------------------------------------------------------------------
    def _post(self, data: Any, what: str, warnings: list | None = None) -> Post:
        if not isinstance(data, dict) or not data.get("id"):
            raise MalformedResponse(f"Genviral's answer for {what} is not a post.")
        post = convert.to_post(data, self._accounts, warnings=warnings)
        if post is None:
            networks = sorted({str(a.get("platform") if isinstance(a, dict) else "?")
                               for a in data.get("accounts") or []}) or ["no accounts"]
            raise MalformedResponse(f"{what} goes to no network dashtui knows "
                                    f"({', '.join(networks)}).")
        return post

    async def _list_raw(self, status: str | None = None) -> tuple[list[dict], dict]:
        params: dict[str, Any] = {"limit": LIST_LIMIT}
        if status:
            params["status"] = status
        body = await self._call("GET", "/posts", "the post list", params=params)
        data = body.get("data")
        posts = data.get("posts") if isinstance(data, dict) else data
        if not isinstance(posts, list):
            raise MalformedResponse("Genviral's post list has no posts array.")
        summary = data.get("summary") if isinstance(data, dict) else None
        return [p for p in posts if isinstance(p, dict)], summary or {}

    async def _listing_now(self) -> list[dict[str, Any]]:
        """Every post, one listing shared by all platforms for LISTING_TTL seconds. When the
        summary counts more posts of a status than came back, that status is asked for."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._listing and time.monotonic() - self._listing[0] < LISTING_TTL:
                return self._listing[1]
            if not self._accounts:
                try:
                    await self.accounts()
                except BackendError:
                    pass  # posts name their accounts' platforms themselves
            posts, summary = await self._list_raw()
            by_id = {str(p.get("id")): p for p in posts}
            counts = summary.get("by_status") if isinstance(summary, dict) else None
            truncated = False
            if len(posts) >= LIST_LIMIT and isinstance(counts, dict):
                for status, n in counts.items():
                    have = sum(1 for p in by_id.values() if p.get("status") == status)
                    if not isinstance(n, int) or n <= have:
                        continue
                    try:  # the filter documents seven statuses; others may be refused
                        more, _ = await self._list_raw(status)
                    except ValidationError:
                        if status in LIST_STATUSES:
                            raise
                        more = []
                    by_id.update({str(p.get("id")): p for p in more})
                    truncated |= n > len(more)
            elif len(posts) >= LIST_LIMIT:
                truncated = True  # a full page and no counts: there may be more
            self.listing_truncated = truncated
            self._listing = (time.monotonic(), list(by_id.values()))
            return self._listing[1]

    def _forget_listing(self) -> None:
        self._listing = None

    async def list_posts(self, platform: Platform | str, brand_id: int | Sequence[int],
                         start: datetime | None, end: datetime | None) -> list[Post]:
        platform = Platform(platform)
        brands = {brand_id} if isinstance(brand_id, int) else set(brand_id)
        if 1 not in brands:
            return []
        out, unshown = [], []
        for data in await self._listing_now():
            try:
                post = convert.to_post(data, self._accounts)
            except Exception:  # noqa: BLE001 - one odd post never hides the rest
                post = None
            if post is None:
                unshown.append(str(data.get("id")))
                continue
            if post.platform is not platform:
                continue
            if start is not None and end is not None:
                if post.timestamp is None or not start <= post.timestamp <= end:
                    continue
            out.append(post)
        self.unshown = unshown
        return out

    async def list_posts_by_brand(self, platform: Platform | str, brand_ids: Sequence[int],
                                  start: datetime, end: datetime
                                  ) -> dict[int, list[Post] | BackendError]:
        return await one_brand_lists(
            lambda brand: self.list_posts(platform, brand, start, end), brand_ids, 1,
            lambda brand: NotFoundError(f"Genviral has one workspace (brand 1), not brand "
                                        f"{brand}.", status=404))

    async def get_post(self, platform: Platform | str, post_id: Any) -> Post:
        what = f"post {post_id}"
        body = await self._call("GET", f"/posts/{post_id}", what)
        data = self._data(body, what)
        return self._post(data.get("post", data) if isinstance(data.get("post"), dict)
                          else data, what)

    # -- writing --------------------------------------------------------------------------
    def _default_accounts(self, platform: Platform) -> list[str]:
        ids = [aid for aid, a in self._accounts.items()
               if convert.platform_of(a.get("platform")) is platform
               and a.get("status", "active") in ("active", "connected", None)]
        return ids if len(ids) == 1 else []

    async def create_post(self, platform: Platform | str,
                          body: Mapping[str, Any] | Post) -> Post:
        platform = Platform(platform)
        data = body.to_json() if isinstance(body, Post) else dict(body)
        if not (convert.account_ids(data.get("targets"))
                or convert.account_ids(data.get("account_ids"))):
            await self.accounts()
        wire = convert.create_body(platform, data, self._default_accounts(platform))
        if not wire["accounts"]:
            raise ValidationError(
                f"Pick the {spec(platform).label} account(s) this post goes to (Genviral "
                "needs 1-10 accounts).", field_errors={"targets": ["pick at least one "
                                                                    "account"]})
        what = f"the new {spec(platform).label} post"
        self._forget_listing()
        answer = await self._call("POST", "/posts", what, json=wire,
                                  caption_field=spec(platform).caption_field)
        data_out = self._data(answer, what)
        post_data = data_out.get("post") if isinstance(data_out.get("post"), dict) else data_out
        warnings = _warnings(answer, data_out)
        if data_out.get("duplicate") or answer.get("duplicate"):
            warnings.append({"field": "external_id", "code": "DUPLICATE",
                             "message": "Genviral already had this post (same idempotency "
                                        "key); nothing was created twice."})
        if "caption" not in post_data or "accounts" not in post_data:
            return await self._with_warnings(platform, str(post_data["id"]), warnings)
        return self._post(post_data, what, warnings)

    async def _with_warnings(self, platform: Platform, post_id: str, warnings: list) -> Post:
        post = await self.get_post(platform, post_id)
        if warnings:
            post.set("warnings", warnings)
        return post

    async def update_post(self, platform: Platform | str, post_id: Any,
                          changes: Mapping[str, Any]) -> Post:
        """PATCH what changed. `timestamp: None` is sent as `scheduled_at: null`: Genviral's
        immediate queue (pending), i.e. publish now, not "unscheduled". A field Genviral
        can't change is a ValidationError naming it; `external_id` is never sent."""
        platform = Platform(platform)
        wire = convert.patch_body(platform, changes)
        what = f"post {post_id}"
        if not wire:  # nothing Genviral holds changed (only read-only extras)
            return await self.get_post(platform, post_id)
        self._forget_listing()
        answer = await self._call("PATCH", f"/posts/{post_id}", what, json=wire,
                                  caption_field=spec(platform).caption_field)
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        warnings = _warnings(answer, data)
        if "caption" in data and "accounts" in data:
            return self._post(data, what, warnings)
        # the documented answer is partial ({id, status, scheduled_at, warnings}): read it
        return await self._with_warnings(platform, str(post_id), warnings)

    async def delete_posts(self, platform: Platform | str, post_ids: Sequence[Any]
                           ) -> dict[Any, BackendError | None]:
        """POST /posts/delete, 50 ids a call. A post Genviral skips (not there) counts as
        gone; a blocked one (posted, partial, canceled) is a ConflictError."""
        return await self._in_chunks(post_ids, DELETE_CHUNK, "/posts/delete", "delete",
                                     lambda keyed: {"postIds": list(keyed)},
                                     bulk.delete_outcomes)

    async def retry_posts(self, platform: Platform | str, post_ids: Sequence[Any], *,
                          account_ids: Sequence[str] | None = None
                          ) -> dict[Any, BackendError | None]:
        """POST /posts/retry, 20 ids a call; `account_ids` (at most 10) limits it to those
        accounts. Each id's outcome from the 200's `failed` list and `errors` map."""
        accounts = list(dict.fromkeys(str(a) for a in account_ids or []))
        if len(accounts) > 10:
            raise ValidationError("Genviral retries at most 10 accounts per call; pick "
                                  "fewer.", field_errors={"targets": ["at most 10"]})
        def body(keyed: dict[str, Any]) -> dict[str, Any]:
            out: dict[str, Any] = {"post_ids": list(keyed)}
            if accounts:
                out["account_ids"] = accounts
            return out

        return await self._in_chunks(post_ids, RETRY_CHUNK, "/posts/retry", "retry", body,
                                     bulk.retry_outcomes)

    async def _in_chunks(self, post_ids: Sequence[Any], size: int, path: str, verb: str,
                         body: Any, outcomes: Any) -> dict[Any, BackendError | None]:
        """A bulk POST, `size` distinct ids a call: each id's outcome from its call's
        report, or the call's error for every id of a call that failed."""
        ids = list(dict.fromkeys(post_ids))
        out: dict[Any, BackendError | None] = {}
        self._forget_listing()
        for chunk in bulk.chunks(ids, size):
            keyed = {str(i): i for i in chunk}
            try:
                answer = await self._call("POST", path, f"{len(chunk)} post(s) to {verb}",
                                          json=body(keyed))
                data = self._data(answer, f"the {verb} report")
            except BackendError as exc:
                out.update({i: exc for i in chunk})
                continue
            out.update(outcomes(keyed, data))
        return out

    # -- exactly once ---------------------------------------------------------------------
    def prepare_create(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """A fresh `external_id` (Genviral's create idempotency key) unless one is set."""
        body = dict(body)
        # a body made from a post read back from Genviral (undo of a delete, a copy) has
        # that post's key: reusing it would replay the old post, so it gets a new one
        if not body.get("external_id") or "native_status" in body:
            body["external_id"] = f"dashtui-{uuid.uuid4()}"
        return body

    async def find_lost_create(self, platform: str, brand_id: int,
                               body: Mapping[str, Any]) -> Post | None:
        key = body.get("external_id")
        if not key:
            raise BackendError("the queued post has no external_id to look for")
        self._forget_listing()
        for data in await self._listing_now():
            if data.get("external_id") == key:
                return self._post(data, f"post {data.get('id')}")
        return None

    def conflict_version(self, post: Post) -> str | None:
        return convert.version_of(post)

    def same_version(self, post: Post, version: str | None) -> bool:
        return version is None or convert.version_of(post) == version

    def locked_reason(self, post: Post) -> str | None:
        if post.status in convert.EDITABLE:
            return None
        native = str(post.get("native_status") or post.status or "unknown").lower()
        return (f"it is {native}; Genviral only lets draft, pending, scheduled, retry and "
                "failed posts be edited")

    # -- live checks ----------------------------------------------------------------------
    def check(self, post: Post, media: Mapping[int, str] | None = None, *,
              now: datetime, x_premium: bool = False) -> list[Finding]:
        from . import rules

        return rules.check(post, self._accounts, now=now, x_premium=x_premium)

    # -- pickers and media ----------------------------------------------------------------
    async def list_boards(self, brand_id: int) -> list[Board]:
        return []  # Genviral takes Pinterest settings per post; no board list in the API

    async def get_media(self, brand_id: int, media_id: int) -> LibraryMedia:
        raise NotFoundError("Genviral media are URLs on the post, not library items.",
                            status=404)


def _warnings(answer: Mapping[str, Any], data: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = []
    for source in (data.get("warnings"), answer.get("warnings")):
        for w in source or []:
            if isinstance(w, dict) and w not in found:
                found.append({"field": w.get("field"), "message": w.get("message"),
                              "code": w.get("code")})
    return found


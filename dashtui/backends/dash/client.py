"""The Dash API, one method per endpoint, over one shared httpx.AsyncClient.

Endpoints and shapes are from ../shared/reference/dash-api.md (sections 2, 3, 6, 8). Every
failure is a `DashError` subclass (errors.py); retries follow `RetryPolicy` (retry.py).
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from ... import __version__
from .errors import DashError, ForbiddenError, ValidationError
from ...domain.platforms import Platform
from ...backend import Capabilities
from ...domain.status import LOCKED_STATUSES, WRITABLE_STATUSES
from ...domain.timeutil import parse_stamp
from .retry import RateLimit, RetryPolicy
from .mapping import Call
from .session import HttpSession
from ..http_kit import ClientBase
from .urls import ServiceURLs

if TYPE_CHECKING:  # httpx costs ~0.2 s to import: not on the start-up path
    import httpx
    from pydantic import ValidationError as ModelError

    from ...domain.posts import Board, LibraryMedia, Post, SelfInfo
# The models (domain/posts.py, pydantic) are imported where a response is read: the first
# frame paints from the cache, before any, and pydantic is a sixth of start-up.

# why each locked status can't be edited, in words for the editor's banner and bulk reports
LOCKED_WHY = {
    "POSTED": "it is already live, and Dash does not allow edits to a published post",
    "IMPORTED": "it was imported from the network, not scheduled in Dash, so Dash takes no "
                "edits to it",
    "AUTOPUBLISHING": "Dash is publishing it right now; refresh (r) once it has finished",
}
DEFAULT_USER_AGENT = f"dashtui/{__version__} (+httpx)"
SORTS = frozenset({"TIMESTAMP", "-TIMESTAMP", "UPDATED_AT", "-UPDATED_AT"})
BRANDS_PER_LIST = 50  # brand ids in one list call (a short URL; duplicates allow 55)
PER_BRAND_CONCURRENCY = 20  # per-brand list calls in flight at once, all platforms together
RATE_RESERVE = 20  # requests left for everything else before per-brand lists wait a minute


def iso_utc(value: datetime) -> str:
    """UTC ISO-8601 with an explicit offset; offset-less input is taken as UTC (section 9)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()


def to_wire(value: Any) -> Any:
    """JSON-ready data: datetimes as UTC ISO strings, models by their wire names."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    pydantic = sys.modules.get("pydantic")  # not loaded: no model to dump
    if pydantic is not None and isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_wire(v) for v in value]
    return value


class DashClient(ClientBase):
    """Async client of the four Dash services. Use `async with DashClient(token) as dash:`.

    It is dashtui's Dash backend (dashtui.backend.Backend): its failures are the neutral
    errors, and it holds Dash's answers to "which version to compare" (updated_at) and "did
    a lost create land" (post_group_id + platform + time)."""

    name = "dash"
    capabilities = Capabilities(
        drafts=True, approvals=True, bulk_delete=False,
        idempotency_key=False,
        editable_statuses=frozenset(s.value for s in WRITABLE_STATUSES),
        time_input="utc_instant", label="Dash", copy_to_brands=True, post_groups=True,
        platforms=tuple(p.value for p in Platform),
        retry_hint="Dash has no retry call: dashtui sends each post back to AUTOPUBLISHING.")

    def __init__(self, token: str, urls: ServiceURLs = ServiceURLs(), *, timeout: float = 15,
                 retry: RetryPolicy = RetryPolicy(),
                 transport: httpx.AsyncBaseTransport | None = None,
                 user_agent: str = DEFAULT_USER_AGENT, max_pages: int = 200) -> None:
        self.urls = urls
        self.max_pages = max_pages  # bound on `paging.next` hops for one list
        # set once a server refuses several brand_ids in one list: from then on, one per brand
        self.multi_brand_refused = False
        self._per_brand_gate: asyncio.Semaphore | None = None
        self._per_brand_in_flight = 0
        self._session = HttpSession(token, timeout=timeout, retry=retry, transport=transport,
                                user_agent=user_agent)

    def __repr__(self) -> str:  # never the token
        return f"DashClient(urls={self.urls!r})"

    async def aclose(self) -> None:
        await self._session.aclose()

    @property
    def rate_limit(self) -> RateLimit | None:
        """The `x-ratelimit-*` values of the latest answer, None before the first."""
        return self._session.rate_limit

    def endpoints(self) -> dict[str, str]:
        return dict(self.urls.items())

    @property
    def retry(self) -> RetryPolicy:
        return self._session.retry

    def scrub(self, value: Any) -> Any:
        """`value` with the token replaced wherever it appears (for text shown to people:
        an internal error's message and traceback)."""
        return self._session.scrub(value)

    # -- identity -----------------------------------------------------------------------
    async def whoami(self) -> SelfInfo:
        call = Call("auth", "your account")
        resp = await self._session.request("GET", f"{self.urls.auth}/api/self", call)
        from ...domain.posts import SelfInfo

        return self._model(SelfInfo, self._session.json(resp, call), resp, call)

    # -- scheduled posts ----------------------------------------------------------------
    def _posts_url(self, platform: Platform | str, post_id: int | None = None) -> str:
        url = f"{self.urls.scheduler}/{Platform(platform).value}/scheduled_posts"
        return url if post_id is None else f"{url}/{int(post_id)}"

    async def list_posts(self, platform: Platform | str, brand_id: int | Sequence[int],
                         start: datetime | None, end: datetime | None,
                         sort: str = "TIMESTAMP") -> list[Post]:
        """Posts of one brand (or several: `brand_ids` is comma-separated) on one platform
        whose timestamp is in [start, end]. Always with `media_v2=true`, which some readings
        of the docs require.

        With start and end None, every post of the brand, drafts without a time included
        (the only way Dash returns those; it can be slow, and a server that requires
        start/end refuses it with a ValidationError). Follows `paging.next` when Dash
        sends it (section 3), up to `max_pages` hops.
        """
        platform = Platform(platform)
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {sorted(SORTS)}")
        if (start is None) != (end is None):
            raise ValueError("give both start and end, or neither")
        brands = [int(brand_id)] if isinstance(brand_id, int) else [int(b) for b in brand_id]
        if not brands:
            return []
        who = f"brand {brands[0]}" if len(brands) == 1 else f"{len(brands)} brands"
        call = Call("scheduler", f"{platform.value} posts of {who}", "request",
                    brands[0] if len(brands) == 1 else None)
        url: str = self._posts_url(platform)
        params: dict[str, str] | None = {"brand_ids": ",".join(map(str, brands)),
                                          "sort": sort, "media_v2": "true"}
        if start is not None and end is not None:
            params.update(start=iso_utc(start), end=iso_utc(end))
        found: dict[Any, Post] = {}
        visited: set[str] = set()
        for _ in range(self.max_pages):
            resp = await self._session.request("GET", url, call, params=params)
            items, next_url = self._page(self._session.json(resp, call), resp, call)
            for item in items:
                post = self._post(platform, item, resp, call)
                # a post that moved between pages is kept once, in its newest form
                found[post.id if post.id is not None else object()] = post
            if not next_url:
                return list(found.values())
            url, params = self._next_page(str(resp.request.url), next_url, resp, call), None
            if url in visited:
                raise self._session.malformed(resp, call, "paging.next points back to a page "
                                                          "already read")
            visited.add(url)
        raise self._session.malformed(resp, call, f"paging went past {self.max_pages} pages")

    async def list_posts_by_brand(self, platform: Platform | str, brand_ids: Sequence[int],
                                  start: datetime, end: datetime
                                  ) -> dict[int, list[Post] | DashError]:
        """Each brand's posts in [start, end] on one platform, in as few calls as the server
        allows: up to BRANDS_PER_LIST brands per call; if the server refuses a list of
        brands (422/400, or 403 because one of them is out of reach), one call per brand,
        run concurrently but inside the rate limit. A brand's value is its posts or the
        error that kept them; one brand's failure never hides another's posts."""
        brands = list(dict.fromkeys(int(b) for b in brand_ids))
        out: dict[int, list[Post] | DashError] = {}
        if len(brands) > 1 and not self.multi_brand_refused:
            chunks = [brands[i:i + BRANDS_PER_LIST]
                      for i in range(0, len(brands), BRANDS_PER_LIST)]
            answers = await asyncio.gather(*(self._list_chunk(platform, c, start, end)
                                             for c in chunks))
            for chunk, answer in zip(chunks, answers):
                if isinstance(answer, dict):
                    out.update(answer)
                elif not isinstance(answer, (ValidationError, ForbiddenError)):
                    out.update({b: answer for b in chunk})  # a failure, not a refusal
                elif isinstance(answer, ValidationError):
                    self.multi_brand_refused = True
        rest = [b for b in brands if b not in out]
        if self._per_brand_gate is None:  # one gate for every platform's fallback
            self._per_brand_gate = asyncio.Semaphore(PER_BRAND_CONCURRENCY)
        gate = self._per_brand_gate

        async def one(brand: int) -> None:
            async with gate:
                await self._within_rate_limit()
                self._per_brand_in_flight += 1
                try:
                    out[brand] = await self.list_posts(platform, brand, start, end)
                except DashError as exc:
                    out[brand] = exc
                finally:
                    self._per_brand_in_flight -= 1

        await asyncio.gather(*(one(b) for b in rest))
        return {b: out[b] for b in brands}

    async def _list_chunk(self, platform: Platform | str, brands: list[int], start: datetime,
                          end: datetime) -> dict[int, list[Post]] | DashError:
        try:
            posts = await self.list_posts(platform, brands, start, end)
        except DashError as exc:
            return exc
        grouped: dict[int, list[Post]] = {b: [] for b in brands}
        for post in posts:
            if post.brand_id in grouped:  # a brand nobody asked for is not ours to cache
                grouped[post.brand_id].append(post)
        return grouped

    async def _within_rate_limit(self) -> None:
        """Before one of many per-brand calls: when what is left of the budget (less the
        calls still in flight, which the last answer does not count yet) is down to the
        reserve, wait for the window to reset rather than run into 429s."""
        while True:
            seen = self.rate_limit
            if seen is None or seen.remaining is None:
                return
            now = self.retry.wall()
            reset = seen.reset_at.timestamp() if seen.reset_at is not None else None
            left = seen.remaining
            if reset is not None and now >= reset:  # a new window since that answer
                if seen.limit is None:
                    return
                left = seen.limit
            if left - self._per_brand_in_flight > RATE_RESERVE:
                return
            wait = 60.0 if reset is None else reset - now
            await self.retry.sleep(min(60.0, max(wait, 0.05)))

    async def get_post(self, platform: Platform | str, post_id: int) -> Post:
        platform = Platform(platform)
        call = Call("scheduler", f"{platform.value} post {post_id}", "request")
        resp = await self._session.request("GET", self._posts_url(platform, post_id), call,
                                           params={"media_v2": "true"})
        return self._post(platform, self._session.json(resp, call), resp, call)

    async def create_post(self, platform: Platform | str,
                          body: Mapping[str, Any] | Post) -> Post:
        """POST a new post. Never retried here: Dash has no idempotency key (DESIGN)."""
        platform = Platform(platform)
        from ...domain.posts import Post, post_body

        data = post_body(body) if isinstance(body, Post) else to_wire(body)
        brand = data.get("brand_id") if isinstance(data, dict) else None
        call = Call("scheduler", f"new {platform.value} post", "post", _int_or_none(brand))
        resp = await self._session.request("POST", self._posts_url(platform), call,
                                           params={"media_v2": "true"}, json=data)
        return self._post(platform, self._session.json(resp, call), resp, call)

    async def update_post(self, platform: Platform | str, post_id: int,
                          changes: Mapping[str, Any]) -> Post:
        """PATCH only `changes` (the editor's diff). Not retried: the outbox does that."""
        platform = Platform(platform)
        call = Call("scheduler", f"{platform.value} post {post_id}", "post")
        resp = await self._session.request("PATCH", self._posts_url(platform, post_id), call,
                                           params={"media_v2": "true"}, json=to_wire(changes))
        return self._post(platform, self._session.json(resp, call), resp, call)

    # -- exactly once (Dash has no idempotency key) ---------------------------------------
    def prepare_create(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The post_group_id (the post's own, or a fresh one for a brand-new post) with
        platform and time lets a retry find a post a lost answer made."""
        body = dict(body)
        if not body.get("post_group_id"):
            body["post_group_id"] = str(uuid.uuid4())
        return body

    async def find_lost_create(self, platform: str, brand_id: int,
                               body: Mapping[str, Any]) -> Post | None:
        """The same post_group_id on the same platform at the same time (siblings on other
        platforms share the group)."""
        group = body.get("post_group_id")
        if not group:
            raise DashError("the queued post has no post_group_id to look for")
        moment = parse_stamp(body.get("timestamp"))
        if moment is not None:
            posts = await self.list_posts(platform, brand_id, moment - timedelta(days=1),
                                          moment + timedelta(days=1))
        else:
            posts = await self.list_posts(platform, brand_id, None, None)

        def same_time(p: Post) -> bool:
            if moment is None or p.timestamp is None:
                return moment is None and p.timestamp is None
            return abs((p.timestamp - moment).total_seconds()) < 60

        return next((p for p in posts if p.post_group_id == group and same_time(p)), None)

    def conflict_version(self, post: Post) -> str | None:
        """Dash's updated_at, as the edit saw it."""
        return post.updated_at.isoformat() if post.updated_at else None

    def same_version(self, post: Post, version: str | None) -> bool:
        # compared as times, so `...Z` and `...+00:00` are the same version
        if post.updated_at is None or version is None:
            return post.updated_at is None and version is None
        return post.updated_at == datetime.fromisoformat(version.replace("Z", "+00:00"))

    async def delete_post(self, platform: Platform | str, post_id: int) -> None:
        """DELETE; 200, 202 or 204 all mean done (the status is undocumented, section 15)."""
        platform = Platform(platform)
        call = Call("scheduler", f"{platform.value} post {post_id}", "request")
        await self._session.request("DELETE", self._posts_url(platform, post_id), call,
                                    gone_ok=True)

    async def delete_posts(self, platform: Platform | str, post_ids: Sequence[int | str]
                           ) -> dict[int | str, DashError | None]:
        """Dash has no bulk delete: one DELETE per id, each id's own outcome."""
        out: dict[int | str, DashError | None] = {}
        for post_id in post_ids:
            try:
                await self.delete_post(platform, post_id)
            except DashError as exc:
                out[post_id] = exc
            else:
                out[post_id] = None
        return out

    async def retry_posts(self, platform: Platform | str, post_ids: Sequence[int | str], *,
                          account_ids: Sequence[str] | None = None
                          ) -> dict[int | str, DashError | None]:
        raise ValidationError("Dash has no retry endpoint; a retry is a PATCH to "
                              "AUTOPUBLISHING")

    def locked_reason(self, post: Post) -> str | None:
        if post.status in LOCKED_STATUSES:  # Dash refuses these (inferred, reference 6)
            why = LOCKED_WHY.get(post.status, "Dash no longer lets it be changed")
            return f"this post is {post.status}; {why}"
        return None

    # -- live checks ----------------------------------------------------------------------
    def check(self, post: Post, media: Mapping[int, str] | None = None, *,
              now: datetime, x_premium: bool = False) -> list:
        from ...domain import rules  # not needed for the first paint

        return rules.check(post, media, now=now, x_premium=x_premium)

    # -- pinterest boards ---------------------------------------------------------------
    async def list_boards(self, brand_id: int) -> list[Board]:
        call = Call("pinterest", f"Pinterest boards of brand {brand_id}", "request", brand_id)
        url = f"{self.urls.pinterest}/v5/brands/{int(brand_id)}/boards"
        resp = await self._session.request("GET", url, call)
        data = self._session.json(resp, call)
        if isinstance(data, dict) and isinstance(data.get("data"), list):
            data = data["data"]  # the documented shape is a bare array; tolerate the envelope
        if not isinstance(data, list):
            raise self._session.malformed(resp, call, "expected a list of boards")
        from ...domain.posts import Board

        return [self._model(Board, item, resp, call) for item in data]

    # -- library ------------------------------------------------------------------------
    async def get_media(self, brand_id: int, media_id: int) -> LibraryMedia:
        call = Call("library", f"media {media_id} of brand {brand_id}", "request", brand_id)
        url = f"{self.urls.library}/brands/{int(brand_id)}/media/v2/{int(media_id)}"
        resp = await self._session.request("GET", url, call)
        from ...domain.posts import LibraryMedia

        return self._model(LibraryMedia, self._session.json(resp, call), resp, call)

    async def register_media(self, brand_id: int, url: str, *, source_id: str | None = None,
                             filename: str | None = None) -> LibraryMedia:
        """Register a publicly reachable file in the Library (section 8.1, step 2).

        `meta` goes as a JSON-encoded string, as Dash's guide sends it. A fresh `source_id`
        lets a caller find the media again if the answer is lost.
        """
        call = Call("library", f"media {filename or url} for brand {brand_id}", "media",
                    brand_id)
        name = filename or urlsplit(url).path.rsplit("/", 1)[-1] or "upload"
        body = {
            "source": "UPLOAD", "source_id": source_id or str(uuid.uuid4()),
            "type": "UPLOADED", "url": url, "meta": json.dumps({"filename": name}),
            "source_created_at": iso_utc(datetime.now(timezone.utc)),
        }
        resp = await self._session.request(
            "POST", f"{self.urls.library}/brands/{int(brand_id)}/media", call, json=body)
        from ...domain.posts import LibraryMedia

        return self._model(LibraryMedia, self._session.json(resp, call), resp, call)

    async def list_media(self, brand_id: int, *, kinds: tuple[str, ...] = (),
                         limit: int = 300) -> list[LibraryMedia]:
        """The brand's newest media (backend.MediaLibrary); media.py."""
        from .media import list_media

        return await list_media(self, brand_id, kinds=kinds, limit=limit)

    async def upload_media(self, brand_id: int, path: str, *,
                           progress: Any = None) -> LibraryMedia:
        """Upload a local file through the Library's upload flow (media.py), never sending
        the token to the storage host."""
        from .media import upload_file

        return await upload_file(self, brand_id, path, progress=progress)

    # -- helpers ------------------------------------------------------------------------
    def _page(self, data: Any, resp: httpx.Response, call: Call) -> tuple[list, str | None]:
        """Items and the next-page URL from `{data, paging}`, bare `{data}` or a bare array."""
        if isinstance(data, list):
            return data, None
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            raise self._session.malformed(resp, call, "expected {\"data\": [...]}")
        paging = data.get("paging")
        nxt = paging.get("next") if isinstance(paging, dict) else None
        if nxt is not None and not isinstance(nxt, str):
            raise self._session.malformed(resp, call, "paging.next is not a URL")
        return data["data"], nxt or None

    def _next_page(self, current: str, nxt: str, resp: httpx.Response, call: Call) -> str:
        """An absolute next URL on the same origin: the token is never sent elsewhere."""
        url = urljoin(current, nxt)
        a, b = urlsplit(current), urlsplit(url)
        if (a.scheme, a.hostname, a.port) != (b.scheme, b.hostname, b.port):
            raise self._session.malformed(resp, call, f"paging.next points at another host "
                                                      f"({b.hostname}); not following it")
        return url

    def _post(self, platform: Platform, data: Any, resp: httpx.Response, call: Call) -> Post:
        if not isinstance(data, dict):
            raise self._session.malformed(resp, call, "expected a post object")
        from pydantic import ValidationError as ModelError

        from ...domain.posts import parse_post

        problem = None
        try:
            post = parse_post(platform, data)
        except ModelError as exc:
            problem = _first_problem(exc)
        else:
            # an odd value elsewhere is kept aside on the post (parse_post), and the rest of
            # the page lands; but a post is known by its id: without one it can be neither
            # cached nor edited, and dropping it quietly would hide it
            bad_id = next((why for path, _, why in post.unparsed if path == "id"), None)
            if bad_id is None and post.id is not None and not isinstance(post.id, int):
                bad_id = "Dash's post ids are integers"  # the model takes other services'
            if bad_id is None:
                return post
            problem = f"id: {bad_id}"
        raise self._session.malformed(resp, call, f"post doesn't fit: {problem}")

    def _model(self, model: type, data: Any, resp: httpx.Response, call: Call) -> Any:
        from pydantic import ValidationError as ModelError

        problem = None
        if not isinstance(data, dict):
            problem = f"expected an object, got {type(data).__name__}"
        else:
            try:
                return model.model_validate(data)
            except ModelError as exc:
                problem = _first_problem(exc)
        raise self._session.malformed(resp, call, f"{model.__name__}: {problem}")


def _first_problem(exc: ModelError) -> str:
    """The first pydantic complaint, without the offending input (it may be long)."""
    err = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "body"
    return f"{where}: {err.get('msg', 'invalid')}"


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

"""The Infinipost API (peers.md 3, seed 002) as a dashtui Backend, over httpx.

One configured key is one workspace, shown as one brand (id 1). Posts are per account;
`list_posts` reads every post once per refresh (the ten per-platform calls share one cursor
walk, memoised for a couple of seconds) and filters. Infinipost has no idempotency key and
no retry call: a lost create is found by account + caption + time, and a retry is a new copy.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ...backend import Capabilities, EditorField
from ...domain.platforms import Platform, spec
from ...domain.posts import Board, LibraryMedia, Post, SelfInfo
from ...errors import BackendError, MalformedResponse, NotFoundError, ValidationError
from ..http_kit import ClientBase, one_brand_lists, slug
from . import convert as cv
from . import rules
from .deletes import delete_report
from .edits import create_call, jsonable, parse_instant, patch_body, warn, warn_time
from .localtime import ZONES
from .session import HttpSession

if TYPE_CHECKING:
    import httpx

DEFAULT_ROOT = "https://api.infinipost.co/v1"
PAGE_LIMIT = 100  # the documented maximum
LIST_TTL = 2.0  # seconds one listing serves every platform's list call
ACCOUNTS_TTL = 60.0
DELETE_CHUNK = 100  # no documented cap; a page's worth per call
RETRY_HINT = ("Infinipost has no retry and won't edit a failed post: dashtui schedules a new "
              "copy of it 5 minutes from now and leaves the failed one as it is.")
# the editor's rows for an Infinipost post: the extras convert.py puts on it
EDITOR_FIELDS = (
    EditorField("timezone", "Time zone", "choice", ZONES),
    EditorField("content_type", "Content", "choice", ("video", "slideshow")),
    EditorField("content_urls", "Content URLs", "list", placeholder="https://… (one per slide)"),
    EditorField("sound_id", "Sound id", "line", placeholder="TikTok only, from /media/sounds"),
)


class InfinipostClient(ClientBase):
    """Async Infinipost client. Use `async with InfinipostClient(key) as ip:`."""

    name = "infinipost"
    capabilities = Capabilities(
        drafts=False, approvals=False, bulk_delete=True,
        idempotency_key=False, editable_statuses=cv.EDITABLE_DOMAIN,
        time_input="local_with_zone", label="Infinipost", platforms=cv.PLATFORMS,
        zones=ZONES, retry_style="copy", retry_hint=RETRY_HINT, multi_account=False,
        status_choices=(), manual_publishing=False, platform_fields=False,
        editor_fields=EDITOR_FIELDS)

    def __init__(self, token: str, root: str = DEFAULT_ROOT, *, workspace: str | None = None,
                 timeout: float = 15.0, transport: httpx.AsyncBaseTransport | None = None,
                 list_ttl: float = LIST_TTL, max_pages: int = 200,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.root = root.rstrip("/")
        self.workspace = workspace or "Infinipost workspace"
        self.list_ttl = list_ttl
        self.max_pages = max_pages  # bound on cursor hops for one listing
        self._clock = clock
        self._session = HttpSession(token, self.root, timeout=timeout, transport=transport,
                                    sleep=sleep)
        self._lock: asyncio.Lock | None = None
        self._listing: tuple[float, list[dict[str, Any]]] | None = None
        self._writes = 0  # bumped by every write: a listing begun before one is not kept
        self._accounts: dict[str, dict[str, Any]] = {}
        self._accounts_at: float | None = None
        self.listings = 0  # cursor walks done (tests and benchmarks count them)

    def __repr__(self) -> str:  # never the key
        return f"InfinipostClient(root={self.root!r})"

    async def aclose(self) -> None:
        await self._session.aclose()

    @property
    def accounts(self) -> dict[str, dict[str, Any]]:
        """The key's accounts as last read (accountId -> account), for rules and names."""
        return self._accounts

    # -- helpers ----------------------------------------------------------------------------
    def _shape(self, method: str, path: str, what: str, why: str) -> MalformedResponse:
        return MalformedResponse(f"Infinipost sent an answer dashtui can't read for {what} "
                                 f"({why}).", method=method, url=f"{self.root}{path}",
                                 maybe_applied=method != "GET")

    def _post(self, data: Any, method: str, path: str, what: str,
              platform: str | None = None) -> Post:
        try:
            return cv.to_post(data, self._accounts, platform)
        except cv.Unreadable as exc:
            raise self._shape(method, path, what, str(exc)) from None

    def _items(self, data: Any, key: str, method: str, path: str, what: str) -> list:
        if isinstance(data, list):
            return data
        if isinstance(data, dict):
            for name in (key, "data", "items"):
                if isinstance(data.get(name), list):
                    return data[name]
        raise self._shape(method, path, what, f'expected {{"{key}": [...]}}')

    def _forget(self) -> None:
        self._listing = None
        self._writes += 1

    def _gate(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    async def _pages(self, path: str, key: str, what: str,
                     params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every item behind a cursor: `hasMore` + `nextCursor`, at most max_pages hops."""
        query: dict[str, Any] = {"limit": PAGE_LIMIT, **(params or {})}
        items: list[dict[str, Any]] = []
        seen: set[str] = set()
        for _ in range(self.max_pages):
            data = await self._session.call("GET", path, what, params=query)
            items.extend(self._items(data, key, "GET", path, what))
            more = data.get("hasMore") if isinstance(data, dict) else False
            cursor = data.get("nextCursor") if isinstance(data, dict) else None
            if not more:
                return items
            if not isinstance(cursor, str) or not cursor:
                raise self._shape("GET", path, what, "hasMore is true but nextCursor is "
                                                     "missing")
            if cursor in seen:
                raise self._shape("GET", path, what, f"nextCursor {cursor[:24]!r} came back "
                                                     "again: the pages loop")
            seen.add(cursor)
            query["cursor"] = cursor
        raise self._shape("GET", path, what, f"paging went past {self.max_pages} pages")

    # -- accounts and identity ----------------------------------------------------------------
    async def list_accounts(self, *, fresh: bool = False) -> list[dict[str, Any]]:
        """GET /accounts: every account (phoneId, accountStatus, warmupDay, username...)."""
        now = self._clock()
        if not fresh and self._accounts_at is not None and now - self._accounts_at < \
                ACCOUNTS_TTL:
            return list(self._accounts.values())
        items = await self._pages("/accounts", "accounts", "your Infinipost accounts")
        accounts = {}
        for item in items:
            if isinstance(item, dict) and item.get("accountId", item.get("id")) is not None:
                acc = dict(item)
                acc["accountId"] = str(item.get("accountId", item.get("id")))
                accounts[acc["accountId"]] = acc
        self._accounts, self._accounts_at = accounts, now
        return list(accounts.values())

    async def get_account(self, account_id: str) -> dict[str, Any]:
        return await self._get_object(f"/accounts/{account_id}", f"account {account_id}",
                                      "account", "expected an account")

    async def _get_object(self, path: str, what: str, key: str, expected: str
                          ) -> dict[str, Any]:
        """GET one object: the answer's `key` member, or the answer itself."""
        data = await self._session.call("GET", path, what)
        obj = data.get(key, data) if isinstance(data, dict) else None
        if not isinstance(obj, dict):
            raise self._shape("GET", path, what, expected)
        return obj

    async def list_partner_accounts(self, partner_user_id: str) -> list[dict[str, Any]]:
        """GET /partners/accounts?partnerUserId=: a partner user's accounts (status
        pending_creation, warming_up, ready or cancelled). No account deletion here on
        purpose: DELETE /accounts/{id} wipes an account's posts and analytics for good."""
        return await self._pages("/partners/accounts", "accounts",
                                 f"accounts of partner user {partner_user_id}",
                                 {"partnerUserId": partner_user_id})

    async def whoami(self) -> SelfInfo:
        """One brand (id 1) named after the workspace; reading the accounts checks the key."""
        await self.list_accounts(fresh=True)
        name = slug(self.workspace, "infinipost")
        return SelfInfo.model_validate({
            "accessible_brands": [cv.BRAND_ID],
            "brands": {name: {"id": cv.BRAND_ID, "name": self.workspace, "slug": name}}})

    # -- sounds ---------------------------------------------------------------------------------
    async def upload_sound(self, sound_url: str, name: str) -> dict[str, Any]:
        """POST /media/sounds: a TikTok video URL's sound -> {soundId, duration, ...}."""
        data = await self._session.call("POST", "/media/sounds", f"sound {name!r}",
                                        json={"soundUrl": sound_url, "name": name},
                                        noun="sound")
        sound = data.get("sound", data) if isinstance(data, dict) else None
        if not isinstance(sound, dict) or not sound.get("soundId"):
            raise self._shape("POST", "/media/sounds", f"sound {name!r}", "no soundId")
        return sound

    async def list_sounds(self) -> list[dict[str, Any]]:
        return await self._pages("/media/sounds", "sounds", "your sounds")

    # -- reading --------------------------------------------------------------------------------
    async def _all_posts(self, *, fresh: bool = False) -> list[dict[str, Any]]:
        """Every post, one cursor walk per LIST_TTL whatever the number of callers."""
        async with self._gate():
            now = self._clock()
            if not fresh and self._listing is not None and now - self._listing[0] < \
                    self.list_ttl:
                return self._listing[1]
            if self._accounts_at is None or now - self._accounts_at >= ACCOUNTS_TTL:
                await self.list_accounts(fresh=True)
            writes = self._writes
            items = await self._pages("/posts", "posts", "your Infinipost posts")
            self.listings += 1
            if writes == self._writes:  # no write went out while the pages were read
                self._listing = (self._clock(), items)
            return items

    async def list_posts(self, platform: Platform | str, brand_id: int | Sequence[int],
                         start: datetime | None, end: datetime | None) -> list[Post]:
        plat = Platform(platform).value
        brands = {brand_id} if isinstance(brand_id, int) else set(brand_id)
        if plat not in cv.PLATFORMS or cv.BRAND_ID not in brands:
            return []
        if (start is None) != (end is None):
            raise ValueError("give both start and end, or neither")
        if start is not None and end is not None:  # offset-less means UTC, as elsewhere
            start, end = (t if t.tzinfo else t.replace(tzinfo=timezone.utc)
                          for t in (start, end))
        out = []
        for item in await self._all_posts():
            if not isinstance(item, dict) or str(item.get("platform", "")).lower() != plat:
                continue
            post = self._post(item, "GET", "/posts", "your Infinipost posts")
            if start is not None and end is not None:
                if post.timestamp is None or not start <= post.timestamp <= end:
                    continue
            out.append(post)
        return out

    async def list_posts_by_brand(self, platform: Platform | str, brand_ids: Sequence[int],
                                  start: datetime, end: datetime
                                  ) -> dict[int, list[Post] | BackendError]:
        return await one_brand_lists(
            lambda brand: self.list_posts(platform, brand, start, end), brand_ids, cv.BRAND_ID,
            lambda brand: NotFoundError(f"Infinipost workspaces have one brand (1), not "
                                        f"{brand}."))

    async def _raw(self, post_id: Any) -> dict[str, Any]:
        return await self._get_object(f"/posts/{post_id}", f"post {post_id}", "post",
                                      "expected a post object")

    async def get_post(self, platform: Platform | str, post_id: Any) -> Post:
        return self._post(await self._raw(post_id), "GET", f"/posts/{post_id}",
                          f"post {post_id}")

    # -- writing --------------------------------------------------------------------------------
    async def create_post(self, platform: Platform | str,
                          body: Mapping[str, Any] | Post) -> Post:
        """One post on one account (targets[0].account_id or account_id). Never retried:
        Infinipost has no idempotency key (find_lost_create finds a lost one)."""
        plat = Platform(platform).value
        if plat not in cv.PLATFORMS:
            raise ValidationError(f"Infinipost posts to TikTok and Instagram, not {plat}.")
        data = body.to_json() if isinstance(body, Post) else jsonable(dict(body))
        if str(data.get("status") or "").upper() == "DRAFT":
            # a re-created post comes as a draft so it never publishes by itself; here it
            # would (a past time publishes at once), so say so instead
            raise ValidationError("Infinipost has no drafts: give the post a time ahead to "
                                  "schedule it.", field_errors={"status": ["no drafts"]})
        path, payload = create_call(plat, data)
        account = payload["accountIds"][0]
        known = self._accounts.get(account)
        if known and str(known.get("platform", plat)).lower() != plat:
            raise ValidationError(f"Account {account} is on {known.get('platform')}, not "
                                  f"{plat}.", field_errors={"account_id": ["wrong platform"]})
        what = f"new {plat} post"
        self._forget()
        answer = await self._session.call("POST", path, what, json=payload, noun="post")
        posts = self._items(answer, "posts", "POST", path, what)
        mine = [p for p in posts if isinstance(p, dict) and str(p.get("accountId")) == account]
        if not (mine or posts):
            raise self._shape("POST", path, what, "posts[] is empty")
        post = self._post((mine or posts)[0], "POST", path, what, plat)
        warn_time(post, parse_instant(data.get("timestamp")))
        return post

    async def update_post(self, platform: Platform | str, post_id: Any,
                          changes: Mapping[str, Any]) -> Post:
        """PATCH what `changes` asks (domain wire names: the caption field, timestamp in UTC,
        timezone, content_type + content_urls, sound_id), from the post as Infinipost holds
        it now: its zone turns the UTC time into the local time the API takes, and its sound
        is re-sent so a caption edit never strips it."""
        plat = Platform(platform).value
        current = await self._raw(post_id)
        if not changes:
            return self._post(current, "GET", f"/posts/{post_id}", f"post {post_id}")
        body, asked = patch_body(plat, current, jsonable(dict(changes)))
        path, what = f"/posts/{post_id}", f"post {post_id}"
        self._forget()
        answer = await self._session.call("PATCH", path, what, json=body, noun="change")
        raw = answer.get("post", answer) if isinstance(answer, dict) else answer
        post = self._post(raw, "PATCH", path, what, plat)
        warn_time(post, asked)
        if "soundId" in body and post.get("sound_id") != body["soundId"] \
                and isinstance(raw, dict) and "soundId" in raw:
            warn(post, "sound_id", "sound.changed", "Infinipost didn't keep the sound "
                  "dashtui sent; check the post's sound.")
        return post

    async def delete_posts(self, platform: Platform | str, post_ids: Sequence[Any]
                           ) -> dict[Any, BackendError | None]:
        """DELETE /posts {postIds}: each id's outcome from deleted[] / failed[]."""
        out: dict[Any, BackendError | None] = {}
        ids = list(dict.fromkeys(post_ids))
        self._forget()
        for i in range(0, len(ids), DELETE_CHUNK):
            chunk = ids[i:i + DELETE_CHUNK]
            what = f"post {chunk[0]}" if len(chunk) == 1 else f"{len(chunk)} posts"
            try:
                answer = await self._session.call("DELETE", "/posts", what,
                                                  json={"postIds": [str(p) for p in chunk]})
            except BackendError as exc:
                out.update({p: exc for p in chunk})
                continue
            out.update(delete_report(chunk, answer, self.root))
        return out

    async def retry_posts(self, platform: Platform | str, post_ids: Sequence[Any], *,
                          account_ids: Sequence[str] | None = None
                          ) -> dict[Any, BackendError | None]:
        raise ValidationError(f"Infinipost has no retry endpoint. {RETRY_HINT}")

    # -- exactly once -------------------------------------------------------------------------
    def prepare_create(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The body as queued, its account made explicit (`account_id`). Nothing is added
        that would be sent: Infinipost has no field for a client's key."""
        body = dict(body)
        account = cv.account_of(body)
        if account is not None:
            body["account_id"] = account
        return body

    async def find_lost_create(self, platform: str, brand_id: int,
                               body: Mapping[str, Any]) -> Post | None:
        """A post on the same account with the same caption and a time within 60 s of the
        asked one (any time, newest first, when none was asked: "now")."""
        plat = Platform(platform).value
        data = jsonable(dict(body))
        account = cv.account_of(data)
        caption = data.get(spec(plat).caption_field) or ""
        when = parse_instant(data.get("timestamp"))
        matches = []
        for item in await self._all_posts(fresh=True):
            if not isinstance(item, dict) or str(item.get("accountId")) != account:
                continue
            if (item.get("caption") or "").strip() != caption.strip():
                continue
            post = self._post(item, "GET", "/posts", "your Infinipost posts")
            if when is not None and (post.timestamp is None or
                                     abs(post.timestamp - when) > timedelta(seconds=60)):
                continue
            matches.append(post)
        matches.sort(key=lambda p: p.created_at or datetime.min.replace(tzinfo=timezone.utc),
                     reverse=True)
        return matches[0] if matches else None

    def conflict_version(self, post: Post) -> str | None:
        """A hash of what a user edits and of the status: Infinipost documents no
        updatedAt (and an edit's answer may not carry one), so a hash, always."""
        data = {"caption": post.caption, "time": post.timestamp.isoformat()
                if post.timestamp else None, "status": cv.native_status(post),
                # what a PATCH answer carries too (it has no slideDuration)
                **{k: post.get(k) for k in ("timezone", "content_type", "content_urls",
                                            "sound_id")}}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def same_version(self, post: Post, version: str | None) -> bool:
        return version is None or self.conflict_version(post) == version

    def locked_reason(self, post: Post) -> str | None:
        return rules.locked_reason(post)

    def check(self, post: Post, media: Mapping[int, str] | None = None, *,
              now: datetime, x_premium: bool = False) -> list:
        return rules.check(post, self._accounts, now=now)

    # -- pickers and media: Infinipost has neither --------------------------------------------
    async def list_boards(self, brand_id: int) -> list[Board]:
        return []

    async def get_media(self, brand_id: int, media_id: int) -> LibraryMedia:
        raise NotFoundError("Infinipost has no media library: a post's content is its URLs.")

"""A second backend, in memory, no HTTP: proves the core and the UI need only the protocol.

It differs from Dash where the protocol lets a backend differ, so nothing can lean on Dash's
tricks by accident: a post's version is a hash of its content (not `updated_at`), and a create
carries an idempotency key (not a post_group_id) that a lost answer is found by.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from dashtui.backend import Capabilities
from dashtui.domain.platforms import Platform
from dashtui.domain.posts import (Board, LibraryMedia, Post, SelfInfo, WRITABLE_STATUSES,
                                  parse_post)
from dashtui.errors import BackendError, NotFoundError, ValidationError

KEY = "fake_idempotency_key"  # a wire field only this backend knows


@dataclass
class FakeRateLimit:
    limit: int | None = None
    remaining: int | None = None
    reset_at: datetime | None = None
    seen_at: datetime = datetime(2026, 1, 1, tzinfo=timezone.utc)

    @property
    def exhausted(self) -> bool:
        return self.remaining is not None and self.remaining <= 0


def _utc(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat()


class FakeBackend:
    name = "fake"
    capabilities = Capabilities(
        drafts=True, approvals=False, bulk_delete=True,
        idempotency_key=True, editable_statuses=frozenset(s.value for s in WRITABLE_STATUSES),
        time_input="utc_instant", label="Fake", platforms=tuple(p.value for p in Platform))

    def __init__(self, brands: Mapping[int, str], clock) -> None:
        self.brands = dict(brands)
        self.clock = clock
        # what the "server" holds; ids are text, as other services' are (not Dash's ints)
        self.posts: dict[tuple[str, str], dict[str, Any]] = {}
        self.keys: dict[str, tuple[str, str]] = {}  # idempotency key -> the post it made
        self.calls: list[str] = []  # every call by name, in order
        self.closed = False
        self.rate_limit: FakeRateLimit | None = FakeRateLimit(100, 99)
        self._ids = itertools.count(1000)

    # -- seeding (tests only) ---------------------------------------------------------------
    def add(self, platform: str, brand_id: int, **fields: Any) -> str:
        post_id = f"fk-{next(self._ids)}"
        now = _utc(self.clock())
        self.posts[(platform, post_id)] = {"id": post_id, "brand_id": brand_id,
                                           "created_at": now, "updated_at": now, **fields}
        return post_id

    def _parse(self, platform: str, data: dict[str, Any]) -> Post:
        return parse_post(platform, {k: v for k, v in data.items() if k != KEY})

    def _stored(self, platform: Platform | str, post_id: str) -> dict[str, Any]:
        try:
            return self.posts[(Platform(platform).value, post_id)]
        except KeyError:
            raise NotFoundError(f"no {Platform(platform).value} post {post_id} here",
                                status=404) from None

    # -- the protocol -----------------------------------------------------------------------
    async def whoami(self) -> SelfInfo:
        self.calls.append("whoami")
        return SelfInfo.model_validate({
            "accessible_brands": list(self.brands),
            "brands": {f"brand-{bid}": {"id": bid, "name": name}
                       for bid, name in self.brands.items()}})

    async def list_posts(self, platform: Platform | str, brand_id: int | Sequence[int],
                         start: datetime | None, end: datetime | None) -> list[Post]:
        self.calls.append("list_posts")
        platform = Platform(platform).value
        brands = {brand_id} if isinstance(brand_id, int) else set(brand_id)
        out = []
        for (plat, _), data in self.posts.items():
            if plat != platform or data.get("brand_id") not in brands:
                continue
            if start is not None and end is not None:
                if not data.get("timestamp"):
                    continue
                when = datetime.fromisoformat(data["timestamp"])
                if not start <= when <= end:
                    continue
            out.append(self._parse(plat, data))
        return out

    async def list_posts_by_brand(self, platform: Platform | str, brand_ids: Sequence[int],
                                  start: datetime, end: datetime
                                  ) -> dict[int, list[Post] | BackendError]:
        return {b: await self.list_posts(platform, b, start, end) for b in brand_ids}

    async def get_post(self, platform: Platform | str, post_id: int) -> Post:
        self.calls.append("get_post")
        return self._parse(Platform(platform).value, self._stored(platform, post_id))

    async def create_post(self, platform: Platform | str,
                          body: Mapping[str, Any] | Post) -> Post:
        self.calls.append("create_post")
        data = body.to_json() if isinstance(body, Post) else json.loads(json.dumps(body,
                                                                                 default=str))
        if not data.get("brand_id"):
            raise ValidationError("brand_id: required", status=422,
                                  field_errors={"brand_id": ["required"]})
        platform = Platform(platform).value
        post_id = self.add(platform, data.pop("brand_id"), **data)
        if data.get(KEY):
            self.keys[data[KEY]] = (platform, post_id)
        return self._parse(platform, self.posts[(platform, post_id)])

    async def update_post(self, platform: Platform | str, post_id: int,
                          changes: Mapping[str, Any]) -> Post:
        self.calls.append("update_post")
        stored = self._stored(platform, post_id)
        stored.update(json.loads(json.dumps(dict(changes), default=str)))
        stored["updated_at"] = _utc(self.clock())
        return self._parse(Platform(platform).value, stored)

    async def delete_post(self, platform: Platform | str, post_id: int) -> None:
        self.calls.append("delete_post")
        self._stored(platform, post_id)
        del self.posts[(Platform(platform).value, post_id)]

    async def delete_posts(self, platform: Platform | str, post_ids: Sequence[str]
                           ) -> dict[str, BackendError | None]:
        self.calls.append("delete_posts")
        out: dict[str, BackendError | None] = {}
        for post_id in post_ids:
            try:
                self._stored(platform, post_id)
            except NotFoundError as exc:
                out[post_id] = exc
            else:
                del self.posts[(Platform(platform).value, post_id)]
                out[post_id] = None
        return out

    async def retry_posts(self, platform: Platform | str, post_ids: Sequence[str], *,
                          account_ids: Sequence[str] | None = None
                          ) -> dict[str, BackendError | None]:
        raise ValidationError("the fake backend has no retry endpoint")

    def locked_reason(self, post: Post) -> str | None:
        return "it is posted; the fake no longer lets it be changed" \
            if post.status == "POSTED" else None

    def check(self, post: Post, media: Mapping[int, str] | None = None, *,
              now: datetime, x_premium: bool = False) -> list:
        from dashtui.domain import rules

        return rules.check(post, media, now=now, x_premium=x_premium)

    def prepare_create(self, body: Mapping[str, Any]) -> dict[str, Any]:
        body = dict(body)
        body.setdefault(KEY, f"key-{len(self.keys) + next(self._ids)}")
        return body

    async def find_lost_create(self, platform: str, brand_id: int,
                               body: Mapping[str, Any]) -> Post | None:
        self.calls.append("find_lost_create")
        where = self.keys.get(str(body.get(KEY)))
        return self._parse(where[0], self.posts[where]) if where in self.posts else None

    def conflict_version(self, post: Post) -> str | None:
        # the content itself: any change anyone makes is a new version
        data = post.model_dump(mode="json", by_alias=True)
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def same_version(self, post: Post, version: str | None) -> bool:
        return version is None or self.conflict_version(post) == version

    async def list_boards(self, brand_id: int) -> list[Board]:
        self.calls.append("list_boards")
        return [Board.model_validate({"id": "1", "name": "Recipes"})]

    async def get_media(self, brand_id: int, media_id: int) -> LibraryMedia:
        self.calls.append("get_media")
        raise NotFoundError(f"no media {media_id}", status=404)

    def endpoints(self) -> dict[str, str]:
        return {"memory": "in-process"}

    def scrub(self, value: Any) -> Any:
        return value

    async def aclose(self) -> None:
        self.closed = True

    async def __aenter__(self) -> FakeBackend:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def seeded(now: datetime) -> FakeBackend:
    """Brand 1 with a week of posts around `now`: scheduled ones and a failed one."""
    fake = FakeBackend({1: "Fake Bakery"}, clock=lambda: now)
    for day in range(-3, 4):
        when = _utc(now + timedelta(days=day, hours=2))
        fake.add("instagram", 1, status="SCHEDULED", auto_publish=True, timestamp=when,
                 caption=f"Fresh loaf number {day + 4}", post_type="FEED")
        fake.add("twitter", 1, status="SCHEDULED", auto_publish=True, timestamp=when,
                 tweet_status=f"Bread news {day + 4}")
    fake.add("twitter", 1, status="FAILED", auto_publish=True,
             timestamp=_utc(now - timedelta(hours=3)), tweet_status="Oven is on fire",
             auto_publish_error="The fake network refused the post.")
    return fake

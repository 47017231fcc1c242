"""Sending edits to Dash safely: outbox first, conflict check, typed outcomes, no double creates.

Every write is committed to the outbox before it is sent and removed only once Dash has it
(or has said no for good). Network trouble leaves it queued for `flush()` to retry with backoff.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ..api.errors import (AuthError, DashError, DashTimeout, ConnectionFailed, MalformedResponse,
                          RateLimitError, ServerError, ValidationError)
from ..domain.platforms import Platform
from ..domain.posts import Post, create_body
from .cache import Cache
from .outbox import CREATE, DELETE, UPDATE, Outbox, Write

# errors after which the write stays queued: the network or Dash may recover, or the user may
# fix the token; nothing they typed is thrown away
_KEEP = (ConnectionFailed, DashTimeout, ServerError, RateLimitError, MalformedResponse, AuthError)


@dataclass
class Saved:
    post: Post | None  # None after a delete
    write: Write


@dataclass
class Queued:
    write: Write
    reason: str


@dataclass
class Rejected:
    """Dash refused the content: the editor gets the field errors back."""

    write: Write
    message: str
    field_errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Conflict:
    """Someone changed the post since the edit began; the user decides."""

    write: Write
    server: Post


@dataclass
class Failed:
    """Dash said no for a reason editing can't fix (post gone, no access)."""

    write: Write
    message: str


Outcome = Saved | Queued | Rejected | Conflict | Failed


def backoff(attempts: int, *, base: float = 2.0, cap: float = 300.0) -> float:
    """Seconds until the next try: exponential with full jitter, capped at five minutes."""
    return random.uniform(base / 2, min(cap, base * 2 ** attempts))


def _same_time(a: datetime | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == datetime.fromisoformat(b)


class Writer:
    def __init__(self, client, cache: Cache, outbox: Outbox) -> None:
        self.client = client
        self.cache = cache
        self.outbox = outbox

    # -- starting writes --------------------------------------------------------------------
    async def update(self, before: Post, changes: dict[str, Any]) -> Outcome:
        base = before.updated_at.isoformat() if before.updated_at else None
        # a change still queued for this post is folded into this one, so a retry pressed
        # twice (or an edit on top of a queued edit) sends one PATCH, not two
        for queued in self.outbox.for_post(before.platform.value, before.id):
            if queued.kind == UPDATE:
                changes = {**queued.body, **changes}
                base = queued.base_updated_at
                self.outbox.done(queued)
        write = self.outbox.add(
            brand_id=before.brand_id, platform=before.platform.value, kind=UPDATE,
            post_id=before.id, body=changes, base_updated_at=base)
        return await self.send(write)

    async def create(self, platform: Platform | str, brand_id: int,
                     body: dict[str, Any]) -> Outcome:
        # Dash has no idempotency key: the post_group_id lets a retry find the post a lost
        # answer had already created. A post keeps the group it has (a re-create, a copy to
        # another platform); only one without a group gets a fresh one
        body = {**body, "brand_id": brand_id,
                "post_group_id": body.get("post_group_id") or str(uuid.uuid4())}
        write = self.outbox.add(brand_id=brand_id, platform=Platform(platform).value,
                                kind=CREATE, body=body)
        return await self.send(write)

    async def recreate(self, snapshot: Post) -> Outcome:
        """A deleted post back from its snapshot (it gets a new id), in request shape."""
        return await self.create(snapshot.platform, snapshot.brand_id,
                                 create_body(snapshot, datetime.now(timezone.utc)))

    async def delete(self, post: Post) -> Outcome:
        write = self.outbox.add(brand_id=post.brand_id, platform=post.platform.value,
                                kind=DELETE, post_id=post.id, body={})
        return await self.send(write)

    # -- sending ----------------------------------------------------------------------------
    async def send(self, write: Write, *, force: bool = False) -> Outcome:
        """Try once. `force` skips the conflict check (the user chose to keep theirs)."""
        try:
            if write.kind == UPDATE:
                return await self._send_update(write, force)
            if write.kind == CREATE:
                return await self._send_create(write)
            return await self._send_delete(write)
        except ValidationError as exc:
            self.outbox.done(write)
            return Rejected(write, str(exc), exc.field_errors)
        except _KEEP as exc:
            self.outbox.failed_attempt(write, str(exc), backoff(write.attempts))
            return Queued(write, str(exc))
        except DashError as exc:  # 403, 404, 409: retrying won't help
            self.outbox.done(write)
            return Failed(write, str(exc))

    async def _send_update(self, write: Write, force: bool) -> Outcome:
        if not force and write.base_updated_at is not None:
            server = await self.client.get_post(write.platform, write.post_id)
            if not _same_time(server.updated_at, write.base_updated_at):
                self.cache.upsert([server])
                return Conflict(write, server)
        post = await self.client.update_post(write.platform, write.post_id, write.body)
        self.cache.upsert([post])
        self.outbox.done(write)
        return Saved(post, write)

    async def _send_create(self, write: Write) -> Outcome:
        if write.attempts:
            found = await self._find_created(write)
            if found is not None:
                self.cache.upsert([found])
                self.outbox.done(write)
                return Saved(found, write)
        post = await self.client.create_post(write.platform, write.body)
        self.cache.upsert([post])
        self.outbox.done(write)
        return Saved(post, write)

    async def _find_created(self, write: Write) -> Post | None:
        """After a lost answer: did the create land anyway? Look for its post_group_id."""
        group = write.body.get("post_group_id")
        stamp = write.body.get("timestamp")
        if stamp:
            moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
            posts = await self.client.list_posts(write.platform, write.brand_id,
                                                 moment - timedelta(days=1),
                                                 moment + timedelta(days=1))
        else:
            posts = await self.client.list_posts(write.platform, write.brand_id, None, None)
        return next((p for p in posts if p.post_group_id == group), None)

    async def _send_delete(self, write: Write) -> Outcome:
        await self.client.delete_post(write.platform, write.post_id)
        self.cache.remove(write.platform, write.post_id)
        self.outbox.done(write)
        return Saved(None, write)

    async def flush(self, *, due_only: bool = True) -> list[Outcome]:
        """Resend what is queued (oldest first); on app start and on a timer."""
        now = time.time()
        outcomes = []
        for write in self.outbox.pending():
            if due_only and write.next_attempt > now:
                continue
            outcomes.append(await self.send(write))
        return outcomes

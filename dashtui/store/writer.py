"""Sending edits to Dash safely: outbox first, conflict check, typed outcomes, no double creates.

Every write is committed to the outbox before it is sent and removed only once Dash has it
(or has said no for good). Network trouble leaves it queued for `flush()` to retry with backoff.
Exactly once: a write is claimed (marked in flight) for the length of a send, so the flush and
a second save never send it meanwhile; a create that may have reached Dash is looked for
before it is sent again; a retried update that Dash already holds is done, one Dash holds
differently is a conflict the user decides (outbox state `decide`), never re-checked for ever.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..backend import Backend
from ..domain.platforms import Platform
from ..errors import (AuthError, BackendError, MalformedResponse, RateLimitError,
                      TransientError, ValidationError)
from .cache import Cache
from .outbox import CREATE, DECIDE, DELETE, RETRY, SENDING, UPDATE, WAITING, Outbox, Write

if TYPE_CHECKING:  # the models load pydantic: imported where a write is made
    from ..domain.posts import Post
    from .journal import Journal

# errors after which the write stays queued: the network or Dash may recover, or the user may
# fix the token; nothing they typed is thrown away
_KEEP = (TransientError, RateLimitError, MalformedResponse, AuthError)


@dataclass
class Saved:
    post: Post | None  # None after a delete
    write: Write
    # fields the user did not touch that someone changed between the conflict check and the
    # PATCH: field -> (value at the check, value now). Shown as a conflict after the fact.
    raced: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    checked: Post | None = None  # the post as read just before the PATCH


@dataclass
class Queued:
    write: Write
    reason: str
    error: Exception | None = None  # what kept it queued (None: queued without sending)


@dataclass
class Unsure(Queued):
    """A create may already be on Dash but could not be looked for (e.g. Dash refuses to
    list drafts without a time): it waits for the user instead of risking a second post."""


@dataclass
class Rejected:
    """Dash refused the content: the editor gets the field errors back."""

    write: Write
    message: str
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    status: int | None = None  # the HTTP status, when known (for the journal)


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
    status: int | None = None  # the HTTP status, when known (for the journal)


Outcome = Saved | Queued | Rejected | Conflict | Failed  # Unsure is a Queued


# a post still in one of these after a retry whose answer was lost: the retry did not land
RETRY_AGAIN = frozenset({"FAILED", "PARTIALLY_FAILED"})


def backoff(attempts: int, *, base: float = 2.0, cap: float = 300.0) -> float:
    """Seconds until the next try: exponential with full jitter, capped at five minutes."""
    return random.uniform(base / 2, min(cap, base * 2 ** attempts))



def has_values(server: Post, changes: dict[str, Any]) -> bool:
    """Does the post on Dash already hold every queued value? Compared through the model,
    so `...Z` and `...+00:00` are the same time."""
    from pydantic import ValidationError as PydanticError

    from ..domain.posts import parse_post

    current = server.model_dump(mode="json", by_alias=True)
    try:
        wanted = parse_post(server.platform, {**server.to_json(), **changes}).model_dump(
            mode="json", by_alias=True)
    except PydanticError:
        return False
    if "approval_requests" in changes:  # sent as requests, answered with ids and stamps
        from ..domain.approvals import request_shape

        for side in (current, wanted):
            side["approval_requests"] = request_shape(side.get("approval_requests"))
    return all(k in current and current.get(k) == wanted.get(k) for k in changes)


def raced_fields(checked: Post, after: Post, touched: dict[str, Any]) -> dict[str, tuple]:
    """Fields the write did not touch whose values moved between the check and the answer."""
    from ..domain.posts import READ_ONLY_FIELDS

    # only fields both answers carry: a field one answer leaves out is not a change
    old, new = checked.to_json(), after.to_json()
    return {k: (old[k], new[k]) for k in sorted(set(old) & set(new))
            if k not in touched and k not in READ_ONLY_FIELDS and old[k] != new[k]}


class Writer:
    def __init__(self, backend: Backend, cache: Cache, outbox: Outbox,
                 journal: Journal | None = None) -> None:
        self.backend = backend
        self.cache = cache
        self.outbox = outbox
        self.journal = journal  # every answered write is recorded there (store/journal.py)

    # -- starting writes --------------------------------------------------------------------
    async def update(self, before: Post, changes: dict[str, Any]) -> Outcome:
        base = self.backend.conflict_version(before)
        base_post = before.to_json()
        behind: Write | None = None  # an earlier write of this post that isn't finished
        # a change still queued for this post is folded into this one, so a retry pressed
        # twice (or an edit on top of a queued edit) sends one PATCH, not two. One being sent
        # right now (or waiting for a decision) is left alone: this write queues behind it.
        for queued in self.outbox.for_post(before.platform.value, before.id):
            if queued.state == WAITING and queued.kind == UPDATE \
                    and self.outbox.take_waiting(queued):
                changes = {**queued.body, **changes}
                base = queued.base_updated_at
                base_post = queued.base or base_post
            else:
                behind = behind or queued
        write = self.outbox.add(
            brand_id=before.brand_id, platform=before.platform.value, kind=UPDATE,
            post_id=before.id, body=changes, base_updated_at=base, base=base_post)
        if behind is not None:
            why = {DECIDE: "an earlier change to this post needs your decision (pending "
                           "writes, 4)",
                   SENDING: "an earlier change to this post is still being sent"}.get(
                behind.state, "an earlier change to this post is queued ahead of it")
            return Queued(write, f"waits: {why}")
        return await self.send(write)

    async def create(self, platform: Platform | str, brand_id: int,
                     body: dict[str, Any], *, draft_key: str | None = None) -> Outcome:
        # the backend marks the body so a retry can find a post a lost answer made
        body = self.backend.prepare_create({**body, "brand_id": brand_id})
        write = self.outbox.add(brand_id=brand_id, platform=Platform(platform).value,
                                kind=CREATE, body=body, draft_key=draft_key)
        return await self.send(write)

    async def recreate(self, snapshot: Post) -> Outcome:
        """A deleted post back from its snapshot (it gets a new id), in request shape."""
        from ..domain.posts import create_body

        return await self.create(snapshot.platform, snapshot.brand_id,
                                 create_body(snapshot, datetime.now(timezone.utc)))

    async def delete(self, post: Post) -> Outcome:
        # the post as it was goes with the write: the journal keeps it, for undo
        write = self.outbox.add(brand_id=post.brand_id, platform=post.platform.value,
                                kind=DELETE, post_id=post.id, body={}, base=post.to_json())
        return await self.send(write)

    async def retry(self, post: Post, account_ids: list[str] | None = None) -> Outcome:
        """Ask the service to publish a failed post again (a backend whose retry_style is
        "endpoint"), as a queued write like any other: a lost answer is checked, not
        re-sent blindly."""
        write = self.outbox.add(brand_id=post.brand_id, platform=post.platform.value,
                                kind=RETRY, post_id=post.id,
                                body={"account_ids": account_ids} if account_ids else {})
        return await self.send(write)

    def enqueue(self, before: Post, changes: dict[str, Any] | None, reason: str) -> Queued:
        """Queue an update (or, with `changes=None`, a delete) without sending it: a bulk
        action that found Dash down leaves the rest to the outbox's flush."""
        if changes is None:
            write = self.outbox.add(brand_id=before.brand_id, platform=before.platform.value,
                                    kind=DELETE, post_id=before.id, body={},
                                    base=before.to_json())
        else:
            base = self.backend.conflict_version(before)
            for queued in self.outbox.for_post(before.platform.value, before.id):
                if queued.kind == UPDATE:  # folded, as update() does
                    changes = {**queued.body, **changes}
                    base = queued.base_updated_at
                    self.outbox.done(queued)
            write = self.outbox.add(
                brand_id=before.brand_id, platform=before.platform.value, kind=UPDATE,
                post_id=before.id, body=changes, base_updated_at=base)
        self.outbox.failed_attempt(write, reason, backoff(0))
        return Queued(write, reason)

    # -- sending ----------------------------------------------------------------------------
    async def send(self, write: Write, *, force: bool = False,
                   background: bool = False) -> Outcome:
        """Try once. `force`: the user chose this (keep mine over a conflict, send a create
        again without looking); it may send a write that waits for a decision.
        `background` (the flush): nobody is looking, so a refusal is kept for the user
        instead of being dropped."""
        if not self.outbox.claim(write, decided=force):
            current = self.outbox.get(write.id)
            if current is None:
                return Failed(write, "it is no longer queued")
            why = ("it needs your decision first" if current.state == DECIDE else
                   "it is being sent already")
            return Queued(current, why)
        try:
            outcome = await self._attempt(write, force)
        except BaseException as exc:  # cancelled, or a bug: never leave it marked in flight
            try:
                self.outbox.failed_attempt(write, f"interrupted: {type(exc).__name__}", 0)
            except Exception:  # noqa: BLE001 - the original error matters more
                pass
            raise
        return self._settle(write, outcome, background)

    async def _attempt(self, write: Write, force: bool) -> Outcome:
        try:
            if write.kind == UPDATE:
                return await self._send_update(write, force)
            if write.kind == CREATE:
                return await self._send_create(write, force)
            if write.kind == RETRY:
                return await self._send_retry(write)
            return await self._send_delete(write)
        except ValidationError as exc:
            return Rejected(write, str(exc), exc.field_errors, status=exc.status)
        except _KEEP as exc:
            return Queued(write, str(exc), exc)
        except BackendError as exc:  # 403, 404, 409: retrying won't help
            return Failed(write, str(exc), status=exc.status)

    def _settle(self, write: Write, outcome: Outcome, background: bool) -> Outcome:
        """Record what happened to a claimed write; nothing stays marked in flight."""
        self._journal(write, outcome)
        if isinstance(outcome, Saved):
            self.outbox.done(write)
            if write.kind == UPDATE and outcome.post is not None:
                self.outbox.rebase_followers(write,
                                             self.backend.conflict_version(outcome.post))
        elif isinstance(outcome, Unsure):
            self.outbox.needs_decision(write, "unknown", outcome.reason)
        elif isinstance(outcome, Queued):
            self.outbox.failed_attempt(write, outcome.reason, backoff(write.attempts))
        elif isinstance(outcome, Conflict):
            self.outbox.needs_decision(
                write, "conflict", "changed on Dash since the edit began",
                server=outcome.server.to_json())
        elif isinstance(outcome, (Rejected, Failed)):
            if background:
                fields = outcome.field_errors if isinstance(outcome, Rejected) else None
                self.outbox.needs_decision(
                    write, "refused" if isinstance(outcome, Rejected) else "failed",
                    outcome.message, field_errors=fields)
            else:  # the caller shows it (the editor keeps the text)
                self.outbox.done(write)
        return outcome

    def _journal(self, write: Write, outcome: Outcome) -> None:
        """The answer into the journal: what landed, and what the service refused. Still
        queued or waiting for a decision is not an answer yet. A journal that fails never
        fails the write; it says so in its notices."""
        if self.journal is None or not isinstance(outcome, (Saved, Rejected, Failed)):
            return
        try:
            if isinstance(outcome, Saved):
                post = outcome.post
                # the version read before an update counts only if the PATCH then went out
                checked = outcome.checked if outcome.checked is not None \
                    and outcome.checked is not post else None
                self.journal.record(
                    write, ok=True, answer="done" if post is not None else "deleted",
                    post=post.to_json() if post is not None else None,
                    checked=checked.to_json() if checked is not None else None,
                    version=self.backend.conflict_version(post) if post is not None
                    else None)
            else:
                self.journal.record(write, ok=False, answer=outcome.message, post=None,
                                    status=outcome.status)
        except Exception as exc:  # noqa: BLE001 - the write itself went fine
            self.journal.notices.append(f"A write could not be journaled: {exc}")

    async def _send_update(self, write: Write, force: bool) -> Outcome:
        self.outbox.renew(write)
        server = await self.backend.get_post(write.platform, write.post_id)
        if has_values(server, write.body):
            # Dash already holds it: an earlier send whose answer was lost, or the same edit
            # made elsewhere. Done, without a PATCH that would look like a conflict.
            self.cache.upsert([server])
            return Saved(server, write, checked=server)
        if not force and write.base_updated_at is not None \
                and not self.backend.same_version(server, write.base_updated_at):
            self.cache.upsert([server])
            return Conflict(write, server)
        self.outbox.renew(write)
        post = await self.backend.update_post(write.platform, write.post_id, write.body)
        # the answer is the post as our PATCH left it: a field we did not send that differs
        # from the check was changed by someone in between (shown after the fact)
        raced = raced_fields(server, post, write.body)
        if post.platform.value != write.platform:
            # a post's row lives under its first account's platform (Genviral): a change of
            # accounts moves it, and the old row must not linger until the next refresh
            self.cache.remove(write.platform, write.post_id)
        self.cache.upsert([post])
        return Saved(post, write, raced=raced, checked=server)

    async def _send_create(self, write: Write, force: bool) -> Outcome:
        if write.sends > 1 and not force:  # an earlier send began: Dash may have the post
            try:
                found = await self._find_created(write)
            except _KEEP:
                raise
            except BackendError as exc:
                return Unsure(write, "Dash may already have this post (an earlier send got "
                              f"no answer) and dashtui could not check: {exc}")
            if found is not None:
                self.cache.upsert([found])
                return Saved(found, write)
        self.outbox.renew(write)
        post = await self.backend.create_post(write.platform, write.body)
        self.cache.upsert([post])
        return Saved(post, write)

    async def _find_created(self, write: Write) -> Post | None:
        """After a lost answer: did the create land anyway? The backend knows how to tell."""
        self.outbox.renew(write)
        return await self.backend.find_lost_create(write.platform, write.brand_id, write.body)

    async def _send_retry(self, write: Write) -> Outcome:
        self.outbox.renew(write)
        if write.sends > 1:  # an earlier send began: the retry may have been taken already
            server = await self.backend.get_post(write.platform, write.post_id)
            if server.status not in RETRY_AGAIN:
                self.cache.upsert([server])
                return Saved(server, write, checked=server)
        accounts = write.body.get("account_ids") or None
        outcome = (await self.backend.retry_posts(write.platform, [write.post_id],
                                                  account_ids=accounts)).get(write.post_id)
        if outcome is not None:
            raise outcome  # that post's own refusal, mapped like any other error
        self.outbox.renew(write)
        post = await self.backend.get_post(write.platform, write.post_id)
        self.cache.upsert([post])
        return Saved(post, write)

    async def _send_delete(self, write: Write) -> Outcome:
        self.outbox.renew(write)
        await self.backend.delete_post(write.platform, write.post_id)
        self.cache.remove(write.platform, write.post_id)
        return Saved(None, write)

    async def flush(self, *, due_only: bool = True) -> list[Outcome]:
        """Resend what is queued (oldest first); on app start and on a timer.

        Writes being sent (here or by another run) and writes waiting for a decision are
        left alone, and so are later writes of the same post, which go in order."""
        self.outbox.recover()
        now = self.outbox.clock()
        outcomes: list[Outcome] = []
        blocked: set[tuple[str, int]] = set()
        for write in self.outbox.pending():
            key = (write.platform, write.post_id) if write.post_id else None
            if write.state != WAITING or (key and key in blocked):
                if key:
                    blocked.add(key)
                continue
            if due_only and write.next_attempt > now:
                if key:
                    blocked.add(key)
                continue
            outcome = await self.send(write, background=True)
            if key and not isinstance(outcome, Saved):
                blocked.add(key)
            outcomes.append(outcome)
        return outcomes

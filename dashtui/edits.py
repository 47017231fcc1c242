"""Every write the app makes, each one undoable while the app runs.

No Textual here. Screens call these and show the outcomes; undo re-applies previous values,
and undoing a delete re-creates the post from its snapshot (with a new id), in the shape a
create accepts (`create_body`): a failed or posted post comes back as a draft at its time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from .domain.platforms import SPECS, Platform
from .domain.status import PROBLEM_STATUSES, WRITABLE_STATUSES, Status
from .backend import Backend
from .store.outbox import Outbox
from .store.writer import Conflict, Outcome, Queued, Saved, Writer

if TYPE_CHECKING:  # the models load pydantic: not before the first frame
    from .domain.posts import Post


@dataclass
class Skipped:
    """Nothing was sent for this post."""

    message: str


@dataclass
class Result:
    """One post's outcome in a (possibly bulk) action, with a line for the user."""

    post: Post
    outcome: Outcome | Skipped

    @property
    def ok(self) -> bool:
        return isinstance(self.outcome, Saved)

    def line(self) -> str:
        spec = SPECS[self.post.platform]
        what = f"{spec.label} #{self.post.id}" if self.post.id else f"new {spec.label} post"
        o = self.outcome
        if isinstance(o, Saved):
            return f"✓ {what}" + (f" (now #{o.post.id})" if o.post and o.post.id != self.post.id
                                  and self.post.id else "")
        if isinstance(o, Queued):
            return f"… {what}: queued, will retry ({o.reason})"
        if isinstance(o, Conflict):
            return f"⚠ {what}: changed by someone else meanwhile; open it to compare"
        return f"✗ {what}: {getattr(o, 'message', o)}"


@dataclass
class _Inverse:
    kind: str  # "update" (patch back), "recreate" (a deleted post), "delete" (a created one)
    post: Post
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class UndoStep:
    label: str
    inverses: list[_Inverse]


def refusal(post: Post, backend: Backend, status: Status | None = None) -> Skipped | None:
    """Why nothing is sent for this post, whether the write goes now or is queued."""
    if status == Status.AUTOPUBLISHING and post.status == Status.PARTIALLY_FAILED:
        # the post itself is live: publishing it again would post it twice
        return Skipped("it is already live (only part failed); publishing again would post it "
                       "twice. Fix the missing part on the network, or reschedule a copy")
    locked = backend.locked_reason(post)  # the service refuses these; don't spend a request
    return Skipped(locked) if locked else None


def status_changes(post: Post, status: Status) -> dict[str, Any]:
    changes: dict[str, Any] = {"status": status.value}
    if status == Status.AUTOPUBLISHING and post.auto_publish is False:
        changes["auto_publish"] = True  # "publish now" means Dash publishes it
    return changes


def time_changes(post: Post, when: datetime) -> dict[str, Any]:
    """A move in time; a failed post moved in time is rescheduled."""
    changes: dict[str, Any] = {"timestamp": _iso(when)}
    if post.status in PROBLEM_STATUSES:
        changes["status"] = Status.SCHEDULED.value
    return changes


Progress = Callable[[Result], Awaitable[None] | None]
RETRY_COPY_LEAD = timedelta(minutes=5)  # a retry-by-copy is scheduled this far ahead


def retry_copy_body(post: Post, when: datetime) -> dict[str, Any]:
    """A failed post as a new scheduled post at `when`: its content, its account, nothing
    the service computed (status, errors, ids)."""
    from .domain.posts import post_body  # pydantic: not on the first-paint path

    body = post_body(post)
    for key in ("native_status", "warnings", "id"):
        body.pop(key, None)
    body["timestamp"] = _iso(when)
    body["status"] = Status.SCHEDULED.value
    return body
RATE_WAIT_CAP = 90.0  # seconds a bulk action waits for the rate limit before going on anyway


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Edits:
    def __init__(self, writer: Writer, outbox: Outbox,
                 clock: Callable[[], datetime] = _utc_now) -> None:
        self.writer = writer
        self.outbox = outbox
        self.clock = clock  # the session's: whether a re-created post's time is still ahead
        self.undo_stack: list[UndoStep] = []
        # what undo took back, newest last; any new write empties it (as in an editor)
        self.redo_stack: list[UndoStep] = []
        self._batch: UndoStep | None = None  # the bulk action under way gathers undo here

    # -- batches ----------------------------------------------------------------------------
    @contextmanager
    def batch(self, label: str | None = None) -> Iterator[None]:
        """Every write inside is one undo step: a bulk action sent post by post is undone by
        one `u`. Without a label the step takes the first write's (e.g. "delete", which undo
        names). Nested batches join the outer one."""
        if self._batch is not None:
            yield
            return
        self._batch = UndoStep(label or "", [])
        try:
            yield
        finally:
            step, self._batch = self._batch, None
            if step.inverses:
                self.undo_stack.append(step)
                self.redo_stack.clear()

    def _push(self, label: str, inverses: list[_Inverse]) -> None:
        if not inverses:
            return
        if self._batch is None:
            self.undo_stack.append(UndoStep(label, inverses))
            self.redo_stack.clear()
            return
        self._batch.label = self._batch.label or label
        self._batch.inverses.extend(inverses)

    # -- single edits -----------------------------------------------------------------------
    async def save(self, before: Post, changes: dict[str, Any], *, label: str = "edit"
                   ) -> Outcome:
        outcome = await self.writer.update(before, changes)
        # after a race (Dash changed while saving) undo goes back to what Dash held just
        # before the PATCH, not to the older version the edit began from
        base = outcome.checked if isinstance(outcome, Saved) and outcome.raced \
            and outcome.checked is not None else before
        self._remember(label, [Result(base, outcome)], changes_of={id(base): changes})
        return outcome

    async def keep_mine(self, conflict: Conflict, before: Post) -> Outcome:
        """Send the user's change over the newer server version (they saw both)."""
        self.outbox.rebase(conflict.write, conflict.server.updated_at.isoformat()
                           if conflict.server.updated_at else None)
        outcome = await self.writer.send(conflict.write, force=True)
        self._remember("edit", [Result(conflict.server, outcome)],
                       changes_of={id(conflict.server): conflict.write.body})
        return outcome

    def take_theirs(self, conflict: Conflict) -> None:
        self.outbox.done(conflict.write)

    async def create(self, post: Post, brand_id: int, *, draft_key: str | None = None
                     ) -> Outcome:
        """A post made in the editor. Its `post_group_id` is kept (a copy to another platform
        joins its source's group); the writer gives only a post without one a new group."""
        from .domain.posts import post_body

        outcome = await self.writer.create(post.platform, brand_id, post_body(post),
                                           draft_key=draft_key)
        if isinstance(outcome, Saved) and outcome.post is not None:
            self._push("create", [_Inverse("delete", outcome.post)])
        return outcome

    # -- bulk actions -----------------------------------------------------------------------
    async def reschedule(self, posts: Sequence[Post], *, by: timedelta | None = None,
                         to: datetime | None = None, label: str = "reschedule",
                         progress: Progress | None = None) -> list[Result]:
        """Move posts by a delta or to a time. A failed post moved in time is rescheduled."""
        times = [to if to is not None else (p.timestamp + by if p.timestamp and by else None)
                 for p in posts]
        return await self.reschedule_each(list(zip(posts, times)), label=label,
                                          progress=progress)

    async def reschedule_each(self, plan: Sequence[tuple[Post, datetime | None]], *,
                              label: str = "reschedule", progress: Progress | None = None
                              ) -> list[Result]:
        """Each post to its own time (e.g. the next free slot of its platform)."""
        return await self._apply(label, [(post, None if when is None else time_changes(
            post, when)) for post, when in plan], progress)

    async def set_status(self, posts: Sequence[Post], status: Status, *,
                         progress: Progress | None = None) -> list[Result]:
        plans = [(post, refusal(post, self.writer.backend, status)
                  or status_changes(post, status))
                 for post in posts]
        return await self._apply("publish now" if status == Status.AUTOPUBLISHING
                                 else f"set to {status.value.lower()}", plans, progress)

    async def retry(self, posts: Sequence[Post], *, progress: Progress | None = None
                    ) -> list[Result]:
        """Publish failed posts again, the way the service does it (capabilities.retry_style):
        Dash: back to AUTOPUBLISHING; Genviral: its retry call; Infinipost (failed posts
        can't be edited there): a new copy RETRY_COPY_LEAD from now, the failed one kept."""
        style = self.writer.backend.capabilities.retry_style
        if style == "patch_status":
            return await self.set_status(posts, Status.AUTOPUBLISHING, progress=progress)
        results: list[Result] = []
        for post in posts:
            if post.id is None:
                results.append(Result(post, Skipped("it was never created")))
            else:
                await self._pace()
                if style == "endpoint":
                    outcome = await self.writer.retry(post)
                else:
                    outcome = await self.writer.create(
                        post.platform, post.brand_id,
                        retry_copy_body(post, self.clock() + RETRY_COPY_LEAD))
                results.append(Result(post, outcome))
            await _tell(progress, results[-1])
        if style == "copy":  # undo takes the copies back; a service's retry has no undo
            self._push("retry", [_Inverse("delete", r.outcome.post) for r in results
                                 if isinstance(r.outcome, Saved) and r.outcome.post])
        return results

    async def delete(self, posts: Sequence[Post], *, progress: Progress | None = None
                     ) -> list[Result]:
        results = []
        for post in posts:
            await self._pace()
            results.append(Result(post, await self.writer.delete(post)))
            await _tell(progress, results[-1])
        self._push("delete", [_Inverse("recreate", r.post) for r in results if r.ok])
        return results

    async def request_approval(self, posts: Sequence[Post], review_ids: Sequence[int],
                               requested_by: int, *, progress: Progress | None = None
                               ) -> list[Result]:
        """Ask users to approve posts: APPROVAL_REQUIRED and one documented request item per
        reviewer not yet asked (domain/approvals.py). Through the outbox like every PATCH;
        undone by putting back the policy and the requests as they were."""
        from .domain.approvals import request_changes

        plans: list[tuple[Post, dict[str, Any] | Skipped | None]] = []
        for post in posts:
            changes = request_changes(post, review_ids, requested_by)
            plans.append((post, changes or Skipped(
                "everyone named was asked already, and it needs approval already")))
        return await self._apply("request approval", plans, progress)

    async def duplicate_to_brands(self, post: Post, brand_ids: Iterable[int]) -> Outcome:
        """Dash copies the post into other brands itself (`duplicate_to_brand_ids`)."""
        return await self.writer.update(post, {"duplicate_to_brand_ids": list(brand_ids)})

    async def _apply(self, label: str,
                     plans: Sequence[tuple[Post, dict[str, Any] | Skipped | None]],
                     progress: Progress | None = None) -> list[Result]:
        results: list[Result] = []
        changes_of: dict[int, dict[str, Any]] = {}
        for post, changes in plans:
            if isinstance(changes, Skipped):
                results.append(Result(post, changes))
            elif changes is None:
                results.append(Result(post, Skipped("it has no time to move")))
            elif (refused := refusal(post, self.writer.backend)) is not None:
                results.append(Result(post, refused))
            else:
                await self._pace()
                changes_of[id(post)] = changes
                results.append(Result(post, await self.writer.update(post, changes)))
            await _tell(progress, results[-1])
        self._remember(label, results, changes_of=changes_of)
        return results

    async def _pace(self) -> None:
        """Bulk actions stay inside the rate limit: at the limit, wait for its reset."""
        limit = self.writer.backend.rate_limit
        if limit is None or limit.remaining is None or limit.remaining > 1 \
                or limit.reset_at is None:
            return
        wait = limit.reset_at.timestamp() - time.time()
        if 0 < wait:
            await asyncio.sleep(min(wait, RATE_WAIT_CAP))

    def _remember(self, label: str, results: list[Result], *,
                  changes_of: dict[int, dict[str, Any]]) -> None:
        inverses = []
        for r in results:
            if not (r.ok and r.outcome.post is not None):
                continue
            before = r.post.to_json()
            revert = {}
            for key in changes_of.get(id(r.post), {}):
                if key == "duplicate_to_brand_ids":
                    continue
                if key == "status" and before.get(key) not in WRITABLE_STATUSES:
                    continue  # Dash won't take FAILED or POSTED back
                revert[key] = _revert_value(key, before.get(key))
            if revert:
                inverses.append(_Inverse("update", r.outcome.post, revert))
        self._push(label, inverses)

    # -- undo -------------------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    async def _replay(self, step: UndoStep) -> tuple[list[Result], UndoStep]:
        """Apply a step's inverses; returns each post's result and the step that takes
        this back again (undo's is what redo replays, and the other way round)."""
        results: list[Result] = []
        back: list[_Inverse] = []
        for inv in step.inverses:
            if inv.kind == "update":
                current = self.writer.cache.get(inv.post.platform, inv.post.id) or inv.post
                was = current.to_json()
                result = Result(current, await self.writer.update(current, inv.changes))
                if result.ok and result.outcome.post is not None:
                    revert = {k: was.get(k) for k in inv.changes
                              if k != "status" or was.get(k) in WRITABLE_STATUSES}
                    if revert:
                        back.append(_Inverse("update", result.outcome.post, revert))
            elif inv.kind == "recreate":
                result = Result(inv.post, await self.recreate(inv.post))
                if result.ok and result.outcome.post is not None:
                    back.append(_Inverse("delete", result.outcome.post))
            else:
                result = Result(inv.post, await self.writer.delete(inv.post))
                if result.ok:
                    back.append(_Inverse("recreate", inv.post))
            results.append(result)
        return results, UndoStep(step.label, back)

    async def _take(self, source: list, target: list) -> tuple[Any, list[Result]]:
        """Replay the last step of `source` (undo's or redo's); what takes it back goes on
        `target`. (None, []) when there is nothing to take."""
        if not source:
            return None, []
        step = source.pop()
        results, back = await self._replay(step)
        if back.inverses:
            target.append(back)
        return step, results

    async def redo(self) -> tuple[str, list[Result]]:
        """Do again what the last undo took back; it can be undone again."""
        step, results = await self._take(self.redo_stack, self.undo_stack)
        if step is None:
            return "Nothing to redo", []
        return f"Redid {step.label}: {sum(r.ok for r in results)} of {len(results)} post(s)", \
            results

    async def undo(self) -> tuple[str, list[Result]]:
        """Undo the last step; returns a summary line and each post's result."""
        step, results = await self._take(self.undo_stack, self.redo_stack)
        if step is None:
            return "Nothing to undo", []
        ok = sum(r.ok for r in results)
        summary = f"Undid {step.label}: {ok} of {len(results)} post(s)"
        if step.label == "delete" and ok:
            ids = ", ".join(f"#{r.outcome.post.id}" for r in results if r.ok and r.outcome.post)
            summary += f"; re-created with new id(s) {ids}"
            drafts = sum(1 for r in results if r.ok and r.outcome.post
                         and r.outcome.post.status == Status.DRAFT
                         and r.post.status != Status.DRAFT)
            if drafts:
                summary += (f"; {drafts} came back as draft(s): they had failed, were live or "
                            "their time had passed")
        return summary, results

    async def recreate(self, snapshot: Post) -> Outcome:
        """A deleted post back from its snapshot, in request shape, in its own group."""
        from .domain.posts import create_body

        return await self.writer.create(snapshot.platform, snapshot.brand_id,
                                        create_body(snapshot, self.clock()))


def _revert_value(key: str, value: Any) -> Any:
    """What undo sends to put a field back: approval requests in the request shape (the
    answer's items carry ids and stamps a PATCH refuses), an absent policy as Dash's
    default."""
    if key == "approval_requests":
        from .domain.approvals import request_shape

        return request_shape(value)
    if key == "approval_policy" and value is None:
        from .domain.approvals import NOT_REQUIRED

        return NOT_REQUIRED
    return value


async def _tell(progress: Progress | None, result: Result) -> None:
    if progress is not None:
        maybe = progress(result)
        if maybe is not None:
            await maybe


def map_caption(post: Post, platform: Platform) -> Post:
    """A new unsaved post for another platform carrying this post's text and media.

    The caption moves to the target's caption field (IG `caption` -> X `tweet_status`), and
    the target's own required fields are left for the editor's checks to ask for. It joins
    the source's `post_group_id`.
    """
    target = SPECS[platform]
    fields: dict[str, Any] = {
        "brand_id": post.brand_id, "status": Status.DRAFT.value,
        "auto_publish": post.auto_publish if post.auto_publish is not None else True,
        "timestamp": post.timestamp, "media_ids": list(post.media_ids),
    }
    if post.post_group_id:  # the same content on another network: one group, as in Dash
        fields["post_group_id"] = post.post_group_id
    from .domain.posts import new_post

    draft = new_post(platform, **fields)
    if target.caption_allowed(target.default_post_type):
        draft.caption = post.caption
    if target.title_field and post.title:
        draft.set(target.title_field, post.title)
    if target.post_type_required:
        draft.set("post_type", target.default_post_type)
    return draft

"""Compose once for several platforms: one post per platform, one `post_group_id`.

No Textual here: the compose editor (ui/editor/compose.py) and `dashtui new` (compose_cli.py)
both build the posts with `Compose.drafts()`, check them with `check_all`, and create them
with `create_group`, so the shell and the TUI can't disagree about a group.

Exactly once: every create of a group carries the group's id (made once, kept in the editor's
buffer) and its own draft key (`<key>/<platform>`), and goes through the outbox like any
create: a lost answer is looked for (find_lost_create: same group, platform, time) before it
is sent again, and a platform whose create is already queued is never queued twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .domain.platforms import SPECS, Platform, platform_names
from .domain.rules import ERROR, WARNING, Finding
from .domain.status import Status
from .domain.timeutil import SPACING
from .store.outbox import CREATE
from .store.outcome_text import by_outcome
from .store.writer import Queued, Rejected, Saved

if TYPE_CHECKING:
    from .domain.posts import Post
    from .edits import Edits
    from .store.cache import PostRow
    from .store.outbox import Outbox
    from .store.writer import Outcome


def new_group_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Compose:
    """What the user wrote once, and what differs per platform."""

    brand_id: int
    platforms: list[Platform]
    text: str = ""  # the base caption
    variants: dict[Platform, str] = field(default_factory=dict)  # a platform's own caption
    timestamp: datetime | None = None
    status: str = Status.DRAFT.value
    media_ids: list[int] = field(default_factory=list)
    # a platform's own fields by wire path (post_type, meta.title, meta.pinterestBoard, ...)
    extras: dict[Platform, dict[str, Any]] = field(default_factory=dict)
    group_id: str = field(default_factory=new_group_id)
    key: str = field(default_factory=lambda: f"compose-{uuid.uuid4().hex[:10]}")

    def caption_for(self, platform: Platform) -> str:
        variant = self.variants.get(platform)
        return self.text if variant is None else variant

    def draft(self, platform: Platform) -> Post:
        from .domain.posts import new_post

        spec = SPECS[platform]
        post = new_post(platform, brand_id=self.brand_id, status=self.status,
                        auto_publish=True, timestamp=self.timestamp,
                        media_ids=list(self.media_ids), post_group_id=self.group_id)
        if spec.post_type_required:
            post.set("post_type", spec.default_post_type)
        for path, value in self.extras.get(platform, {}).items():
            post.set(path, value)
        if spec.caption_allowed(post.post_type_value) or self.caption_for(platform):
            post.caption = self.caption_for(platform)
        return post

    def drafts(self) -> dict[Platform, Post]:
        return {p: self.draft(p) for p in self.platforms}

    def draft_key(self, platform: Platform) -> str:
        return f"{self.key}/{Platform(platform).value}"

    # -- the buffer on disk (the editor) and the queued writes (the CLI) ------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "brand_id": self.brand_id, "platforms": [p.value for p in self.platforms],
            "text": self.text, "variants": {p.value: t for p, t in self.variants.items()},
            "timestamp": self.timestamp.isoformat() if self.timestamp else None,
            "status": self.status, "media_ids": list(self.media_ids),
            "extras": {p.value: _jsonable(x) for p, x in self.extras.items()},
            "group_id": self.group_id, "key": self.key,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Compose:
        stamp = data.get("timestamp")
        return cls(
            brand_id=int(data["brand_id"]),
            platforms=[Platform(p) for p in data.get("platforms") or []],
            text=data.get("text") or "",
            variants={Platform(p): t for p, t in (data.get("variants") or {}).items()},
            timestamp=datetime.fromisoformat(stamp) if stamp else None,
            status=data.get("status") or Status.DRAFT.value,
            media_ids=[int(i) for i in data.get("media_ids") or []],
            extras={Platform(p): dict(x) for p, x in (data.get("extras") or {}).items()},
            group_id=data.get("group_id") or new_group_id(), key=data.get("key") or "")


def _jsonable(extras: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for path, value in extras.items():
        dump = getattr(value, "to_json", None)
        out[path] = dump() if callable(dump) else value
    return out


# -- checks ---------------------------------------------------------------------------------
Checker = Callable[..., list]


def collisions(post: Post, others: Sequence[PostRow], *, gap: timedelta = SPACING
               ) -> list[PostRow]:
    """The brand's other posts on the same platform less than `gap` from `post` (the
    calendar's conflict rule): the network sees them as a double post."""
    if post.timestamp is None:
        return []
    at = post.timestamp.timestamp()
    return [r for r in others
            if r.platform == post.platform.value and r.brand_id == post.brand_id
            and r.ts is not None and abs(r.ts - at) < gap.total_seconds()
            and (post.id is None or r.id != post.id)]


def nearby_rows(cache: Any, post: Post, gap: timedelta = SPACING) -> list[PostRow]:
    """The brand's cached posts within `gap` of the post's time (any platform)."""
    if post.timestamp is None or post.brand_id is None:
        return []
    return cache.rows([post.brand_id], post.timestamp - gap, post.timestamp + gap,
                      undated=False)


def collision_finding(post: Post, near: Sequence[PostRow], zone: Any) -> Finding | None:
    if not near:
        return None
    spec = SPECS[post.platform]
    shown = ", ".join(f"#{r.id} at {r.when.astimezone(zone):%H:%M}" for r in near[:3])
    more = f" and {len(near) - 3} more" if len(near) > 3 else ""
    minutes = int(SPACING.total_seconds() // 60)
    return Finding(WARNING, "timestamp", f"Within {minutes} minutes of another {spec.label} "
                   f"post of this brand ({shown}{more}): it would go out as a double post.",
                   "timestamp.collision")


def check_all(compose: Compose, check: Checker, media_kinds: Mapping[int, str] | None = None,
              nearby: Callable[[Post], Sequence[PostRow]] | None = None, zone: Any = None
              ) -> dict[Platform, list[Finding]]:
    """Each platform's findings (its own rules, plus collisions when `nearby` is given)."""
    out: dict[Platform, list[Finding]] = {}
    for platform, post in compose.drafts().items():
        found = list(check(post, dict(media_kinds or {})))
        if nearby is not None:
            hit = collision_finding(post, collisions(post, nearby(post)), zone)
            if hit is not None:
                found.append(hit)
        out[platform] = sorted(found, key=lambda f: f.severity != ERROR)
    return out


def has_errors(findings: Mapping[Platform, list[Finding]]) -> bool:
    return any(f.severity == ERROR for fs in findings.values() for f in fs)


# -- creating the group ---------------------------------------------------------------------
Progress = Callable[[Platform, "Outcome"], Awaitable[None] | None]


def already_queued(outbox: Outbox, compose: Compose, platform: Platform) -> list:
    """Creates of this compose for `platform` still in the outbox (a lost answer, a kill)."""
    return [w for w in outbox.find_for_draft(compose.draft_key(platform)) if w.kind == CREATE]


async def create_group(edits: Edits, compose: Compose, *, progress: Progress | None = None,
                       only: Sequence[Platform] | None = None) -> dict[Platform, Outcome]:
    """One create per platform, each through the outbox, all one undo step. A platform
    whose create is already queued is sent from the queue (looked for first), not again."""
    results: dict[Platform, Outcome] = {}
    writer = edits.writer
    with edits.batch("create group"):
        for platform in only or compose.platforms:
            queued = already_queued(edits.outbox, compose, platform)
            if queued:
                outcome = await writer.send(queued[0])
            else:
                outcome = await edits.create(compose.draft(platform), compose.brand_id,
                                             draft_key=compose.draft_key(platform))
            results[platform] = outcome
            if progress is not None:
                maybe = progress(platform, outcome)
                if maybe is not None:
                    await maybe
    return results


def outcome_line(platform: Platform, outcome: Outcome) -> str:
    label = SPECS[platform].label
    return by_outcome(outcome, {
        Saved: lambda o: f"✓ {label}: #{o.post.id if o.post else '?'}",
        Queued: lambda o: f"… {label}: queued ({o.reason}); it is sent later, never twice",
        Rejected: lambda o: f"✗ {label}: refused: {o.message}",
    }, lambda o: f"✗ {label}: {getattr(o, 'message', o)}")


def kept(outcome: Outcome) -> bool:
    """Is the post now on the service or in the outbox (nothing left for the editor)?"""
    return isinstance(outcome, (Saved, Queued))


# -- naming platforms ---------------------------------------------------------------------
def read_platforms(text: str) -> tuple[list[Platform], list[str]]:
    """`instagram, x li Pinterest` -> the platforms in the app's order, and unknown words."""
    names = platform_names()
    words = [w for w in text.replace(",", " ").split() if w]
    unknown = [w for w in words if w.lower() not in names]
    found = {names[w.lower()] for w in words if w.lower() in names}
    return sorted(found, key=list(Platform).index), unknown

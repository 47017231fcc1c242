"""Every documented rule of Dash and the networks, checked against one post.

`check(post)` reads the platform's row of the spec table (platforms.py) and reports what would
make Dash refuse the post or the network fail it, in words a social media manager can act on.
It never raises on data it does not know (a new status, post type or media type): that is a
warning, and the checks that depend on it are skipped. Sources are reference sections 4-13.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timezone

from .platforms import IMAGE, VIDEO, AutoPublish, MediaRule, PlatformSpec, TextUnit, spec
from .posts import DashModel, Post, Status
from .text import count, field_name, hashtags, limit_for, measure

ERROR = "error"
WARNING = "warning"

# X-C shows a bare "24" next to the X fields; most likely replies maxItems (reference 7.5)
MAX_X_REPLIES = 24
MAX_DUPLICATE_BRANDS = 55  # duplicate_to_brand_ids maxItems (reference 4)

_KNOWN_STATUSES = frozenset(Status)
_PUBLISHING = frozenset({Status.AUTOPUBLISHING, Status.SCHEDULED})
_KNOWN_MEDIA = frozenset({IMAGE, VIDEO})


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR or WARNING
    field: str  # wire path: "caption", "media_ids", "meta.pinterestBoard", ...
    message: str
    code: str = ""  # which rule, stable across wording changes: "media.type", "timestamp.past"


@dataclass(frozen=True)
class _Ctx:
    post: Post
    spec: PlatformSpec
    media: Mapping[int, str]
    now: datetime
    x_premium: bool

    @property
    def status(self) -> str | None:
        return self.post.status

    @property
    def post_type(self) -> str | None:
        return self.post.post_type_value if self.spec.post_type_required else None

    @property
    def draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def publishing(self) -> bool:
        """Will be published as it stands: publish now or scheduled.

        With auto_publish false Dash still asks the team to publish it from the phone at that
        time (reference 5), so the media and time rules apply just the same.
        """
        return self.status in _PUBLISHING

    @cached_property
    def media_rule(self) -> MediaRule | None:
        return self.spec.media_rule(self.post_type)

    @cached_property
    def media_kinds(self) -> list[tuple[int, str | None]]:
        """(media id, IMAGE/VIDEO/other, or None when unknown) for each attached media."""
        expanded = {m.id: m.type for m in self.post.media}
        out = []
        for media_id in self.post.media_ids or list(expanded):
            kind = expanded.get(media_id) or self.media.get(media_id)
            out.append((media_id, kind.upper() if isinstance(kind, str) else None))
        return out

    @property
    def where(self) -> str:
        """"TikTok", "Instagram Story": the platform and post type, for messages."""
        pt = self.post_type
        return f"{self.spec.label} {pt.capitalize()}" if pt else self.spec.label


Rule = Callable[[_Ctx], Iterator[Finding]]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _choices(names: list[str]) -> str:
    names = [n.capitalize() for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


# -- status and post type ----------------------------------------------------------------
def _status(c: _Ctx) -> Iterator[Finding]:
    if c.status is None:
        # Dash documents no default status (reference 5); say so rather than guess
        yield Finding(WARNING, "status", "Choose how to publish: publish now, schedule, or "
                      "save as a draft.", "status.missing")
    elif c.status not in _KNOWN_STATUSES:
        yield Finding(WARNING, "status", f"Dash reports the status {c.status!r}, which dashtui "
                      "does not know; checks that depend on the status are skipped.",
                      "status.unknown")
    elif c.draft and not c.spec.drafts:
        # SC-C's publishing-mode table has no draft row; whether Dash refuses it is unknown
        # (reference 5), so this warns rather than blocks
        yield Finding(WARNING, "status", f"Dash documents no drafts for {c.spec.label}: it may "
                      "refuse this one. Schedule the post instead, or keep the draft elsewhere.",
                      "status.no_drafts")


def _post_type(c: _Ctx) -> Iterator[Finding]:
    if not c.spec.post_type_required:
        return
    choices = _choices([t for t in c.spec.post_types if t])
    pt = c.post.post_type_value
    if _blank(pt):
        yield Finding(ERROR, "post_type", f"{c.spec.label} needs a post type: choose {choices}.",
                      "post_type.missing")
    elif pt not in c.spec.post_types:
        yield Finding(WARNING, "post_type", f"{c.spec.label} post type {pt!r} is new to dashtui, "
                      f"so its media rules are not checked; Dash documents {choices}.",
                      "post_type.unknown")


def _required(c: _Ctx) -> Iterator[Finding]:
    for req in c.spec.required:
        if req.post_types is not None and c.post_type not in req.post_types:
            continue
        value = c.post.get(req.field)
        if isinstance(value, DashModel):  # a board without an id is no board
            value = value.get("id")
        where = c.where if req.post_types else c.spec.label
        if _blank(value):
            hint = f": {req.hint}" if req.hint else ""
            yield Finding(ERROR, req.field, f"{where} needs {req.label}{hint}.", "required")
        elif req.pattern and not re.fullmatch(req.pattern, str(value)):
            yield Finding(WARNING, req.field, f"{value!r} does not look like {req.label} "
                          f"{where} accepts{': ' + req.hint if req.hint else ''}.", "format")


# -- publishing ----------------------------------------------------------------------------
def _auto_publish(c: _Ctx) -> Iterator[Finding]:
    if c.post.auto_publish is not False:
        return  # true, or left to Dash's default (the Snapchat example omits it, reference 7.8)
    label = c.spec.label
    if c.spec.auto_publish is AutoPublish.REQUIRED:
        yield Finding(ERROR, "auto_publish", f"{label} only publishes automatically; turn "
                      "auto-publish on.", "auto_publish.required")
    elif c.spec.auto_publish is AutoPublish.FORCED:
        yield Finding(WARNING, "auto_publish", f"{label} always publishes automatically: Dash "
                      "ignores auto-publish off.", "auto_publish.ignored")
    elif c.status == Status.AUTOPUBLISHING:
        # the documented publish-now mode pairs AUTOPUBLISHING with auto_publish true; what
        # false does there is unknown (reference 5): most likely only a phone reminder
        yield Finding(WARNING, "auto_publish", "Publish now with auto-publish off only sends a "
                      "reminder to the Dash app; turn auto-publish on to publish now.",
                      "auto_publish.manual_now")
    if c.spec.first_comment and not _blank(c.post.get("first_comment")):
        yield Finding(ERROR, "first_comment", f"{label} can't post a first comment when "
                      "auto-publish is off; turn auto-publish on or remove the first comment.",
                      "first_comment.manual")


def _timestamp(c: _Ctx) -> Iterator[Finding]:
    if c.status != Status.SCHEDULED:
        return
    ts = c.post.timestamp
    if ts is None:
        yield Finding(ERROR, "timestamp", "A scheduled post needs a date and time; set one, or "
                      "publish now or save it as a draft.", "timestamp.missing")
    elif ts <= c.now:
        # Dash does not document refusing a past time (reference 9); the post could never go
        # out as scheduled, so it is an error here
        yield Finding(ERROR, "timestamp", f"The scheduled time ({ts:%Y-%m-%d %H:%M} UTC) has "
                      "passed; pick a time in the future, or publish now.", "timestamp.past")


# -- media -------------------------------------------------------------------------------
def _caps(rule: MediaRule, draft: bool) -> tuple[int, int, int]:
    """(images, videos, items) a post may hold."""
    if draft and rule.draft_max_items is not None:
        n = rule.draft_max_items
        return n, n, n
    return rule.max_images, rule.max_videos, rule.cap(False)


def _describe(rule: MediaRule, draft: bool) -> str:
    """What the post type takes: "exactly one video", "up to 4 images or one video"."""
    images, videos, items = _caps(rule, draft)
    img = "one image" if images == 1 else f"up to {images} images"
    vid = "one video" if videos == 1 else f"up to {videos} videos"
    if rule.types == {VIDEO}:
        return "exactly one video" if videos == 1 else vid
    if rule.types == {IMAGE}:
        return img
    if rule.mixed:
        return "one image or video" if items == 1 else f"up to {items} images and videos"
    return f"{img} or {vid}"


def _media(c: _Ctx) -> Iterator[Finding]:
    """Attached media whose type is not known cannot be checked: say so."""
    if c.media_rule is None:
        return
    for media_id, kind in c.media_kinds:
        if kind is None:
            yield Finding(WARNING, "media_ids", f"Can't check media {media_id}: its type is not "
                          "known (not loaded from the library yet).", "media.unknown_id")
        elif kind not in _KNOWN_MEDIA:
            yield Finding(WARNING, "media_ids", f"Media {media_id} is of type {kind}, which "
                          f"dashtui does not know; {c.spec.label} may refuse it.",
                          "media.unknown_type")


def _media_fit(c: _Ctx) -> Iterator[Finding]:
    """Media types, counts and mixing for the platform and post type."""
    rule = c.media_rule
    if rule is None:  # no or unknown post type: reported by _post_type
        return
    kinds = [k for _, k in c.media_kinds]
    images, videos, total = kinds.count(IMAGE), kinds.count(VIDEO), len(kinds)
    takes = f"{c.where} takes {_describe(rule, c.draft)}"
    max_images, max_videos, max_items = _caps(rule, c.draft)
    # Instagram stories: several items publish only as a draft
    or_draft = (", or save it as a draft to keep them all"
                if not c.draft and rule.draft_max_items and total <= rule.draft_max_items else "")
    too_many = False
    for kind, n, cap in ((IMAGE, images, max_images), (VIDEO, videos, max_videos)):
        word = kind.lower()
        if n and kind not in rule.types:
            yield Finding(ERROR, "media_ids", f"{takes}; remove the {word}{'s' * (n > 1)}.",
                          "media.type")
            too_many = True
        elif n > cap:
            yield Finding(ERROR, "media_ids", f"{takes}; remove {_plural(n - cap, word)}"
                          f"{or_draft}.", "media.too_many")
            too_many = True
    if images and videos and not rule.mixed and rule.types >= {IMAGE, VIDEO} and max_items > 1:
        yield Finding(ERROR, "media_ids", f"{takes}, not both; keep the images or the video.",
                      "media.mixed")
    elif total > max_items and not too_many:
        yield Finding(ERROR, "media_ids", f"{takes}; remove {_plural(total - max_items, 'item')}"
                      f"{or_draft}.", "media.too_many")


def _media_missing(c: _Ctx) -> Iterator[Finding]:
    """Media needed to publish (or even to draft), and a post with nothing in it."""
    rule = c.media_rule
    if rule is None or c.media_kinds:
        return
    what = _describe(rule, False)
    if c.publishing and rule.required:
        later = ", or save it as a draft" if rule.draft_without_media and c.spec.drafts else ""
        yield Finding(ERROR, "media_ids", f"{c.where} needs {what} to publish; add media{later}.",
                      "media.missing")
    elif c.draft and not rule.draft_without_media:
        yield Finding(ERROR, "media_ids", f"{c.where} needs {what}, even in a draft.",
                      "media.missing")
    elif c.publishing and _blank(c.post.caption) and _blank(c.post.title):
        yield Finding(ERROR, c.spec.caption_field, "Nothing to publish: write some text or add "
                      "media.", "post.empty")


# -- text ----------------------------------------------------------------------------------
_UNIT_WORD = {TextUnit.BYTES: "bytes"}
_UNIT_HINT = {
    TextUnit.WEIGHTED: " (links count 23, emoji and CJK characters 2)",
    TextUnit.CHARS_EMOJI_BYTES: " (each emoji counts its size in bytes, usually 4)",
}


def _text(c: _Ctx) -> Iterator[Finding]:
    for limit in c.spec.text_limits:
        value = c.post.get(limit.field)
        if not isinstance(value, str) or not value:
            continue
        name = field_name(c.spec.platform, limit)
        if limit.field == c.spec.caption_field and not c.spec.caption_allowed(c.post_type):
            others = [t for t in c.spec.post_types if t and c.spec.caption_allowed(t)]
            yield Finding(ERROR, limit.field, f"{c.where} has no {limit.label}; clear it, or "
                          f"make this a {_choices(others)}.", "text.not_allowed")
            continue
        m = measure(c.post, limit, c.x_premium)
        word = _UNIT_WORD.get(limit.unit, "characters")
        if m.over:
            hint = _UNIT_HINT.get(limit.unit, "")
            premium = limit_for(c.spec.platform, limit, True)
            if not c.x_premium and premium > m.limit and m.used <= premium:
                hint += f"; X Premium accounts may post {premium:,}"
            cut = _plural(m.used - m.limit, word[:-1])
            yield Finding(ERROR, limit.field, f"{m.label}: cut {cut}{hint}.", "text.too_long")
        elif m.severity == WARNING:
            yield Finding(WARNING, limit.field, f"{m.label}: past {m.warn_above:,} {word}, "
                          f"{c.spec.label} may cut it short; keep it under {m.warn_above:,}.",
                          "text.long")
        bad = sorted({ch for ch in limit.forbidden if ch in value})
        if bad:
            yield Finding(ERROR, limit.field, f"{name} can't contain {' or '.join(bad)}; remove "
                          "them.", "text.forbidden")


def _hashtags(c: _Ctx) -> Iterator[Finding]:
    # the caption only: whether Instagram adds the first comment's tags is undocumented
    cap = c.spec.max_hashtags
    if cap is None:
        return
    n = hashtags(c.post.caption)
    if n > cap:
        yield Finding(ERROR, c.spec.caption_field, f"{c.spec.label} allows {cap} hashtags; "
                      f"this caption has {n}. Remove {n - cap}.", "hashtags.too_many")


def _replies(c: _Ctx) -> Iterator[Finding]:
    """A thread's replies obey the caption's limit (X)."""
    replies = c.post.get("replies")
    if not isinstance(replies, list) or not replies:
        return
    if len(replies) > MAX_X_REPLIES:
        yield Finding(WARNING, "replies", f"A thread of {len(replies) + 1} posts is longer than "
                      f"Dash seems to allow ({MAX_X_REPLIES} replies).", "replies.too_many")
    limit = next(x for x in c.spec.text_limits if x.field == c.spec.caption_field)
    cap = limit_for(c.spec.platform, limit, c.x_premium)
    for i, reply in enumerate(replies, 1):
        text = reply.get(c.spec.caption_field) if isinstance(reply, dict) else None
        if isinstance(text, str) and (used := count(text, limit.unit)) > cap:
            yield Finding(ERROR, "replies", f"Reply {i} is {used:,}/{cap:,}: cut "
                          f"{_plural(used - cap, 'character')}.", "replies.too_long")


def _duplicates(c: _Ctx) -> Iterator[Finding]:
    brands = c.post.get("duplicate_to_brand_ids")
    if isinstance(brands, list) and len(brands) > MAX_DUPLICATE_BRANDS:
        yield Finding(ERROR, "duplicate_to_brand_ids", f"A post can be copied to at most "
                      f"{MAX_DUPLICATE_BRANDS} brands at once; {len(brands)} are selected.",
                      "duplicate.too_many")


def _unreadable(c: _Ctx) -> Iterator[Finding]:
    """Values Dash sent that the model could not read (posts.parse_post set them aside):
    said wherever checks are shown, so the editor, detail and on-call pane all warn."""
    for path, raw, why in c.post.unparsed:
        shown = json.dumps(raw, ensure_ascii=False, default=str)
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        yield Finding(WARNING, path, f"Dash sent {shown}, which dashtui can't read ({why}). "
                      "It is kept as Dash sent it and never changed unless you do.",
                      "parse.unreadable")


RULES: tuple[Rule, ...] = (
    _status, _post_type, _required, _auto_publish, _timestamp, _media, _media_fit,
    _media_missing, _text, _hashtags, _replies, _duplicates, _unreadable,
)


def check(post: Post, media: Mapping[int, str] | None = None, *, now: datetime | None = None,
          x_premium: bool = False) -> list[Finding]:
    """Everything wrong with a post, errors first.

    `media` gives the type (IMAGE/VIDEO) of attached media ids that `post.media` does not
    expand, e.g. ones just picked from the library. `now` defaults to the current UTC time.
    """
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    ctx = _Ctx(post, spec(post.platform), media or {}, now, x_premium)
    findings = [f for rule in RULES for f in rule(ctx)]
    return sorted(findings, key=lambda f: f.severity != ERROR)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


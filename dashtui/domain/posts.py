"""Pydantic models of Dash's scheduled posts, media, boards and who-am-I.

Every model keeps what it does not know: unknown fields are stored as extras and written back
out, and enum-like fields (status, post_type, media type) are plain strings so a value Dash adds
tomorrow parses today. Known values live in the StrEnums of status.py for comparison and
display; brands are plain records (brands.py), read before pydantic is loaded.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic import ValidationError as ModelError

from .brands import Brand, Organization, find_brand
from .platforms import Platform, spec
from .status import (DONE_STATUSES, FAILED_STATUSES, LOCKED_STATUSES,  # noqa: F401 - re-exported
                     NEEDS_ACTION_STATUSES, PROBLEM_STATUSES, PUBLISHED_STATUSES,
                     RETRYABLE_STATUSES, SCHEDULED_STATUSES, WRITABLE_STATUSES, ApprovalPolicy,
                     Status)


def _utc(value: datetime | None) -> datetime | None:
    """Offset-less datetimes are taken as UTC (reference section 9)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set `a.b.c` inside plain dicts, copying the dicts it passes through."""
    head, _, rest = path.partition(".")
    if rest:
        child = data.get(head)
        child = dict(child) if isinstance(child, dict) else {}
        _set_path(child, rest, value)
        value = child
    data[head] = value


_WIRE_ATTRS: dict[type, dict[str, str]] = {}


def _wire_attrs(cls: type[BaseModel]) -> dict[str, str]:
    """wire name -> attribute name for a model's fields (cached: rules call it per keystroke)."""
    table = _WIRE_ATTRS.get(cls)
    if table is None:
        table = {(info.alias or name): name for name, info in cls.model_fields.items()}
        _WIRE_ATTRS[cls] = table
    return table


def _nested_model(annotation: Any) -> type[DashModel] | None:
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, DashModel):
            return arg
    return None


class DashModel(BaseModel):
    """Base: unknown fields are kept and round-trip."""

    # Input is read by wire name only: with populate_by_name an unknown wire field that happens
    # to match a Python attribute (`caption_text`) would be taken for a known one and renamed on
    # the way out. Pydantic still mishandles an extra named exactly like an aliased attribute,
    # so those attributes get names no wire field will plausibly use.
    # defer_build: schemas are built at first use, not at import (start-up time)
    model_config = ConfigDict(extra="allow", validate_assignment=True, defer_build=True)

    @classmethod
    def attr_for(cls, wire: str) -> str:
        """The Python attribute behind a wire field name (`caption` -> `caption_text`)."""
        return _wire_attrs(cls).get(wire, wire)

    def _field_attr(self, wire: str) -> str | None:
        """The model field holding a wire name, or None when it is an extra."""
        return _wire_attrs(type(self)).get(wire)

    def _get_one(self, wire: str) -> Any:
        attr = self._field_attr(wire)
        if attr is not None:
            return getattr(self, attr)
        # unknown wire names live in the extras, never in properties or methods of the model
        return (self.__pydantic_extra__ or {}).get(wire)

    def get(self, path: str) -> Any:
        """A field by its dotted wire path (`meta.title`), None where absent."""
        value: Any = self
        for part in path.split("."):
            if value is None:
                return None
            if isinstance(value, DashModel):
                value = value._get_one(part)
            elif isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        return value

    def set(self, path: str, value: Any) -> None:
        """Set a field by dotted wire path, creating nested models or dicts on the way."""
        head, _, rest = path.partition(".")
        attr = self._field_attr(head)
        if rest:
            child = self._get_one(head)
            if child is None and attr is not None:
                nested = _nested_model(type(self).model_fields[attr].annotation)
                child = nested() if nested else None
            if isinstance(child, DashModel):
                child = child.model_copy(deep=True)
                child.set(rest, value)
            else:
                child = dict(child) if isinstance(child, dict) else {}
                _set_path(child, rest, value)
            value = child
        if attr is None:
            # an unknown wire name goes straight into the extras, so one that happens to match
            # a property (`caption`, `title`) or a method cannot be mistaken for it
            assert self.__pydantic_extra__ is not None  # extra="allow"
            self.__pydantic_extra__[head] = value
        else:
            setattr(self, attr, value)

    def to_json(self) -> dict[str, Any]:
        """The body as JSON-ready data, extras included, unset optional fields left out."""
        return self.model_dump(mode="json", exclude_unset=True, by_alias=True)


class MediaItem(DashModel):
    """A `media[]` item of a scheduled post, v2 shape (GUIDE example)."""

    id: int
    type: str | None = None  # IMAGE, VIDEO, or whatever Dash adds
    brand_id: int | None = None
    meta: dict[str, Any] | None = None
    source: str | None = None
    source_id: str | None = None
    source_type: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ApprovalRequest(DashModel):
    requested_by_user_id: int | None = None
    review_user_id: int | None = None
    id: int | None = None
    post_id: int | None = None


class Board(DashModel):
    """A Pinterest board from `GET /v5/brands/{id}/boards`; sent whole in `meta.pinterestBoard`."""

    id: str
    name: str = ""
    description: str | None = ""
    preview_url: str | None = None
    protected: bool | None = False

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v


class PinterestMeta(DashModel):
    title: str | None = None
    pinterestBoard: Board | None = None


class Post(DashModel):
    """Fields every platform's scheduled post shares (reference section 4)."""

    platform: ClassVar[Platform]

    # Dash's ids are integers; other services' are strings (UUIDs, `post_...`)
    id: int | str | None = None
    brand_id: int | None = None
    status: str | None = None
    auto_publish: bool | None = None
    timestamp: datetime | None = None
    has_scheduled_time: bool | None = None
    media_ids: list[int] = Field(default_factory=list)
    media: list[MediaItem] = Field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    approval_policy: str | None = None
    approval_status: str | None = None
    approval_requests: list[ApprovalRequest] = Field(default_factory=list)
    num_of_approvals_required: int | None = None
    auto_publish_error: Any = None  # a string in practice; its shape is undocumented
    live_post_url: str | None = None
    post_group_id: str | None = None
    board_ids: list[int] = Field(default_factory=list)
    campaign_ids: list[int] = Field(default_factory=list)
    content_tag_ids: list[int] = Field(default_factory=list)
    sort_index: float | None = None
    alt_text_media_map: dict[str, Any] | None = None
    thumbnail_url: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _numeric_id(cls, value: Any) -> Any:
        # a Dash id sent as "123" is still post 123, as it was before ids could be text
        if isinstance(value, str) and value.isascii() and value.isdigit():
            return int(value)
        return value

    @field_validator("timestamp", "created_at", "updated_at", mode="after")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)

    # -- the caption, whatever the platform calls it --------------------------------------
    @property
    def caption(self) -> str:
        return self.get(spec(self.platform).caption_field) or ""

    @caption.setter
    def caption(self, text: str) -> None:
        # writing back what the getter shows is a no-op, so an absent caption read as "" and
        # written back does not turn into a change (a PATCH of "" Snapchat stories refuse)
        if text != self.caption:
            self.set(spec(self.platform).caption_field, text)

    @property
    def title(self) -> str | None:
        field = spec(self.platform).title_field
        return self.get(field) if field else None

    @property
    def post_type_value(self) -> str | None:
        return getattr(self, "post_type", None)

    @property
    def error_text(self) -> str:
        """`auto_publish_error` as text, whatever shape it arrived in."""
        err = self.auto_publish_error
        if err is None:
            return ""
        if isinstance(err, str):
            return err
        if isinstance(err, dict):
            for key in ("message", "error", "detail", "description"):
                if isinstance(err.get(key), str):
                    return err[key]
        return str(err)

    def status_is(self, *statuses: str) -> bool:
        return self.status in statuses

    # -- values Dash sent that the model could not read (parse_post keeps them aside) -----
    # (path, raw value, why) per value; a private attribute: never dumped, never sent. Its
    # default is an empty tuple, not a factory: pydantic inspects a default factory's
    # signature on every model built (twice per post, half the time of parsing a list).
    _unparsed: Sequence[tuple[tuple[str | int, ...], Any, str]] = PrivateAttr(default=())

    @property
    def unparsed(self) -> list[tuple[str, Any, str]]:
        """`(dotted path, value as Dash sent it, why it did not fit)` for each odd value."""
        return [(_dotted(path), raw, why) for path, raw, why in self._unparsed]

    @property
    def parse_warning(self) -> str:
        """One line for lists and the detail pane; "" when everything parsed."""
        if not self._unparsed:
            return ""
        parts = [f"{path} = {_short(raw)} ({why})" for path, raw, why in self.unparsed]
        n = len(parts)
        return (f"Dash sent {n} value{'s' * (n != 1)} dashtui can't read: " + "; ".join(parts)
                + ". Kept as Dash sent it; dashtui never changes it unless you do.")

    def raw_json(self) -> dict[str, Any]:
        """`to_json()` with the unread values put back where Dash sent them: what the cache
        keeps, so the post reads the same (odd values and warning included) next time."""
        data = self.to_json()
        for path, raw, _ in self._unparsed:
            data = _put(data, path, raw)
        return data

    def restore_unparsed(self, body: dict[str, Any], original: Post | None = None
                         ) -> dict[str, Any]:
        """An outgoing body with this post's unread values nested in fields it sends put
        back as Dash sent them (the user did not touch them), instead of the defaults the
        model shows. Whole unread fields are never added: they are not the body's to send.

        `original`: the post as read, when `self` is an edited copy; a value the user
        changed there is left as the user set it.
        """
        source = original if original is not None else self
        for path, raw, _ in source._unparsed:
            if len(path) < 2 or path[0] not in body:
                continue
            if original is not None and _get_path(self.to_json(), path) != \
                    _get_path(original.to_json(), path):
                continue  # the user set it
            body = _put(body, path, raw)
        return body


class InstagramPost(Post):
    platform: ClassVar[Platform] = Platform.INSTAGRAM
    caption_text: str | None = Field(default=None, alias="caption")
    post_type: str | None = None  # FEED, STORY, REEL
    first_comment: str | None = None
    story_link: str | None = None
    share_to_feed: bool | None = None
    user_tags: list[dict[str, Any]] | None = None
    collaborators: list[dict[str, Any]] | None = None
    cover_image_media_id: int | None = None
    location_id: str | None = None
    shopping_tags: list[dict[str, Any]] | None = None
    thumb_offset: int | None = None


class FacebookPost(Post):
    platform: ClassVar[Platform] = Platform.FACEBOOK
    message: str | None = None
    post_type: str | None = None  # POST, REEL
    first_comment: str | None = None
    link: str | None = None
    link_preview: dict[str, Any] | None = None
    location_id: str | None = None
    cover_image_media_id: int | None = None
    thumb_offset: int | None = None
    video_title: str | None = None
    targeting: dict[str, Any] | None = None


class TikTokPost(Post):
    platform: ClassVar[Platform] = Platform.TIKTOK
    text: str | None = None
    disable_comment: bool | None = None
    disable_duet: bool | None = None
    disable_stitch: bool | None = None
    thumbnail_offset: int | None = None  # milliseconds
    branded_content_type: str | None = None  # promoted, paid_partnership
    music_info: dict[str, Any] | None = None
    tiktok_title: str | None = Field(default=None, alias="title")


class TwitterPost(Post):
    platform: ClassVar[Platform] = Platform.TWITTER
    tweet_status: str | None = None
    replies: list[dict[str, Any]] | None = None
    auto_numbering_enabled: bool | None = None


class TextOnlyPost(Post):
    """A network whose body has only `text` beyond the common fields (Threads, LinkedIn,
    Bluesky): one model, a subclass per network for its `platform`."""

    text: str | None = None


class ThreadsPost(TextOnlyPost):
    platform: ClassVar[Platform] = Platform.THREADS


class LinkedInPost(TextOnlyPost):
    platform: ClassVar[Platform] = Platform.LINKEDIN


class YouTubePost(Post):
    platform: ClassVar[Platform] = Platform.YOUTUBE
    # not `video_title`: that is a Facebook wire field, and a plausible YouTube one
    youtube_title: str | None = Field(default=None, alias="title")
    description: str | None = None
    declared_made_for_kids: bool | None = None  # Dash's own example sends the string "false"


class SnapchatPost(Post):
    platform: ClassVar[Platform] = Platform.SNAPCHAT
    description: str | None = None
    post_type: str | None = None  # STORY, SPOTLIGHT
    save_to_profile: bool | None = None
    locale: str | None = None


class PinterestPost(Post):
    platform: ClassVar[Platform] = Platform.PINTEREST
    note: str | None = None
    link: str | None = None
    meta: PinterestMeta | None = None

    @property
    def board(self) -> Board | None:
        return self.meta.pinterestBoard if self.meta else None


class BlueskyPost(TextOnlyPost):
    platform: ClassVar[Platform] = Platform.BLUESKY


POST_MODELS: dict[Platform, type[Post]] = {
    cls.platform: cls
    for cls in (InstagramPost, FacebookPost, TikTokPost, TwitterPost, ThreadsPost,
                LinkedInPost, YouTubePost, SnapchatPost, PinterestPost, BlueskyPost)
}

# fields the server computes; never sent back on create or PATCH
READ_ONLY_FIELDS = frozenset({
    "id", "created_at", "updated_at", "media", "has_scheduled_time", "approval_status",
    "num_of_approvals_required", "auto_publish_error", "live_post_url",
})


def parse_post(platform: Platform | str, data: dict[str, Any]) -> Post:
    """A post from Dash's JSON. One odd value never loses the post: a value that does not
    fit its field is set aside (kept raw on the post, see `Post.unparsed`) and the rest
    parses, so one surprising post cannot make a whole page of posts unreadable."""
    model = POST_MODELS[Platform(platform)]
    try:
        return model.model_validate(data)
    except ModelError as exc:
        return _parse_partly(model, data, exc)


def _parse_partly(model: type[Post], data: dict[str, Any], exc: ModelError) -> Post:
    work: Any = copy.deepcopy(data)
    aside: list[tuple[tuple[str | int, ...], Any, str]] = []
    for _ in range(8):  # each round sets aside what pydantic named; nesting may need more
        found = []
        for err in exc.errors(include_url=False, include_input=False):
            path = _settable(work, tuple(err.get("loc", ())))
            if path and all(path[:len(p)] != p for p, _ in found):
                found = [(p, m) for p, m in found if p[:len(path)] != path]
                found.append((path, err.get("msg", "invalid")))
        if not found:
            break
        for path, why in found:
            aside.append((path, _pop(work, path), why))
        try:
            post = model.model_validate(work)
        except ModelError as again:
            exc = again
            continue
        post._unparsed = aside
        return post
    # nothing narrower worked: keep only what the list needs, the rest aside
    keep = {k: work[k] for k in ("id", "brand_id") if isinstance(work.get(k), int)}
    post = model.model_validate(keep)
    post._unparsed = aside + [((k,), v, "not read") for k, v in work.items() if k not in keep]
    return post


def _settable(data: Any, loc: tuple) -> tuple[str | int, ...]:
    """The part of `loc` to set aside: a dict key that is present in the data. An index
    (a list item that is wrong as a whole) or a missing required key means its container."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        path.append(part)
    while path and isinstance(path[-1], int):
        path.pop()
    return tuple(path)


def _pop(data: Any, path: tuple) -> Any:
    node = data
    for part in path[:-1]:
        node = node[part]
    return node.pop(path[-1])


def _get_path(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _put(data: Any, path: tuple, value: Any) -> Any:
    """`data` with `value` at `path` (dict keys and list indexes), copying what it passes."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(data) if isinstance(data, list) else []
        if head >= len(items):
            items.extend({} for _ in range(head - len(items) + 1))
        items[head] = _put(items[head], rest, value)
        return items
    out = dict(data) if isinstance(data, dict) else {}
    out[head] = _put(out.get(head), rest, value)
    return out


def _dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def _short(value: Any, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def new_post(platform: Platform | str, **fields: Any) -> Post:
    """A blank post for a platform, fields given by wire name (`caption`, `title`, ...)."""
    return POST_MODELS[Platform(platform)].model_validate(fields)


def post_body(post: Post) -> dict[str, Any]:
    """What a create sends for a post: its JSON minus server-computed fields and nulls.

    A post read from Dash echoes fields as null (`creation_source: null`) that Dash refuses
    to be sent as null; leaving every null out of a create means "not set", which is safe.
    """
    body = {k: v for k, v in post.to_json().items()
            if k not in READ_ONLY_FIELDS and v is not None}
    return post.restore_unparsed(body)


# what a create takes of an `approval_requests` item (reference 4); the rest is the server's
APPROVAL_REQUEST_FIELDS = ("requested_by_user_id", "review_user_id")


def create_body(post: Post, now: datetime) -> dict[str, Any]:
    """What a create accepts for a post read from Dash (undo of a delete, a copy): a
    writable status, approval requests in request shape, nothing the server computes.

    The status is SCHEDULED only for a post that was scheduled and whose time is still
    ahead; everything else (failed, posted, expired, ...) comes back as a DRAFT at its
    time, so a re-create never publishes anything by itself. `post_group_id` is kept.
    """
    body = post_body(post)
    when = post.timestamp
    scheduled = post.status == Status.SCHEDULED and when is not None and when > now
    body["status"] = (Status.SCHEDULED if scheduled else Status.DRAFT).value
    if "approval_requests" in body:
        requests = []
        for item in body["approval_requests"] or []:
            if not isinstance(item, dict):
                continue
            request = {k: item[k] for k in APPROVAL_REQUEST_FIELDS if item.get(k) is not None}
            if len(request) == len(APPROVAL_REQUEST_FIELDS):  # both are required
                requests.append(request)
        body["approval_requests"] = requests
    return body


def changed_fields(before: Post, after: Post) -> dict[str, Any]:
    """The wire fields whose values differ: what a PATCH sends, and what the diff shows.

    A value Dash sent that the model could not read is never in it unless the user set
    it; inside a changed field it goes back as Dash sent it (`Post.restore_unparsed`).
    """
    old = before.model_dump(mode="json", by_alias=True)
    new = after.model_dump(mode="json", by_alias=True)
    changes = {
        k: v for k, v in new.items()
        if k not in READ_ONLY_FIELDS and old.get(k) != v
    }
    if "approval_requests" in changes:  # sent in request shape: the items' ids are Dash's
        from .approvals import request_shape

        changes["approval_requests"] = request_shape(changes["approval_requests"])
    return after.restore_unparsed(changes, before) if before._unparsed else changes


class SelfInfo(DashModel):
    """`GET /api/self`: who the token is and which brands it reaches."""

    accessible_brands: list[int] = Field(default_factory=list)
    brands: dict[str, Brand] = Field(default_factory=dict)
    organization: Organization | None = None
    organization_id: int | None = None

    def brand_list(self) -> list[Brand]:
        out = []
        for slug, brand in self.brands.items():
            out.append(brand.model_copy(update={"slug": slug}))
        return sorted(out, key=lambda b: b.name.lower())

    def find_brand(self, key: int | str) -> Brand | None:
        return find_brand(self.brand_list(), key)


class LibraryMedia(DashModel):
    """A media object from the library service (upload response or GET media/v2)."""

    id: int
    media_id: int | None = None  # the id that goes into `media_ids`
    brand_id: int | None = None
    media_type: str | None = None  # IMAGE, VIDEO
    type: str | None = None

    @property
    def scheduler_id(self) -> int:
        return self.media_id if self.media_id is not None else self.id

    @property
    def kind(self) -> str | None:
        """IMAGE or VIDEO, from whichever field carries it."""
        for value in (self.media_type, self.type):
            if value and value.upper() in ("IMAGE", "VIDEO"):
                return value.upper()
        return self.media_type or None

    # -- what the picker and the checks read, from either shape (upload or media/v2) ---------
    def _extra(self, *path: str) -> Any:
        value: Any = self.__pydantic_extra__ or {}
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    @property
    def filename(self) -> str:
        name = self._extra("meta", "filename")
        return name if isinstance(name, str) else ""

    @property
    def size(self) -> int | None:
        """Bytes of the original file, where the library says."""
        for path in (("image", "sizes", "original", "size"), ("video", "sizes", "original",
                     "size"), ("video_sizes", "original", "size"),
                     ("image_sizes", "original", "size")):
            value = self._extra(*path)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return None

    @property
    def duration(self) -> float | None:
        """Seconds of a video, where the library says."""
        for path in (("duration",), ("video", "duration")):
            value = self._extra(*path)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
        return None

    @property
    def created(self) -> datetime | None:
        for key in ("source_created_at", "created_at"):
            value = self._extra(key)
            if isinstance(value, str):
                try:
                    return _utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
                except ValueError:
                    continue
        return None

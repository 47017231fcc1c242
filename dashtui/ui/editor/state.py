"""What the editor edits, apart from any widget: the base post, the edited copy, the buffer.

Kept free of Textual so the save/restore/rebase rules can be read (and tested) on their own.
`original` is the base the diff and the conflict check compare against; `start` is what the
form opened with (the same post for an edit, the prefilled draft for a new one), so "are
there unsaved changes?" means "differs from `start`".
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time as clock
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ...domain.platforms import SPECS, Platform
from ...domain.posts import Post, Status, changed_fields, new_post, parse_post, post_body
from ...domain.when import localize

if TYPE_CHECKING:
    from ...session import Session

BUFFER_VERSION = 1


def buffer_key(brand_id: int | None, platform: Platform | str, post_id: int | None) -> str:
    """`144/twitter/811813`; a new post gets its own `new-…` so two drafts never collide."""
    tail = str(post_id) if post_id is not None else f"new-{uuid.uuid4().hex[:8]}"
    return f"{brand_id}/{Platform(platform).value}/{tail}"


def blank_post(platform: Platform, brand_id: int, day: date, zone: ZoneInfo,
               hour: int = 9) -> Post:
    """A new post for `day` at `hour`:00 (09:00 unless the week grid's slot says otherwise)
    in the display zone.

    It starts as a draft on every platform so nothing can publish by accident. Snapchat
    documents no drafts: its checks warn that Dash may refuse one, and the user chooses.
    """
    spec = SPECS[platform]
    fields: dict[str, Any] = {
        "brand_id": brand_id, "auto_publish": True, "status": Status.DRAFT.value,
        "timestamp": localize(datetime.combine(day, clock(hour, 0)), zone).utc,
        "media_ids": [],
    }
    if spec.post_type_required:
        fields["post_type"] = spec.default_post_type
    return new_post(platform, **fields)


@dataclass
class EditState:
    original: Post
    start: Post
    draft: Post
    key: str
    new: bool
    brand_id: int | None
    time_text: str | None = None  # the time field's text while it does not parse

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def for_post(cls, post: Post) -> EditState:
        return cls(post, post.model_copy(deep=True), post.model_copy(deep=True),
                   buffer_key(post.brand_id, post.platform, post.id), False, post.brand_id)

    @classmethod
    def for_new(cls, draft: Post, brand_id: int) -> EditState:
        if draft.brand_id is None:
            draft = draft.model_copy(update={"brand_id": brand_id}, deep=True)
        blank = new_post(draft.platform)
        return cls(blank, draft.model_copy(deep=True), draft.model_copy(deep=True),
                   buffer_key(brand_id, draft.platform, None), True, brand_id)

    @classmethod
    def from_buffer(cls, body: dict[str, Any]) -> EditState:
        platform = Platform(body["platform"])
        return cls(parse_post(platform, body["original"]), parse_post(platform, body["start"]),
                   parse_post(platform, body["draft"]), body["key"], bool(body["new"]),
                   body.get("brand_id"), body.get("time_text"))

    def to_buffer(self) -> dict[str, Any]:
        """Everything needed to reopen the editor exactly here, after a crash or a drop."""
        return {
            "version": BUFFER_VERSION, "key": self.key, "platform": self.platform.value,
            "brand_id": self.brand_id, "post_id": self.original.id, "new": self.new,
            "original": self.original.to_json(), "start": self.start.to_json(),
            "draft": self.draft.to_json(), "time_text": self.time_text,
            "written_at": time.time(),
        }

    # -- reading ----------------------------------------------------------------------------
    @property
    def platform(self) -> Platform:
        return self.draft.platform

    @property
    def label(self) -> str:
        """`X #811813` or `new Instagram post`."""
        spec = SPECS[self.platform]
        return f"new {spec.label} post" if self.new else f"{spec.label} #{self.original.id}"

    @property
    def dirty(self) -> bool:
        return self.time_text is not None or bool(changed_fields(self.start, self.draft))

    def changes(self) -> dict[str, Any]:
        """What a save sends: the changed fields of an edit, the whole body of a new post."""
        if self.new:
            return post_body(self.draft)
        return changed_fields(self.original, self.draft)

    def before(self) -> dict[str, Any]:
        """The base's values, for the diff's "before" column (nothing for a new post)."""
        return {} if self.new else self.original.model_dump(mode="json", by_alias=True)

    # -- changing ---------------------------------------------------------------------------
    def set(self, path: str, value: Any) -> bool:
        """Set one wire path on the draft; False when it already held that value."""
        if path == SPECS[self.platform].caption_field:
            if self.draft.caption == (value or ""):
                return False
            self.draft.caption = value or ""
            return True
        if self.draft.get(path) == value:
            return False
        self.draft.set(path, value)
        return True

    def text_value(self, path: str, text: str) -> str | None:
        """An emptied text field goes back to absent when it started absent, so typing and
        deleting a first comment is not a change."""
        return None if text == "" and self.start.get(path) is None else text

    def rebase(self, server: Post, mine: dict[str, Any]) -> None:
        """Re-edit after a conflict: the server's post becomes the base, my changes on top."""
        draft = server.model_copy(deep=True)
        for key, value in mine.items():
            draft.set(key, value)
        self.original = server
        self.start = server.model_copy(deep=True)
        self.draft = draft


def pending_buffers(session: Session) -> list[dict[str, Any]]:
    """Unsaved editor buffers on disk, newest first (each ready for `open_editor(buffer=)`)."""
    out = []
    for key, body, saved_at in session.outbox.buffers():
        if isinstance(body, dict) and body.get("platform") and body.get("draft") is not None:
            out.append({**body, "key": key, "saved_at": saved_at})
    return sorted(out, key=lambda b: b["saved_at"], reverse=True)

"""Every field the Dash reference documents per platform, as editor rows (reference 7.2-7.9).

fields.py's EXTRA had the first few (first comment, TikTok switches, Pinterest board, ...);
DOCUMENTED adds the rest. Structured fields (user tags, collaborators, a thread's replies,
link preview, targeting) are typed on one line in a small syntax, through a Codec: `show`
turns the wire value into text, `read` turns text back into the wire value (or raises
ValueError with words for the user), keeping whatever the item held that the text does not
show (a shopping tag's catalog id, a reply's media), so an edit never drops data.

Not editable, and why: `music_info` (TikTok): its shape is undocumented [U], so it is kept as
Dash sent it. `alt_text_media_map` is edited per media item in the media field (media.py).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...domain.platforms import Platform
from .text import from_display


@dataclass(frozen=True)
class Codec:
    show: Callable[[Any], str]
    read: Callable[[str, Any], Any]  # (text, the value it replaces) -> new value
    multiline: bool = False
    hint: str = ""  # the syntax, beside the field


def _int_show(value: Any) -> str:
    return "" if value is None else str(value)


def _int_read(text: str, old: Any) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def _url_read(text: str, old: Any) -> str | None:
    text = text.strip()
    if not text:
        return None
    if not re.match(r"https?://[^\s/]+", text):
        raise ValueError("a web address starting with https://")
    return text


# -- tags at a point: `alice@0.5,0.25#650431494` ------------------------------------------
_TAG = re.compile(r"^@?(?P<key>[^@#\s]+)(?:@(?P<x>[0-9.]+),(?P<y>[0-9.]+))?(?:#(?P<m>\d+))?$")


def _point_show(key: str) -> Callable[[Any], str]:
    def show(items: Any) -> str:
        out = []
        for item in items or []:
            if not isinstance(item, dict) or not item.get(key):
                continue
            text = str(item[key])
            if item.get("x") is not None and item.get("y") is not None:
                text += f"@{item['x']:g},{item['y']:g}"
            if item.get("media_id") is not None:
                text += f"#{item['media_id']}"
            out.append(text)
        return " ".join(out)
    return show


def _point_read(key: str, what: str) -> Callable[[str, Any], Any]:
    def read(text: str, old: Any) -> list[dict[str, Any]] | None:
        before = {str(i.get(key)): i for i in old or [] if isinstance(i, dict)}
        out = []
        for token in text.split():
            m = _TAG.match(token)
            if m is None:
                raise ValueError(f"{token!r}: write {what}@x,y#media, e.g. "
                                 f"{'alice' if key == 'username' else '1234'}@0.5,0.5")
            item = {k: v for k, v in before.get(m["key"], {}).items()}
            item[key] = m["key"]
            if m["x"] is not None:
                x, y = float(m["x"]), float(m["y"])
                if not (0 <= x <= 1 and 0 <= y <= 1):
                    raise ValueError(f"{token!r}: x and y go from 0 to 1 (0.5,0.5 is the "
                                     "middle)")
                item["x"], item["y"] = x, y
            if m["m"] is not None:
                item["media_id"] = int(m["m"])
            out.append(item)
        return out if out or old is not None else None
    return read


def _names_show(items: Any) -> str:
    return " ".join(f"@{i['username']}" for i in items or []
                    if isinstance(i, dict) and i.get("username"))


def _names_read(text: str, old: Any) -> list[dict[str, Any]] | None:
    before = {i.get("username"): i for i in old or [] if isinstance(i, dict)}
    out = []
    for token in text.split():
        name = token.lstrip("@")
        if not re.fullmatch(r"[A-Za-z0-9._]{1,30}", name):
            raise ValueError(f"{token!r} is not an Instagram username")
        out.append(dict(before.get(name, {}), username=name))
    return out if out or old is not None else None


# -- Facebook targeting: countries ---------------------------------------------------------
def _countries_show(value: Any) -> str:
    geo = value.get("geo_locations") if isinstance(value, dict) else None
    countries = geo.get("countries") if isinstance(geo, dict) else None
    return " ".join(str(c) for c in countries or [])


def _countries_read(text: str, old: Any) -> dict[str, Any] | None:
    codes = [c.upper() for c in text.replace(",", " ").split()]
    bad = [c for c in codes if not re.fullmatch(r"[A-Z]{2}", c)]
    if bad:
        raise ValueError(f"{bad[0]!r}: two-letter country codes, e.g. US CA GB")
    base = dict(old) if isinstance(old, dict) else {}
    geo = dict(base.get("geo_locations") or {})
    if codes:
        geo["countries"] = codes
    else:
        geo.pop("countries", None)
    if geo:
        base["geo_locations"] = geo
    else:
        base.pop("geo_locations", None)
    return base or (None if old is None else {})


# -- Facebook link preview: one row per part, the request shape only ------------------------
_PREVIEW_KEYS = ("title", "description", "image_media_id")  # request (FB-U); the response adds more


def _preview(part: str) -> Codec:
    def show(value: Any) -> str:
        v = value.get(part) if isinstance(value, dict) else None
        return "" if v is None else str(v)

    def read(text: str, old: Any) -> dict[str, Any] | None:
        base = {k: old.get(k) for k in _PREVIEW_KEYS} if isinstance(old, dict) else \
            dict.fromkeys(_PREVIEW_KEYS)
        base[part] = _int_read(text, None) if part == "image_media_id" else (text or None)
        if old is None and all(v is None for v in base.values()):
            return None
        return base
    return Codec(show, read)


# -- an X thread: replies separated by a line with only --- --------------------------------
_REPLY_KEYS = ("tweet_status", "media_ids", "thread_order", "alt_text_media_map")  # [U] request


def _thread_show(replies: Any) -> str:
    texts = [str(r.get("tweet_status") or "") for r in replies or [] if isinstance(r, dict)]
    return "\n---\n".join(texts)


def _thread_read(text: str, old: Any) -> list[dict[str, Any]] | None:
    parts = [p.strip("\n") for p in re.split(r"(?m)^---\s*$", text)]
    parts = [p for p in parts if p.strip()]
    before = [r for r in old or [] if isinstance(r, dict)]
    out = []
    for n, part in enumerate(parts):
        prev = before[n] if n < len(before) else {}
        reply = {k: prev[k] for k in _REPLY_KEYS if prev.get(k) is not None}
        reply["tweet_status"] = part
        reply["thread_order"] = n + 1  # [I] the first post is 0
        reply.setdefault("media_ids", [])
        out.append(reply)
    return out if out or old is not None else None


CODECS: dict[str, Codec] = {
    "int": Codec(_int_show, _int_read, hint="a number"),
    "url": Codec(lambda v: v or "", _url_read),
    "user_tags": Codec(_point_show("username"), _point_read("username", "name"),
                       hint="name@x,y#media"),
    "collaborators": Codec(_names_show, _names_read, hint="@name @name"),
    "shopping_tags": Codec(_point_show("fb_product_id"),
                           _point_read("fb_product_id", "product"), hint="product@x,y#media"),
    "countries": Codec(_countries_show, _countries_read, hint="US CA …"),
    "preview_title": _preview("title"),
    "preview_description": _preview("description"),
    "preview_image": _preview("image_media_id"),
    "thread": Codec(_thread_show, _thread_read, multiline=True,
                    hint="one reply per block, --- between"),
}


@dataclass(frozen=True)
class Doc:
    """One documented field: the row, and a sample value the round-trip test types."""

    id: str
    path: str
    label: str
    kind: str  # a fields.py kind, or "coded" (then `codec`)
    codec: str = ""
    post_types: frozenset[str] | None = None
    placeholder: str = ""
    choices: tuple[str, ...] = ()
    sample: Any = None  # what the test types (text), picks (choice) or switches (flag)


def _types(*names: str) -> frozenset[str]:
    return frozenset(names)


_IG_STORY, _IG_REEL, _IG_FEED = _types("STORY"), _types("REEL"), _types("FEED")
_VIDEO_IG = _types("REEL", "FEED")
DOCS: dict[Platform, tuple[Doc, ...]] = {
    Platform.INSTAGRAM: (
        Doc("pf-story_link", "story_link", "Story link", "coded", "url", _IG_STORY,
            "https://… (a link sticker)", sample="https://example.com/drop"),
        Doc("pf-share_to_feed", "share_to_feed", "Also in feed", "yesno", post_types=_IG_REEL,
            sample=True),
        Doc("pf-user_tags", "user_tags", "User tags", "coded", "user_tags", _IG_FEED,
            sample="alice@0.5,0.25 bob"),
        Doc("pf-collaborators", "collaborators", "Collaborators", "coded", "collaborators",
            sample="@acme.studio @jo"),
        Doc("pf-location_id", "location_id", "Location id", "line",
            placeholder="Facebook location id", sample="110843418940484"),
        Doc("pf-cover", "cover_image_media_id", "Cover media", "coded", "int", _IG_REEL,
            "library media id", sample="650431494"),
        Doc("pf-thumb_offset", "thumb_offset", "Thumb offset", "coded", "int", _VIDEO_IG,
            "seconds into the video", sample="3"),
        Doc("pf-shopping_tags", "shopping_tags", "Shopping tags", "coded", "shopping_tags",
            _IG_FEED, sample="4412@0.3,0.6"),
        Doc("pf-thumbnail_url", "thumbnail_url", "Thumbnail URL", "coded", "url",
            placeholder="https://… (shown in Dash)", sample="https://example.com/t.jpg"),
    ),
    Platform.FACEBOOK: (
        Doc("pf-video_title", "video_title", "Video title", "line",
            placeholder="shown when the video opens", sample="Behind the scenes"),
        Doc("pf-title", "title", "Title", "line", sample="Spring launch"),
        Doc("pf-lp_title", "link_preview", "Preview title", "coded", "preview_title",
            _types("POST"), sample="Our spring range"),
        Doc("pf-lp_desc", "link_preview", "Preview text", "coded", "preview_description",
            _types("POST"), sample="Twelve new colours"),
        Doc("pf-lp_image", "link_preview", "Preview image", "coded", "preview_image",
            _types("POST"), "library media id", sample="650431494"),
        Doc("pf-location_id", "location_id", "Location id", "line", sample="110843418940484"),
        Doc("pf-targeting", "targeting", "Countries", "coded", "countries",
            placeholder="only these countries see it", sample="US CA"),
        Doc("pf-cover", "cover_image_media_id", "Reel cover", "coded", "int", _types("REEL"),
            "library media id", sample="650431494"),
        Doc("pf-thumb_offset", "thumb_offset", "Thumb offset", "coded", "int",
            placeholder="seconds into the video", sample="4"),
        Doc("pf-subtitles", "subtitle_content", "Subtitles", "line",
            placeholder="subtitle text", sample="Hello there"),
        Doc("pf-thumbnail_url", "thumbnail_url", "Thumbnail URL", "coded", "url",
            sample="https://example.com/t.jpg"),
    ),
    Platform.TIKTOK: (
        Doc("pf-tt_title", "title", "Title", "line", placeholder="photo post title",
            sample="Day one"),
        Doc("pf-branded", "branded_content_type", "Branded", "choice",
            placeholder="not branded content", choices=("promoted", "paid_partnership"),
            sample="paid_partnership"),
        Doc("pf-thumbnail_offset", "thumbnail_offset", "Cover at", "coded", "int",
            placeholder="milliseconds into the video", sample="1500"),
        Doc("pf-thumbnail_url", "thumbnail_url", "Thumbnail URL", "coded", "url",
            sample="https://example.com/t.jpg"),
    ),
    Platform.TWITTER: (
        Doc("pf-replies", "replies", "Thread", "coded", "thread",
            sample="second post\n---\nthird post"),
        Doc("pf-numbering", "auto_numbering_enabled", "Number 1/n", "flag", sample=True),
    ),
}

# the fields fields.py's EXTRA (and the form's core rows) already edit, for the report/test
EARLIER: dict[Platform, tuple[str, ...]] = {
    Platform.INSTAGRAM: ("caption", "post_type", "first_comment", "alt_text_media_map"),
    Platform.FACEBOOK: ("message", "post_type", "first_comment", "link", "alt_text_media_map"),
    Platform.TIKTOK: ("text", "disable_comment", "disable_duet", "disable_stitch"),
    Platform.TWITTER: ("tweet_status", "alt_text_media_map"),
    Platform.YOUTUBE: ("title", "description", "declared_made_for_kids"),
    Platform.SNAPCHAT: ("description", "post_type", "save_to_profile", "locale"),
    Platform.PINTEREST: ("note", "meta.title", "meta.pinterestBoard", "link"),
}
KEPT_NOT_EDITED = {Platform.TIKTOK: ("music_info",)}  # shape undocumented [U]


def documented_rows(platform: Platform) -> tuple[Doc, ...]:
    return DOCS.get(platform, ())


def read_row(codec_name: str, shown: str, start: Any, current: Any) -> Any:
    """The wire value of a coded row's widget text (display form, text.py); ValueError with
    words when it does not read. Typed back to what it opened with, it is that very value
    again, so it is no change."""
    codec = CODECS[codec_name]
    text = from_display(shown, codec.show(start))
    value = codec.read(text, current)
    if text == codec.show(start) and codec.read(text, start) == start:
        return copy.deepcopy(start)
    return value

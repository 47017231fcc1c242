"""The media Library (library-backend) and Pinterest boards.

`state.media` maps the Library `media_id` (what `media_ids` takes, reference 8.2) to the
object the upload endpoint returns; that object also carries a different top-level `id`
(the brand-media row), so a client that saves the wrong one is caught.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import random
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from . import fields as f
from .errors import ApiError, invalid, not_found

VIDEO_EXT = {".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv"}
IMAGE_EXT = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff"}
ROW_ID_OFFSET = 300_000_000  # top-level `id` = media_id + this: distinct, stable, unique


def media_kind(obj: dict[str, Any]) -> str:
    """IMAGE or VIDEO, from whichever shape a stored object has."""
    for key in ("media_type", "type"):
        if obj.get(key) in ("IMAGE", "VIDEO"):
            return obj[key]
    return "VIDEO" if obj.get("video_sizes") or obj.get("video") else "IMAGE"


def media_id_of(key: int, obj: dict[str, Any]) -> int:
    return int(obj.get("media_id", key))


def _stamp(dt: datetime) -> str:
    return dt.replace(microsecond=0).isoformat()  # library times carry no microseconds


def make_media(state: Any, brand_id: int, url: str, kind: str, now: datetime, *,
               source: str = "UPLOAD", source_id: str | None = None,
               source_created_at: str | None = None, meta: dict[str, Any] | None = None,
               media_type_field: str = "UPLOADED") -> dict[str, Any]:
    """Register media like POST /brands/{id}/media and store it; returns the upload shape."""
    media_id = state.new_media_id()
    rng = random.Random(media_id)
    token = f"{int(now.timestamp())}.{rng.randint(10**11, 10**12 - 1)}"
    digest = hashlib.sha1(token.encode()).hexdigest()[:40]
    width, height = rng.choice([(1080, 1350), (1080, 1080), (1920, 1080), (800, 534)])
    if kind == "VIDEO":
        width, height = rng.choice([(1080, 1920), (1920, 1080)])
    ext = "mp4" if kind == "VIDEO" else "jpeg"
    original = f"https://cdn.dashsocial.com/media/original/{token}.{ext}"
    full = f"https://cdn.dashsocial.com/media/full/{token}.{ext}"
    resized = f"https://images.dashsocial.com/{digest}.jpg"
    size = rng.randint(40_000, 900_000) if kind == "IMAGE" else rng.randint(2_000_000, 90_000_000)
    obj: dict[str, Any] = {
        "ai_alternatives": [], "brand_id": brand_id, "campaigns": [], "caption_question": None,
        "caption_sentiment": None, "content_tags": [], "created_at": _stamp(now),
        "duration": None, "elastic_search_index_status": None, "frame_rate": None,
        "galleries": [], "hide_in_widget": False, "id": media_id + ROW_ID_OFFSET,
        "image_sizes": {}, "likeshop_clicks": None, "media_group": None,
        "media_id": media_id, "media_type": kind, "meta": meta or {},
        "original_height": str(height), "original_width": str(width),
        "predictions": {"engagement": round(rng.random(), 6)}, "source": source,
        "source_created_at": source_created_at or _stamp(now),
        "source_data": {"avatar_url": None, "first_name": "Sandbox", "last_name": "API"},
        "source_id": source_id or f"sandbox-{media_id}", "status": 2, "system_tags": [],
        "tags": [], "tiktok_likeshop_clicks": None, "triggered_content_automations": [],
        "type": media_type_field, "updated_at": _stamp(now),
        "urls": {"640": f"{resized}?w=640&h=640&fit=cover", "full": full, "original": original,
                 "ratio": f"{resized}?w=599&h=400", "thumbs": f"{resized}?w=400&h=400&fit=cover"},
        "video_conversion_warnings": None, "video_sizes": {},
    }
    if kind == "VIDEO":
        obj.update(duration=round(rng.uniform(5, 90), 2), frame_rate=30.0, video_sizes={
            "original": {"height": height, "width": width, "size": size, "url": original}})
    else:
        obj["image_sizes"] = {
            "original": {"height": height, "size": size, "url": original, "width": width},
            "original_converted": {"height": height, "size": size + 100, "url": full,
                                   "width": width},
            "medium_square": {"height": 640, "url": f"{resized}?w=640&h=640&fit=cover",
                              "width": 640},
            "small": {"height": 400, "url": f"{resized}?w=599&h=400", "width": 599},
            "small_square": {"height": 400, "url": f"{resized}?w=400&h=400&fit=cover",
                             "width": 400}}
    state.media[media_id] = obj
    return obj


def clone_media(state: Any, media_id: int, brand_id: int, now: datetime) -> int | None:
    """A copy in another brand's Library (what duplicate_to_brand_ids does with media)."""
    src = state.media.get(media_id)
    if src is None:
        return None
    url = (src.get("urls") or {}).get("original") or f"https://cdn.dashsocial.com/{media_id}"
    copy = make_media(state, brand_id, url, media_kind(src), now, source=src.get("source",
                      "UPLOAD"), meta=dict(src.get("meta") or {}))
    return copy["media_id"]


def v2_item(key: int, obj: dict[str, Any]) -> dict[str, Any]:
    """A scheduler `media[]` item with media_v2=true: exactly the keys of reference 8.3."""
    return {
        "brand_id": obj.get("brand_id"), "created_at": obj.get("created_at"),
        "id": media_id_of(key, obj), "meta": obj.get("meta") or {},
        "predictions": obj.get("predictions") or {}, "source": obj.get("source", "UPLOAD"),
        "source_created_at": obj.get("source_created_at"), "source_id": obj.get("source_id"),
        "source_type": obj.get("source_type", "OWNED"), "type": media_kind(obj),
        "updated_at": obj.get("updated_at"), "variants": obj.get("variants", []),
    }


def legacy_item(key: int, obj: dict[str, Any]) -> dict[str, Any]:
    """[U] The pre-v2 format is undocumented; this stand-in is deliberately different from v2
    (brand-media style keys) so a client that forgets media_v2=true notices."""
    return {
        "id": media_id_of(key, obj), "brand_id": obj.get("brand_id"),
        "media_type": media_kind(obj), "urls": obj.get("urls", {}),
        "image_sizes": obj.get("image_sizes", {}), "video_sizes": obj.get("video_sizes", {}),
    }


def rich_item(key: int, obj: dict[str, Any]) -> dict[str, Any]:
    """GET /brands/{id}/media/v2/{media_id} and the PUT search (reference 8.4)."""
    kind = media_kind(obj)
    sizes = obj.get("image_sizes") if kind == "IMAGE" else obj.get("video_sizes")
    item = {
        **v2_item(key, obj),
        "brand_media_id": obj.get("id", media_id_of(key, obj) + ROW_ID_OFFSET),
        "brand_media_status": "ACTIVE", "content_tags": obj.get("content_tags", []),
        "creator": {"id": 77315, "first_name": "Sandbox", "last_name": "API",
                    "avatar_url": None},
        "original_width": obj.get("original_width"), "original_height": obj.get("original_height"),
        "urls": obj.get("urls", {}),
    }
    if kind == "IMAGE":
        item["image"] = {"sizes": sizes or {}}
    else:
        item["video"] = {"sizes": sizes or {}, "duration": obj.get("duration"),
                         "frame_rate": obj.get("frame_rate")}
    return item


UPLOAD_SCHEMA: dict[str, f.Field] = {
    "source": f.Str(), "source_id": f.Str(allow_none=True), "type": f.Str(),
    "url": f.Url(required=True), "meta": f.Raw(allow_none=True),
    "source_created_at": f.DateTime(allow_none=True),
    # sandbox hint for URLs without a telling extension
    "media_type": f.Enum(("IMAGE", "VIDEO"), allow_none=True),
}


def register(state: Any, brand_id: int, body: Any, now: datetime,
             stored: Any = None) -> dict[str, Any]:
    """`stored(url)`: what the sandbox's own bucket holds at `url` (storage.py), so an
    uploaded file is registered with its real kind, size and duration."""
    data, errors = f.load(UPLOAD_SCHEMA, body)
    meta: Any = data.get("meta") or {}
    if isinstance(meta, str):  # [D] meta arrives as a JSON-encoded string
        try:
            meta = json.loads(meta) if meta.strip() else {}
        except (ValueError, RecursionError):
            meta = "not JSON"
    if not isinstance(meta, dict):
        errors["meta"] = ["Not a valid JSON object."]
    if errors:
        raise invalid("json", errors)
    facts = stored(data["url"]) if stored is not None else None
    ext = posixpath.splitext(urlparse(data["url"]).path.lower())[1]
    kind = data.get("media_type") or (facts or {}).get("kind") or (
        "VIDEO" if ext in VIDEO_EXT else "IMAGE" if ext in IMAGE_EXT else None)
    if kind is None:
        raise invalid("json", {"url": [f"Unsupported media type: cannot tell the type of "
                                       f"'{ext or 'no extension'}'; pass media_type."]},
                      "Unsupported media type")
    obj = make_media(state, brand_id, data["url"], kind, now,
                     source=data.get("source") or "UPLOAD", source_id=data.get("source_id"),
                     source_created_at=data.get("source_created_at"), meta=meta,
                     media_type_field=data.get("type") or "UPLOADED")
    if facts is not None:  # the real file's numbers instead of invented ones
        sizes = obj["video_sizes" if kind == "VIDEO" else "image_sizes"]
        if "original" in sizes:
            sizes["original"]["size"] = facts["size"]
        if kind == "VIDEO":
            obj["duration"] = facts["duration"]
    return obj


def get_one(state: Any, brand_id: int, media_id: int) -> dict[str, Any]:
    obj = state.media.get(media_id)
    if obj is None or obj.get("brand_id") != brand_id:
        raise not_found(f"Media {media_id} not found for brand {brand_id}.")
    return rich_item(media_id, obj)


def search(state: Any, brand_id: int, body: Any, query: dict[str, str], url: Any
           ) -> dict[str, Any]:
    """PUT /brands/{id}/media/v2: filter body (reference 8.4) plus limit/offset paging."""
    from .paging import page, read_limit_offset
    body = body if isinstance(body, dict) else {}
    limit, offset = read_limit_offset({**query, **{k: body[k] for k in ("limit", "offset")
                                                   if k in body}}, default=25, maximum=100,
                                      location="json" if "limit" in body else "query")
    filters = body.get("filters") if isinstance(body.get("filters"), dict) else {}
    kinds = filters.get("brand_media_types") or filters.get("media_types")
    window = filters.get("source_created_at") if isinstance(
        filters.get("source_created_at"), dict) else {}
    start = f.parse_datetime(window.get("start")) if window.get("start") else None
    end = f.parse_datetime(window.get("end")) if window.get("end") else None
    items = []
    for key, obj in sorted(state.media.items(), reverse=True):
        if obj.get("brand_id") != brand_id:
            continue
        if isinstance(kinds, list) and kinds and media_kind(obj) not in kinds \
                and obj.get("type") not in kinds:
            continue
        created = f.parse_datetime(obj.get("source_created_at") or "")
        if (start and (created is None or created < start)) or \
                (end and (created is None or created > end)):
            continue
        items.append(rich_item(key, obj))
    return page(items, limit, offset, url)


def boards(state: Any, brand_id: int) -> list[dict[str, Any]]:
    keys = ("description", "id", "name", "preview_url", "protected")
    return [{k: b.get(k) for k in keys} | {"id": str(b.get("id"))}
            for b in state.boards.get(brand_id, [])]


def check_brand(state: Any, brand_id: int) -> None:
    if brand_id not in state.accessible_brands:
        raise ApiError(403, f"You do not have access to brand {brand_id}.")

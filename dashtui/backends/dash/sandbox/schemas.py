"""Request schemas of the scheduler, one per platform, written from the reference (sections 4
and 7), never from dashtui.domain.

Unknown keys are rejected ("Unknown field."), which is how the guide's "Invalid platform
field" error (e.g. `caption` on TikTok) comes about. Read-only response fields (`id`,
`created_at`, ...) are unknown to these schemas too, as they are to a marshmallow schema with
dump_only fields and unknown=RAISE.
"""

from __future__ import annotations

from typing import Any

from .fields import (Bool, DateTime, Dict, Enum, Field, Int, List, Nested, Number, Raw, Str,
                     Url, Uuid)

STATUSES = ("AUTOPUBLISHING", "DRAFT", "EXPIRED", "FAILED", "IMPORTED", "MISSING_APPROVALS",
            "PARTIALLY_FAILED", "POSTED", "SCHEDULED", "SKIPPED", "USERS_NOTIFIED")
APPROVAL_POLICIES = ("APPROVAL_REQUIRED", "APPROVAL_NOT_REQUIRED")

# Snapchat's locale enum is cut off after en_US in the docs [U]; the rest are Snapchat's
# usual language_COUNTRY codes. Anything else gets marshmallow's OneOf message.
SNAPCHAT_LOCALES = (
    "ar_AA", "bn_BD", "bn_IN", "zh_CN", "zh_TW", "da_DK", "nl_NL", "en_GB", "en_US",
    "en_AU", "en_CA", "en_IN", "fil_PH", "fi_FI", "fr_CA", "fr_FR", "de_DE", "el_GR",
    "gu_IN", "hi_IN", "id_ID", "it_IT", "ja_JP", "kn_IN", "ko_KR", "ms_MY", "ml_IN", "mr_IN",
    "nb_NO", "pl_PL", "pt_BR", "pt_PT", "pa_IN", "ro_RO", "ru_RU", "es_ES", "es_MX",
    "sv_SE", "ta_IN", "te_IN", "th_TH", "tr_TR", "ur_PK", "vi_VN",
)


def _ids(**kw: Any) -> List:
    return List(Int(minimum=0), **kw)


def common(*, create: bool) -> dict[str, Field]:
    """Section 4: what every platform's create/update body shares."""
    return {
        "brand_id": Int(minimum=0, required=create),
        "auto_publish": Bool(),
        "status": Enum(STATUSES),
        "timestamp": DateTime(allow_none=True),
        "media_ids": _ids(),
        "approval_policy": Enum(APPROVAL_POLICIES),
        "approval_requests": List(Nested({
            "requested_by_user_id": Int(minimum=0, required=True),
            "review_user_id": Int(minimum=0, required=True),
        })),
        "board_ids": _ids(),
        "campaign_ids": _ids(),
        "content_tag_ids": _ids(),
        "creation_source": Enum(("RSS_FEED",)),
        "duplicate_to_brand_ids": _ids(max_len=55),
        "post_group_id": Uuid(allow_none=True),
        "sort_index": Number(allow_none=True),
        "callback_socket_id": Str(allow_none=True),
        "rss_feed_id": Int(minimum=0, allow_none=True),
        "rss_guid": Str(allow_none=True),
        "rss_publish_date": DateTime(allow_none=True),
    }


_ALT = {"alt_text_media_map": Dict(allow_none=True)}
_THUMB_URL = {"thumbnail_url": Url(allow_none=True)}
# caption fields are plain `string` in the docs (TikTok `text`): not nullable; clear with ""
_TEXT = {"text": Str()}

_XY = {"minimum": 0, "maximum": 1}
INSTAGRAM = {
    "caption": Str(),
    "first_comment": Str(allow_none=True),
    "post_type": Enum(("FEED", "STORY", "REEL"), required=True),
    "story_link": Str(allow_none=True),
    "share_to_feed": Bool(allow_none=True),
    "user_tags": List(Nested({
        "username": Str(required=True),
        "media_id": Int(minimum=0, allow_none=True),
        "x": Number(**_XY), "y": Number(**_XY),
    })),
    "collaborators": List(Nested({"username": Str(required=True)})),
    "cover_image_media_id": Int(minimum=0, allow_none=True),
    "location_id": Str(allow_none=True),
    "shopping_tags": List(Nested({
        "fb_product_id": Str(), "x": Number(**_XY), "y": Number(**_XY),
        "catalog_id": Str(allow_none=True), "image_url": Str(allow_none=True),
        "media_id": Int(minimum=0, allow_none=True), "title": Str(allow_none=True),
    })),
    "thumb_offset": Int(minimum=0, allow_none=True),
    **_ALT, **_THUMB_URL,
}

FACEBOOK = {
    "message": Str(),
    "first_comment": Str(max_len=8000, allow_none=True),
    "post_type": Enum(("POST", "REEL"), required=True),
    "link": Str(allow_none=True),
    "link_preview": Nested({
        "title": Str(allow_none=True), "description": Str(allow_none=True),
        "image_media_id": Int(minimum=0, allow_none=True),
    }, allow_none=True),
    "location_id": Str(allow_none=True),
    "cover_image_media_id": Int(minimum=0, allow_none=True),
    "thumb_offset": Int(minimum=0, allow_none=True),
    "video_title": Str(allow_none=True),
    "targeting": Dict(allow_none=True),
    "subtitle_content": Str(allow_none=True),
    "title": Str(allow_none=True),
    # sent by a real public client (RSS-CODE, reference 7.3) and evidently accepted
    "location": Raw(allow_none=True),
    "shorten_link": Bool(),
    "custom_utms": Bool(),
    "media": Raw(allow_none=True),
    **_ALT, **_THUMB_URL,
}

TIKTOK = {
    **_TEXT,
    "disable_comment": Bool(),
    "disable_duet": Bool(),
    "disable_stitch": Bool(),
    "thumbnail_offset": Int(minimum=0, allow_none=True),
    "branded_content_type": Enum(("promoted", "paid_partnership"), allow_none=True),
    "music_info": Dict(allow_none=True),
    "title": Str(allow_none=True),
    **_THUMB_URL,
}

TWITTER = {
    "tweet_status": Str(),
    # [U] request shape of replies; the bare "24" on X-C read as maxItems (reference 7.5)
    "replies": List(Nested({
        "tweet_status": Str(allow_none=True),
        "media_ids": _ids(),
        "thread_order": Int(minimum=0),
        "alt_text_media_map": Dict(allow_none=True),
    }), max_len=24),
    "auto_numbering_enabled": Bool(),
    **_ALT,
}

YOUTUBE = {
    "title": Str(required=True),
    "description": Str(allow_none=True),
    "declared_made_for_kids": Bool(required=True),
}

SNAPCHAT = {
    "description": Str(max_len=160, allow_none=True),
    "post_type": Enum(("STORY", "SPOTLIGHT"), required=True),
    "save_to_profile": Bool(allow_none=True),
    "locale": Enum(SNAPCHAT_LOCALES, allow_none=True),
}

PINTEREST_BOARD = {
    "description": Str(allow_none=True),
    "id": Str(required=True),
    "name": Str(allow_none=True),
    "preview_url": Str(allow_none=True),
    "protected": Bool(allow_none=True),
}
# The strict profile: the whole board object as listed, every key present (values may be null)
PINTEREST_BOARD_WHOLE = {
    name: type(field)(required=True, allow_none=name != "id")
    for name, field in PINTEREST_BOARD.items()
}


def _pinterest(board: dict[str, Field]) -> dict[str, Field]:
    return {
        "note": Str(),
        "link": Str(allow_none=True),
        "meta": Nested({
            "title": Str(required=True),
            "pinterestBoard": Nested(board, required=True),
        }, required=True),
        **_ALT,
    }


PINTEREST = _pinterest(PINTEREST_BOARD)
PINTEREST_WHOLE_BOARD = _pinterest(PINTEREST_BOARD_WHOLE)

PLATFORM_FIELDS: dict[str, dict[str, Field]] = {
    "instagram": INSTAGRAM,
    "facebook": FACEBOOK,
    "tiktok": TIKTOK,
    "twitter": TWITTER,
    "threads": {**_TEXT, **_ALT},
    "linkedin": {**_TEXT, **_ALT},
    "youtube": YOUTUBE,
    "snapchat": SNAPCHAT,
    "pinterest": PINTEREST,
    "bluesky": {**_TEXT, **_ALT},
}

# [D] The TikTok PATCH body lists every create field except brand_id (reference 6).
PATCH_EXCLUDES = {"tiktok": {"brand_id"}}

# What a response carries for a platform field nobody sent (documented defaults, else null).
RESPONSE_DEFAULTS: dict[str, Any] = {
    "disable_comment": False, "disable_duet": False, "disable_stitch": False,
    "auto_numbering_enabled": False, "replies": [], "user_tags": [], "collaborators": [],
    "shopping_tags": [],
}
# Accepted in requests but never echoed: write-only (reference 4) or request-only plumbing.
WRITE_ONLY = {"duplicate_to_brand_ids", "media", "shorten_link", "custom_utms"}


def schema_for(platform: str, *, create: bool, whole_board: bool = False) -> dict[str, Field]:
    """whole_board: meta.pinterestBoard needs every board key (the strict profile)."""
    platform_fields = PINTEREST_WHOLE_BOARD if platform == "pinterest" and whole_board \
        else PLATFORM_FIELDS[platform]
    fields = {**common(create=create), **platform_fields}
    if not create:
        for name in PATCH_EXCLUDES.get(platform, ()):
            fields.pop(name, None)
    return fields

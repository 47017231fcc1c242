"""Demo media library, Pinterest boards and network permalinks.

Library objects follow the upload response of reference §8.2 (distinct `id` and `media_id`,
`media_type` IMAGE/VIDEO, string `original_width`/`original_height`, `image_sizes`, `urls`).
"""

from __future__ import annotations

import base64
import random
import string
import uuid
from typing import Any
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dashtui.backends.dash.sandbox.state import iso

CDN = "https://cdn.dashsocial.com/media"
IMAGES = "https://images.dashsocial.com"

# aspect classes: (width, height)
SQUARE, PORTRAIT, LANDSCAPE = (1080, 1080), (1080, 1350), (1600, 1067)
VERTICAL, HORIZONTAL = (1080, 1920), (1920, 1080)


@dataclass
class Library:
    """One brand's library, with the media_id pools the post builder draws from."""

    media: dict[int, dict] = field(default_factory=dict)
    images: list[int] = field(default_factory=list)
    vertical: list[int] = field(default_factory=list)  # 9:16 video: reels, TikTok, Spotlight
    horizontal: list[int] = field(default_factory=list)  # 16:9 video: YouTube, feeds

    @property
    def videos(self) -> list[int]:
        return self.vertical + self.horizontal


def _resized(full: str, w: int, h: int, fit: bool) -> str:
    token = base64.b64encode(full.encode()).decode()
    return f"{IMAGES}/{token}.jpg?w={w}&h={h}" + ("&fit=cover" if fit else "")


def media_object(*, row_id: int, media_id: int, brand_id: int, kind: str, filename: str,
                 size: tuple[int, int], created: datetime, uploader: int,
                 person: tuple[str, str], rng: random.Random) -> dict:
    """A library object in the §8.2 upload-response shape."""
    w, h = size
    stamp = f"{int(created.timestamp())}.{rng.randrange(10**11, 10**12)}"
    ext = "mp4" if kind == "VIDEO" else "jpg"
    original = f"{CDN}/original/{stamp}.{ext}"
    full = f"{CDN}/full/{stamp}.jpeg"  # for a video: its poster frame
    small_h = 400
    small_w = max(1, round(w * small_h / h))
    nbytes = rng.randrange(180_000, 2_400_000) if kind == "IMAGE" else rng.randrange(4, 90) * 10**6
    image_sizes = {
        "medium_square": {"height": 640, "url": _resized(full, 640, 640, True), "width": 640},
        "original": {"height": h, "size": nbytes, "url": original if kind == "IMAGE" else full,
                     "width": w},
        "original_converted": {"height": h, "size": int(nbytes * 1.002) if kind == "IMAGE"
                               else rng.randrange(90_000, 400_000), "url": full, "width": w},
        "small": {"height": small_h, "url": _resized(full, small_w, small_h, False),
                  "width": small_w},
        "small_square": {"height": 400, "url": _resized(full, 400, 400, True), "width": 400},
    }
    video = kind == "VIDEO"
    created_s = iso(created.replace(microsecond=0))
    return {
        "ai_alternatives": [],
        "brand_id": brand_id,
        "campaigns": [],
        "caption_question": None,
        "caption_sentiment": None,
        "content_tags": [],
        "created_at": created_s,
        "duration": round(rng.uniform(6, 58), 2) if video else None,
        "elastic_search_index_status": None,
        "frame_rate": rng.choice([24, 25, 30, 60]) if video else None,
        "galleries": [],
        "hide_in_widget": False,
        "id": row_id,
        "image_sizes": image_sizes,
        "likeshop_clicks": None,
        "media_group": None,
        "media_id": media_id,
        "media_type": kind,
        "meta": {"filename": filename, "uploaded_by": uploader},
        "original_height": str(h),
        "original_width": str(w),
        "predictions": {"engagement": round(rng.uniform(0.05, 0.95), 6)},
        "source": "UPLOAD",
        "source_created_at": iso((created - timedelta(minutes=rng.randrange(1, 600)))
                                 .replace(microsecond=0)),
        "source_data": {"avatar_url": None, "first_name": person[0], "last_name": person[1]},
        "source_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "status": 2,
        "system_tags": [],
        "tags": [],
        "tiktok_likeshop_clicks": None,
        "triggered_content_automations": [],
        "type": "UPLOADED",
        "updated_at": created_s,
        "urls": {
            "640": image_sizes["medium_square"]["url"],
            "full": full,
            "original": original,
            "ratio": image_sizes["small"]["url"],
            "thumbs": image_sizes["small_square"]["url"],
        },
        "video_conversion_warnings": None,
        "video_sizes": ({"original": {"height": h, "size": nbytes, "url": original, "width": w},
                         "original_converted": {"height": h, "size": int(nbytes * 0.8),
                                                "url": f"{CDN}/converted/{stamp}.mp4",
                                                "width": w}} if video else {}),
    }


# a few filenames that are awkward on purpose: spaces, brackets, accents, CJK, RTL
AWKWARD_NAMES = ("Menu board FINAL [v3] (1).jpg", "café_crème_über.jpg", "新商品_写真.jpg",
                 "صورة-المتجر.jpg", "IMG_0042.HEIC.jpg")


def build_library(brand, rng: random.Random, now: datetime, ids: list[int],
                  counts: tuple[int, int, int] = (60, 18, 8)) -> Library:
    """`ids` is [next row id, next media_id], advanced in place so brands never collide."""
    lib = Library()
    n_img, n_vert, n_horiz = counts
    plan = ([("IMAGE", rng.choice((SQUARE, PORTRAIT, LANDSCAPE)), lib.images)
             for _ in range(n_img)]
            + [("VIDEO", VERTICAL, lib.vertical) for _ in range(n_vert)]
            + [("VIDEO", HORIZONTAL, lib.horizontal) for _ in range(n_horiz)])
    for i, (kind, size, pool) in enumerate(plan):
        ids[0] += rng.randrange(1, 900)
        ids[1] += rng.randrange(1, 400)
        stem = brand.media_words[i % len(brand.media_words)]
        if kind == "IMAGE" and i < len(AWKWARD_NAMES) and brand.id == 144:
            filename = AWKWARD_NAMES[i]
        else:
            filename = f"{stem}-{i + 1:03d}.{'mp4' if kind == 'VIDEO' else 'jpg'}"
        created = now - timedelta(days=rng.uniform(75, 200))
        obj = media_object(row_id=ids[0], media_id=ids[1], brand_id=brand.id, kind=kind,
                           filename=filename, size=size, created=created,
                           uploader=rng.choice(brand.users), person=rng.choice(brand.people),
                           rng=rng)
        lib.media[ids[1]] = obj
        pool.append(ids[1])
    return lib


def build_boards(brand, rng: random.Random) -> list[dict]:
    """Pinterest boards, bare objects as `GET /v5/brands/{id}/boards` returns them."""
    out = []
    for name, description, protected in brand.boards:
        board_id = str(rng.randrange(10**17, 10**18))
        out.append({
            "description": description,
            "id": board_id,
            "name": name,
            "preview_url": f"https://i.pinimg.com/236x/{rng.getrandbits(128):032x}.jpg",
            "protected": protected,
        })
    return out


_B62 = string.ascii_letters + string.digits
_B64URL = _B62 + "-_"
_TID = "234567abcdefghijklmnopqrstuvwxyz"


def _code(rng: random.Random, n: int, alphabet: str = _B64URL) -> str:
    return "".join(rng.choices(alphabet, k=n))


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10**n))


# Each network's live URL: a template and the random parts it takes, drawn in this order
# ("d", n): n digits; ("c", n): n characters of base64url, ("b62", n) or ("tid", n) of those
# alphabets; ("uuid",): a version 4 uuid. Keyed by (platform, post type); None: any other type.
_PERMALINKS: dict[tuple[str, str | None], tuple[str, tuple[tuple[Any, ...], ...]]] = {
    ("instagram", "STORY"): ("https://www.instagram.com/stories/{h}/{0}/", (("d", 19),)),
    ("instagram", "REEL"): ("https://www.instagram.com/reel/{0}/", (("c", 11),)),
    ("instagram", None): ("https://www.instagram.com/p/{0}/", (("c", 11),)),
    ("facebook", "REEL"): ("https://www.facebook.com/reel/{0}", (("d", 16),)),
    ("facebook", None): ("https://www.facebook.com/{h}/posts/pfbid0{0}", (("b62", 56),)),
    ("tiktok", None): ("https://www.tiktok.com/@{h}/video/{0}", (("d", 19),)),
    ("twitter", None): ("https://x.com/{h}/status/{0}", (("d", 19),)),
    ("threads", None): ("https://www.threads.net/@{h}/post/{0}", (("c", 11),)),
    ("linkedin", None): ("https://www.linkedin.com/feed/update/urn:li:share:{0}/", (("d", 19),)),
    ("youtube", None): ("https://www.youtube.com/watch?v={0}", (("c", 11),)),
    ("snapchat", "SPOTLIGHT"): ("https://www.snapchat.com/spotlight/{0}", (("c", 86),)),
    ("snapchat", None): ("https://www.snapchat.com/p/{0}/{1}", (("uuid",), ("d", 19))),
    ("pinterest", None): ("https://www.pinterest.com/pin/{0}/", (("d", 18),)),
    ("bluesky", None): ("https://bsky.app/profile/{h}.bsky.social/post/3l{0}", (("tid", 11),)),
}
_ALPHABETS = {"c": _B64URL, "b62": _B62, "tid": _TID}


def _draw(rng: random.Random, part: tuple[Any, ...]) -> str:
    kind = part[0]
    if kind == "d":
        return _digits(rng, part[1])
    if kind == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return _code(rng, part[1], _ALPHABETS[kind])


def permalink(platform: str, post_type: str | None, handle: str, rng: random.Random) -> str:
    """A realistic live post URL for a published post."""
    found = _PERMALINKS.get((platform, post_type)) or _PERMALINKS.get((platform, None))
    template, parts = found or ("https://example.com/" + platform + "/{0}", (("d", 12),))
    return template.format(*(_draw(rng, part) for part in parts), h=handle)

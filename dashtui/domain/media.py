"""What a network accepts of one media file, and what a local file is before it is uploaded.

Dash's reference documents only media *types and counts* per platform (platforms.py, reference
7.1); it documents no file sizes or durations. The limits below are the networks' own
published ones [I: from each network's developer docs as of 2026, not from Dash's reference],
kept in one table so they are easy to correct. A video over a limit is an error (the network
would fail it at publish time), an image over its size a warning (Dash keeps resized copies);
Dash may add its own limits, which these do not know.

Pure: no I/O beyond reading the head of a local file the user named (`sniff_file`).
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from .platforms import IMAGE, VIDEO, Platform, spec

MB = 1024 * 1024
GB = 1024 * MB


@dataclass(frozen=True)
class FileLimit:
    """The network's limits on one file of a kind (None: no limit known)."""

    max_bytes: int | None = None
    max_seconds: float | None = None
    min_seconds: float | None = None


# (platform, post type or None for all, kind) -> limit  [I] network docs, see module doc
_LIMITS: dict[tuple[Platform, str | None, str], FileLimit] = {
    (Platform.INSTAGRAM, None, IMAGE): FileLimit(max_bytes=8 * MB),
    (Platform.INSTAGRAM, "REEL", VIDEO): FileLimit(300 * MB, 15 * 60, 3),
    (Platform.INSTAGRAM, "FEED", VIDEO): FileLimit(300 * MB, 15 * 60, 3),
    (Platform.INSTAGRAM, "STORY", VIDEO): FileLimit(100 * MB, 60, 3),
    (Platform.FACEBOOK, None, IMAGE): FileLimit(max_bytes=10 * MB),
    (Platform.FACEBOOK, "POST", VIDEO): FileLimit(10 * GB, 240 * 60, 1),
    (Platform.FACEBOOK, "REEL", VIDEO): FileLimit(1 * GB, 90, 3),
    (Platform.TIKTOK, None, VIDEO): FileLimit(4 * GB, 10 * 60, 3),
    (Platform.TWITTER, None, IMAGE): FileLimit(max_bytes=5 * MB),
    (Platform.TWITTER, None, VIDEO): FileLimit(512 * MB, 140, 0.5),
    (Platform.THREADS, None, IMAGE): FileLimit(max_bytes=8 * MB),
    (Platform.LINKEDIN, None, IMAGE): FileLimit(max_bytes=10 * MB),
    (Platform.LINKEDIN, None, VIDEO): FileLimit(5 * GB, 30 * 60, 3),
    (Platform.YOUTUBE, None, VIDEO): FileLimit(256 * GB, 12 * 3600),
    (Platform.SNAPCHAT, None, IMAGE): FileLimit(max_bytes=5 * MB),
    (Platform.SNAPCHAT, None, VIDEO): FileLimit(1 * GB, 60, 5),
    (Platform.PINTEREST, None, IMAGE): FileLimit(max_bytes=20 * MB),
    (Platform.PINTEREST, None, VIDEO): FileLimit(2 * GB, 15 * 60, 4),
    (Platform.BLUESKY, None, IMAGE): FileLimit(max_bytes=1_000_000),  # lexicon maxSize
}


def file_limit(platform: Platform | str, post_type: str | None, kind: str) -> FileLimit:
    platform = Platform(platform)
    return (_LIMITS.get((platform, post_type, kind)) or _LIMITS.get((platform, None, kind))
            or FileLimit())


@dataclass(frozen=True)
class MediaFacts:
    """What is known of one media file: from the library, or from a local file."""

    kind: str | None  # IMAGE, VIDEO, or whatever the library says
    size: int | None = None  # bytes
    duration: float | None = None  # seconds
    name: str = ""


def human_size(n: int | None) -> str:
    if n is None:
        return "?"
    for unit, step in (("GB", GB), ("MB", MB), ("kB", 1024)):
        if n >= step:
            return f"{n / step:.1f} {unit}"
    return f"{n} B"


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = round(seconds)
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


def fit_problems(platform: Platform | str, post_type: str | None, facts: MediaFacts, *,
                 check_type: bool = True) -> list[tuple[str, str]]:
    """(severity, words) for each way this file does not fit the platform/post type; [] if it
    fits (or nothing is known to check). Types come from the spec table (skipped with
    check_type False: rules.check says that already), sizes and durations from _LIMITS."""
    s = spec(platform)
    rule = s.media_rule(post_type if s.post_type_required else None)
    where = f"{s.label} {post_type.capitalize()}" if post_type and s.post_type_required \
        else s.label
    out: list[tuple[str, str]] = []
    kind = (facts.kind or "").upper() or None
    if check_type and rule is not None and kind in (IMAGE, VIDEO) and kind not in rule.types:
        out.append(("error", f"{where} takes no {kind.lower()}s"))
        return out
    if kind not in (IMAGE, VIDEO):
        return out
    lim = file_limit(platform, post_type, kind)
    if lim.max_bytes is not None and facts.size is not None and facts.size > lim.max_bytes:
        # Dash keeps converted and resized copies of images (reference 8.2 image_sizes) and
        # may send one of those: an image over the size is a warning, a video an error
        if kind == IMAGE:
            out.append(("warning", f"{human_size(facts.size)} is over {where}'s "
                                   f"{human_size(lim.max_bytes)} for an image; Dash may have "
                                   "to shrink it"))
        else:
            out.append(("error", f"{human_size(facts.size)} is over {where}'s "
                                 f"{human_size(lim.max_bytes)} limit for a video"))
    if facts.duration is not None:
        if lim.max_seconds is not None and facts.duration > lim.max_seconds:
            out.append(("error", f"{human_duration(facts.duration)} is longer than {where}'s "
                                 f"{human_duration(lim.max_seconds)} limit"))
        elif lim.min_seconds is not None and facts.duration < lim.min_seconds:
            out.append(("warning", f"{facts.duration:.1f} s is shorter than {where}'s "
                                   f"{lim.min_seconds:g} s minimum"))
    return out


def accepts(platform: Platform | str, post_type: str | None) -> str:
    """What one platform (and post type) takes, in a few words: `X: up to 4 images or 1
    video (≤2:20, ≤512.0 MB)`."""
    s = spec(platform)
    post_type = post_type if s.post_type_required else None
    rule = s.media_rule(post_type)
    where = f"{s.label} {post_type.capitalize()}" if post_type else s.label
    if rule is None:
        return f"{where}: unknown post type"
    parts = []
    if IMAGE in rule.types:
        parts.append(f"{rule.max_images} image{'s' * (rule.max_images != 1)}")
    if VIDEO in rule.types:
        video = f"{rule.max_videos} video{'s' * (rule.max_videos != 1)}"
        lim = file_limit(platform, post_type, VIDEO)
        notes = [f"≤{human_duration(lim.max_seconds)}" if lim.max_seconds else "",
                 f"≤{human_size(lim.max_bytes)}" if lim.max_bytes else ""]
        if any(notes):
            video += f" ({', '.join(n for n in notes if n)})"
        parts.append(video)
    if rule.mixed and len(parts) == 2:
        n = rule.cap(False)
        what = "1 image or video" if n == 1 else f"up to {n} images and videos"
        return f"{where}: {what}" + parts[1][parts[1].find(" ("):] * ("(" in parts[1])
    return f"{where}: up to " + " or ".join(parts)


# -- local files --------------------------------------------------------------------------
_EXTRA_TYPES = {".heic": "image/heic", ".webp": "image/webp", ".m4v": "video/x-m4v",
                ".mkv": "video/x-matroska", ".webm": "video/webm", ".mov": "video/quicktime"}


class FileProblem(ValueError):
    """A local file that can't be uploaded, in words for the user."""


def sniff_file(path: str | os.PathLike[str]) -> tuple[MediaFacts, str]:
    """(facts, content type) of a local file, or FileProblem: missing, not a file, empty,
    or neither an image nor a video."""
    p = Path(os.path.expanduser(os.fspath(path)))
    if not p.exists():
        raise FileProblem(f"No such file: {p}")
    if not p.is_file():
        raise FileProblem(f"Not a file: {p}")
    size = p.stat().st_size
    if size == 0:
        raise FileProblem(f"{p.name} is empty")
    ext = p.suffix.lower()
    ctype = _EXTRA_TYPES.get(ext) or mimetypes.guess_type(p.name)[0] or ""
    major = ctype.split("/", 1)[0]
    if major not in ("image", "video"):
        raise FileProblem(f"{p.name}: unknown media type ({ext or 'no extension'}); "
                          "upload an image or a video")
    kind = IMAGE if major == "image" else VIDEO
    duration = None
    if kind == VIDEO:
        with p.open("rb") as fh:
            duration = mp4_duration(fh.read(4 * MB))
    return MediaFacts(kind, size, duration, p.name), ctype


def mp4_duration(data: bytes) -> float | None:
    """Seconds from an MP4/MOV's `moov/mvhd` box, if it is in `data`; None otherwise."""
    box = _find_box(data, b"moov")
    mvhd = _find_box(box, b"mvhd") if box is not None else None
    if mvhd is None or len(mvhd) < 20:
        return None
    if mvhd[0] == 1:  # version 1: 64-bit times
        if len(mvhd) < 32:
            return None
        scale = int.from_bytes(mvhd[20:24], "big")
        length = int.from_bytes(mvhd[24:32], "big")
    else:
        scale = int.from_bytes(mvhd[12:16], "big")
        length = int.from_bytes(mvhd[16:20], "big")
    return length / scale if scale else None


def _find_box(data: bytes, name: bytes) -> bytes | None:
    """The payload of the first box called `name` at this level of `data`."""
    i = 0
    while i + 8 <= len(data):
        size = int.from_bytes(data[i:i + 4], "big")
        head = 8
        if size == 1 and i + 16 <= len(data):
            size, head = int.from_bytes(data[i + 8:i + 16], "big"), 16
        elif size == 0:
            size = len(data) - i
        if size < head:
            return None
        if data[i + 4:i + 8] == name:
            return data[i + head:i + size]
        i += size
    return None

"""The columns a CSV import reads (and the export writes), and how a cell holds each value.

One table for both directions, so what `dashtui export --format csv` writes is what
`dashtui import` reads back. A column is a post's field by its API name (reference 4 and 7),
plus a few of the import's own: `text` (the caption, whatever the platform calls it) and
`time` (a time with an optional zone). The export's read-only columns are known and skipped.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from ..domain.platforms import SPECS, Platform

# the import's own names, and the export's names for the same things
TEXT, TIME = "text", "time"
ALIASES = {"caption": TEXT, "timestamp": TIME}
BASE = ("platform", TEXT, TIME, "status", "media_ids", "post_type")
# written by the export, computed by the service: a create never sends them
SKIPPED = ("id", "brand_id", "local_time", "approval_status", "auto_publish_error",
           "live_post_url", "updated_at", "created_at", "has_scheduled_time",
           "num_of_approvals_required")
# request fields every platform documents (reference 4), beyond the base columns
COMMON = ("auto_publish", "approval_policy", "approval_requests", "board_ids", "campaign_ids",
          "content_tag_ids", "creation_source", "duplicate_to_brand_ids", "post_group_id",
          "sort_index", "rss_feed_id", "rss_guid", "rss_publish_date", "alt_text_media_map")
# Pinterest's `meta` is two columns: a title and a board (by id or name)
META_TITLE, BOARD = "meta.title", "meta.pinterestBoard"

BOOLS = frozenset({"auto_publish", "share_to_feed", "disable_comment", "disable_duet",
                   "disable_stitch", "auto_numbering_enabled", "declared_made_for_kids",
                   "save_to_profile"})
INTS = frozenset({"cover_image_media_id", "thumb_offset", "thumbnail_offset", "rss_feed_id"})
FLOATS = frozenset({"sort_index"})
INT_LISTS = frozenset({"media_ids", "board_ids", "campaign_ids", "content_tag_ids",
                       "duplicate_to_brand_ids"})
JSONS = frozenset({"approval_requests", "alt_text_media_map", "user_tags", "collaborators",
                   "shopping_tags", "link_preview", "targeting", "music_info", "replies"})
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


def platform_fields(platform: Platform) -> tuple[str, ...]:
    """Documented fields of one platform beyond the base columns (its caption field too:
    `tweet_status` is another name for `text` on X)."""
    names = [f for f in sorted(SPECS[platform].fields) if f not in ("post_type", "meta")]
    if "meta" in SPECS[platform].fields:
        names += [META_TITLE, BOARD]
    return tuple(names)


def _all_fields() -> dict[str, tuple[Platform, ...]]:
    out: dict[str, list[Platform]] = {}
    for platform in Platform:
        for name in platform_fields(platform):
            out.setdefault(name, []).append(platform)
    return {k: tuple(v) for k, v in out.items()}


FIELD_PLATFORMS = _all_fields()  # field -> the platforms documenting it
KNOWN = {name.lower(): name for name in (*BASE, *ALIASES, *SKIPPED, *COMMON, *FIELD_PLATFORMS)}


class HeaderError(ValueError):
    """The first line is not a header the import can use."""


def suggest(name: str, known: list[str] | tuple[str, ...] | set[str]) -> str:
    """' (did you mean "text"?)' for a close match, else ''."""
    found = difflib.get_close_matches(name.lower(), [k.lower() for k in known], n=1,
                                      cutoff=0.6)
    if not found:
        return ""
    canon = next(k for k in known if k.lower() == found[0])
    return f" (did you mean {canon!r}?)"


def read_header(cells: list[str]) -> list[str]:
    """Canonical column names for a header row; HeaderError naming what is wrong."""
    names = [c.strip() for c in cells]
    if not any(n.lower() in KNOWN for n in names):
        shown = ", ".join(repr(n) for n in names[:6]) + (", ..." if len(names) > 6 else "")
        raise HeaderError(f"line 1 is not a header row: found {shown or 'nothing'}. The first "
                          "line must name the columns, e.g. platform,text,time,status")
    unknown = [n for n in names if n.lower() not in KNOWN]
    if unknown:
        raise HeaderError("unknown column(s): " + "; ".join(
            f"{n!r}{suggest(n, KNOWN.values())}" if n else "an empty column name"
            for n in unknown) + ". Columns are platform, text, time, status, media_ids, "
            "post_type and the fields Dash documents, by their API names")
    canon = [ALIASES.get(KNOWN[n.lower()], KNOWN[n.lower()]) for n in names]
    seen: set[str] = set()
    for raw, name in zip(names, canon):
        if name in seen:
            raise HeaderError(f"column {raw!r} is given twice (as {name})")
        seen.add(name)
    if "platform" not in seen:
        raise HeaderError("no 'platform' column: every row needs its platform")
    return canon


# -- cells -> values ----------------------------------------------------------------------
class CellError(ValueError):
    pass


def parse_ints(text: str, what: str) -> list[int]:
    out = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        if not token.isdigit():
            raise CellError(f"{what}: {token!r} is not a whole number")
        out.append(int(token))
    return out


def parse_cell(name: str, text: str) -> Any:
    """The value of a non-empty cell of column `name`; CellError in words."""
    value = text.strip()
    if name in BOOLS:
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise CellError(f"{name}: {value!r} is not true or false")
    if name in INTS:
        try:
            return int(value)
        except ValueError:
            raise CellError(f"{name}: {value!r} is not a whole number") from None
    if name in FLOATS:
        try:
            return float(value)
        except ValueError:
            raise CellError(f"{name}: {value!r} is not a number") from None
    if name in INT_LISTS:
        return parse_ints(value, name)
    if name in JSONS:
        try:
            data = json.loads(value)
        except ValueError as exc:
            raise CellError(f"{name}: not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(data, (dict, list)):
            raise CellError(f"{name}: write a JSON object or list, e.g. {{}} or []")
        return data
    return text  # text fields keep their spaces and line breaks


def format_cell(name: str, value: Any) -> str:
    """A value as `parse_cell` reads it back."""
    if value is None:
        return ""
    if name == BOARD:
        return str(value.get("id", "")) if isinstance(value, dict) else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if name in INT_LISTS and isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)

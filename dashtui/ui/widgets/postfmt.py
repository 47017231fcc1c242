"""How a post's fields look in dense views: short labels, glyphs, and cell-exact fitting.

Shared by the post table and the calendar so a status reads the same everywhere. Everything
that came from the API goes through textsafe.clean first: it is data, never markup.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from ...domain.platforms import SPECS, Platform
from ...domain.status import DONE_STATUSES, FAILED_STATUSES, Status
from ..textsafe import clean, one_line

# at most 10 cells, so the status column never has to truncate a known value
_STATUS_SHORT = {
    Status.SCHEDULED: "SCHEDULED",
    Status.POSTED: "POSTED",
    Status.FAILED: "FAILED",
    Status.PARTIALLY_FAILED: "PART.FAIL",
    Status.EXPIRED: "EXPIRED",
    Status.DRAFT: "DRAFT",
    Status.AUTOPUBLISHING: "PUBLISHING",
    Status.IMPORTED: "IMPORTED",
    Status.MISSING_APPROVALS: "NEEDS APPR",
    Status.USERS_NOTIFIED: "NOTIFIED",
    Status.SKIPPED: "SKIPPED",
}

_STATUS_GLYPH = {
    Status.SCHEDULED: "◷",
    Status.POSTED: "✓",
    Status.IMPORTED: "✓",
    Status.FAILED: "✗",
    Status.PARTIALLY_FAILED: "✗",
    Status.EXPIRED: "✗",
    Status.DRAFT: "✎",
    Status.AUTOPUBLISHING: "↻",
    Status.MISSING_APPROVALS: "?",
    Status.USERS_NOTIFIED: "!",
}

# only UNASSIGNED is documented; the rest are guesses that degrade to the raw value
_APPROVAL_SHORT = {
    "UNASSIGNED": "",
    "APPROVED": "approved",
    "PENDING": "pending",
    "PENDING_APPROVAL": "pending",
    "REJECTED": "rejected",
    "CHANGES_REQUESTED": "changes",
}


def status_kind(status: str | None) -> str:
    """'error' | 'dim' | 'draft' | 'normal': which style a status gets."""
    if status in FAILED_STATUSES:
        return "error"
    if status in DONE_STATUSES:
        return "dim"
    if status == Status.DRAFT:
        return "draft"
    return "normal"


def short_status(status: str | None) -> str:
    if status is None:
        return "?"
    return _STATUS_SHORT.get(status) or one_line(status)[:10]  # unknown: raw, cut to width


def status_glyph(status: str | None) -> str:
    return _STATUS_GLYPH.get(status, "•")  # type: ignore[arg-type]


def short_approval(approval: str | None) -> str:
    if not approval:
        return ""
    known = _APPROVAL_SHORT.get(approval.upper())
    return known if known is not None else one_line(approval).lower()[:8]


def _spec(platform: str):
    try:
        return SPECS[Platform(platform)]
    except (ValueError, KeyError):
        return None  # a network Dash added after this build


def platform_short(platform: str) -> str:
    spec = _spec(platform)
    return spec.short if spec else (one_line(platform)[:2].upper() or "?")


# one letter per network for the week grid's lanes (TikTok has T, so Threads is tHreads)
_LETTER = {
    Platform.INSTAGRAM: "I", Platform.FACEBOOK: "F", Platform.TIKTOK: "T",
    Platform.TWITTER: "X", Platform.THREADS: "H", Platform.LINKEDIN: "L",
    Platform.YOUTUBE: "Y", Platform.SNAPCHAT: "S", Platform.PINTEREST: "P",
    Platform.BLUESKY: "B",
}


def platform_letter(platform: str) -> str:
    """One cell for a network: its letter, or (one Dash added since) its name's first."""
    known = _LETTER.get(platform)  # type: ignore[call-overload]
    if known:
        return known
    first = one_line(platform)[:1].upper()
    return first if first.isascii() and first.isalnum() else "?"


def platform_label(platform: str) -> str:
    spec = _spec(platform)
    return spec.label if spec else clean(platform)


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded, or cut with '…' (wide CJK/emoji counted as 2)."""
    if width <= 0:
        return ""
    if text.isascii():  # the common case, and len() is far cheaper than cell_len
        if len(text) <= width:
            return text.ljust(width)
        return text[: width - 1] + "…"
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def preview(caption: str | None, width: int) -> str:
    """A caption on one line, fitted to `width` cells. Only the head is cleaned: a 2,200-char
    caption never needs more than a screen width of it."""
    return fit(one_line((caption or "")[: max(64, width * 4)]), width)

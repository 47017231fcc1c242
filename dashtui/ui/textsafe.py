"""Text from the API is data, never markup: make it safe to put on a terminal."""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls except tab/newline, DEL, C1 controls, and bidi overrides/isolates that would let
# a caption reorder the rest of the line
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return "^" + chr(code + 0x40)  # ESC -> ^[, BEL -> ^G
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def clean(text: str | None) -> str:
    """Control characters shown as ^X, so escape sequences can't drive the terminal."""
    return _CONTROL.sub(_visible, text or "")


def one_line(text: str | None, width: int | None = None) -> str:
    """A caption preview: controls made visible, whitespace runs folded to single spaces."""
    flat = " ".join(clean(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(0, width - 1)] + "…"
    return flat


def literal(text: str | None, style: str = "") -> Text:
    """A Rich Text that never interprets `[bold]` and friends."""
    return Text(clean(text), style=style)

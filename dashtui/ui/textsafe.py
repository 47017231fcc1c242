"""Text from the API is data, never markup: make it safe to put on a terminal."""

from __future__ import annotations

from rich.text import Text

from ..termsafe import visible

clean = visible  # control characters shown as ^X: escape sequences can't drive the terminal


def one_line(text: str | None, width: int | None = None) -> str:
    """A caption preview: controls made visible, whitespace runs folded to single spaces."""
    flat = " ".join(clean(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(0, width - 1)] + "…"
    return flat


def literal(text: str | None, style: str = "") -> Text:
    """A Rich Text that never interprets `[bold]` and friends."""
    return Text(clean(text), style=style)

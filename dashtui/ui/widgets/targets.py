"""The accounts a post goes to and what each did (Genviral's per-account states), and the
service's warnings of the last write: for the detail screen. Every value is the service's
text, so each goes through `clean`/`literal` before it reaches the terminal."""

from __future__ import annotations

from ...labels import field_label
from typing import Any

from rich.table import Table
from rich.text import Text

from ...domain.posts import Post
from ..textsafe import clean, literal

_BAD = ("failed", "partial", "error", "canceled", "cancelled")


def _items(post: Post, name: str) -> list[dict[str, Any]]:
    value = post.get(name)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def targets_table(post: Post) -> Table | None:
    """One row per target account: name · platform · status, then its error and link."""
    targets = _items(post, "targets")
    if not targets:
        return None
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for t in targets:
        status = str(t.get("status") or "?")
        who = f"{clean(str(t.get('name') or t.get('account_id') or '?'))}"
        platform = clean(str(t.get("platform") or ""))
        line = Text(status, style="bold red" if status.lower() in _BAD else "")
        grid.add_row(Text(f"{who}  {platform}".rstrip()), line)
        if t.get("error"):
            grid.add_row("", literal(str(t["error"]), "red"))
        if t.get("url"):
            grid.add_row("", literal(str(t["url"]), "underline"))
        if t.get("published_at"):
            grid.add_row("", Text(f"published {clean(str(t['published_at']))}", style="dim"))
    return grid


def warnings_text(post: Post) -> Text | None:
    """The service's warnings on the last write (informational, e.g. VIDEO_METADATA_MISSING)."""
    warnings = _items(post, "warnings")
    if not warnings:
        return None
    text = Text()
    for w in warnings:
        field = clean(field_label(str(w.get("field") or "")))
        code = clean(str(w.get("code") or ""))
        text.append("⚠ ", style="yellow")
        text.append(f"{field}: " if field else "")
        text.append(clean(str(w.get("message") or code or "warning")))
        if code and w.get("message"):
            text.append(f"  ({code})", style="dim")
        text.append("\n")
    return text

"""The compose editor's per-platform parts: one tab per platform, and the checks overview.

A tab is labelled with the platform and what its checks say (`X ✗`), and holds the caption
under that platform's own name ("Post text", "Caption", "Description"): empty means the base
caption, anything typed is that platform's variant. Below it, the fields only that platform
has (post type, Pin title and board, YouTube's made-for-kids...), built by fields.py's
`make_control` like the single-post editor's, and the platform's findings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, TabPane, TextArea

from ...compose import Compose
from ...domain.platforms import SPECS, Platform
from ...domain.rules import ERROR, Finding
from ...domain.text import measures
from ..textsafe import one_line
from .fields import (_CAPTION_LABELS, Context, FieldDef, FieldRow, findings_text, form_fields,
                     make_control)
from .state import EditState
from .text import to_display

# rows the compose editor shows once for every platform, not per tab
_SHARED_KINDS = frozenset({"text", "time", "status", "auto", "media"})


def caption_label(platform: Platform) -> str:
    """The platform's own name for its text: "Post text" on X, "Caption" on Instagram."""
    field = SPECS[platform].caption_field
    return _CAPTION_LABELS.get(field, "Caption")


def own_fields(platform: Platform, caps: Any) -> list[FieldDef]:
    """The rows of this platform's tab besides its caption, with ids unique per tab."""
    out = []
    for f in form_fields(SPECS[platform], caps):
        if f.kind in _SHARED_KINDS:
            continue
        out.append(replace(f, id=f"{platform.value}--{f.id}"))
    return out


def pane_id(platform: Platform) -> str:
    return f"tab-{platform.value}"


class VariantPane(TabPane):
    """One platform's tab."""

    DEFAULT_CSS = """
    VariantPane { height: auto; padding: 0; }
    VariantPane > .variant-head { height: 1; color: $text-muted; }
    VariantPane TextArea { height: auto; min-height: 3; max-height: 6; background: $boost; }
    VariantPane > .pane-findings { height: auto; }
    """

    def __init__(self, platform: Platform, compose: Compose, ctx: Context,
                 fields: list[FieldDef]) -> None:
        super().__init__(SPECS[platform].label, id=pane_id(platform))
        self.platform = platform
        self.fields = {f.id: f for f in fields}
        self._post_set = compose
        self._ctx = ctx

    def compose(self) -> ComposeResult:
        draft = self._post_set.draft(self.platform)
        state = EditState.for_new(draft, self._post_set.brand_id)
        yield Static("", classes="variant-head")
        yield TextArea(to_display(self._post_set.variants.get(self.platform, "")),
                       id=f"variant-{self.platform.value}", compact=True,
                       tab_behavior="focus",
                       placeholder=f"same as the caption above; type here for "
                                   f"{SPECS[self.platform].label}'s own")
        for f in self.fields.values():
            yield FieldRow(f, *make_control(f, state, self._ctx))
        yield Static("", classes="pane-findings")

    def show(self, compose: Compose, findings: list[Finding], x_premium: bool) -> None:
        """The head line (field name, whose text, its count) and the findings."""
        spec = SPECS[self.platform]
        own = self.platform in compose.variants
        head = Text(f"{caption_label(self.platform)} for {spec.label}", style="bold")
        head.append("  own variant" if own else "  = the caption above", style="dim")
        post = compose.draft(self.platform)
        for m in measures(post, x_premium):
            if m.field == spec.caption_field:
                head.append(f"  {m.label}", style="red" if m.severity == ERROR else "dim")
        self.query_one(".variant-head", Static).update(head)
        self.query_one(".pane-findings", Static).update(findings_text(findings))
        post_type = post.post_type_value
        for row in self.query(FieldRow):
            f = row.field
            row.display = (f.post_types is None or post_type in f.post_types
                           or (f.keep_if_set and bool(post.get(f.path))))


def tab_label(platform: Platform, findings: list[Finding]) -> Text:
    errors = sum(f.severity == ERROR for f in findings)
    label = Text(SPECS[platform].label)
    if errors:
        label.append(" ✗", style="bold red")
    elif findings:
        label.append(" ⚠", style="yellow")
    else:
        label.append(" ✓", style="green")
    return label


def overview(compose: Compose, findings: dict[Platform, list[Finding]],
             x_premium: bool, width: int) -> Text:
    """Every platform's checks side by side, one line each: name, count, first problem."""
    text = Text()
    for platform in compose.platforms:
        spec = SPECS[platform]
        found = findings.get(platform, [])
        post = compose.draft(platform)
        count = next((f"{m.used:,}/{m.limit:,}" for m in measures(post, x_premium)
                      if m.field == spec.caption_field), "")
        errors = [f for f in found if f.severity == ERROR]
        mark, style = ("✗", "red") if errors else ("⚠", "yellow") if found else ("✓", "green")
        text.append(f"{mark} ", style=style)
        text.append(f"{spec.label:<10}", style="bold")
        text.append(f"{count:<12}", style="dim")
        first = (errors or found)[0].message if found else "ready"
        more = f" (+{len(found) - 1})" if len(found) > 1 else ""
        room = max(10, width - 32 - len(more))
        text.append(one_line(first, room) + more, style=style if found else "dim")
        text.append("\n")
    text.rstrip()
    return text

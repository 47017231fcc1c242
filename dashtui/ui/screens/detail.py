"""Everything about one post, read-only; `y` copies its id, `Y` its live link."""

from __future__ import annotations

from ...labels import field_label
import json
from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from ...domain.platforms import SPECS
from ...domain.posts import Post
from ..header import HeaderBar
from ..textsafe import clean, literal
from ..widgets.targets import targets_table, warnings_text
from .base import BaseScreen

# shown in their own places, so not repeated under "other fields"
_SHOWN = {"id", "brand_id", "status", "auto_publish", "timestamp", "has_scheduled_time",
          "media", "media_ids", "approval_policy", "approval_status", "approval_requests",
          "num_of_approvals_required", "auto_publish_error", "live_post_url", "created_at",
          "updated_at", "post_type", "post_group_id", "targets", "warnings", "native_status"}


class DetailScreen(BaseScreen):
    HELP_TITLE = "Post detail"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="detail.back"),
        Binding("e", "edit", "Edit", id="detail.edit"),
        Binding("y", "copy_id", "Copy id", id="detail.copy_id"),
        Binding("Y", "copy_link", "Copy link", id="detail.copy_link"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="detail.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="detail.up"),
    ]

    def __init__(self, post: Post) -> None:
        super().__init__()
        self.post = post

    def compose(self) -> ComposeResult:  # no status line: nothing here reports progress
        yield HeaderBar()
        with VerticalScroll(id="detail"):
            yield Static(self._summary(), id="summary")
            if (accounts := targets_table(self.post)) is not None:
                yield Static(Text("\nAccounts", style="bold"), classes="section")
                yield Static(accounts, id="targets")
            if (warnings := warnings_text(self.post)) is not None:
                yield Static(Text("\nWarnings from the service", style="bold"),
                             classes="section")
                yield Static(warnings, id="warnings")
            yield Static(self._caption(), id="caption")
            yield Static(self._findings(), id="findings")
            yield Static(self._more(), id="more")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#detail").focus()

    def _when(self, moment: datetime | None) -> str:
        if moment is None:
            return "no time set"
        zone = self.session.zone
        local = moment.astimezone(zone)
        text = f"{local:%a %d %b %Y %H:%M} {zone.key}"
        if local.utcoffset():
            text += f"  ({moment:%H:%M} UTC)"
        return text

    def _summary(self) -> Table:
        p = self.post
        spec = SPECS[p.platform]
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        status = Text(clean(p.status or "?"))
        if p.status in ("FAILED", "PARTIALLY_FAILED", "EXPIRED"):
            status.stylize("bold red")
        native = p.get("native_status")
        if isinstance(native, str) and native.upper() != (p.status or ""):
            label = self.app.session.backend.capabilities.label
            status.append(f"  ({clean(label)}: {clean(native)})", style="dim")
        rows: list[tuple[str, Text | str]] = [
            ("Post", f"{spec.label} #{p.id}" + (f" · {p.post_type_value}"
                                               if p.post_type_value else "")),
            ("Status", status),
            ("Time", self._when(p.timestamp)),
        ]
        if p.auto_publish is not None:  # a Dash notion: other services always publish
            rows.append(("Publishing", "automatic" if p.auto_publish
                         else "manual (push to phone)"))
        if self.app.session.backend.capabilities.approvals or p.approval_policy \
                or p.approval_status or p.approval_requests:
            rows.append(("Approval", clean(" · ".join(filter(None, [
                p.approval_policy, p.approval_status,
                _asked(p) if p.approval_requests else ""]))
                or "none")))
        if p.title is not None:
            rows.append(("Title", literal(p.title)))
        if p.error_text:
            rows.append(("Error", literal(p.error_text, "red")))
        if p.live_post_url:
            rows.append(("Live", literal(p.live_post_url, "underline")))
        media = ", ".join(f"{m.id} {m.type or '?'}" for m in p.media) or \
            ", ".join(str(i) for i in p.media_ids) or "none"
        rows.append(("Media", media))
        if p.post_group_id:
            rows.append(("Group", self._group(p)))
        rows.append(("Updated", self._when(p.updated_at)))
        for label, value in rows:
            grid.add_row(label, value)
        return grid

    def _group(self, p: Post) -> Text:
        """The post's siblings (the same content on other platforms), from the cache."""
        members = self.session.cache.group_rows(p.post_group_id or "")
        others = [r for r in members if (r.platform, r.id) != (p.platform.value, p.id)]
        if not others:
            return Text(f"{clean(p.post_group_id or '')} (no other post in it)", style="dim")
        text = Text(f"{len(others) + 1} posts: ")
        text.append(f"{SPECS[p.platform].label} #{p.id} (this)", style="bold")
        for r in others:
            spec = SPECS.get(r.platform)  # type: ignore[call-overload]
            text.append(f" · {spec.label if spec else clean(r.platform)} #{r.id} "
                        f"{clean(r.status or '').lower()}")
        return text

    def _caption(self) -> Text:
        spec = SPECS[self.post.platform]
        text = Text()
        text.append(f"\n{field_label(spec.caption_field)}\n", style="bold")
        text.append_text(literal(self.post.caption) if self.post.caption
                         else Text("(empty)", style="dim"))
        return text

    def _findings(self) -> Text:
        session = self.session
        findings = session.check(self.post)
        text = Text()
        text.append("\nChecks\n", style="bold")
        if not findings:
            text.append("✓ no problems found\n", style="green")
        for f in findings:
            mark, style = ("✗", "red") if f.severity == "error" else ("⚠", "yellow")
            where = field_label(f.field)
            text.append(f"{mark} {where}: " if where else f"{mark} ", style=style)
            text.append(clean(f.message) + "\n")
        return text

    def _more(self) -> Text:
        spec = SPECS[self.post.platform]
        shown = _SHOWN | {spec.caption_field, (spec.title_field or "").split(".")[0]}
        extra = {k: v for k, v in self.post.to_json().items() if k not in shown}
        text = Text()
        text.append("Other fields\n", style="bold")
        for key, value in sorted(extra.items()):
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            text.append(f"{clean(key)}: ", style="dim")
            text.append(clean(shown) + "\n")
        return text

    def action_scroll(self, step: int) -> None:
        self.query_one("#detail", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_edit(self) -> None:
        from ..editor.screen import open_editor

        self.app.pop_screen()
        open_editor(self.app, self.post)

    def action_copy_id(self) -> None:
        self.app.copy_to_clipboard(str(self.post.id))
        self.notify(f"Copied post id {self.post.id}")

    def action_copy_link(self) -> None:
        if not self.post.live_post_url:
            self.notify("This post has no live link yet", severity="warning")
            return
        self.app.copy_to_clipboard(self.post.live_post_url)
        self.notify("Copied the live link")


def _asked(post) -> str:
    """`asked 12, 34` (user ids: Dash's API names no users)."""
    from ...domain.approvals import reviewers

    ids = reviewers(post)
    return f"asked {', '.join(map(str, ids))}" if ids else \
        f"{len(post.approval_requests)} request(s)"

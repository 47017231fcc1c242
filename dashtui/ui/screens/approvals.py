"""Mode 5, approvals: the brand's posts that wait for an approval, soonest first, each with
its reviewers and the time left; a post whose approval cannot land in time is flagged ⚠
with why (it will go MISSING_APPROVALS). `A` asks reviewers (one or the marked posts),
`a` says where approving happens (Dash's API documents no approve/reject), `l` changes the
lead time approvers need, `S` reschedules (a post that went MISSING_APPROVALS, once approved
in Dash). The filter itself is domain/approvals.py, so a saved view can use it too.
"""

from __future__ import annotations

from datetime import timedelta

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...approvals import APPROVAL_DAYS, approval_items, approvals_window, lead_time, \
    waiting_statuses
from ...domain.approvals import NO_APPROVE_API, ApprovalItem, duration, requesters, \
    short_duration
from ...store.cache import PostRow
from ..approval_actions import unavailable_text, user_names
from ..textsafe import one_line
from ..widgets.post_render import PLATFORM, STATUS, TIME, Column, caption_cell
from ..widgets.post_table import PostTable
from ..widgets.postfmt import fit, short_approval
from .base import BaseScreen, OpensPosts
from .reviewers import who

LEADS = (timedelta(minutes=30), timedelta(hours=1), timedelta(hours=2), timedelta(hours=4),
         timedelta(days=1), timedelta(days=2))


class ApprovalList(PostTable):
    BINDINGS = [
        Binding("A", "screen.request", "Ask reviewers", id="approvals.request",
                tooltip="Ask users to approve the marked posts (or the one under the cursor)"),
        Binding("a", "screen.approve", "Approve/reject", id="approvals.approve",
                tooltip="Dash's API has no documented approve/reject: approve in Dash"),
        Binding("l", "screen.lead", "Lead time", id="approvals.lead", show=False),
        Binding("S", "screen.reschedule", "Reschedule", id="approvals.reschedule",
                show=False),
    ]


class ApprovalsScreen(OpensPosts, BaseScreen):
    HELP_TITLE = "Approvals"
    DEFAULT_CSS = """
    ApprovalsScreen ApprovalList { height: 1fr; }
    ApprovalsScreen #approval-detail {
        height: 7; padding: 0 1; border-top: solid $warning 50%; background: $surface;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, int], ApprovalItem] = {}
        self.lead = lead_time(self.session.config)

    def compose_body(self) -> ComposeResult:
        yield ApprovalList(self.session.zone, columns=self._columns(), id="approvals",
                           empty_text=self._empty_text())
        yield Static("", id="approval-detail", markup=False)

    @property
    def table(self) -> ApprovalList:
        return self.query_one(ApprovalList)

    @property
    def available(self) -> bool:
        return self.session.backend.capabilities.approvals

    def on_mount(self) -> None:
        self.table.focus()
        self.reload()
        if self.available:
            self.app.refresh_window(*self.window(), only_if_stale=True)

    def window(self):
        return approvals_window(self.session) if self.available else None

    # -- the columns ---------------------------------------------------------------------------
    def _columns(self) -> tuple[Column, ...]:
        names = user_names(self.session.config)

        def left(row: PostRow, clock, w: int, st) -> Segment:
            item = self.items.get(row.key)
            text = short_duration(item.left) if item else ""
            if item is not None and item.late:
                return Segment(fit("⚠" + text, w), st.error)
            return Segment(fit(text, w), st.base)

        def approval(row: PostRow, clock, w: int, st) -> Segment:
            return Segment(fit(short_approval(row.approval), w), st.dim)

        def asked(row: PostRow, clock, w: int, st) -> Segment:
            item = self.items.get(row.key)
            ids = item.reviewers if item else ()
            if not ids:
                return Segment(fit("nobody", w), st.error)
            return Segment(fit(" ".join(names.get(i, str(i)).split()[0] for i in ids), w),
                           st.base)

        return (TIME, PLATFORM, STATUS, Column("left", 7, left),
                Column("approval", 8, approval), Column("reviewers", 14, asked),
                Column("caption", None, caption_cell))

    def _empty_text(self) -> str:
        s = self.session
        if not self.available:
            return unavailable_text(s.service)
        return (f"No post needs approval in the last {s.config.failed_days} d and the next "
                f"{APPROVAL_DAYS} d")

    # -- data ----------------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.is_mounted:
            return
        s = self.session
        self.table.empty_text = self._empty_text()
        if not self.available or s.brand is None:
            self.items = {}
            self.table.set_rows([])
            self.set_status(unavailable_text(s.service) if not self.available else "no brand")
            self._show_detail()
            return
        start, end = approvals_window(s)
        queue = approval_items(s, lead=self.lead)
        self.items = {(i.post.platform.value, i.post.id): i for i in queue}
        rows = [r for r in s.cache.iter_rows([s.brand.id], start, end, undated=True,
                                             statuses=waiting_statuses())
                if r.key in self.items]
        self.table.set_rows(rows, captions=s.cache.caption)
        self.table.set_pending(s.pending_keys())
        late = sum(i.late for i in queue)
        lead = duration(self.lead)
        self.set_status(" · ".join([
            f"{len(queue)} need{'s' * (len(queue) == 1)} approval",
            f"⚠ {late} late for a {lead} lead (l)" if late else f"all in time for a {lead} "
            "lead (l)", one_line(s.brand.name, 30)]))
        self._show_detail()

    def _show_detail(self) -> None:
        box = self.query_one("#approval-detail", Static)
        row = self.table.cursor_row
        item = self.items.get(row.key) if row else None
        if item is None:
            box.update(Text("Dash's API has no documented approve/reject: approve in Dash's "
                            "web app (a)." if self.available else "", style="dim"))
            return
        p, s = item.post, self.session
        names = user_names(s.config)
        when = p.timestamp.astimezone(s.zone).strftime("%a %d %b %H:%M") if p.timestamp \
            else "no time"
        left = ("" if item.left is None else f" · {duration(item.left)} left"
                if item.left.total_seconds() > 0 else " · its time has passed")
        text = Text(f"{p.platform.value} #{p.id} · {when}{left}\n", style="bold")
        text.append(f"policy {p.approval_policy} · approval {p.approval_status or '?'}")
        if p.num_of_approvals_required is not None:
            text.append(f" · {p.num_of_approvals_required} approval(s) required")
        ids = item.reviewers
        by = requesters(p)
        text.append("\nreviewers: " + (", ".join(who(i, names) for i in ids) if ids
                                        else "nobody asked yet"))
        if by:
            text.append(" · asked by " + ", ".join(who(i, names) for i in by))
        if item.late:
            text.append(f"\n⚠ {item.reason}", style="bold red")
        if item.note:
            text.append(f"\n{item.note}", style="yellow")
        box.update(text)

    # -- events and keys -------------------------------------------------------------------------
    def on_post_table_highlighted(self, event: PostTable.Highlighted) -> None:
        self._show_detail()

    def _targets(self) -> list:
        from ..actions import marked_or_cursor

        keys = marked_or_cursor(self.table)
        return [self.items[k].post for k in sorted(keys) if k in self.items]

    def action_request(self) -> None:
        if self.app.approvals_unavailable():
            return
        if posts := self._targets():
            self.app.request_approval(posts)
        else:
            self.notify("No post here to ask about", severity="warning")

    def action_approve(self) -> None:
        self.app.explain_approve()

    def action_lead(self) -> None:
        """Cycle the lead time approvers need (this run; `approval_lead_minutes` keeps one)."""
        later = [d for d in LEADS if d > self.lead]
        self.lead = later[0] if later else LEADS[0]
        self.reload()
        self.notify(f"Approvers need {duration(self.lead)}: posts due sooner are flagged")

    def action_reschedule(self) -> None:
        if self.app.approvals_unavailable():
            return
        if posts := self._targets():
            self.app.reschedule_to(posts)


__all__ = ["ApprovalsScreen", "NO_APPROVE_API"]

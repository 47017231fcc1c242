"""Mode 3, the on-call view: what failed and why, grouped by cause, fixable many at once.

Top: the causes (count, oldest, platforms, cause). Middle: the posts of the cause under the
cursor. Bottom: the post under that cursor (full error, live link, what the rules say now).
It paints from the cache at once and refreshes the window (last `failed_days` days and the
next 24 hours) in a worker, so keys never wait on the network. Focus starts on the causes
with the biggest one highlighted: `3` `R` `y` retries it.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from ...domain.failures import FailureGroup, group_failures
from ..textsafe import one_line
from ..widgets.failed_groups import GroupList, filter_groups
from ..widgets.failed_posts import FailedPosts, post_story
from ..widgets.failed_upcoming import will_fail_rows
from ..widgets.post_table import PostTable
from ..widgets.search import terms_of
from .base import BaseScreen
from .failed_actions import FailedActions
from .items_over_posts import ItemsOverPosts

# on both lists: with the causes focused they act on the whole cause, with the posts
# focused on the marked posts (or the one under the cursor)
ACTION_KEYS = [
    Binding("R", "screen.retry", "Retry", id="failed.retry",
            tooltip="Publish FAILED and EXPIRED posts again now (status AUTOPUBLISHING)"),
    Binding("P", "screen.publish_anyway", "Publish anyway", id="failed.publish_anyway",
            show=False, tooltip="Publish posts awaiting approval or marked for posting by "
            "hand: may post twice or skip the approval"),
    Binding("S", "screen.reschedule", "Reschedule", id="failed.reschedule"),
    Binding("e", "screen.edit_retry", "Edit+retry", id="failed.edit",
            tooltip="Open the editor with the status set to publish now"),
    Binding("d", "screen.draft", "To draft", id="failed.draft", show=False),
    Binding("x", "screen.delete", "Delete", id="failed.delete", show=False),
    Binding("A", "screen.toggle_brands", "All brands", id="failed.all_brands"),
    Binding("W", "screen.toggle_will_fail", "Will fail", id="failed.will_fail",
            tooltip="Scheduled posts of the next 24 hours whose checks fail now"),
    Binding("r", "screen.refresh_failed", "Refresh", id="failed.refresh", show=False),
    Binding("slash", "screen.search", "Search", id="failed.search", show=False,
            tooltip="Only the posts whose caption, cause or error has these words"),
]


class Causes(GroupList):
    BINDINGS = [*ACTION_KEYS, Binding("escape", "screen.clear_search", "Clear search",
                                      id="failed.clear_search", show=False)]


class FailedList(FailedPosts):
    BINDINGS = ACTION_KEYS


class FailedScreen(FailedActions, ItemsOverPosts, BaseScreen):
    HELP_TITLE = "Failed posts"
    ITEMS, POSTS = Causes, FailedList
    DEFAULT_CSS = """
    FailedScreen FailedList { height: 1fr; min-height: 3; }
    FailedScreen #unchecked {
        height: auto; max-height: 3; padding: 0 1; display: none;
        color: $warning; text-style: bold;
    }
    FailedScreen #unchecked.-shown { display: block; }
    FailedScreen:nocolor #unchecked { text-style: bold reverse; }
    FailedScreen #failed-search { display: none; }
    FailedScreen #failed-search.-shown { display: block; }
    FailedScreen #story-pane {
        height: 30%; min-height: 4; padding: 0 1;
        border-top: solid $error 50%; background: $surface;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.all_brands = False
        self.will_fail = False  # W: the next 24 hours' posts whose checks fail now
        self.refreshing = False
        self._refreshed_for: tuple | None = None  # (brand id, all brands) last refreshed

    def compose_body(self) -> ComposeResult:
        yield Static("", id="unchecked", markup=False)
        yield Input(placeholder="search: caption, cause, error, id, platform  (enter: done, "
                    "esc: clear)", id="failed-search")
        yield Causes(id="groups")
        yield FailedList(self.session.zone, brand_name=self.session.brand_name,
                         id="failed-posts")
        with VerticalScroll(id="story-pane", can_focus=False):
            yield Static("", id="story")

    groups = ItemsOverPosts.item_list  # the causes, by the name FailedActions reads

    def on_mount(self) -> None:
        self.groups.focus()
        self.reload()

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.is_mounted:
            return
        session = self.session
        if self.will_fail:
            rows = will_fail_rows(session, self.all_brands)
            self.groups.empty_message = ("Every post scheduled in the next 24 hours passes its "
                                         "checks. W goes back to what failed.")
        else:
            rows = session.failed_rows(self.all_brands)
            days = session.config.failed_days
            self.groups.empty_message = (
                f"Nothing failed in the last {days} day{'s' * (days != 1)}, and nothing is "
                "stuck in the next 24 hours.")
        groups = group_failures(rows)
        self.search = self.query_one("#failed-search", Input).value.strip()
        terms = terms_of(self.search)
        everything = len(rows)
        if terms:
            groups = filter_groups(groups, terms)
            rows = [item for g in groups for item in g.items]
            self.groups.empty_message = (f"No failed post matches “{self.search[:40]}”. "
                                         "esc clears the search.")
        self.groups.terms = terms
        self.posts.highlight = self.search
        unchecked = self._unchecked()
        if unchecked:  # never an all-clear over a platform that was not read
            self.groups.empty_message = (
                f"No failed post in the cache, but not everything could be checked: "
                f"{unchecked}.")
        self.posts.show_brand = self.all_brands
        before = self.groups.cursor_group
        self.groups.set_groups(groups, session.now())
        after = self.groups.cursor_group
        if self.posts.has_focus and (before is None or after is None
                                     or before.cause != after.cause):
            # the cause the user was in is gone (all fixed): the posts below now belong to
            # another cause they never picked, so a key must not act on them from there
            self.groups.focus()
        self.show_item(after)
        self.posts.set_pending(session.pending_keys())
        self._set_status(len({(r.platform, r.id) for r in rows}) if terms else len(rows),
                         len(groups), everything if terms else None)
        wanted = (session.brand.id if session.brand else None, self.all_brands)
        if wanted != self._refreshed_for:  # first show, another brand (b), or A
            self._refreshed_for = wanted
            self.refresh_in_background()

    def _unchecked(self) -> str:
        """Which platforms (of which brands) could not be checked, shown above the causes."""
        session = self.session
        brands = session.failed_brands(self.all_brands)
        by_brand = [(b, session.stale_platforms([b.id])) for b in brands]
        by_brand = [(b, stale) for b, stale in by_brand if stale]
        line = self.query_one("#unchecked", Static)
        if not by_brand:
            line.set_class(False, "-shown")
            line.update("")
            return ""
        parts = []
        for brand, stale in by_brand:
            since = min(s.since for s in stale).astimezone(session.zone)
            text = session.stale_text(stale) + f" · failing since {since:%H:%M}"
            parts.append(f"{one_line(brand.name, 30)}: {text}" if self.all_brands else text)
        line.update("⚠ Not checked: " + "; ".join(parts))
        line.set_class(True, "-shown")
        return "; ".join(parts)

    def _set_status(self, count: int, causes: int, everything: int | None = None) -> None:
        session = self.session
        if self.all_brands:
            scope = f"all {len(session.brands)} brands"
        else:
            scope = one_line(session.brand.name) if session.brand else "no brand"
        bits = [f"{count} post{'s' * (count != 1)} in {causes} cause{'s' * (causes != 1)}",
                f"last {session.config.failed_days} d + next 24 h", scope]
        if self.will_fail:
            bits[:2] = [f"will fail: {count} scheduled post{'s' * (count != 1)}",
                        "next 24 h", ]
            bits.append("W: failed")
        if everything is not None:  # `/`: what the search left of everything
            bits[0] = (f"{count} of {everything} posts match “{one_line(self.search, 30)}”, "
                       f"in {causes} cause{'s' * (causes != 1)}")
        if self.refreshing:
            bits.insert(0, "refreshing…")
        self.set_status(" · ".join(bits))

    @work(exclusive=True, group="failed-refresh", exit_on_error=False)
    async def refresh_in_background(self) -> None:
        session, app = self.session, self.app
        self.refreshing = True
        self.reload()  # says "refreshing…"
        try:
            # the app counts it (header "refreshing…") and notes what did not refresh
            results = await app.run_on_call_refresh(self.all_brands, others=False)
        finally:
            self.refreshing = False
        lines = [f"{session.brand_name(r.brand_id)} {p.value}: {err}"
                 for r in results for p, err in r.failed.items()]
        if lines:
            self.notify("\n".join(lines), title=f"{len(lines)} platform(s) did not refresh; "
                        "showing cached posts for them", severity="warning", timeout=12,
                        markup=False)
        self.reload()

    # -- what is shown -----------------------------------------------------------------------
    def show_item(self, group: FailureGroup | None) -> None:
        self.posts.set_rows(list(group.items) if group else [])
        self._show_story()

    def _show_story(self) -> None:
        row = self.posts.cursor_row
        post = self.session.cache.get(row.platform, row.id) if row else None
        story = post_story(post, row, brand=self.session.brand_name(row.brand_id) if row
                           else "", zone=self.session.zone, check=self.session.check)
        self.query_one("#story", Static).update(story)

    def on_post_table_highlighted(self, event: PostTable.Highlighted) -> None:
        self._show_story()

    def on_post_table_opened(self, event: PostTable.Opened) -> None:
        if event.row is not None:
            self.app.show_detail(event.row)

    # -- `/` -------------------------------------------------------------------------------
    search = ""

    def action_search(self) -> None:
        box = self.query_one("#failed-search", Input)
        box.add_class("-shown")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "failed-search":
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "failed-search":
            self._leave_search()

    def key_escape(self) -> None:
        box = self.query_one("#failed-search", Input)
        if box.has_focus:
            box.value = ""
            self._leave_search()

    def _leave_search(self) -> None:
        box = self.query_one("#failed-search", Input)
        box.set_class(bool(box.value), "-shown")
        self.groups.focus()

    def action_clear_search(self) -> None:
        box = self.query_one("#failed-search", Input)
        if box.value:
            box.value = ""  # Changed: reload
        box.remove_class("-shown")

    # -- keys --------------------------------------------------------------------------------
    def action_focus_groups(self) -> None:
        if self.posts.marked:  # esc first drops the marks, as in the list
            self.posts.clear_marks()
        else:
            self.groups.focus()

    def action_toggle_brands(self) -> None:
        self.all_brands = not self.all_brands
        self.reload()  # paints from the cache, then refreshes the other brands

    def action_toggle_will_fail(self) -> None:
        self.will_fail = not self.will_fail
        self.groups.focus()
        self.reload()

    def action_refresh_failed(self) -> None:
        if self.refreshing:
            self.notify("Already refreshing")
            return
        self.refresh_in_background()

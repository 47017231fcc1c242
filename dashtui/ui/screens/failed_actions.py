"""What the failed screen does to posts: retry, reschedule, edit then retry, draft, delete.

Retry sends AUTOPUBLISHING only to FAILED and EXPIRED posts (domain/triage.py); posts awaiting
approval or marked for posting by hand go only through P, which names the risk.

Each action works on a whole cause (causes focused) or on the marked posts / the post under
the cursor (posts focused), checks read-only first, asks ONE confirmation that lists every
post it will touch, then runs in a BulkScreen that reports each post. Mixed into FailedScreen.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from textual import work

from ...domain.failures import free_slots
from ...domain.platforms import SPECS, Platform
from ...domain.posts import Post, Status
from ..actions import marked_or_cursor, post_line
from .bulk import Queue, Step, queue_delete, queue_status, queue_times
from ...domain.triage import (RETRYABLE, RISKY, SKIP_REASONS, plan_retry, token_advice,
                              token_lines)
from .modals import Choice, ChoiceScreen, PickScreen, TimePrompt

IN_15, IN_60, FREE_SLOT, TYPED = "+15", "+60", "slot", "typed"
RESCHEDULE_CHOICES = [
    ("+15 minutes from now", IN_15),
    ("+1 hour from now", IN_60),
    ("next free slot on its platform", FREE_SLOT),
    ("type a time…", TYPED),
]


def _plural(n: int) -> str:
    return f"{n} post{'s' * (n != 1)}"


def _nearby(cache, posts: list[Post], now: datetime) -> list:
    """The cached posts of the same brands that a free slot must keep away from."""
    brand_ids = sorted({p.brand_id for p in posts if p.brand_id is not None})
    if not brand_ids:
        return []
    return list(cache.rows(brand_ids, now - timedelta(hours=2), now + timedelta(days=15),
                           undated=False))


class FailedActions:
    """Needs `self.groups`, `self.posts` (the two lists) and `self.session`."""

    will_fail = False  # W on FailedScreen: the next 24 hours' posts whose checks fail now

    def _targets(self) -> list[Post]:
        if self.posts.has_focus:
            keys = marked_or_cursor(self.posts)
            rows = [r for r in self.posts.visible_rows if r.key in keys]
        else:
            group = self.groups.cursor_group
            rows = list(group.items) if group else []
        posts = [self.session.cache.get(r.platform, r.id) for r in rows]
        found = [p for p in posts if p is not None]
        if not found:
            self.notify("No post to act on here", severity="warning")
        return found

    def _lines(self, posts: list[Post]) -> list[str]:
        return [post_line(p, self.session.zone) for p in posts]

    # -- the keys ----------------------------------------------------------------------------
    def action_retry(self) -> None:
        if self.will_fail:
            self.notify("These have not failed yet: e fixes a post, S moves it, W shows what "
                        "failed", severity="warning")
            return
        if self.app.guard_write("Retrying") and (posts := self._targets()):
            self.retry(posts)

    def action_publish_anyway(self) -> None:
        """The explicit action for what R leaves out: approvals pending, told to post by hand."""
        if self.app.guard_write("Publishing") and (posts := self._targets()):
            plan = plan_retry(posts)
            if not plan.risky:
                self.notify("Nothing here is awaiting approval or marked for posting by hand"
                            + ("; R retries the failed ones" if plan.send else ""),
                            severity="warning")
                return
            risky = plan.risky
            lines = [f"{post_line(p, self.session.zone)}\n    risk: {RISKY[str(p.status)]}"
                     for p in risky]
            if len(risky) < len(posts):
                lines += ["", f"only these {_plural(len(risky))}; the others here are left "
                          "as they are"]
            self.confirm_and_run(
                risky, f"Publish {_plural(len(risky))} anyway? They go live at once.",
                lines, "Publish anyway", f"Publishing {_plural(len(risky))}",
                lambda post, progress: self.session.edits.set_status(
                    [post], Status.AUTOPUBLISHING, progress=progress),
                queue=self._queue_status(Status.AUTOPUBLISHING))

    def action_draft(self) -> None:
        if self.app.guard_write("Moving to draft") and (posts := self._targets()):
            self.confirm_and_run(
                posts, f"Move {_plural(len(posts))} back to draft? They will not publish.",
                self._lines(posts), "To draft", f"Moving {_plural(len(posts))} to draft",
                lambda post, progress: self.session.edits.set_status(
                    [post], Status.DRAFT, progress=progress), destructive=False,
                queue=self._queue_status(Status.DRAFT))

    def action_delete(self) -> None:
        if self.app.guard_write("Deleting") and (posts := self._targets()):
            self.confirm_and_run(
                posts, f"Delete {_plural(len(posts))}? They will not be published.",
                self._lines(posts) + ["", "u undoes this (posts come back with new ids)"],
                "Delete", f"Deleting {_plural(len(posts))}",
                lambda post, progress: self.session.edits.delete([post], progress=progress),
                queue=queue_delete(self.session.writer))

    def action_reschedule(self) -> None:
        if self.app.guard_write("Rescheduling") and (posts := self._targets()):
            self.reschedule(posts)

    def action_edit_retry(self) -> None:
        """The editor on the post, already set to publish now: fix it, save, it goes."""
        if not self.app.guard_write("Editing"):
            return
        row = self.posts.cursor_row
        post = self.session.cache.get(row.platform, row.id) if row else None
        if post is None:
            self.notify("No post to edit here", severity="warning")
            return
        from ..editor.screen import open_editor  # lazily: the editor is big and often not needed

        screen = open_editor(self.app, post)
        if self.will_fail:
            return  # not failed yet: fix it, it keeps its time
        if str(post.status) not in RETRYABLE:
            # the same rule as R: only FAILED and EXPIRED posts are set to publish
            why = SKIP_REASONS.get(str(post.status), "not retryable")
            self.notify(f"Opened without “publish now”: it is {why}"
                        + (" (P publishes it on purpose)" if str(post.status) in RISKY else ""),
                        severity="warning", markup=False)
            return
        if screen is None or self.session.backend.locked_reason(post):
            return  # an editor that takes no preset: it simply opens
        if self.session.backend.capabilities.retry_style != "patch_status":
            # the service retries by its own call (or a copy), not by a status: fix, save, R
            self.notify(f"Fix it and save; then R retries it. "
                        f"{self.session.backend.capabilities.retry_hint}", markup=False)
            return
        state = screen.state
        state.set("status", Status.AUTOPUBLISHING.value)
        if post.auto_publish is False:  # "publish now" means Dash publishes it
            state.set("auto_publish", True)

    # -- flows (workers: they wait for modal answers) ---------------------------------------
    @work(group="failed-actions", exit_on_error=False)
    async def reschedule(self, posts: list[Post]) -> None:
        session, app = self.session, self.app
        choice = await app.push_screen_wait(PickScreen(
            f"Reschedule {_plural(len(posts))} to…", RESCHEDULE_CHOICES))
        if choice is None:
            return
        now = session.now()
        if choice == FREE_SLOT:
            plan = free_slots(posts, _nearby(session.cache, posts, now), now)
        else:
            if choice == TYPED:
                when = await app.push_screen_wait(TimePrompt(
                    f"New time for {_plural(len(posts))}", now=session.now,
                    zone=session.zone, current=posts[0].timestamp))
                if when is None:
                    return
                if when.utc <= now:
                    self.notify("That time has passed; nothing was changed",
                                severity="warning")
                    return
                to = when.utc
            else:
                to = now + timedelta(minutes=15 if choice == IN_15 else 60)
            plan = {(p.platform.value, p.id): to for p in posts}
        zone = session.zone
        lines = [f"{post_line(p, zone)}  →  "
                 f"{plan[(p.platform.value, p.id)].astimezone(zone):%a %d %b %H:%M}"
                 for p in posts]

        def step(post, progress):
            return session.edits.reschedule_each(
                [(post, plan[(post.platform.value, post.id)])], progress=progress)

        queue = queue_times(session.writer, lambda p: plan[(p.platform.value, p.id)])

        await self._confirm_and_run(posts, f"Reschedule {_plural(len(posts))}?", lines,
                                    "Reschedule", f"Rescheduling {_plural(len(posts))}", step,
                                    destructive=False, queue=queue)

    @work(group="failed-actions", exit_on_error=False)
    async def retry(self, posts: list[Post]) -> None:
        if await retry_posts(self.app, posts):
            self.posts.clear_marks()

    @work(group="failed-actions", exit_on_error=False)
    async def confirm_and_run(self, posts: list[Post], question: str, lines: list[str],
                              yes: str, running: str, step: Step, *,
                              destructive: bool = True, queue: Queue | None = None) -> None:
        await self._confirm_and_run(posts, question, lines, yes, running, step,
                                    destructive=destructive, queue=queue)

    async def _confirm_and_run(self, posts: list[Post], question: str, lines: list[str],
                               yes: str, running: str, step: Step, *,
                               destructive: bool = True, queue: Queue | None = None) -> None:
        if await self.app.confirm_bulk(question, lines, yes, destructive):
            await self._run(posts, running, step, queue=queue)

    def _queue_status(self, status: Status) -> Queue:
        return queue_status(self.session.writer, status)

    async def _run(self, posts: list[Post], running: str, step: Step, *,
                   queue: Queue | None = None) -> None:
        # the app's one bulk path (it reloads this screen and the header after: posts now
        # publishing or scheduled leave the list); even one post is watched here
        await self.app.run_each(running, posts, step, queue=queue, title=running,
                                watch_one=True)
        self.posts.clear_marks()


async def retry_posts(app, posts: list[Post]) -> bool:
    """R, in the failed view and the list alike: retry only what a retry can fix; say what
    was left out and what needs a reconnect. True when something was sent."""
    session = app.session
    caps = session.backend.capabilities
    plan = plan_retry(posts, caps.retry_style)
    skipped = plan.skip_line()
    risky_hint = " · P publishes them anyway" if plan.risky else ""
    if not plan.send:
        app.notify(f"Nothing to retry: {skipped}{risky_hint}", title="Retry",
                   severity="warning", markup=False)
        return False
    send = plan.send
    # what needs a decision first, then the posts: the list may be long
    lines: list[str] = []
    if plan.token:
        lines += [f"A retry cannot fix these: {token_advice(session.service)}",
                  *token_lines(plan.token, lambda p: SPECS[Platform(p)].label,
                               session.brand_name), ""]
    if skipped:
        lines += [skipped + risky_hint, ""]
    if caps.retry_style != "patch_status" and caps.retry_hint:
        lines += [caps.retry_hint, ""]  # what a retry means on this service
    lines += [post_line(p, session.zone) for p in send]
    question = (f"Schedule a new copy of {_plural(len(send))} in 5 minutes?"
                if caps.retry_style == "copy" else
                f"Retry {_plural(len(send))} now? They publish at once.")
    # a token error is named, not left out: the account may have been reconnected already
    chosen = await app.push_screen_wait(ChoiceScreen(
        question, lines, [Choice("y", f"Retry {len(send)}", send, "warning")]))
    if not chosen:
        return False
    # the app's one bulk path (it reloads the screen and the header after); even one post
    # is watched here
    running = f"Retrying {_plural(len(chosen))}"
    await app.run_each(running, chosen, lambda post, progress: session.edits.retry(
        [post], progress=progress), queue=queue_status(session.writer, Status.AUTOPUBLISHING)
        if caps.retry_style == "patch_status" else None, title=running, watch_one=True)
    return True

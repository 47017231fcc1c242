"""Writes started from the list and calendar: confirm, run in a worker, report per post.

Mixed into DashApp so every screen reaches the same guard (read-only), the same confirmation
and the same result reporting.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from textual import work

from ..domain.platforms import SPECS, Platform
from ..domain.status import Status
from .textsafe import one_line

if TYPE_CHECKING:  # the models load pydantic; edits and the writer load once one is made
    from ..domain.posts import Post
    from ..edits import Result

FLUSH_EVERY = 20.0  # seconds between retries of queued writes (each write backs off itself)
COMPOSE = "compose"  # the new-post picker's "several platforms at once" (ui/editor/compose.py)


def post_line(post: Post, zone) -> str:
    """One line naming a post for a confirmation: platform, time, caption start."""
    when = post.timestamp.astimezone(zone).strftime("%a %d %b %H:%M") if post.timestamp \
        else "no time"
    return f"{SPECS[post.platform].label} #{post.id} · {when} · {one_line(post.caption, 40)}"


def marked_or_cursor(table) -> set:
    """What a bulk action works on, in the list and the failed view alike: the marked
    posts' keys, else the one under the cursor."""
    if table.marked:
        return table.marked
    return {table.cursor_row.key} if table.cursor_row else set()


def _modals():
    """The modal screens, imported at first use (not on the start-up path)."""
    from .screens import modals

    return modals


def _bulk():
    from .screens import bulk

    return bulk


class WriteActions:
    """Needs `self.session` and Textual's App API."""

    _flushing = False  # a flush of the outbox is under way

    def guard_write(self, what: str = "Writing") -> bool:
        if self.session.read_only:
            self.notify(f"{what} is disabled: dashtui was started with --read-only",
                        title="Read-only", severity="warning")
            return False
        return True

    @work(group="writes", exit_on_error=False)
    async def perform(self, label: str, posts: list[Post], step, *,
                      confirm: tuple | None = None, queue=None) -> None:
        """`confirm` is (title, lines, yes[, destructive]): the question asked first."""
        if not self.guard_write(label.capitalize()):
            return
        if confirm is None or await self.confirm_bulk(*confirm):
            await self.run_each(label, posts, step, queue=queue)

    async def confirm_bulk(self, title: str, lines: list[str], yes: str,
                           destructive: bool = True) -> bool:
        """The one question every bulk action asks, listing each post it will touch."""
        return bool(await self.push_screen_wait(_modals().ConfirmScreen(
            title, lines, yes, destructive=destructive)))

    async def run_each(self, label: str, posts: list[Post], step, *, queue=None,
                       title: str | None = None, watch_one: bool = False) -> None:
        """Every bulk action ends here. Several posts (or one with `watch_one`): one at a
        time in a BulkScreen, which shows progress, stops on esc, reports each post, stops
        sending once Dash is plainly down and queues the rest; the run is one undo step.
        One post otherwise: its outcome as a toast."""
        if len(posts) == 1 and not watch_one:
            self.report(label, await step(posts[0], None))
        elif posts:
            from .screens.bulk import BulkScreen

            await self.push_screen_wait(BulkScreen(
                title or f"{label.capitalize()}: {len(posts)} posts", posts, step,
                edits=self.session.edits, queue=queue))
        self.reload_screen()

    def report(self, label: str, results: Sequence[Result]) -> None:
        if not results:
            return
        ok = sum(r.ok for r in results)
        if len(results) == 1:
            self.notify(results[0].line(), title=label.capitalize(), markup=False,
                        severity="information" if ok else "warning")
            return
        summary = f"{label.capitalize()}: {ok} of {len(results)} done"
        self.push_screen(_modals().ResultsScreen(summary, [r.line() for r in results]))

    # -- the actions ------------------------------------------------------------------------
    def shift_posts(self, posts: list[Post], by: timedelta) -> None:
        amount = _amount(by)
        confirm = None
        if len(posts) > 1:
            confirm = (f"Move {len(posts)} posts {amount}?",
                       [post_line(p, self.session.zone) for p in posts], "Move", False)
        label = f"move {amount}"
        edits = self.session.edits
        self.perform(label, posts, lambda post, progress: edits.reschedule(
            [post], by=by, label=label, progress=progress), confirm=confirm,
            queue=_bulk().queue_times(self.session.writer,
                                      lambda p: p.timestamp + by if p.timestamp else None))

    @work(group="writes", exit_on_error=False)
    async def reschedule_to(self, posts: list[Post]) -> None:
        if not posts or not self.guard_write("Rescheduling"):
            return
        when = await self.push_screen_wait(_modals().TimePrompt(
            f"New time for {len(posts)} post(s)" if len(posts) > 1 else "New time",
            now=self.session.now, zone=self.session.zone, current=posts[0].timestamp))
        if when is None:
            return
        from ..domain.spacing import keep_spacing

        zone = self.session.zone
        # several posts keep their spacing: the earliest lands on the time typed
        new_times = keep_spacing([p.timestamp for p in posts], when.utc)
        plan = {(p.platform.value, p.id): t for p, t in zip(posts, new_times)}
        label = f"reschedule to {when.local:%a %d %b %H:%M}"
        if len(posts) > 1:
            last = max(new_times).astimezone(zone)
            lines = [f"{post_line(p, zone)}  →  {t.astimezone(zone):%a %d %b %H:%M}"
                     for p, t in zip(posts, new_times)]
            if not await self.confirm_bulk(
                    f"Reschedule {len(posts)} posts from {when.local:%a %d %b %H:%M}"
                    f" to {last:%a %d %b %H:%M}, keeping their spacing?", lines,
                    "Reschedule", destructive=False):
                return
        edits = self.session.edits
        await self.run_each(label, posts, lambda post, progress: edits.reschedule_each(
            [(post, plan[(post.platform.value, post.id)])], label=label, progress=progress),
            queue=_bulk().queue_times(self.session.writer,
                                      lambda p: plan[(p.platform.value, p.id)]))

    def delete_posts(self, posts: list[Post]) -> None:
        edits = self.session.edits
        self.perform("delete", posts, lambda post, progress: edits.delete(
            [post], progress=progress), confirm=(
            f"Delete {len(posts)} post(s)? They will not be published.",
            [post_line(p, self.session.zone) for p in posts] + ["", "u undoes this (the "
                                                               "post comes back with a new id)"],
            "Delete"), queue=_bulk().queue_delete(self.session.writer))

    @work(group="writes", exit_on_error=False)
    async def publish_now(self, posts: list[Post]) -> None:
        """Publish now; posts awaiting approval or marked for posting by hand only when asked
        by their own letter (a), and partially failed ones never (they are live already)."""
        if not posts or not self.guard_write("Publish now"):
            return
        from ..domain.triage import RISKY, SKIP_REASONS

        zone = self.session.zone
        risky = [p for p in posts if str(p.status) in RISKY]
        live = [p for p in posts if p.status == Status.PARTIALLY_FAILED]
        safe = [p for p in posts if p not in risky and p not in live]
        lines: list[str] = []  # what was left out comes first: the list may be long
        choices = []
        if safe:
            choices.append(_modals().Choice("y", f"Publish {len(safe)}", safe, "warning"))
        skipped = risky + live
        if skipped:
            reasons = " / ".join(dict.fromkeys(SKIP_REASONS[str(p.status)] for p in skipped))
            lines += [f"{len(skipped)} skipped: {reasons}"]
            lines += [f"  {post_line(p, zone)}" for p in skipped]
        if risky:
            lines += ["a publishes these anyway:"] + [
                f"  #{p.id}: {RISKY[str(p.status)]}" for p in risky]
            choices.append(_modals().Choice(
                "a", f"Publish {len(safe) + len(risky)} anyway", safe + risky, "error"))
        if skipped and safe:
            lines.append("")
        lines += [post_line(p, zone) for p in safe]
        edits = self.session.edits

        def publish(post, progress):
            return edits.set_status([post], Status.AUTOPUBLISHING, progress=progress)

        if not choices:  # each says why it was left alone
            await self.run_each("publish now", posts, publish)
            return
        n = len(safe) or len(risky)
        chosen = await self.push_screen_wait(_modals().ChoiceScreen(
            f"Publish {n} post(s) now? They go live on the networks.", lines, choices))
        if not chosen:
            return
        await self.run_each("publish now", chosen, publish, queue=_bulk().queue_status(
            self.session.writer, Status.AUTOPUBLISHING))

    def back_to_draft(self, posts: list[Post]) -> None:
        confirm = None
        if len(posts) > 1:
            confirm = (f"Move {len(posts)} posts back to draft?",
                       [post_line(p, self.session.zone) for p in posts], "To draft", False)
        edits = self.session.edits
        self.perform("back to draft", posts, lambda post, progress: edits.set_status(
            [post], Status.DRAFT, progress=progress), confirm=confirm,
            queue=_bulk().queue_status(self.session.writer, Status.DRAFT))

    @work(group="writes", exit_on_error=False)
    async def duplicate(self, post: Post) -> None:
        if not self.guard_write("Duplicating"):
            return
        caps = self.session.backend.capabilities
        choices: list[tuple[str, object]] = [
            (f"to {spec.label} (opens the editor)", platform)
            for platform, spec in SPECS.items() if platform != post.platform
            and (not caps.platforms or platform.value in caps.platforms)]
        if caps.copy_to_brands:  # the service copies into other brands itself
            choices += [(f"to brand {b.name} (Dash copies it)", b)
                        for b in self.session.brands if b.id != post.brand_id]
        target = await self.push_screen_wait(_modals().PickScreen("Duplicate this post",
                                                                  choices))
        if target is None:
            return
        if isinstance(target, Platform):
            from ..edits import map_caption
            from .editor.screen import open_editor

            open_editor(self, draft=map_caption(post, target))
            return
        if not await self.push_screen_wait(_modals().ConfirmScreen(
                f"Copy this post to {target.name}?", [post_line(post, self.session.zone)],
                "Copy")):
            return
        from ..edits import Result

        outcome = await self.session.edits.duplicate_to_brands(post, [target.id])
        self.report("duplicate", [Result(post, outcome)])

    @work(group="writes", exit_on_error=False)
    async def new_post(self, day=None, hour: int | None = None) -> None:
        """A new post on `day` (default: the calendar's), at `hour`:00 when given (the week
        grid's slot), else at the editor's default time."""
        if not self.guard_write("Creating posts"):
            return
        platform = await self.push_screen_wait(_modals().PickScreen(
            "New post on…", [(spec.label, p) for p, spec in SPECS.items()]
            + ([("Several platforms at once…", COMPOSE)]
               if self.session.backend.capabilities.post_groups else [])))
        if platform == COMPOSE:  # one caption, a post per platform, one group
            from .editor.compose import open_compose

            open_compose(self, day=day or self.focus_date)
        elif platform is not None:
            from .editor.screen import open_editor

            open_editor(self, platform=platform, day=day or self.focus_date, hour=hour)

    @work(group="writes", exit_on_error=False)
    async def action_undo(self) -> None:
        await self._step_history("Undo", "undo")

    @work(group="writes", exit_on_error=False)
    async def action_redo(self) -> None:
        await self._step_history("Redo", "redo")

    async def _step_history(self, what: str, way: str) -> None:
        """`u` / `U`: take back (or do again) the last step, and say what it did."""
        edits = self.session.edits
        if not self.guard_write(what):
            return
        if not (edits.can_undo if way == "undo" else edits.can_redo):
            self.notify(f"Nothing to {way}")
            return
        summary, results = await (edits.undo() if way == "undo" else edits.redo())
        if len(results) > 1:
            self.push_screen(_modals().ResultsScreen(summary, [r.line() for r in results]))
        else:
            self.notify(summary + ("" if all(r.ok for r in results)
                                   else f": {results[0].line()}"), markup=False)
        self.reload_screen()

    # -- the outbox -------------------------------------------------------------------------
    # not `exclusive`: cancelling a flush mid-request would cut a write off between send and
    # answer; a tick that finds one still running just skips
    @work(group="flush", exit_on_error=False)
    async def flush_outbox(self) -> None:
        if self.session.read_only or self._flushing \
                or not self.session.outbox.count():
            return
        self._flushing = True
        try:
            outcomes = await self.session.writer.flush()
        finally:
            self._flushing = False
        from ..store.writer import Conflict, Failed, Rejected, Saved, Unsure

        landed = sum(isinstance(o, Saved) for o in outcomes)
        if landed:
            self.notify(f"{landed} queued change(s) reached {self.session.service}")
        # every outcome that now waits for the user is said, never dropped
        decide = [o for o in outcomes if isinstance(o, (Conflict, Unsure, Rejected, Failed))]
        if decide:
            lines = [_decision_line(o, self.session.service) for o in decide[:4]]
            more = f"\n(and {len(decide) - 4} more)" if len(decide) > 4 else ""
            self.notify("\n".join(lines) + more + "\n4 shows the pending writes",
                        title=f"{len(decide)} queued change(s) need your decision",
                        severity="warning", timeout=20, markup=False)
        for o in outcomes:  # a conflict after the fact: Dash changed while it was sent
            if isinstance(o, Saved) and o.raced and o.post is not None:
                service = self.session.service
                self.notify(f"{_write_label(o.write)} reached {service}, but meanwhile "
                            f"{service} changed {', '.join(o.raced)} (kept)", title="Changed meanwhile",
                            severity="warning", timeout=15, markup=False)
        if landed or decide:
            self.reload_screen()  # the header's state too
        else:
            self.update_header()


def _write_label(write) -> str:
    label = SPECS[Platform(write.platform)].label
    return f"{label} #{write.post_id}" if write.post_id else f"new {label} post"


def _decision_line(outcome, service: str) -> str:
    from ..store.outcome_text import by_outcome
    from ..store.writer import Conflict, Unsure

    what = _write_label(outcome.write)
    return by_outcome(outcome, {
        Conflict: lambda o: f"{what}: changed on {service} since your edit",
        Unsure: lambda o: f"{what}: may already be on {service}; could not check",
    }, lambda o: f"{what}: {o.message}")  # refused or failed


def _amount(by: timedelta) -> str:
    minutes = int(by.total_seconds() // 60)
    sign = "later" if minutes > 0 else "earlier"
    minutes = abs(minutes)
    if minutes % 1440 == 0:
        n = minutes // 1440
        return f"{n} day{'s' * (n != 1)} {sign}"
    return f"{minutes} min {sign}"

"""A bulk write, watched: a progress bar, one line per post as it lands, a summary at the end.

The posts go one at a time (Edits paces them against the rate limit). Each post is its own
call, so an exception on one is caught, reported on that post's line, and the rest still go:
nothing half-done goes unreported. The run is one `Edits.batch`, so `u` undoes the whole
action in one step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from ...errors import ConnectionFailed, TimedOut, ServerError
from ...domain.posts import Post, Status
from ...edits import (Edits, Progress, Result, Skipped, refusal, status_changes,
                      time_changes)
from ...store.writer import Queued
from ..textsafe import clean

# one post's part of the action: an Edits call on [post] that reports through `progress`
Step = Callable[[Post, Progress], Awaitable[Sequence[Result]]]
# the same post's write queued without sending (once Dash is down): returns its outcome
Queue = Callable[[Post, str], Queued | Skipped]
DOWN_AFTER = 3  # consecutive connection / timeout / 5xx failures that mean Dash is down
DOWN_ERRORS = (ConnectionFailed, TimedOut, ServerError)


def queue_status(writer, status: Status) -> Queue:
    """What set_status would send for a post, queued without sending (the same guards)."""
    def queue(post: Post, reason: str) -> Queued | Skipped:
        return refusal(post, writer.backend, status) or writer.enqueue(post, status_changes(post, status),
                                                      reason)
    return queue


def queue_times(writer, when: Callable[[Post], datetime | None]) -> Queue:
    """What a reschedule would send for a post (to `when(post)`), queued without sending."""
    def queue(post: Post, reason: str) -> Queued | Skipped:
        moment = when(post)
        if moment is None:
            return Skipped("it has no time to move")
        return refusal(post, writer.backend) or writer.enqueue(post, time_changes(post, moment), reason)
    return queue


def queue_delete(writer) -> Queue:
    return lambda post, reason: writer.enqueue(post, None, reason)


def dash_down(result: Result) -> bool:
    """The write could not reach Dash at all (not a refusal, not a rate limit)."""
    o = result.outcome
    return isinstance(o, Queued) and isinstance(o.error, DOWN_ERRORS)


@dataclass
class Crashed:
    """The call raised: we can't tell whether Dash got the write, so say so."""

    message: str


def summary(results: Sequence[Result]) -> str:
    """`5 of 7 done; 2 queued for retry` (and how many did not go at all)."""
    done = sum(r.ok for r in results)
    queued = sum(isinstance(r.outcome, Queued) for r in results)
    text = f"{done} of {len(results)} done"
    if queued:
        text += f"; {queued} queued for retry"
    if len(results) - done - queued:
        text += f"; {len(results) - done - queued} not done"
    return text


class BulkScreen(ModalScreen[list[Result]]):
    """Runs `step` for each post; dismisses with every post's Result."""

    DEFAULT_CSS = """
    BulkScreen ProgressBar { height: 1; margin-bottom: 1; }
    BulkScreen #bulk-summary { margin-top: 1; text-style: bold; width: 100%; }
    """
    BINDINGS = [
        Binding("enter", "close", "Close", id="bulk.close"),
        Binding("escape", "stop", "Stop / close", id="bulk.stop"),
    ]

    def __init__(self, title: str, posts: Sequence[Post], step: Step, *,
                 edits: Edits | None = None, queue: Queue | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.posts = list(posts)
        self.step = step
        self.edits = edits
        self.queue = queue
        self.results: list[Result] = []
        self.finished = False
        self.stopping = False
        self.down: str | None = None  # why we stopped sending: Dash is down
        self.unexpected: BaseException | None = None  # the first bug met: the error panel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog bulk"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield ProgressBar(total=len(self.posts), show_eta=False, id="bulk-bar")
            with VerticalScroll(classes="list", id="bulk-lines"):
                yield Static("", id="bulk-text", markup=False)
            yield Label("working… (esc stops after the post in flight)", id="bulk-summary",
                        markup=False)

    def on_mount(self) -> None:
        # result lines carry a reason; the app's .dialog width (60) would wrap most of them,
        # and app CSS outranks DEFAULT_CSS, hence inline
        self.query_one(".dialog").styles.width = 84
        self._fit_lines()
        self.run_all()

    def on_resize(self) -> None:
        self._fit_lines()

    def _fit_lines(self) -> None:
        # the summary must stay on screen at 80x24: the lines get what the dialog's 90% leaves
        # after border, padding, title, bar and summary (10 rows); they scroll within that
        summary_rows = max(1, self.query_one("#bulk-summary").outer_size.height)
        room = int(self.app.size.height * 0.9) - 9 - summary_rows
        self.query_one("#bulk-lines").styles.max_height = max(3, min(room, 30))

    # -- the run --------------------------------------------------------------------------
    @work(exclusive=True, group="bulk", exit_on_error=False)
    async def run_all(self) -> None:
        # one undo step for the whole run, closed before the summary invites enter/u
        try:
            with self.edits.batch() if self.edits else nullcontext():
                await self._send_all()
        finally:
            self._finish()

    async def _send_all(self) -> None:
        in_a_row = 0
        for post in self.posts:
            if self.stopping:
                self._add(Result(post, Skipped("stopped before it was sent")))
                continue
            if self.down is not None:
                self._add(self._hold(post))
                continue
            before = len(self.results)

            async def progress(result: Result) -> None:
                self._add(result)

            try:
                returned = await self.step(post, progress)
            except Exception as exc:  # noqa: BLE001 - reported on the post's line
                self.unexpected = self.unexpected or exc
                self._add(Result(post, Crashed(self._scrub(
                    f"unexpected error, open it to check: {type(exc).__name__}: {exc}"))))
                continue
            if len(self.results) == before:  # the step did not call progress
                for result in returned or [Result(post, Crashed("no answer"))]:
                    self._add(result)
            mine = self.results[before:]
            in_a_row = in_a_row + 1 if mine and all(map(dash_down, mine)) else 0
            if in_a_row >= DOWN_AFTER:
                # Dash is plainly down: each further post would spend its own retries
                # and time-outs to learn the same thing, so queue the rest at once
                self.down = mine[-1].outcome.reason
                self.query_one("#bulk-summary", Label).update(
                    f"{self._service} looks down; queueing the rest without sending…")

    def _hold(self, post: Post) -> Result:
        if self.queue is None:
            return Result(post, Skipped(f"not sent: {self._service} looks down ({self.down})"))
        try:
            return Result(post, self.queue(
                post, f"not sent yet: {self._service} looked down ({self.down})"))
        except Exception as exc:  # noqa: BLE001 - reported on the post's line
            self.unexpected = self.unexpected or exc
            return Result(post, Crashed(self._scrub(
                f"could not queue it: {type(exc).__name__}: {exc}")))

    @property
    def _service(self) -> str:
        session = getattr(self.app, "session", None)
        return session.service if session is not None else "the service"

    def _scrub(self, text: str) -> str:
        """An exception's text may quote a request or the config: never the token."""
        scrub = getattr(getattr(self.app, "session", None), "backend", None)
        scrub = getattr(scrub, "scrub", None)
        return scrub(text) if scrub else text

    def _add(self, result: Result) -> None:
        self.results.append(result)
        self.query_one(ProgressBar).advance(1)
        self.query_one("#bulk-text", Static).update(
            Text("\n".join(clean(r.line()) for r in self.results)))
        self.query_one("#bulk-lines", VerticalScroll).scroll_end(animate=False)

    def _finish(self) -> None:
        self.finished = True
        text = summary(self.results)
        if self.down is not None:
            text = (f"{self._service} looks down ({DOWN_AFTER} failures in a row): the rest "
                    "were queued "
                    "without sending\n" + text)
        self.query_one("#bulk-summary", Label).update(f"{text} · enter closes")
        self.call_after_refresh(self._fit_lines)  # a longer summary takes rows from the lines
        if self.unexpected is not None:  # a bug, not Dash: the panel with its traceback
            internal = getattr(self.app, "internal_error", None)
            if internal is not None:
                internal(self.unexpected, self.title_text)

    # -- keys -----------------------------------------------------------------------------
    def action_close(self) -> None:
        if self.finished:
            self.dismiss(self.results)
        else:
            self.notify("Still working; esc stops after the post in flight")

    def action_stop(self) -> None:
        if self.finished:
            self.dismiss(self.results)
        elif not self.stopping:
            self.stopping = True
            self.query_one("#bulk-summary", Label).update("stopping after the post in flight…")

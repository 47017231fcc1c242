"""`dashtui watch [--once] [--interval S]`: poll every brand of the account, and run
`notify_command` once for each post that newly failed and each saved view that went above its
`alert_above` (alerts.py; remembered in the account's alerts.sqlite3).

A poll is one listing of every platform over the hull of the alert window and the views'
windows, for all brands at once, through the sync service's loop (as `dashtui failed`), so it
costs about one request per platform (one per brand and platform where the server refuses
lists of brands; the client paces those inside the rate limit). Before a poll, if the last
answer's rate-limit window has too little left, it waits for the window to reset.

Exit status of `--once`: 0 everything read and every alert due delivered (or none due);
2 bad config or arguments; 3 some lists could not be read (named on stderr; alerts from the
rest were still delivered); 4 the notify command failed for an alert (kept, retried on the
next run). 4 wins over 3.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .accounts import account_dir
from .alerts import Origin, Outcome, ViewCount, deliver, observe, token_envs
from .backend import Backend
from .config import Config, data_dir
from .domain.platforms import SPECS, Platform
from .errors import BackendError
from .store.alert_state import AlertState
from .store.cache import PostRow
from .store.sync import SyncService
from .termsafe import say
from .views import View, brand_ids, merge_views, parse_when, select

EXIT_USAGE, EXIT_UNCHECKED, EXIT_NOTIFY = 2, 3, 4
RATE_RESERVE = 50  # requests left to the TUI and the user's own keys
STATE_FILE = "alerts.sqlite3"


def state_path(config: Config, demo: bool = False) -> Path:
    """The account's alert state, beside its cache (the TUI uses the same file)."""
    if demo:  # the demo's data is thrown away; so are its alerts
        return Path(tempfile.gettempdir()) / "dashtui-demo-alerts.sqlite3"
    return account_dir(data_dir(), config.active_account()) / STATE_FILE


def row_of(post) -> PostRow:
    """A listed Post as the cache would hold it (what views and alerts read)."""
    ts = int(post.timestamp.timestamp()) if post.timestamp else None
    return PostRow(post.platform.value, post.id, post.brand_id, post.status, ts,
                   post.updated_at.isoformat() if post.updated_at else None, post.caption,
                   len(post.media_ids), post.approval_status, post.error_text or None, 0)


@dataclass
class Poll:
    rows: list[tuple[PostRow, str | None]] = field(default_factory=list)
    failed: dict[tuple[int, str], BackendError] = field(default_factory=dict)  # (brand, pf)
    brand_names: dict[int, str] = field(default_factory=dict)
    counts: list[ViewCount] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def problems(self) -> list[str]:
        return sorted(f"{self.brand_names.get(b, b)} {SPECS[Platform(p)].label}: {e}"
                      for (b, p), e in self.failed.items())


def hull(windows: list[tuple[datetime, datetime]]) -> tuple[datetime, datetime]:
    return min(w[0] for w in windows), max(w[1] for w in windows)


async def poll_once(client: Backend, config: Config, views: list[View], state: AlertState,
                    origin: Origin, now: datetime | None = None, run=None) -> Poll:
    """List every brand once, count the views, remember new alerts, run the command."""
    now = now or datetime.now(timezone.utc)
    zone = config.zone()
    me = await client.whoami()
    brands = me.brand_list()
    if config.brands:
        brands = [b for b in brands if b.id in config.brands]
    current = me.find_brand(config.brand) if config.brand is not None else None
    current = current or (brands[0] if brands else None)
    result = Poll(brand_names={b.id: b.name for b in brands})
    alert_window = parse_when(config.alert_window).window(now, zone)
    windows = {v.name: v.window(now, zone) for v in views}
    start, end = hull([alert_window, *windows.values()])

    def land(brand_id: int, platform: Platform, answer) -> None:
        if isinstance(answer, BackendError):
            result.failed[(brand_id, platform.value)] = answer
        else:
            result.rows.extend((row_of(p), p.approval_policy) for p in answer)

    sync = SyncService(client)
    await sync.list_window([b.id for b in brands], start, end, land)
    result.rows.sort(key=lambda rp: (rp[0].ts or 0, rp[0].platform, str(rp[0].id)))
    failed_brands = {b for b, _ in result.failed}
    for view in views:
        ids = brand_ids(view, current.id if current else None, brands)
        rows = select(view, result.rows, *windows[view.name], ids)
        result.counts.append(ViewCount(view, len(rows), not failed_brands & set(ids), rows,
                                       windows[view.name]))
    result.new = observe(state, origin, (r for r, _ in result.rows), alert_window,
                         lambda b: result.brand_names.get(b, str(b)), result.counts, now)
    result.outcomes = await deliver(state, config.notify_command or "",
                                    config.notify_timeout, secrets=token_envs(config), run=run)
    return result



def _report(result: Poll) -> int:
    code = 0
    for outcome in result.outcomes:
        if outcome.ok:
            say(sys.stdout, f"notified: {outcome.summary}")
        else:
            code = EXIT_NOTIFY
            say(sys.stderr, f"dashtui watch: notify_command failed for {outcome.summary} "
                f"(attempt {outcome.attempt}): {outcome.error}; kept, tried again on the "
                "next poll")
    problems = result.problems()
    for problem in problems:
        say(sys.stderr, f"dashtui watch: could not check {problem}")
    if problems and not code:
        code = EXIT_UNCHECKED
    return code


def _rate_wait(client: Backend, calls: int) -> float:
    """Seconds to wait before a poll of `calls` requests leaves the reserve untouched."""
    limit = client.rate_limit
    if limit is None or limit.remaining is None or limit.reset_at is None:
        return 0.0
    budget = min(calls, (limit.limit or calls) // 2)
    if limit.remaining >= budget + RATE_RESERVE:
        return 0.0
    return max(0.0, (limit.reset_at - datetime.now(timezone.utc)).total_seconds())


async def _stopped(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep `seconds`; True when told to stop meanwhile."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        return False
    return True


async def _show_only(payload: dict, attempt: int) -> str:
    """The demo without a notify_command: the alert is only printed (by _report)."""
    return ""


def run_watch(config: Config, args: argparse.Namespace) -> int:
    if not config.notify_command and args.demo:
        say(sys.stderr, "dashtui watch: no notify_command: showing what it would be told")
    elif not config.notify_command:
        say(sys.stderr, "dashtui watch: notify_command is not set: add e.g. notify_command = "
            "\"notify-send dashtui \\\"$DASHTUI_CAUSE\\\"\" to the config (see README, "
            "Alerts)")
        return EXIT_USAGE
    from .scripts import _client

    client = _client(config, args.demo, getattr(args, "backend", None))
    if client is None:
        return EXIT_USAGE
    interval = args.interval if args.interval is not None else config.watch_interval
    views = merge_views(config.views)
    account = config.active_account()
    origin = Origin(account.name, client.name, client.capabilities.label)
    state = AlertState(state_path(config, args.demo))
    for notice in state.notices:
        say(sys.stderr, f"dashtui watch: {notice}")

    async def go() -> int:
        # SIGTERM (systemd stop) and ctrl+c end the loop between polls; a command already
        # running is let finish and written down, so a stop never makes it run twice
        stop = asyncio.Event()
        if not args.once:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, stop.set)
        async with client:
            code, brands = 0, 1
            while True:
                # at worst one list per brand and platform (a server refusing lists of brands)
                calls = 1 + len(client.capabilities.platforms or Platform) * brands
                wait = _rate_wait(client, calls)
                if wait and not args.once:
                    say(sys.stderr, f"dashtui watch: rate limit low; next poll in {wait:.0f} s")
                    if await _stopped(stop, wait):
                        return 0
                try:
                    result = await poll_once(client, config, views, state, origin,
                                             run=None if config.notify_command else _show_only)
                    code = _report(result)
                    brands = max(1, len(result.brand_names))
                except BackendError as exc:
                    say(sys.stderr, f"dashtui watch: could not poll: {exc}")
                    code = EXIT_UNCHECKED
                sys.stdout.flush()  # a journal or a pipe sees each poll as it ends
                state.prune()
                if args.once:
                    return code
                if await _stopped(stop, interval):
                    return 0

    try:
        return asyncio.run(go())
    except KeyboardInterrupt:
        return 130
    finally:
        state.close()

"""The header tells the truth: the failed count of the on-call window as `dashtui failed`
counts it, the platforms that did not refresh (until they do), auto-refresh, quit with
pending writes.

The failed count is compared with the report function behind `dashtui failed --json`, run
in-process against the same sandbox the app talks to.
"""

from __future__ import annotations

import dataclasses

from datetime import datetime, timedelta, timezone

import pytest

from dashtui.backends.dash.retry import RateLimit
from dashtui.report import failed_items, failed_json, failed_window, fetch
from dashtui.backends.dash.sandbox.faults import Rule
from dashtui.store.outbox import Outbox
from dashtui.ui.screens.failed import FailedScreen
from dashtui.ui.screens.modals import ConfirmScreen

from .conftest import messages, screen_text, settle
from .test_failed import follow_sandbox_clock, make_failures, sandbox

SIZE = (120, 30)


def header(app) -> str:
    return screen_text(app).splitlines()[0]


async def report_total(app, brand_id: int) -> int:
    """What `dashtui failed --json` says for this brand, asked of the same sandbox now."""
    session = app.session
    brand = session.find_brand(brand_id)
    items, problems = await fetch(session.backend, [brand], *failed_window(
        session.now(), session.config.failed_days))
    assert not problems
    return failed_json(failed_items(items), session.now(), problems)["total"]


def fail_platforms(app, *paths: str, status: int = 500) -> None:
    app.sandbox_app.state.runtime.faults.replace(
        [Rule(path=list(paths), error_rate=1.0, error_status=status)])


async def test_platforms_that_did_not_refresh_stay_named_until_they_do(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "synced just now" in header(app)
        assert "not refreshed" not in header(app)
        fail_platforms(app, "/scheduler/twitter", "/scheduler/threads")
        await pilot.press("r")
        await settle(pilot)
        line = header(app)
        assert "X, Threads not refreshed: 500 · cache from " in line
        assert "synced" not in line  # never "synced just now" over two stale platforms
        # still said on another screen, long after any toast, and after a refresh that
        # fails again
        await pilot.press("2")
        await settle(pilot)
        assert "X, Threads not refreshed: 500" in header(app)
        await pilot.press("r")
        await settle(pilot)
        assert "X, Threads not refreshed: 500" in header(app)
        # the failed view says what it could not check instead of an all-clear
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, FailedScreen)
        text = screen_text(app)
        assert "Not checked: X, Threads not refreshed: 500" in text
        assert "not refreshed" in header(app)
        # they answer again: the next refresh clears it
        app.sandbox_app.state.runtime.faults.replace([])
        await pilot.press("r")
        await settle(pilot)
        assert "Not checked" not in screen_text(app)
        assert "not refreshed" not in header(app)
        assert "synced just now" in header(app)


async def test_every_platform_down_says_so_and_the_failed_view_gives_no_all_clear(make_app):
    app = make_app(brand=3100)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        fail_platforms(app, "/scheduler/", status=502)
        await pilot.press("r")
        await settle(pilot)
        line = header(app)
        assert "every platform not refreshed: 502" in line
        text = screen_text(app)
        assert "Not checked: every platform not refreshed: 502" in text
        assert "Nothing failed" not in text


async def test_failed_count_equals_the_report_from_the_first_frame_after_b_and_auto_refresh(
        make_app):
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)  # a cold cache: the on-call window is fetched at start
        total = await report_total(first, 144)
        assert total > 0
        assert f" {total} failed " in header(first)
    app = make_app()  # the same cache directory, a fresh sandbox of the same demo
    slow = Rule(path=["/scheduler/"], latency_ms=1500)
    app.sandbox_app.state.runtime.faults.replace([slow])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()  # the first frame, before any list call has answered
        assert "refreshing…" in header(app)
        assert f" {total} failed " in header(app)
        app.sandbox_app.state.runtime.faults.replace([])
        await settle(pilot)
        assert f" {total} failed " in header(app)
        # failures of the other brands, from the cache and refreshed at start
        others = await report_total(app, 2000) + await report_total(app, 3100)
        assert f"+{others} in 2 other brands" in header(app)

        # b to another brand: its own count, without pressing 3
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        brand = app.session.brand.id
        assert brand != 144
        assert f" {await report_total(app, brand)} failed " in header(app)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("up", "enter")  # back to 144
        await settle(pilot)
        assert app.session.brand.id == 144

        # new failures arrive while the failed view is open: auto-refresh shows them
        await pilot.press("3")
        await settle(pilot)
        follow_sandbox_clock(app)
        app._schedule_auto()
        ids = await make_failures(app)
        await sandbox(app, "clock", {"advance": 3 * 60})  # one auto-refresh interval
        app.auto_refresh_tick()
        await settle(pilot)
        now_total = await report_total(app, 144)
        assert now_total >= total + len(ids)
        assert f" {now_total} failed " in header(app)
        assert "New failures" in messages(app)
        screen = app.screen
        assert isinstance(screen, FailedScreen)
        shown = {row.id for group in screen.groups.groups for row in group.items}
        assert set(ids) <= shown


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
async def test_auto_refresh_waits_for_its_interval_on_the_session_clock(make_app, read_only):
    app = make_app(auto_refresh_minutes=3, read_only=read_only)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        follow_sandbox_clock(app)
        app._schedule_auto()
        calls = []
        real = app.session.backend.list_posts

        async def counted(*args, **kwargs):
            calls.append(args[0])
            return await real(*args, **kwargs)

        app.session.backend.list_posts = counted
        await sandbox(app, "clock", {"advance": 170})
        app.auto_refresh_tick()
        await settle(pilot)
        assert calls == []  # 2 min 50 s: not yet
        await sandbox(app, "clock", {"advance": 20})
        app.auto_refresh_tick()
        await settle(pilot)
        assert len(calls) >= 10  # the on-call window of every platform, at least
        assert app._next_auto > app.session.now() + timedelta(minutes=2)


async def test_auto_refresh_off_when_the_config_says_zero(make_app):
    app = make_app(auto_refresh_minutes=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        follow_sandbox_clock(app)
        calls = []
        real = app.session.backend.list_posts

        async def counted(*args, **kwargs):
            calls.append(args[0])
            return await real(*args, **kwargs)

        app.session.backend.list_posts = counted
        await sandbox(app, "clock", {"advance": 3600})
        app.auto_refresh_tick()
        await settle(pilot)
        assert calls == []


async def test_auto_refresh_stays_inside_the_rate_limit_and_backs_off_while_dash_is_down(
        make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        follow_sandbox_clock(app)
        session = app.session
        calls = []
        real = session.backend.list_posts

        async def counted(*args, **kwargs):
            calls.append(args[0])
            return await real(*args, **kwargs)

        session.backend.list_posts = counted

        async def no_wait(seconds: float) -> None:  # the client's retries, without the waits
            return None

        transport = session.backend._session
        transport.retry = dataclasses.replace(transport.retry, sleep=no_wait)
        # a nearly spent rate limit: no auto-refresh until it resets
        reset = datetime.now(timezone.utc) + timedelta(minutes=10)
        session.backend._session.rate_limit = RateLimit(100, 15, reset, datetime.now(
            timezone.utc))
        app._next_auto = session.now()
        app.auto_refresh_tick()
        await settle(pilot)
        assert calls == []
        assert app._next_auto >= session.now() + timedelta(minutes=9)
        session.backend._session.rate_limit = None
        # Dash down: every platform fails; the next try waits twice as long
        fail_platforms(app, "/scheduler/", status=503)
        app._next_auto = session.now()
        app.auto_refresh_tick()
        await settle(pilot)
        assert calls
        assert app._next_auto >= session.now() + timedelta(minutes=6)
        assert "every platform not refreshed: 503" in header(app)
        app._next_auto = session.now()
        app.auto_refresh_tick()
        await settle(pilot)
        assert app._next_auto >= session.now() + timedelta(minutes=12)
        # back up: the usual interval again
        app.sandbox_app.state.runtime.faults.replace([])
        app._next_auto = session.now()
        app.auto_refresh_tick()
        await settle(pilot)
        assert app._next_auto <= session.now() + timedelta(minutes=3)
        assert "not refreshed" not in header(app)


async def test_a_new_failure_rings_the_bell_only_when_asked(make_app):
    for bell in (False, True):
        app = make_app(bell_on_failure=bell)
        rang = []
        async with app.run_test(size=SIZE) as pilot:
            app.bell = lambda: rang.append(1)
            await settle(pilot)
            follow_sandbox_clock(app)
            await make_failures(app, ["Sandbox: the network is under maintenance."])
            app._next_auto = app.session.now()
            app.auto_refresh_tick()
            await settle(pilot)
            assert bool(rang) is bell


async def test_quit_with_pending_writes_asks_and_says_how_many(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Dash refuses every PATCH: two moves stay queued in the outbox
        app.sandbox_app.state.runtime.faults.replace(
            [Rule(method=["PATCH"], error_rate=1.0, error_status=503)])
        session = app.session
        rows = [r for r in session.rows(*app.screen.window())
                if r.status == "SCHEDULED"][:2]
        posts = [session.post(r) for r in rows]
        await session.edits.reschedule(posts, by=timedelta(hours=1), label="move")
        assert session.outbox.count() == 2
        app.update_header()
        await pilot.pause()
        assert "2 pending" in header(app)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        assert "Quit with 2 writes not yet on Dash?" in text
        assert "will be sent on the next" in text and "start of dashtui" in text
        await pilot.press("q")  # q on the question does not stack a second one
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, ConfirmScreen)]) == 1
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running
    # still queued for the next start
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    assert outbox.count() == 2
    outbox.close()


async def test_quit_without_pending_writes_just_quits(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.outbox.count() == 0
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
    assert not app.is_running


async def test_no_color_failures_stand_out_by_shape(make_app, monkeypatch):
    from rich.style import Style

    from dashtui.ui.header import HeaderBar
    from dashtui.ui.widgets.failed_groups import GroupList
    from dashtui.ui.widgets.post_table import PostTable

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color
        fail_platforms(app, "/scheduler/twitter")
        await pilot.press("r")
        await settle(pilot)
        line = app.screen.query_one(HeaderBar).render()
        styles = {line.plain[span.start:span.end]: Style.parse(str(span.style))
                  for span in line.spans}
        failed = next(v for k, v in styles.items() if k.endswith(" failed"))
        assert failed.bold and failed.reverse
        stale = next(v for k, v in styles.items() if "not refreshed" in k)
        assert stale.bold and stale.underline
        await pilot.press("3")
        await settle(pilot)
        count = app.screen.query_one(GroupList).get_component_rich_style(
            "group-list--count")
        assert count.bold and count.reverse
        await pilot.press("2")
        await settle(pilot)
        status = app.screen.query_one(PostTable).get_component_rich_style(
            "post-table--error")
        assert status.bold and status.reverse


async def test_the_freshness_age_ticks_on_its_own(make_app, monkeypatch):
    import time as real_time

    from dashtui import session as session_module

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "synced just now" in header(app)
        later = real_time.time() + 150

        class Later:
            @staticmethod
            def time() -> float:
                return later

        monkeypatch.setattr(session_module, "time", Later)
        app.auto_refresh_tick()  # what the app's timer calls every few seconds
        await pilot.pause()
        assert "synced 2 min ago" in header(app)
        assert any(t._callback == app.auto_refresh_tick for t in app._timers)


async def test_all_brands_failed_view_names_the_brands_it_could_not_check(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        fail_platforms(app, "/scheduler/pinterest", status=504)
        await pilot.press("A")
        await settle(pilot)
        text = screen_text(app)
        assert "Not checked: Ember & Oak Coffee Roasters: Pinterest not refreshed: 504" in text
        assert "Summit Trail Outfitters: Pinterest not refreshed: 504" in text


async def test_as_the_header_narrows_the_brand_and_failed_count_stay(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        fail_platforms(app, "/scheduler/twitter", "/scheduler/threads")
        await pilot.press("r")
        await settle(pilot)
        seen_stale = []
        for width in range(120, 33, -4):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            line = header(app)
            assert len(line.rstrip()) <= width
            # the brand keeps 16 cells until every other fact is at its shortest
            assert ("Ember & Oak Cof" if width >= 44 else "Ember &") in line, (width, line)
            assert " 22 failed " in line, (width, line)
            seen_stale.append(("not refreshed" in line or "stale" in line))
        assert all(seen_stale)  # the stale state shortens but never goes

"""What happens when things go wrong: no network, failing platforms, a broken cache, deleted
posts, hostile captions. The screen keeps working and says what happened."""

from __future__ import annotations

import socket

from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.retry import RetryPolicy
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.config import Config
from dashtui.backends.dash.sandbox.faults import Rule
from dashtui.ui.launch import build_app
from dashtui.ui.screens.error_panel import ErrorPanel
from dashtui.ui.widgets.calendar import CalendarView
from dashtui.ui.widgets.post_table import PostTable

from .conftest import NOW, ZONE, messages, screen_text, settle



def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


async def test_paints_from_the_cache_when_the_network_is_down(make_app, tmp_path):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cached = first.query_one(CalendarView).period()
    offline = DashClient("token-for-nowhere", ServiceURLs.from_root(
        f"http://127.0.0.1:{_closed_port()}"), retry=RetryPolicy(max_attempts=1))
    app = build_app(Config(timezone=ZONE), client=offline, cache_dir=tmp_path,
                    clock=lambda: NOW)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        # painted before the network answered: the month is there from the cache
        assert app.query_one(CalendarView).period() == cached
        assert "Ember & Oak" in screen_text(app)
        calendar = app.screen_stack[0]
        rows_painted = len(app.session.rows(*calendar.window()))
        assert rows_painted > 50
        await settle(pilot)
        # every platform failed the same way: the app says so once, in the error panel
        assert isinstance(app.screen, ErrorPanel)
        text = screen_text(app)
        assert "connection refused" in text and "Check the network" in text
        copied = []
        app.copy_to_clipboard = copied.append
        await pilot.press("y")
        assert "request: GET http://127.0.0.1:" in copied[0] and "token" not in copied[0]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is calendar
        assert len(app.session.rows(*calendar.window())) == rows_painted


async def test_an_expired_token_gets_the_error_panel(make_app, tmp_path):
    import httpx

    from dashtui.demo import DEMO_ROOT

    sandbox = make_app().sandbox_app
    expired = DashClient("expired-token-0000", ServiceURLs.from_root(DEMO_ROOT),
                         transport=httpx.ASGITransport(app=sandbox))
    app = build_app(Config(timezone=ZONE), client=expired, cache_dir=tmp_path / "fresh",
                    clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorPanel)
        text = screen_text(app)
        assert "401" in text and "DASH_API_TOKEN" in text
        assert "expired-token-0000" not in text


async def test_a_refresh_failing_on_two_platforms_lands_the_other_eight(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        state = app.sandbox_app.state.sandbox
        runtime = app.sandbox_app.state.runtime
        # every platform gets a new caption on the server; tiktok and youtube then fail
        for stored in state.posts.values():
            field = {"instagram": "caption", "facebook": "message", "twitter": "tweet_status",
                     "youtube": "description", "snapchat": "description",
                     "pinterest": "note"}.get(stored.platform, "text")
            if stored.data.get("brand_id") == 144 and stored.data.get(field) is not None:
                stored.data[field] = f"refreshed {stored.platform}"
        runtime.publisher.dirty = True
        runtime.faults.replace([Rule(path=["/scheduler/tiktok", "/scheduler/youtube"],
                                     error_rate=1.0, error_status=500)])
        await pilot.press("r")
        await settle(pilot)
        said = messages(app)
        assert "2 platform(s) did not refresh" in said
        assert "tiktok" in said and "youtube" in said
        rows = app.screen.query_one(PostTable).visible_rows
        landed = {r.platform for r in rows if r.caption.startswith("refreshed")}
        assert {"tiktok", "youtube"}.isdisjoint(landed)
        assert len(landed) == 8
        assert any(r.platform == "tiktok" for r in rows)  # still shown, from the cache


async def test_a_corrupt_cache_file_is_set_aside_and_rebuilt(make_app, tmp_path):
    (tmp_path / "cache.sqlite3").write_bytes(b"\x00garbage, not a database" * 400)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert "Cache rebuilt" in messages(app)
        assert list(tmp_path.glob("cache.sqlite3.broken-*"))
        assert app.session.cache.count(144) > 100


async def test_posts_deleted_on_the_server_disappear_after_refresh(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        victim = table.visible_rows[3]
        del app.sandbox_app.state.sandbox.posts[victim.id]
        app.sandbox_app.state.runtime.publisher.dirty = True
        await pilot.press("r")
        await settle(pilot)
        assert victim.key not in {r.key for r in table.visible_rows}
        assert app.session.cache.get(victim.platform, victim.id) is None


async def test_hostile_captions_render_literally(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash", *"flash sale", "enter")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        assert table.row_count >= 1
        assert "[bold]Flash sale![/bold]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[link=https://x.y]everything[/link]" in text
        await pilot.press("escape", "escape", "slash", *"pwned", "enter")
        await settle(pilot)
        assert table.row_count >= 1
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "^[[31mRED ALERT^[[0m" in text  # shown, not obeyed
        assert "\x1b" not in text

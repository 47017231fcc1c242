"""The client reads everything the sandbox's demo world serves, over real HTTP: every brand
the token reaches, every platform, boards and media, without one MalformedResponse."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.errors import ForbiddenError
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.domain.platforms import Platform

from .conftest import SANDBOX_TOKEN


@pytest.fixture(scope="module")
def demo():
    app_module = pytest.importorskip("dashtui.backends.dash.sandbox.app")
    from dashtui.backends.dash.sandbox.server import serve_in_thread

    try:
        app = app_module.create_app(token=SANDBOX_TOKEN, demo=True, seed=7)
    except Exception as exc:  # noqa: BLE001 - the demo is written alongside; don't block on it
        pytest.skip(f"demo state not buildable yet: {exc!r}")
    with serve_in_thread(app) as base:
        yield app.state.sandbox, ServiceURLs.from_root(base)


def _in_window(data: dict, start: datetime, end: datetime) -> bool:
    ts = data.get("timestamp")
    return bool(ts) and start <= datetime.fromisoformat(ts) <= end


async def test_every_brand_and_platform_parses(demo):
    state, urls = demo
    now = state.now()
    start, end = now - timedelta(weeks=9), now + timedelta(weeks=9)
    async with DashClient(SANDBOX_TOKEN, urls) as dash:
        me = await dash.whoami()
        assert sorted(me.accessible_brands) == sorted(state.accessible_brands)
        for brand in me.accessible_brands:
            lists = await asyncio.gather(*(dash.list_posts(p, brand, start, end)
                                           for p in Platform))
            got = {(p.value, post.id) for p, posts in zip(Platform, lists) for post in posts}
            expected = {(s.platform, pid) for pid, s in state.posts.items()
                        if s.data.get("brand_id") == brand and _in_window(s.data, start, end)}
            assert got == expected
            for posts in lists:
                for post in posts:
                    assert isinstance(post.caption, str)  # hostile text parses as data
            await dash.list_boards(brand)


async def test_media_and_single_posts(demo):
    state, urls = demo
    brand = state.accessible_brands[0]
    media_id = next(k for k, m in state.media.items() if m.get("brand_id") == brand)
    post_id, stored = next((k, s) for k, s in state.posts.items()
                           if s.data.get("brand_id") == brand)
    async with DashClient(SANDBOX_TOKEN, urls) as dash:
        media = await dash.get_media(brand, media_id)
        assert media.scheduler_id == media_id and media.kind in ("IMAGE", "VIDEO")
        post = await dash.get_post(stored.platform, post_id)
        assert post.id == post_id and post.status == stored.data["status"]


async def test_brand_out_of_reach(demo):
    state, urls = demo
    outside = next(b for b in state.brands if b not in state.accessible_brands)
    now = state.now()
    async with DashClient(SANDBOX_TOKEN, urls) as dash:
        with pytest.raises(ForbiddenError, match=f"brand {outside}"):
            await dash.list_posts("instagram", outside, now, now + timedelta(days=7))

"""Session.refresh and refresh_failed against the sandbox over real HTTP, under both readings
of the docs: every platform's window lands whatever happens to the undated drafts, and the
all-brands refresh asks each platform for many brands at once (one per brand if refused)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from dashtui.backends.dash.errors import ServerError
from dashtui.config import Config
from dashtui.domain.platforms import Platform
from dashtui.backends.dash.sandbox.state import StoredPost
from dashtui.session import Session
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.sync import UNDATED_REFUSED

from .conftest import BRAND, FROZEN_NOW, OTHER_BRAND

NOW = datetime.fromisoformat(FROZEN_NOW)
WINDOW = (NOW - timedelta(days=7), NOW + timedelta(days=7))


def _seed(sandbox, brands=(BRAND,)) -> dict[int, dict[str, int]]:
    """Per brand, per platform: one post inside the window and one draft without a time."""
    ids: dict[int, dict[str, int]] = {}
    pid = 900_000
    for brand in brands:
        for platform in Platform:
            for ts in ((NOW + timedelta(hours=12)).isoformat(), None):  # on call too
                pid += 1
                sandbox.state.posts[pid] = StoredPost(platform.value, {
                    "id": pid, "brand_id": brand, "status": "DRAFT", "timestamp": ts,
                    "media_ids": [], "auto_publish": True})
                ids.setdefault(brand, {})[f"{platform.value}:{'dated' if ts else 'undated'}"] \
                    = pid
    return ids


@pytest.fixture
async def session(sandbox, clock, tmp_path):
    client = sandbox.client(clock)
    cache = Cache(tmp_path / "cache.sqlite3")
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    s = Session(Config(), client, cache, outbox, clock=lambda: NOW)
    await s.load_brands()
    yield s
    await client.aclose()
    cache.close()
    outbox.close()


def _list_gets(sandbox) -> int:
    """List calls that reached the sandbox (its log has paths only: compare before/after)."""
    return sandbox.hits("GET", "/scheduled_posts")


async def test_first_refresh_and_r_land_every_platforms_window(sandbox, session):
    ids = _seed(sandbox)[BRAND]
    first = await session.refresh(*WINDOW, undated=None)  # the app's first refresh
    assert first.ok and set(first.landed) == set(Platform)
    for platform in Platform:
        assert session.cache.get(platform, ids[f"{platform.value}:dated"]) is not None
    if sandbox.profile == "strict":
        # refused once, plainly; every windowed post kept
        assert first.undated_refused and session.undated_refused
        assert "cannot be listed on this account" in UNDATED_REFUSED
        assert all(session.cache.get(p, ids[f"{p.value}:undated"]) is None for p in Platform)
    else:
        assert not first.undated_refused and set(first.undated_landed) == set(Platform)
        assert all(session.cache.get(p, ids[f"{p.value}:undated"]) is not None
                   for p in Platform)
    before = _list_gets(sandbox)
    again = await session.refresh(*WINDOW, undated=True)  # `r`
    assert again.ok and set(again.landed) == set(Platform)
    assert not again.undated_refused  # said once only
    asked = _list_gets(sandbox) - before
    # strict: the ten windows only, the refused unbounded lists are not asked again
    assert asked == (10 if sandbox.profile == "strict" else 20)


async def test_undated_drafts_are_asked_once_per_brand_unless_asked(sandbox, session):
    _seed(sandbox)
    await session.refresh(*WINDOW, undated=None)
    before = _list_gets(sandbox)
    await session.refresh(*WINDOW, undated=None)  # a later refresh of the same brand
    assert _list_gets(sandbox) - before == 10  # the windows only


async def test_a_failing_undated_list_never_costs_the_window(sandbox, session):
    ids = _seed(sandbox)[BRAND]
    sandbox.control("POST", "profile", {"profile": "lenient"})
    real = session.backend.list_posts
    asked = []

    async def flaky(platform, brand_id, start, end, **kw):
        if start is None:  # every unbounded list fails; the windows answer
            asked.append(platform)
            raise ServerError("Dash failed (500)", status=500)
        return await real(platform, brand_id, start, end, **kw)

    session.backend.list_posts = flaky
    result = await session.refresh(*WINDOW, undated=True)
    assert len(asked) == 10
    assert result.ok and set(result.landed) == set(Platform)
    assert set(result.undated_failed) == set(Platform) and not result.undated_refused
    assert all(session.cache.get(p, ids[f"{p.value}:dated"]) for p in Platform)


async def test_undated_lists_have_a_timeout(sandbox, session):
    _seed(sandbox)
    session.sync.undated_timeout = 0.3
    sandbox.control("POST", "profile", {"profile": "lenient"})
    # unbounded lists hang; windowed ones answer
    real = session.backend.list_posts

    async def slow(platform, brand_id, start, end, **kw):
        if start is None:
            await asyncio.sleep(30)
        return await real(platform, brand_id, start, end, **kw)

    session.backend.list_posts = slow
    result = await session.refresh(*WINDOW, undated=True)
    assert result.ok and set(result.undated_failed) == set(Platform)
    assert "no answer in 0.3 s" in str(result.undated_failed[Platform.INSTAGRAM])


@pytest.mark.parametrize("multi", [True, False])
async def test_all_brands_asks_each_platform_once_for_many_brands(sandbox, session, multi):
    sandbox.state.accessible_brands = [BRAND, OTHER_BRAND]
    await session.load_brands()
    assert len(session.brands) == 2
    ids = _seed(sandbox, (BRAND, OTHER_BRAND))
    if not multi:
        sandbox.control("POST", "profile", {"multi_brand_lists": False})
    before = sandbox.hits("GET", "/scheduled_posts")
    results = await session.refresh_failed(all_brands=True)
    assert [r.brand_id for r in results] == [BRAND, OTHER_BRAND]
    assert all(r.ok and set(r.landed) == set(Platform) for r in results)
    for brand in (BRAND, OTHER_BRAND):
        for p in Platform:
            post = session.cache.get(p, ids[brand][f"{p.value}:dated"])
            assert post is not None and post.brand_id == brand
    # one call per platform for both brands; refused: the ten refusals, then one per brand
    assert sandbox.hits("GET", "/scheduled_posts") - before == (10 if multi else 10 + 20)
    assert session.backend.multi_brand_refused is (not multi)


async def test_one_unreachable_brand_does_not_hide_the_others(sandbox, session):
    sandbox.state.accessible_brands = [BRAND, OTHER_BRAND]
    await session.load_brands()
    ids = _seed(sandbox, (BRAND, OTHER_BRAND))
    sandbox.state.accessible_brands = [BRAND]  # access to 145 was revoked meanwhile
    results = {r.brand_id: r for r in await session.refresh_failed(all_brands=True)}
    assert results[BRAND].ok
    assert set(results[OTHER_BRAND].failed) == set(Platform)
    assert session.cache.get(Platform.TWITTER, ids[BRAND]["twitter:dated"]) is not None


async def test_the_per_brand_fallback_waits_for_the_rate_limit_instead_of_429s(
        sandbox, real_clock, tmp_path, monkeypatch):
    from dashtui.store.sync import SyncService

    brands = [BRAND, OTHER_BRAND, 146, 147]
    sandbox.state.accessible_brands = brands
    ids = _seed(sandbox, brands)
    sandbox.control("POST", "profile", {"multi_brand_lists": False})
    runtime = sandbox.app.state.runtime
    monkeypatch.setattr(runtime.limiter, "clock", real_clock.wall)  # fake sleeps pass time
    runtime.limiter.limit = 40  # 10 refused lists + 40 per brand: more than one minute's
    async with sandbox.client(real_clock) as client:
        cache = Cache(tmp_path / "cache.sqlite3")
        results = await SyncService(client, cache).refresh_brands(brands, *WINDOW)
        assert all(r.ok for r in results), [r.summary() for r in results]
        assert all(cache.get(p, ids[b][f"{p.value}:dated"]) for b in brands for p in Platform)
        cache.close()
    assert any(s >= 1 for s in real_clock.sleeps)  # it waited for the window to reset
    assert sandbox.hits("GET", "/scheduled_posts") == 10 + 40  # and never ran into a 429

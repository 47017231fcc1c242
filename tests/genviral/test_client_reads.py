"""GenviralClient against the sandbox over real HTTP: identity, accounts, lists, get."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from dashtui.backend import Backend
from dashtui.backends.genviral.client import GenviralClient
from dashtui.errors import NotFoundError

from .conftest import NOW


def test_the_client_is_a_backend():
    client = GenviralClient("gva_live_x.y-secret-123")
    assert isinstance(client, Backend)
    caps = client.capabilities
    assert caps.label == "Genviral" and caps.retry_style == "endpoint"
    assert caps.bulk_delete and caps.idempotency_key and caps.drafts and caps.multi_account
    assert caps.editable_statuses == {"DRAFT", "AUTOPUBLISHING", "SCHEDULED", "RETRY",
                                      "FAILED"}
    assert "twitter" in caps.platforms and "snapchat" not in caps.platforms
    assert "gva_live_x.y-secret-123" not in repr(client)
    assert client.scrub("key gva_live_x.y-secret-123 leaked") == "key *** leaked"
    assert client.endpoints() == {"api": "https://www.genviral.io/api/partner/v1"}
    assert client.rate_limit is None


async def test_whoami_is_one_workspace_brand_and_fills_the_account_cache(gv, client):
    me = await client.whoami()
    [brand] = me.brand_list()
    assert (brand.id, brand.name, brand.slug) == (1, "Sunny Bakes", "sunny-bakes")
    accounts = client.cached_accounts()
    assert len(accounts) == len(gv.state.accounts)
    assert {a["type"] for a in accounts.values()} == {"byo", "hosted"}
    assert gv.hits("GET", "/accounts") == 1


async def test_ten_platform_lists_cost_one_listing(gv, client):
    platforms = [p for p in client.capabilities.platforms]
    results = await asyncio.gather(*(client.list_posts(p, 1, None, None) for p in platforms))
    assert gv.hits("GET", "/posts") == 1
    shown = {p.id for posts in results for p in posts}
    # every post in exactly one platform's list: the first account's
    assert len(shown) == sum(len(r) for r in results) == len(gv.state.posts)
    for platform, posts in zip(platforms, results):
        assert all(p.platform.value == platform for p in posts)


async def test_a_multi_account_post_shows_each_accounts_state(gv, client):
    partial = next(p for p in gv.posts_with("partial") if len(p["accounts"]) == 3)
    [post] = [p for p in await client.list_posts("tiktok", 1, None, None)
              if p.id == partial["id"]]
    assert post.status == "PARTIALLY_FAILED" and post.get("native_status") == "partial"
    targets = post.get("targets")
    assert [t["platform"] for t in targets] == ["tiktok", "instagram", "facebook"]
    assert [t["status"] for t in targets] == ["posted", "failed", "failed"]
    assert targets[0]["url"].startswith("https://www.tiktok.com/")
    assert post.live_post_url == targets[0]["url"]
    # both causes, a line per failed account, for the failed view to group account by account
    (a, first), (b, second) = ((t["name"], t["error"]) for t in targets[1:])
    assert post.auto_publish_error == f"[{a}] {first}\n[{b}] {second}"
    assert post.caption == "Grand opening video 🎉"  # TikTok's caption field is `text`
    assert post.get("text") == post.caption


async def test_statuses_map_onto_the_domain_and_unknown_ones_are_kept(gv, client):
    posts = [p for plat in client.capabilities.platforms
             for p in await client.list_posts(plat, 1, None, None)]
    seen = {p.get("native_status"): p.status for p in posts}
    assert seen == {"draft": "DRAFT", "pending": "AUTOPUBLISHING", "scheduled": "SCHEDULED",
                    "posted": "POSTED", "failed": "FAILED", "partial": "PARTIALLY_FAILED",
                    "retry": "RETRY", "canceled": "CANCELED", "deleted": "DELETED"}


async def test_a_window_keeps_only_posts_timed_inside_it(gv, client):
    posts = await client.list_posts("tiktok", 1, NOW, NOW + timedelta(days=3))
    assert posts and all(NOW <= p.timestamp <= NOW + timedelta(days=3) for p in posts)
    everything = await client.list_posts("tiktok", 1, None, None)
    assert any(p.timestamp is None for p in everything)  # undated drafts only without one
    assert await client.list_posts("tiktok", 2, None, None) == []
    by_brand = await client.list_posts_by_brand("tiktok", [1, 2], NOW, NOW + timedelta(3))
    assert isinstance(by_brand[2], NotFoundError) and len(by_brand[1]) == len(posts)


async def test_get_post_reads_one_post_with_its_states(gv, client):
    failed = gv.posts_with("failed")[0]
    post = await client.get_post("instagram", failed["id"])
    assert post.id == failed["id"] and post.status == "FAILED"
    assert post.error_text == failed["states"][failed["accounts"][0]]["error_message"]
    assert post.get("targets")[0]["last_attempted_at"]


async def test_get_post_of_an_unknown_id_is_not_found(gv, client):
    with pytest.raises(NotFoundError) as info:
        await client.get_post("tiktok", "00000000-0000-0000-0000-000000000000")
    assert info.value.status == 404 and "not_found" in str(info.value)


async def test_hostile_captions_arrive_verbatim(gv, client):
    posts = [p for plat in client.capabilities.platforms
             for p in await client.list_posts(plat, 1, None, None)]
    captions = {p.caption for p in posts}
    assert any("\x1b[31m" in c for c in captions) and any("\x1b]8;;" in c for c in captions)
    assert any("\u202e" in c for c in captions) and any("\u200b" in c for c in captions)
    assert any(len(c) == 3000 for c in captions)


async def test_the_listing_is_memoised_briefly_then_asked_again(gv, client, monkeypatch):
    from dashtui.backends.genviral import client as module

    await client.list_posts("tiktok", 1, None, None)
    await client.list_posts("instagram", 1, None, None)
    assert gv.hits("GET", "/posts") == 1
    monkeypatch.setattr(module, "LISTING_TTL", 0.0)
    await client.list_posts("tiktok", 1, None, None)
    assert gv.hits("GET", "/posts") == 2


async def test_a_listing_past_the_limit_asks_per_status(gv, client):
    import copy

    for status in ("scheduled", "failed"):
        template = gv.posts_with(status)[0]
        for _ in range(70):
            pid = gv.state.new_id()
            gv.state.posts[pid] = {**copy.deepcopy(template), "id": pid}
    shown = [p for plat in client.capabilities.platforms
             for p in await client.list_posts(plat, 1, None, None)]
    assert gv.hits("GET", "/posts") >= 3  # the listing, then scheduled and failed
    if gv.profile == "strict":  # canceled and deleted can't be asked for: said so
        assert len(shown) == len(gv.state.posts) - 2 and client.listing_truncated
    else:
        assert len(shown) == len(gv.state.posts) and not client.listing_truncated


async def test_create_without_accounts_picks_the_only_account_of_the_platform(gv, client):
    post = await client.create_post("youtube", {
        "brand_id": 1, "status": "SCHEDULED",
        "timestamp": (NOW + timedelta(days=1)).isoformat(), "description": "New video",
        "title": "Baking 101",
        "genviral_media": {"type": "video", "url": "https://c.example.com/v.mp4",
                           "size_bytes": 5, "duration_seconds": 30}})
    assert [t["account_id"] for t in post.get("targets")] == [gv.account("youtube")]
    assert gv.state.posts[post.id]["settings"] == {"youtube": {"title": "Baking 101"}}
    assert post.title == "Baking 101"
    from dashtui.errors import ValidationError

    with pytest.raises(ValidationError) as info:  # two TikTok accounts: which one?
        await client.create_post("tiktok", {"brand_id": 1, "text": "x",
                                            "status": "AUTOPUBLISHING"})
    assert "targets" in info.value.field_errors

"""GET /{platform}/scheduled_posts: brand_ids, start/end, drafts, sort, paging, media_v2,
under the strict profile (the default) and the lenient one."""

from __future__ import annotations

import httpx
import pytest

from .conftest import WINDOW, World, create

LENIENT = pytest.mark.parametrize("profile", ["lenient"])

LIST = "/scheduler/twitter/scheduled_posts"


async def _seed(client, world: World) -> dict[str, int]:
    ids = {}
    for name, ts in [("mar05", "2026-03-05T10:00:00Z"), ("mar03", "2026-03-03T10:00:00Z"),
                     ("mar07", "2026-03-07T23:30:00Z"), ("mar09", "2026-03-09T00:00:00Z")]:
        ids[name] = (await create(client, world, "twitter", timestamp=ts))["id"]
    ids["draft"] = (await create(client, world, "twitter", status="DRAFT", timestamp=None))["id"]
    ids["other_brand"] = (await create(client, world, "twitter", brand_id=2000,
                                       timestamp="2026-03-05T11:00:00Z"))["id"]
    ids["instagram"] = (await create(client, world, "instagram",
                                     timestamp="2026-03-05T12:00:00Z"))["id"]
    return ids


def _ids(r: httpx.Response) -> list[int]:
    assert r.status_code == 200, r.text
    return [p["id"] for p in r.json()["data"]]


@pytest.mark.parametrize("profile", ["strict", "lenient"])
async def test_brand_ids_is_required(client):
    r = await client.get(LIST, params=WINDOW)
    assert r.status_code == 422
    assert r.json()["errors"] == {"query": {"brand_ids": ["Missing data for required field."]}}
    r = await client.get(LIST, params={"brand_ids": "144,abc", **WINDOW})
    assert r.json()["errors"] == {"query": {"brand_ids": {"1": ["Not a valid integer."]}}}


async def test_strict_lists_need_start_end_and_media_v2(client, world):
    await _seed(client, world)
    r = await client.get(LIST, params={"brand_ids": "144"})
    assert r.status_code == 422
    missing = ["Missing data for required field."]
    assert r.json() == {"code": 422, "status": "Unprocessable Entity", "errors": {"query": {
        "start": missing, "end": missing, "media_v2": missing}}}
    r = await client.get(LIST, params={"brand_ids": "144", **WINDOW, "end": ""})
    assert r.json()["errors"] == {"query": {"end": missing}}
    r = await client.get(LIST, params={"brand_ids": "144", **WINDOW, "media_v2": "false"})
    assert r.json()["errors"] == {"query": {"media_v2": ["Must be true."]}}


@LENIENT
async def test_lenient_lists_serve_the_unbounded_list_with_undated_drafts(client, world):
    ids = await _seed(client, world)
    got = _ids(await client.get(LIST, params={"brand_ids": "144"}))
    assert got == [ids["mar03"], ids["mar05"], ids["mar07"], ids["mar09"], ids["draft"]]


@pytest.mark.parametrize("profile", ["strict", "lenient"])
async def test_lists_one_platform_and_the_asked_brands(client, world):
    ids = await _seed(client, world)
    got = _ids(await client.get(LIST, params={"brand_ids": "144", **WINDOW}))
    assert got == [ids["mar03"], ids["mar05"], ids["mar07"], ids["mar09"]]
    both = _ids(await client.get(LIST, params={"brand_ids": "144,2000", **WINDOW}))
    assert ids["other_brand"] in both and ids["instagram"] not in both
    repeated = _ids(await client.get(LIST, params=[("brand_ids", "144"), ("brand_ids", "2000"),
                                                   *WINDOW.items()]))
    assert sorted(repeated) == sorted(both)


@pytest.mark.parametrize("profile", ["strict", "lenient"])
async def test_multi_brand_lists_can_be_refused(client, world):
    ids = await _seed(client, world)
    r = await client.post("/_sandbox/profile", json={"multi_brand_lists": False})
    assert r.json()["multi_brand_lists"] is False
    r = await client.get(LIST, params={"brand_ids": "144,2000", **WINDOW})
    assert r.status_code == 422
    assert r.json()["errors"] == {"query": {"brand_ids": ["Not a valid integer."]}}
    assert ids["other_brand"] in _ids(await client.get(LIST, params={"brand_ids": "2000",
                                                                      **WINDOW}))


async def test_the_profile_can_be_switched_and_read(client):
    r = await client.get("/_sandbox/profile")
    assert r.json()["name"] == "strict" and r.json()["list_window_required"] is True
    r = await client.post("/_sandbox/profile", json={"profile": "lenient"})
    assert r.json()["name"] == "lenient" and r.json()["list_window_required"] is False
    assert (await client.get(LIST, params={"brand_ids": "144"})).status_code == 200
    r = await client.post("/_sandbox/profile", json={"profile": "lax", "bogus": True})
    assert r.status_code == 422
    assert set(r.json()["errors"]["json"]) == {"profile", "bogus"}


@pytest.mark.parametrize("profile", ["lenient"])
async def test_window_filters_on_timestamp_and_hides_undated_drafts(client, world):
    ids = await _seed(client, world)
    r = await client.get(LIST, params={"brand_ids": 144, "start": "2026-03-05T00:00:00",
                                       "end": "2026-03-07T23:59:59", "sort": "TIMESTAMP",
                                       "media_v2": "true"})
    assert _ids(r) == [ids["mar05"], ids["mar07"]]
    # with an offset: 2026-03-07T20:00-04:00 is 2026-03-08T00:00Z, which includes mar07 23:30Z
    r = await client.get(LIST, params={"brand_ids": 144, "start": "2026-03-07T00:00:00-04:00",
                                       "end": "2026-03-07T20:00:00-04:00"})
    assert _ids(r) == [ids["mar07"]]
    r = await client.get(LIST, params={"brand_ids": 144, "start": "2026-03-09T00:00:00Z"})
    assert _ids(r) == [ids["mar09"]]  # bounds are inclusive; still no draft (lenient: one
    # bound is enough)
    r = await client.get(LIST, params={"brand_ids": 144, "start": "yesterday"})
    assert r.json()["errors"] == {"query": {"start": ["Not a valid datetime."]}}


@LENIENT
async def test_sort_orders(client, world):
    ids = await _seed(client, world)
    dated = [ids["mar03"], ids["mar05"], ids["mar07"], ids["mar09"]]
    r = await client.get(LIST, params={"brand_ids": 144, "sort": "-TIMESTAMP"})
    assert _ids(r) == [ids["draft"], *reversed(dated)]
    await client.patch(f"{LIST}/{ids['mar05']}", json={"tweet_status": "edited"})
    r = await client.get(LIST, params={"brand_ids": 144, "sort": "-UPDATED_AT"})
    assert _ids(r)[0] == ids["mar05"]
    r = await client.get(LIST, params={"brand_ids": 144, "sort": "UPDATED_AT", **WINDOW})
    assert _ids(r)[-1] == ids["mar05"]
    r = await client.get(LIST, params={"brand_ids": 144, "sort": "NEWEST"})
    assert r.status_code == 422 and "sort" in r.json()["errors"]["query"]


@LENIENT
async def test_paging_object_and_links(client, world):
    ids = await _seed(client, world)
    r = await client.get(LIST, params={"brand_ids": 144})
    assert r.json()["paging"] == {"count": 5, "previous": None, "next": None}
    r = await client.get(LIST, params={"brand_ids": 144, "limit": 2})
    body = r.json()
    assert len(body["data"]) == 2 and body["paging"]["count"] == 5
    assert body["paging"]["previous"] is None
    seen = _ids(r)
    while body["paging"]["next"]:
        nxt = httpx.URL(body["paging"]["next"])
        assert nxt.params["limit"] == "2" and nxt.params["brand_ids"] == "144"
        r = await client.get(nxt)
        body = r.json()
        seen += _ids(r)
    assert seen == _ids(await client.get(LIST, params={"brand_ids": 144}))
    assert httpx.URL(body["paging"]["previous"]).params["offset"] == "2"
    r = await client.get(LIST, params={"brand_ids": 144, "limit": 0})
    assert r.json()["errors"]["query"] == {"limit": ["Must be greater than or equal to 1."]}
    assert ids


@LENIENT
async def test_media_v2_shape_versus_legacy(client, world):
    post = await create(client, world, "instagram")
    r = await client.get("/scheduler/instagram/scheduled_posts",
                         params={"brand_ids": 144, "media_v2": "true"})
    (item,) = r.json()["data"]
    assert item["media"][0]["source_type"] == "OWNED" and item["media"][0]["variants"] == []
    r = await client.get(f"/scheduler/instagram/scheduled_posts/{post['id']}")
    assert "variants" not in r.json()["media"][0]  # the undocumented legacy shape differs
    assert r.json()["media"][0]["id"] == world.img[0]


async def test_listing_a_forbidden_brand(client, world):
    r = await client.get(LIST, params={"brand_ids": "999", **WINDOW})
    assert r.status_code == 403

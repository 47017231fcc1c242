"""The Library: register by URL (upload response shape), get one in v2, search with paging."""

from __future__ import annotations

import json

import httpx
import pytest

from .conftest import World, create

GUIDE_UPLOAD = {"source": "UPLOAD", "source_id": "your-internal-id", "type": "UPLOADED",
                "url": "https://example.com/media.jpg",
                "meta": "{ \"filename\": \"filename.jpg\" }",
                "source_created_at": "2026-03-06T12:00:00Z"}
UPLOAD_KEYS = {
    "ai_alternatives", "brand_id", "campaigns", "caption_question", "caption_sentiment",
    "content_tags", "created_at", "duration", "elastic_search_index_status", "frame_rate",
    "galleries", "hide_in_widget", "id", "image_sizes", "likeshop_clicks", "media_group",
    "media_id", "media_type", "meta", "original_height", "original_width", "predictions",
    "source", "source_created_at", "source_data", "source_id", "status", "system_tags", "tags",
    "tiktok_likeshop_clicks", "triggered_content_automations", "type", "updated_at", "urls",
    "video_conversion_warnings", "video_sizes",
}


async def test_guide_upload_returns_the_documented_shape(client):
    r = await client.post("/library/brands/144/media", json=GUIDE_UPLOAD)
    assert r.status_code == 201, r.text
    obj = r.json()
    assert set(obj) == UPLOAD_KEYS
    assert obj["id"] != obj["media_id"]
    assert obj["meta"] == {"filename": "filename.jpg"}  # sent as a string, returned as object
    assert obj["media_type"] == "IMAGE" and obj["type"] == "UPLOADED" and obj["status"] == 2
    assert obj["source_created_at"] == "2026-03-06T12:00:00+00:00"
    assert isinstance(obj["original_width"], str)
    assert set(obj["image_sizes"]) == {"original", "original_converted", "medium_square",
                                       "small", "small_square"}
    assert set(obj["urls"]) == {"640", "full", "original", "ratio", "thumbs"}


@pytest.mark.parametrize("url,hint,kind", [
    ("https://example.com/clip.mp4", None, "VIDEO"),
    ("https://example.com/clip.MOV?sig=1", None, "VIDEO"),
    ("https://example.com/photo.png", None, "IMAGE"),
    ("https://example.com/render", "VIDEO", "VIDEO"),
])
async def test_media_type_from_extension_or_hint(client, url, hint, kind):
    body = {"url": url, **({"media_type": hint} if hint else {})}
    r = await client.post("/library/brands/144/media", json=body)
    assert r.status_code == 201 and r.json()["media_type"] == kind


async def test_upload_errors(client):
    r = await client.post("/library/brands/144/media", json={"url": "https://e.com/file"})
    assert r.status_code == 422 and r.json()["message"] == "Unsupported media type"
    r = await client.post("/library/brands/144/media", json={"source": "UPLOAD"})
    assert r.json()["errors"] == {"json": {"url": ["Missing data for required field."]}}
    r = await client.post("/library/brands/144/media", json={"url": "https://e.com/a.jpg",
                                                             "meta": "{broken"})
    assert r.json()["errors"] == {"json": {"meta": ["Not a valid JSON object."]}}


async def test_uploaded_media_can_be_scheduled_by_media_id_only(client, world):
    up = (await client.post("/library/brands/144/media",
                            json={"url": "https://e.com/v.mp4"})).json()
    post = await create(client, world, "tiktok", media_ids=[up["media_id"]])
    assert post["media"][0]["id"] == up["media_id"] and post["media"][0]["type"] == "VIDEO"
    r = await client.post("/scheduler/tiktok/scheduled_posts",
                          json=world.body("tiktok", media_ids=[up["id"]]))
    assert r.json()["message"] == "Invalid media_id"


async def test_get_one_media_object(client, world: World, state):
    r = await client.get(f"/library/brands/144/media/v2/{world.vid[0]}")
    assert r.status_code == 200
    obj = r.json()
    assert obj["id"] == world.vid[0] and obj["type"] == "VIDEO"
    assert obj["brand_media_id"] == state.media[world.vid[0]]["id"]
    assert {"brand_media_status", "content_tags", "creator", "created_at", "video"} <= set(obj)
    r = await client.get(f"/library/brands/144/media/v2/{world.img_2000}")
    assert r.status_code == 404  # another brand's media
    r = await client.get(f"/library/brands/2000/media/v2/{world.img_2000}")
    assert r.status_code == 200 and "image" in r.json()


async def test_search_pages_through_the_library(client, world):
    r = await client.put("/library/brands/144/media/v2", json={"limit": 10, "offset": 0})
    body = r.json()
    assert r.status_code == 200 and len(body["data"]) == 10
    assert body["paging"]["count"] == 25 and body["paging"]["previous"] is None
    seen = [m["id"] for m in body["data"]]
    while body["paging"]["next"]:
        r = await client.put(body["paging"]["next"], json={})
        body = r.json()
        seen += [m["id"] for m in body["data"]]
    assert sorted(seen) == sorted(world.img + world.vid)
    r = await client.put("/library/brands/144/media/v2?limit=99",
                         json={"filters": {"brand_media_types": ["VIDEO"]}})
    assert sorted(m["id"] for m in r.json()["data"]) == world.vid
    r = await client.put("/library/brands/144/media/v2", content=b"")
    assert r.status_code == 200 and r.json()["paging"]["count"] == 25
    r = await client.put("/library/brands/144/media/v2", json={"limit": "many"})
    assert r.status_code == 422


async def test_search_by_source_date(client):
    await client.post("/library/brands/2000/media", json=dict(
        GUIDE_UPLOAD, source_created_at="2025-01-01T00:00:00Z"))
    r = await client.put("/library/brands/2000/media/v2", json={"filters": {
        "source_created_at": {"start": "2024-12-31T00:00:00Z", "end": "2025-01-02T00:00:00Z"}}})
    assert r.json()["paging"]["count"] == 1
    assert json.loads(r.content)["data"][0]["meta"] == {"filename": "filename.jpg"}


async def test_paging_links_are_absolute_urls(client):
    r = await client.put("/library/brands/144/media/v2?limit=5&offset=5", json={})
    paging = r.json()["paging"]
    prev, nxt = httpx.URL(paging["previous"]), httpx.URL(paging["next"])
    assert prev.is_absolute_url and prev.params["offset"] == "0"
    assert nxt.params["offset"] == "10" and nxt.params["limit"] == "5"

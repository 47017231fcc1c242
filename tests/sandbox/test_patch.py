"""GET one, PATCH and DELETE: partial updates, locked statuses, retries, wrong platform."""

from __future__ import annotations

import pytest

from .conftest import World, create, json_errors

IG = "/scheduler/instagram/scheduled_posts"


async def force(client, post_id: int, **fields):
    r = await client.post(f"/_sandbox/posts/{post_id}", json=fields)
    assert r.status_code == 200, r.text
    return r.json()


async def test_only_sent_fields_change_and_updated_at_moves(client, world: World):
    post = await create(client, world, "instagram", first_comment="First!")
    r = await client.patch(f"{IG}/{post['id']}?media_v2=true",
                           json={"caption": "Updated caption",
                                 "timestamp": "2026-03-12T15:00:00Z"})
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["caption"] == "Updated caption"
    assert after["timestamp"] == "2026-03-12T15:00:00+00:00"
    assert after["updated_at"] > post["updated_at"]  # even with the clock frozen
    changed = {k for k in after if after[k] != post[k]}
    assert changed == {"caption", "timestamp", "updated_at"}
    assert (await client.get(f"{IG}/{post['id']}?media_v2=true")).json() == after


async def test_patch_validates_the_merged_post(client, world):
    post = await create(client, world, "instagram", first_comment="First!")
    r = await client.patch(f"{IG}/{post['id']}", json={"auto_publish": False})
    assert list(json_errors(r)) == ["first_comment"]  # the stored first_comment counts
    r = await client.patch(f"{IG}/{post['id']}", json={"auto_publish": False,
                                                       "first_comment": None})
    assert r.status_code == 200
    r = await client.patch(f"{IG}/{post['id']}", json={"post_type": "REEL"})
    assert list(json_errors(r)) == ["media_ids"]  # an image can't be a reel
    r = await client.patch(f"{IG}/{post['id']}", json={"post_type": "REEL",
                                                       "media_ids": [world.vid[0]]})
    assert r.status_code == 200
    r = await client.patch(f"{IG}/{post['id']}", json={"timestamp": "2026-02-01T00:00:00Z"})
    assert list(json_errors(r)) == ["timestamp"]
    r = await client.patch(f"{IG}/{post['id']}", json={"caption": 5})
    assert json_errors(r) == {"caption": ["Not a valid string."]}
    r = await client.patch(f"{IG}/{post['id']}", json={"brand_id": 2000})
    assert list(json_errors(r)) == ["brand_id"]
    r = await client.patch(f"{IG}/{post['id']}", content=b"nope")
    assert r.status_code == 400


async def test_switching_snapchat_to_spotlight_needs_its_fields(client, world):
    post = await create(client, world, "snapchat", media_ids=[world.vid[0]])
    url = f"/scheduler/snapchat/scheduled_posts/{post['id']}"
    r = await client.patch(url, json={"post_type": "SPOTLIGHT"})
    assert json_errors(r) == {"save_to_profile": ["Missing data for required field."],
                              "locale": ["Missing data for required field."]}
    r = await client.patch(url, json={"post_type": "SPOTLIGHT", "save_to_profile": False,
                                      "locale": "de_DE", "brand_id": 144})
    assert r.status_code == 200, r.text  # Snapchat's PATCH example does carry brand_id


async def test_empty_patch_changes_nothing(client, world):
    post = await create(client, world, "twitter")
    r = await client.patch(f"/scheduler/twitter/scheduled_posts/{post['id']}", json={})
    assert r.status_code == 200 and r.json()["updated_at"] == post["updated_at"]


@pytest.mark.parametrize("status", ["POSTED", "IMPORTED", "AUTOPUBLISHING"])
async def test_locked_statuses_refuse_edits(client, world, status):
    post = await create(client, world, "twitter")
    await force(client, post["id"], status=status)
    r = await client.patch(f"/scheduler/twitter/scheduled_posts/{post['id']}",
                           json={"tweet_status": "too late"})
    assert r.status_code == 422
    assert r.json()["message"] == f"Post {post['id']} is {status} and can no longer be edited."


@pytest.mark.parametrize("status", ["FAILED", "EXPIRED", "USERS_NOTIFIED", "MISSING_APPROVALS",
                                    "PARTIALLY_FAILED"])
@pytest.mark.parametrize("target", ["SCHEDULED", "AUTOPUBLISHING", "DRAFT"])
async def test_failed_posts_go_back_to_a_pending_state(client, world, status, target):
    post = await create(client, world, "twitter")
    await force(client, post["id"], status=status, auto_publish_error="Token expired.",
                live_post_url="https://x.com/a/status/1")
    body = {"status": target, "timestamp": "2026-03-20T10:00:00Z"}
    r = await client.patch(f"/scheduler/twitter/scheduled_posts/{post['id']}", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == target
    assert r.json()["auto_publish_error"] is None and r.json()["live_post_url"] is None


async def test_failed_post_keeps_its_error_until_it_is_rescheduled(client, world):
    post = await create(client, world, "twitter")
    await force(client, post["id"], status="FAILED", auto_publish_error="Token expired.")
    url = f"/scheduler/twitter/scheduled_posts/{post['id']}"
    r = await client.patch(url, json={"tweet_status": "fixed text"})
    assert r.json()["status"] == "FAILED" and r.json()["auto_publish_error"] == "Token expired."
    await force(client, post["id"], timestamp="2026-02-01T00:00:00+00:00")
    r = await client.patch(url, json={"status": "SCHEDULED"})  # the old time is past
    assert list(json_errors(r)) == ["timestamp"]
    r = await client.patch(url, json={"status": "POSTED"})
    assert list(json_errors(r)) == ["status"]


async def test_wrong_platform_path_is_404(client, world):
    post = await create(client, world, "instagram")
    for method in ("GET", "PATCH", "DELETE"):
        r = await client.request(method, f"/scheduler/facebook/scheduled_posts/{post['id']}",
                                 json={"message": "x"})
        assert r.status_code == 404 and r.json()["status"] == "Not Found"
    assert (await client.get(f"{IG}/{post['id']}")).status_code == 200


async def test_delete_is_204_and_then_404(client, world, state):
    post = await create(client, world, "twitter")
    url = f"/scheduler/twitter/scheduled_posts/{post['id']}"
    r = await client.delete(url)
    assert r.status_code == 204 and r.content == b""
    assert (await client.get(url)).status_code == 404
    assert (await client.delete(url)).status_code == 404
    assert post["id"] not in state.posts


async def test_a_post_being_published_cannot_be_deleted(client, world):
    post = await create(client, world, "twitter", status="AUTOPUBLISHING", timestamp=None)
    r = await client.delete(f"/scheduler/twitter/scheduled_posts/{post['id']}")
    assert r.status_code == 422


async def test_approvals_and_duplicates_on_patch(client, world, state):
    post = await create(client, world, "twitter")
    url = f"/scheduler/twitter/scheduled_posts/{post['id']}"
    r = await client.patch(url, json={"approval_policy": "APPROVAL_REQUIRED",
                                      "approval_requests": [{"requested_by_user_id": 1,
                                                             "review_user_id": 2}]})
    assert r.json()["approval_status"] == "PENDING"
    assert r.json()["num_of_approvals_required"] == 1
    r = await client.patch(url, json={"duplicate_to_brand_ids": [2000]})
    assert "duplicate_to_brand_ids" not in r.json()
    assert [p.data["brand_id"] for p in state.posts.values()] == [144, 2000]


async def test_threads_patch_cannot_turn_auto_publish_off(client, world):
    post = await create(client, world, "threads")
    r = await client.patch(f"/scheduler/threads/scheduled_posts/{post['id']}",
                           json={"auto_publish": False})
    assert r.status_code == 200 and r.json()["auto_publish"] is True

"""Creates and edits against the sandbox: idempotency, lost answers, the PATCH rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dashtui.errors import ConflictError, ConnectionFailed, ValidationError
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Saved, Writer

from .conftest import NOW

WHEN = NOW + timedelta(days=1)


def _tiktok_body(gv, **extra):
    return {"brand_id": 1, "status": "SCHEDULED", "timestamp": WHEN.isoformat(),
            "text": "New sourdough drop", "targets": [{"account_id": gv.account("tiktok")}],
            "genviral_media": {"type": "video", "url": "https://cdn.example.com/a.mp4",
                               "size_bytes": 1000, "duration_seconds": 20}, **extra}


async def test_create_schedules_a_post_and_carries_an_external_id(gv, client):
    body = client.prepare_create(_tiktok_body(gv))
    assert body["external_id"].startswith("dashtui-")
    assert client.prepare_create(body)["external_id"] == body["external_id"]  # kept
    post = await client.create_post("tiktok", body)
    stored = gv.state.posts[post.id]
    assert stored["status"] == "scheduled" and stored["external_id"] == body["external_id"]
    assert stored["source"] == "partner_api" and stored["caption"] == "New sourdough drop"
    assert post.status == "SCHEDULED" and post.timestamp == WHEN
    assert post.get("external_id") == body["external_id"]
    assert post.get("targets")[0]["status"] == "scheduled"


async def test_create_without_a_time_goes_to_the_immediate_queue(gv, client):
    body = _tiktok_body(gv, status="AUTOPUBLISHING", timestamp=None)
    post = await client.create_post("tiktok", body)
    assert post.status == "AUTOPUBLISHING" and gv.state.posts[post.id]["status"] == "pending"


async def test_create_of_a_draft(gv, client):
    post = await client.create_post("tiktok", _tiktok_body(gv, status="DRAFT"))
    assert post.status == "DRAFT" and gv.state.posts[post.id]["status"] == "draft"


async def test_warnings_on_success_are_kept_on_the_post(gv, client):
    body = _tiktok_body(gv, genviral_media={"type": "video",
                                            "url": "https://cdn.example.com/b.mp4"})
    post = await client.create_post("tiktok", body)
    codes = {w["code"] for w in post.get("warnings")}
    assert codes == {"VIDEO_METADATA_MISSING", "VIDEO_DURATION_MISSING"}
    assert all(w["field"] == "media" and w["message"] for w in post.get("warnings"))
    edited = await client.update_post("tiktok", post.id, {"text": "Edited"})
    assert {w["code"] for w in edited.get("warnings")} == codes  # the PATCH's warnings
    assert edited.caption == "Edited"


async def test_a_resent_create_is_replayed_not_doubled(gv, client):
    body = client.prepare_create(_tiktok_body(gv))
    first = await client.create_post("tiktok", body)
    again = await client.create_post("tiktok", body)
    assert again.id == first.id
    assert any(w["code"] == "DUPLICATE" for w in again.get("warnings"))
    assert sum(1 for p in gv.state.posts.values()
               if p.get("external_id") == body["external_id"]) == 1


async def test_the_same_key_with_another_body_is_refused(gv, client):
    body = client.prepare_create(_tiktok_body(gv))
    await client.create_post("tiktok", body)
    with pytest.raises(ConflictError) as info:
        await client.create_post("tiktok", {**body, "text": "something else"})
    assert info.value.status == 409 and "create_failed" in str(info.value)
    assert "idempotency key" in str(info.value)


async def test_a_create_whose_answer_is_lost_is_found_and_never_doubled(gv, client):
    body = client.prepare_create(_tiktok_body(gv))
    gv.faults(path="/posts", method="POST", drop_next=1, after=True)
    with pytest.raises(ConnectionFailed) as info:
        await client.create_post("tiktok", body)
    assert info.value.maybe_applied
    found = await client.find_lost_create("tiktok", 1, body)
    assert found is not None and found.get("external_id") == body["external_id"]
    again = await client.create_post("tiktok", body)  # sent again anyway: replayed
    assert again.id == found.id
    assert sum(1 for p in gv.state.posts.values()
               if p.get("external_id") == body["external_id"]) == 1


async def test_find_lost_create_says_none_when_it_never_landed(gv, client):
    body = client.prepare_create(_tiktok_body(gv))
    gv.faults(path="/posts", method="POST", drop_next=1)  # dropped before it ran
    with pytest.raises(ConnectionFailed):
        await client.create_post("tiktok", body)
    assert await client.find_lost_create("tiktok", 1, body) is None


async def test_the_outbox_resends_a_lost_create_and_the_server_has_one_post(gv, client,
                                                                           tmp_path):
    writer = Writer(client, Cache(tmp_path / "c.db", backend="genviral"),
                    Outbox(tmp_path / "o.db", backend="genviral"))
    gv.faults(path="/posts", method="POST", drop_next=1, after=True)
    body = {k: v for k, v in _tiktok_body(gv).items() if k != "brand_id"}
    first = await writer.create("tiktok", 1, body)
    assert not isinstance(first, Saved)  # the answer was lost: still queued
    [outcome] = await writer.flush(due_only=False)
    assert isinstance(outcome, Saved)
    assert [p["caption"] for p in gv.state.posts.values()].count("New sourdough drop") == 1
    assert gv.hits("POST", "/posts") == 1  # found by its external_id, not sent again


# -- PATCH ---------------------------------------------------------------------------------
async def test_patch_sends_only_the_change_and_returns_the_whole_post(gv, client):
    target = gv.posts_with("scheduled")[0]
    post = await client.update_post("tiktok", target["id"], {"text": "Fresh caption"})
    assert post.caption == "Fresh caption" and post.get("targets")
    assert gv.state.posts[target["id"]]["caption"] == "Fresh caption"


async def test_an_empty_patch_is_refused_with_422(gv):
    target = gv.posts_with("scheduled")[0]
    resp = gv.raw("PATCH", f"/posts/{target['id']}", json={})
    assert resp.status_code == 422 and resp.json()["ok"] is False
    from dashtui.backends.genviral.envelope import unwrap

    with pytest.raises(ValidationError) as info:
        unwrap(resp, "post")
    assert "invalid_payload" in str(info.value)


async def test_a_change_of_nothing_genviral_holds_sends_no_patch(gv, client):
    target = gv.posts_with("scheduled")[0]
    post = await client.update_post("tiktok", target["id"], {"warnings": []})
    assert post.id == target["id"] and gv.hits("PATCH") == 0


@pytest.mark.parametrize("status", ["posted", "partial", "canceled"])
async def test_immutable_posts_refuse_edits(gv, client, status):
    target = gv.posts_with(status)[0]
    post = await client.get_post("tiktok", target["id"])
    assert client.locked_reason(post) and status in client.locked_reason(post)
    with pytest.raises(ConflictError) as info:
        await client.update_post(post.platform, target["id"],
                                 {"timestamp": (NOW + timedelta(days=3)).isoformat()})
    assert info.value.status == 400 and "immutable" in str(info.value)


async def test_editable_posts_have_no_lock(gv, client):
    for status in ("draft", "pending", "scheduled", "retry", "failed"):
        target = gv.posts_with(status)[0]
        assert client.locked_reason(await client.get_post("tiktok", target["id"])) is None


async def test_accounts_replace_the_whole_list(gv, client):
    target = next(p for p in gv.posts_with("scheduled") if len(p["accounts"]) == 2
                  and gv.account("instagram") in p["accounts"])
    fb = gv.account("facebook")
    post = await client.update_post("instagram", target["id"],
                                    {"targets": [{"account_id": fb}]})
    assert gv.state.posts[target["id"]]["accounts"] == [fb]
    assert [t["account_id"] for t in post.get("targets")] == [fb]
    assert post.platform.value == "facebook"  # the row moves with its first account


async def test_settings_patches_merge_per_provider(gv, client):
    target = next(p for p in gv.posts_with("scheduled") if p.get("settings"))
    await client.update_post("tiktok", target["id"],
                             {"settings": {"instagram": {"first_comment": "hi"}}})
    assert gv.state.posts[target["id"]]["settings"]["instagram"] == {
        "share_to_feed": True, "first_comment": "hi"}


async def test_tiktok_null_clears_stored_settings(gv, client):
    target = next(p for p in gv.posts_with("scheduled") if p["accounts"] == [
        gv.account("tiktok")])
    gv.state.posts[target["id"]]["tiktok"] = {"privacy_level": "PUBLIC_TO_EVERYONE"}
    await client.update_post("tiktok", target["id"], {"tiktok": None})
    assert gv.state.posts[target["id"]]["tiktok"] is None


async def test_timestamp_none_sends_scheduled_at_null_which_is_the_immediate_queue(gv,
                                                                                 client):
    target = gv.posts_with("scheduled")[0]
    post = await client.update_post("tiktok", target["id"], {"timestamp": None})
    stored = gv.state.posts[target["id"]]
    assert stored["status"] == "pending" and stored["scheduled_at"] is None
    assert post.status == "AUTOPUBLISHING"


async def test_a_new_time_reschedules(gv, client):
    target = gv.posts_with("scheduled")[0]
    when = NOW + timedelta(days=9)
    post = await client.update_post("tiktok", target["id"], {"timestamp": when.isoformat()})
    assert post.timestamp == when and post.status == "SCHEDULED"


async def test_a_time_under_two_minutes_ahead_is_refused(gv, client):
    target = gv.posts_with("scheduled")[0]
    soon = NOW + timedelta(seconds=90)
    with pytest.raises(ValidationError) as info:
        await client.update_post("tiktok", target["id"], {"timestamp": soon.isoformat()})
    assert "validation_failed" in str(info.value) and "timestamp" in info.value.field_errors


async def test_external_id_is_never_sent_and_the_server_refuses_a_change(gv, client):
    target = gv.posts_with("scheduled")[0]
    with pytest.raises(ValidationError) as info:
        await client.update_post("tiktok", target["id"], {"external_id": "new-key"})
    assert "external_id" in info.value.field_errors and gv.hits("PATCH") == 0
    with pytest.raises(ConflictError) as info:  # the server's own answer, mapped
        await client._call("PATCH", f"/posts/{target['id']}", "post",
                           json={"external_id": "new-key"})
    assert info.value.status == 409 and "external_id_immutable" in str(info.value)


async def test_a_field_genviral_has_not_is_named(gv, client):
    target = gv.posts_with("scheduled")[0]
    with pytest.raises(ValidationError) as info:
        await client.update_post("tiktok", target["id"], {"disable_duet": True})
    assert "disable_duet" in info.value.field_errors


async def test_status_changes_genviral_cannot_make_are_refused_locally(gv, client):
    target = gv.posts_with("scheduled")[0]
    for status in ("DRAFT", "POSTED"):
        with pytest.raises(ValidationError) as info:
            await client.update_post("tiktok", target["id"], {"status": status})
        assert "status" in info.value.field_errors
    post = await client.update_post("tiktok", target["id"], {"status": "AUTOPUBLISHING"})
    assert post.status == "AUTOPUBLISHING"


async def test_media_null_makes_a_post_text_only_where_every_account_allows(gv, client):
    target = next(p for p in gv.posts_with("scheduled")
                  if p["accounts"] == [gv.account("linkedin"), gv.account("x")])
    post = await client.update_post("linkedin", target["id"], {"genviral_media": None})
    assert gv.state.posts[target["id"]]["media"] is None and post.get("genviral_media") is None
    video = next(p for p in gv.posts_with("scheduled") if p["accounts"] == [
        gv.account("tiktok")])
    with pytest.raises(ValidationError) as info:
        await client.update_post("tiktok", video["id"], {"genviral_media": None})
    assert "genviral_media" in info.value.field_errors


async def test_a_failed_post_can_be_edited_and_rescheduled(gv, client):
    target = gv.posts_with("failed")[0]
    when = NOW + timedelta(days=2)
    post = await client.update_post("instagram", target["id"],
                                    {"timestamp": when.isoformat()})
    assert post.status == "SCHEDULED"
    assert {t["status"] for t in post.get("targets")} == {"scheduled"}


async def test_a_disconnected_account_is_skipped_with_a_warning(gv, client):
    gone = next(a["id"] for a in gv.state.accounts.values() if a["status"] == "disconnected")
    post = await client.create_post("tiktok", _tiktok_body(gv, targets=[
        {"account_id": gv.account("tiktok")}, {"account_id": gone}]))
    assert [t["account_id"] for t in post.get("targets")] == [gv.account("tiktok")]
    assert [w["code"] for w in post.get("warnings")] == ["ACCOUNT_SKIPPED"]


async def test_a_create_never_publishes_by_accident(gv, client):
    for extra in ({"timestamp": None}, {"timestamp": None, "status": None}):
        with pytest.raises(ValidationError):
            await client.create_post("tiktok", _tiktok_body(gv, **extra))
    assert gv.hits("POST", "/posts") == 0


async def test_a_create_whose_answer_hangs_is_found_after_the_timeout(gv):
    from dashtui.errors import TimedOut

    gv.faults(path="/posts", method="POST", hang_next=1, hang_seconds=3, after=True)
    async with gv.client(timeout=0.3) as client:
        body = client.prepare_create(_tiktok_body(gv))
        with pytest.raises(TimedOut) as info:
            await client.create_post("tiktok", body)
        assert info.value.maybe_applied
        found = await client.find_lost_create("tiktok", 1, body)
    assert found is not None and found.get("external_id") == body["external_id"]


async def test_retry_of_more_than_ten_accounts_is_refused_before_sending(gv, client):
    with pytest.raises(ValidationError):
        await client.retry_posts("tiktok", ["a"], account_ids=[str(i) for i in range(11)])
    assert gv.hits("POST", "/posts/retry") == 0


async def test_a_recreated_post_gets_a_fresh_external_id(gv, client):
    post = await client.get_post("tiktok", gv.posts_with("scheduled")[0]["id"])
    body = post.to_json()
    body["external_id"] = "old-key"
    assert client.prepare_create(body)["external_id"] != "old-key"

"""The two readings of the reference's ambiguities on create and update: strict refuses
read-only fields, non-sendable statuses and a partial Pinterest board; lenient takes them."""

from __future__ import annotations

import pytest

from dashtui.backends.dash.sandbox.profile import LENIENT, STRICT, get_profile

from .conftest import BOARD, create, json_errors, post

LENIENT_ONLY = pytest.mark.parametrize("profile", ["lenient"])
READ_ONLY = {"id": 5, "created_at": "2026-02-01T10:00:00.000000+00:00",
             "updated_at": "2026-02-01T10:00:00.000000+00:00", "approval_status": "UNASSIGNED",
             "has_scheduled_time": True, "live_post_url": "https://x.com/p/1",
             "auto_publish_error": "Token expired", "media": [],
             "num_of_approvals_required": 0}


def test_profiles_by_name():
    assert get_profile(None) is STRICT and get_profile("lenient") is LENIENT
    with pytest.raises(ValueError, match="unknown sandbox profile"):
        get_profile("lax")


async def test_lenient_takes_each_other_reading_and_keeps_the_shared_one(client):
    r = await client.post("/_sandbox/profile", json={"profile": "lenient"})
    assert r.json() == {"name": "lenient", "list_window_required": False,
                        "media_v2_required": False, "whole_board_required": False,
                        "read_only_refused": False, "create_status_strict": False,
                        "multi_brand_lists": True}  # plural in both readings


@pytest.mark.parametrize("field", sorted(READ_ONLY))
async def test_strict_refuses_each_read_only_field_on_create(client, world, state, field):
    r = await post(client, "twitter", world.body("twitter", **{field: READ_ONLY[field]}))
    assert json_errors(r) == {field: ["Unknown field."]}
    assert not state.posts


async def test_strict_refuses_response_sub_fields_of_approval_requests(client, world, state):
    request = {"requested_by_user_id": 1, "review_user_id": 2}
    body = world.body("twitter", approval_policy="APPROVAL_REQUIRED",
                      approval_requests=[dict(request, id=9, post_id=5, brand_id=144,
                                              created_at="2026-02-01T10:00:00+00:00")])
    errors = json_errors(await post(client, "twitter", body))
    assert errors == {"approval_requests": {"0": {k: ["Unknown field."] for k in
                                                  ("id", "post_id", "brand_id", "created_at")}}}
    made = await create(client, world, "twitter", approval_policy="APPROVAL_REQUIRED",
                        approval_requests=[request])
    assert made["approval_requests"][0]["review_user_id"] == 2


@pytest.mark.parametrize("status", ["FAILED", "POSTED", "USERS_NOTIFIED", "EXPIRED"])
async def test_strict_creates_only_sendable_statuses(client, world, state, status):
    errors = json_errors(await post(client, "twitter", world.body("twitter", status=status)))
    assert list(errors) == ["status"]
    assert not state.posts


async def test_strict_wants_the_whole_pinterest_board(client, world, state):
    body = world.body("pinterest", meta={"title": "Blazer",
                                         "pinterestBoard": {"id": BOARD["id"]}})
    errors = json_errors(await post(client, "pinterest", body))
    board = errors["meta"]["pinterestBoard"]
    assert set(board) == {"description", "name", "preview_url", "protected"}
    assert not state.posts
    nulls = dict(BOARD, name=None, description=None)  # a listed board may carry nulls
    made = await create(client, world, "pinterest", meta={"title": "Blazer",
                                                          "pinterestBoard": nulls})
    assert made["meta"]["pinterestBoard"]["id"] == BOARD["id"]


async def test_strict_refuses_read_only_fields_on_update(client, world):
    made = await create(client, world, "twitter")
    r = await client.patch(f"/scheduler/twitter/scheduled_posts/{made['id']}",
                           json={"tweet_status": "edited", "updated_at": made["updated_at"]})
    assert json_errors(r) == {"updated_at": ["Unknown field."]}


@LENIENT_ONLY
async def test_lenient_ignores_read_only_fields(client, world, state):
    reqs = [{"requested_by_user_id": 1, "review_user_id": 2, "id": 9, "post_id": 5}]
    made = await create(client, world, "twitter", **READ_ONLY,
                        approval_policy="APPROVAL_REQUIRED", approval_requests=reqs)
    assert made["id"] != 5 and made["live_post_url"] is None
    assert made["auto_publish_error"] is None
    assert made["approval_requests"][0]["post_id"] == made["id"]
    r = await client.patch(f"/scheduler/twitter/scheduled_posts/{made['id']}",
                           json={"tweet_status": "edited", "id": 1})
    assert r.status_code == 200 and r.json()["id"] == made["id"]


@LENIENT_ONLY
async def test_lenient_keeps_any_status_and_a_board_id(client, world):
    made = await create(client, world, "twitter", status="FAILED")
    assert made["status"] == "FAILED"
    pin = await create(client, world, "pinterest",
                       meta={"title": "Blazer", "pinterestBoard": {"id": BOARD["id"]}})
    assert pin["meta"]["pinterestBoard"] == {"id": BOARD["id"]}


def test_dashtui_sandbox_takes_lenient_and_brands(monkeypatch):
    from dashtui import cli
    from dashtui.backends.dash.sandbox import app as sandbox_app

    seen: list[dict] = []
    monkeypatch.setattr(sandbox_app, "run_sandbox", lambda **kw: seen.append(kw))
    assert cli.main(["sandbox", "--port", "0"]) == 0
    assert cli.main(["sandbox", "--lenient", "--brands", "50"]) == 0
    assert (seen[0]["profile"], seen[0]["brands"]) == ("strict", None)
    assert (seen[1]["profile"], seen[1]["brands"]) == ("lenient", 50)


def test_an_agency_of_generated_brands():
    from datetime import datetime, timezone

    from dashtui.backends.dash.sandbox.app import create_app
    from dashtui.backends.dash.sandbox.demo import HIDDEN_BRAND_ID, build_demo_state

    now = datetime(2026, 11, 22, 17, 0, tzinfo=timezone.utc)
    state = build_demo_state(now=now, brands=50)
    assert len(state.accessible_brands) == len(set(state.accessible_brands)) == 50
    assert state.accessible_brands[:3] == [144, 2000, 3100]
    assert HIDDEN_BRAND_ID not in state.accessible_brands and HIDDEN_BRAND_ID in state.brands
    names = [state.brands[b]["name"] for b in state.accessible_brands]
    slugs = [state.brands[b]["slug"] for b in state.accessible_brands]
    assert len(set(names)) == len(set(slugs)) == 50
    per_brand = {b: 0 for b in state.accessible_brands}
    for stored in state.posts.values():
        if stored.data["brand_id"] in per_brand:
            per_brand[stored.data["brand_id"]] += 1
    assert min(per_brand.values()) > 50  # every client has a calendar of its own
    ids = [mid for mid, m in state.media.items() if m["brand_id"] == 5047]
    assert ids and all(state.media[m]["brand_id"] == 5047 for m in ids)
    again = build_demo_state(now=now, brands=50)
    assert again.to_json() == state.to_json()  # deterministic like the three-brand demo
    app = create_app(demo=True, brands=4, profile="lenient")
    assert len(app.state.sandbox.accessible_brands) == 4
    assert app.state.runtime.profile.name == "lenient"
    with pytest.raises(ValueError):
        build_demo_state(now=now, brands=0)

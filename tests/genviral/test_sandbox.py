"""The Genviral sandbox on its own: publisher, idempotency, profiles, control, demo data."""

from __future__ import annotations

import ast
import copy
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from dashtui.backends.genviral.sandbox import DEMO_TOKEN
from dashtui.backends.genviral.sandbox.app import create_app
from dashtui.backends.genviral.sandbox.demo import build_demo_state

from .conftest import NOW

WHEN = (NOW + timedelta(days=1)).isoformat()
VIDEO = {"type": "video", "url": "https://cdn.example.com/a.mp4", "size_bytes": 10,
         "duration_seconds": 20}
SANDBOX = Path(__file__).parents[2] / "dashtui/backends/genviral/sandbox"


def _create(gv, **body):
    base = {"caption": "hello", "accounts": [{"id": gv.account("tiktok")}], "media": VIDEO,
            "scheduled_at": WHEN}
    return gv.raw("POST", "/posts", json={**base, **body})


def test_the_sandbox_is_written_from_the_reference_not_the_client():
    for path in SANDBOX.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                name = ("." * node.level) + (node.module or "")
                # only its own modules and the sandboxes' shared kit (no backend's)
                assert node.level == 1 or not name.startswith("dashtui") or \
                    name.startswith("dashtui.sandbox_kit"), (path, name)
                assert node.level <= 1, (path, name)  # nothing from ..client, ..rules
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("dashtui") for a in node.names), path


def test_the_api_is_served_at_the_root_and_under_the_documented_prefix(gv):
    assert gv.raw("GET", "/accounts").json()["ok"] is True
    assert gv.raw("GET", "/api/partner/v1/accounts").json()["ok"] is True


def test_the_envelope_of_a_success_and_an_error(gv):
    body = gv.raw("GET", "/posts?limit=5").json()
    assert set(body) == {"ok", "code", "message", "data"} and body["code"] == 200
    assert len(body["data"]["posts"]) == 5
    assert sum(body["data"]["summary"]["by_status"].values()) == \
        body["data"]["summary"]["total"] == len(gv.state.posts)
    err = gv.raw("GET", "/posts/missing").json()
    assert err["ok"] is False
    if gv.profile == "strict":
        assert set(err) == {"ok", "code", "message", "data"} and err["code"] == "not_found"
    else:
        assert err["code"] == 404 and err["error"] == "not_found"


def test_the_list_filters_by_status_and_checks_its_parameters(gv):
    for status in ("draft", "pending", "scheduled", "posted", "failed", "partial", "retry"):
        posts = gv.raw("GET", f"/posts?status={status}").json()["data"]["posts"]
        assert posts and {p["status"] for p in posts} == {status}
    bad = gv.raw("GET", "/posts?limit=500")
    canceled = gv.raw("GET", "/posts?status=canceled")
    if gv.profile == "strict":
        assert bad.status_code == canceled.status_code == 422
    else:
        assert len(bad.json()["data"]["posts"]) == min(100, len(gv.state.posts))
        assert canceled.status_code == 200


def test_per_account_states_in_either_shape(gv):
    post = gv.raw("GET", "/posts?status=partial").json()["data"]["posts"][0]
    if gv.profile == "strict":
        assert {s["status"] for s in post["states"]} >= {"posted", "failed"}
        assert "status" not in post["accounts"][0]
    else:
        assert "states" not in post and {a["status"] for a in post["accounts"]} >= {
            "posted", "failed"}


def test_a_new_post_and_the_body_hash_dedupe(gv):
    first = _create(gv)
    assert first.status_code == (201 if gv.profile == "strict" else 200)
    assert first.json()["data"]["duplicate"] is False
    again = _create(gv)
    assert again.status_code == 200 and again.json()["data"]["duplicate"] is True
    assert again.json()["data"]["id"] == first.json()["data"]["id"]
    gv.control("POST", "clock", {"advance": 3600})
    later = _create(gv)
    # the lenient reading dedupes for ten minutes only; strict for ever
    assert later.json()["data"]["duplicate"] is (gv.profile == "strict")


def test_external_id_replays_and_its_length_is_checked(gv):
    a = _create(gv, external_id="key-1").json()["data"]
    b = _create(gv, external_id="key-1")
    assert b.status_code == 200 and b.json()["data"]["id"] == a["id"]
    assert _create(gv, external_id="k" * 129).status_code == 422


def test_publish_now_within_thirty_seconds(gv):
    post = _create(gv, scheduled_at=(NOW + timedelta(seconds=20)).isoformat()).json()["data"]
    assert post["status"] == "pending" and post["scheduled_at"] is None


def test_unknown_fields_and_naive_times_by_profile(gv):
    odd = _create(gv, colour="blue")
    naive = _create(gv, scheduled_at=(NOW + timedelta(days=1)).replace(tzinfo=None)
                    .isoformat())
    if gv.profile == "strict":
        assert odd.status_code == naive.status_code == 422
    else:
        assert odd.status_code == naive.status_code == 200


def test_music_with_other_networks_by_profile(gv):
    resp = _create(gv, accounts=[{"id": gv.account("tiktok")}, {"id": gv.account("x")}],
                   music_url="https://www.tiktok.com/@a/video/123")
    assert resp.status_code == (400 if gv.profile == "strict" else 200)


def test_patch_answer_shape_by_profile(gv):
    target = gv.posts_with("scheduled")[0]
    data = gv.raw("PATCH", f"/posts/{target['id']}", json={"caption": "x"}).json()["data"]
    if gv.profile == "strict":
        assert set(data) == {"id", "status", "scheduled_at", "warnings"}
    else:
        assert data["caption"] == "x" and "accounts" in data


def test_the_publisher_posts_fails_or_partly_fails_per_account(gv):
    ids = {}
    for outcome in ("posted", "failed", "partial"):
        resp = _create(gv, caption=f"{outcome} run",
                       accounts=[{"id": gv.account("tiktok")}, {"id": gv.account("x")}],
                       scheduled_at=(NOW + timedelta(minutes=5)).isoformat())
        ids[outcome] = resp.json()["data"]["id"]
    gv.control("POST", "outcomes", {ids["failed"]: {"status": "failed",
                                                   "error": "Token revoked"},
                                    ids["partial"]: {"status": "partial"}})
    moved = gv.control("POST", "clock", {"advance": 5 * 60})["transitions"]
    assert {t["to"] for t in moved if t["id"] in ids.values()} == {"pending"}
    gv.control("POST", "clock", {"advance": 31})
    for outcome, pid in ids.items():
        post = gv.state.posts[pid]
        assert post["status"] == outcome
        states = [post["states"][a]["status"] for a in post["accounts"]]
        assert states == {"posted": ["posted"] * 2, "failed": ["failed"] * 2,
                          "partial": ["posted", "failed"]}[outcome]
    failed = gv.state.posts[ids["failed"]]["states"]
    assert {s["error_message"] for s in failed.values()} == {"Token revoked"}
    assert all(s["published_url"] for s in gv.state.posts[ids["posted"]]["states"].values())


def test_caption_markers_fail_posts_in_the_demo(gv):
    pid = _create(gv, caption="oops [sandbox:fail]",
                  scheduled_at=(NOW + timedelta(minutes=3)).isoformat()).json()["data"]["id"]
    gv.control("POST", "clock", {"advance": 3 * 60 + 31})
    gv.control("POST", "tick")
    post = gv.state.posts[pid]
    assert post["status"] == "failed" and all(s["error_message"]
                                              for s in post["states"].values())


def test_control_endpoints_refuse_nonsense(gv):
    import httpx

    for path, body in [("clock", {"warp": 1}), ("faults", {"drop_next": -1}),
                       ("outcomes", {"x": {"status": "maybe"}}), ("plan", {"plan": "gold"}),
                       ("profile", {"profile": "chaotic"}), ("publisher", {"fail_rate": 2})]:
        with pytest.raises(httpx.HTTPStatusError):
            gv.control("POST", path, body)
    assert gv.control("GET", "profile")["name"] == gv.profile
    assert gv.control("GET", "state")["plan"] == "creator"


def test_faults_never_touch_the_control_endpoints(gv):
    gv.faults(drop_next=5)
    assert gv.control("GET", "clock")["frozen"] is True
    gv.control("DELETE", "faults")
    assert gv.raw("GET", "/accounts").status_code == 200


def test_demo_data_covers_every_status_and_many_causes():
    state = build_demo_state(seed=7, now=NOW)
    statuses = {p["status"] for p in state.posts.values()}
    assert statuses >= {"draft", "pending", "scheduled", "retry", "failed", "posted",
                        "partial", "canceled"}
    causes = {s["error_message"] for p in state.posts.values() for s in p["states"].values()
              if s.get("error_message")}
    assert len(causes) >= 5
    kinds = {(a["platform"], a["type"]) for a in state.accounts.values()}
    assert {"byo", "hosted"} == {k for _, k in kinds} and len({p for p, _ in kinds}) >= 8
    captions = [p["caption"] for p in state.posts.values()]
    for needle in ("\x1b[", "\x1b]", "\u202e", "\u200b", "🇫🇷"):
        assert any(needle in c for c in captions), needle
    assert max(len(c) for c in captions) == 3000
    assert any(len(p["accounts"]) > 1 for p in state.posts.values())
    # deterministic: the same seed and time give the same data
    again = build_demo_state(seed=7, now=NOW)
    assert copy.deepcopy(state.posts) == again.posts


async def test_the_default_app_has_demo_data_and_the_demo_token():
    import httpx

    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        body = (await http.get("/posts", headers={"Authorization":
                                                  f"Bearer {DEMO_TOKEN}"})).json()
        assert body["ok"] and body["data"]["posts"]
        assert (await http.get("/posts")).status_code == 401
    assert DEMO_TOKEN == "gva_live_demo.sandbox-secret"


def test_demo_times_follow_now():
    later = datetime(2027, 1, 1, tzinfo=timezone.utc)
    state = build_demo_state(now=later)
    times = [p["scheduled_at"] for p in state.posts.values() if p["status"] == "scheduled"]
    assert min(times) > "2027-01-01"


async def test_the_factory_helpers_give_a_demo_backend_with_posts():
    from dashtui.backend import Backend
    from dashtui.backends.genviral import factory

    app = factory.demo_sandbox(now=NOW)
    async with factory.demo_backend(app) as backend:
        assert isinstance(backend, Backend)
        assert (await backend.whoami()).brand_list()[0].name == "Sunny Bakes (demo)"
        posts = await backend.list_posts("tiktok", 1, NOW - timedelta(days=7),
                                         NOW + timedelta(days=7))
        assert posts and app.state.runtime.state.now() == NOW
    assert factory.client("gva_live_a.b-secret-22").endpoints()["api"].startswith(
        "https://www.genviral.io/")

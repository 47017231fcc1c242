"""The sandbox on its own, over real HTTP: what it does by the reference, under each
profile, and its harness (clock, publisher, faults, demo data)."""

from __future__ import annotations

import pytest

from .conftest import IG, SOUND, SOUND2, TT


def err(resp):
    return resp.status_code, resp.json()["error"]["code"]


# -- auth -------------------------------------------------------------------------------------
@pytest.mark.parametrize("headers, code", [
    ({}, "unauthorized"),
    ({"Authorization": "Basic abc"}, "unauthenticated"),
    ({"Authorization": "Bearer pk_nope"}, "invalid_api_key"),
    ({"Authorization": "Bearer sk_test_not-this-one"}, "invalid_api_key"),
])
def test_keys(sandbox, headers, code):
    import httpx

    resp = httpx.get(f"{sandbox.root}/posts", headers=headers, timeout=5)
    assert (resp.status_code, resp.json()["error"]["code"]) == (401, code)


# -- PATCH ------------------------------------------------------------------------------------
def test_an_omitted_sound_removes_it_under_strict_and_keeps_it_under_lenient(sandbox):
    resp = sandbox.api("PATCH", "/posts/post_video", {"caption": "no sound field"})
    assert resp.status_code == 200
    kept = sandbox.post("post_video")["soundId"]
    assert kept == (None if sandbox.profile == "strict" else SOUND)
    sandbox.api("PATCH", "/posts/post_slides", {"soundId": SOUND2})
    sandbox.api("PATCH", "/posts/post_slides", {"soundId": None})
    assert sandbox.post("post_slides")["soundId"] is None


def test_scheduled_time_is_local_and_comes_back_utc(sandbox):
    resp = sandbox.api("PATCH", "/posts/post_ig", {"scheduledTime": "2026-03-12T09:15",
                                                   "timezone": "Asia/Tokyo"})
    assert resp.json()["scheduledTime"] == "2026-03-12T00:15:00.000Z"
    assert resp.json()["timezone"] == "Asia/Tokyo"


@pytest.mark.parametrize("body, code", [
    ({"scheduledTime": "2026-03-12T09:15"}, "missing_required_fields"),
    ({"timezone": "Asia/Tokyo"}, "missing_required_fields"),
    ({"scheduledTime": "2026-03-12T09:15", "timezone": "Europe/Berlin"}, "invalid_timezone"),
    ({"scheduledTime": "2026-03-12 09:15", "timezone": "Asia/Tokyo"},
     "invalid_scheduled_time"),
    ({"scheduledTime": "2026-02-12T09:15", "timezone": "Asia/Tokyo"},
     "invalid_scheduled_time"),
    ({"contentType": "video"}, "missing_required_fields"),
    ({"contentUrl": "https://cdn.test/x.mp4"}, "missing_required_fields"),
    ({"contentType": "video", "contentUrl": ["https://cdn.test/x.mp4"]}, "invalid_content"),
    ({"contentType": "slides", "contentUrl": "https://cdn.test/x.jpg"}, "invalid_content"),
    ({"contentType": "video", "contentUrl": "javascript:alert(1)"}, "invalid_url"),
    ({"soundId": "snd_nope"}, "not_found"),
])
def test_edit_refusals(sandbox, body, code):
    resp = sandbox.api("PATCH", "/posts/post_video", body)
    assert resp.json()["error"]["code"] == code
    assert sandbox.post("post_video")["soundId"] == SOUND  # nothing changed


def test_profile_dependent_edit_readings(sandbox):
    strict = sandbox.profile == "strict"
    gap = sandbox.api("PATCH", "/posts/post_video", {"scheduledTime": "2026-03-08T02:30",
                                                     "timezone": "America/New_York",
                                                     "soundId": SOUND})
    if strict:
        assert err(gap) == (400, "invalid_scheduled_time")
    else:  # read with the offset before the change: 02:30 EST = 07:30 UTC
        assert gap.json()["scheduledTime"] == "2026-03-08T07:30:00.000Z"
    seconds = sandbox.api("PATCH", "/posts/post_video", {"scheduledTime": "2026-03-09T10:00:30",
                                                         "timezone": "America/New_York"})
    assert seconds.status_code == (400 if strict else 200)
    slideshow = sandbox.api("PATCH", "/posts/post_slides", {
        "contentType": "slideshow", "contentUrl": ["https://cdn.test/z.jpg"]})
    assert slideshow.status_code == (400 if strict else 200)
    extra = sandbox.api("PATCH", "/posts/post_slides", {"caption": "x", "mood": "happy"})
    assert extra.status_code == (400 if strict else 200)
    ig_sound = sandbox.api("PATCH", "/posts/post_ig", {"soundId": SOUND})
    assert ig_sound.status_code == (400 if strict else 200)
    scheduled = sandbox.api("PATCH", "/posts/post_scheduled", {"caption": "x"})
    assert scheduled.status_code == (400 if strict else 200)


def test_a_repeated_hour_reads_as_its_first_occurrence(sandbox):
    resp = sandbox.api("PATCH", "/posts/post_video", {"scheduledTime": "2026-11-01T01:30",
                                                      "timezone": "America/New_York"})
    assert resp.json()["scheduledTime"] == "2026-11-01T05:30:00.000Z"  # EDT, not EST


def test_a_slideshow_edit_answers_with_the_edit_pages_word(sandbox):
    resp = sandbox.api("PATCH", "/posts/post_ig", {"contentType": "slides", "contentUrl":
                                                   ["https://cdn.test/1.jpg"]})
    assert resp.json()["contentType"] == ("slides" if sandbox.profile == "strict"
                                          else "slideshow")
    assert sandbox.api("GET", "/posts/post_ig").json()["contentType"] == "slideshow"
    assert resp.json()["thumbnailUrl"] is None


@pytest.mark.parametrize("pid", ["post_posted", "post_failed"])
def test_posted_and_failed_answer_post_already_posted(sandbox, pid):
    resp = sandbox.api("PATCH", f"/posts/{pid}", {"caption": "late"})
    status = 400 if sandbox.profile == "strict" else 409
    assert resp.status_code == status
    assert resp.json() == {"error": {"code": "post_already_posted",
                                     "message": "Post Already Posted"}}


def test_get_and_patch_of_a_missing_post(sandbox):
    assert err(sandbox.api("GET", "/posts/post_zzz")) == (404, "not_found")
    assert err(sandbox.api("PATCH", "/posts/post_zzz", {"caption": "x"})) == (404, "not_found")


# -- list -------------------------------------------------------------------------------------
def test_list_filters(sandbox):
    def ids(**params):
        return {p["postId"] for p in sandbox.api("GET", "/posts", params=params).json()["posts"]}

    assert ids(status="failed") == {"post_failed"}
    assert ids(platform="instagram") == {"post_ig", "post_failed"}
    assert ids(contentType="slideshow") == {"post_slides", "post_pending"}
    assert ids(accountId=IG, status="generated") == {"post_ig"}
    assert len(ids()) == 8


def test_list_limits_and_cursor(sandbox):
    for i in range(120):
        sandbox.state.posts[f"post_n{i:03d}"] = {**sandbox.post("post_ig"),
                                                 "postId": f"post_n{i:03d}",
                                                 "createdAt": f"2026-02-27T00:00:{i % 60:02d}"
                                                              f".{i:03d}Z"}
    first = sandbox.api("GET", "/posts").json()
    assert len(first["posts"]) == 50 and first["hasMore"] and first["nextCursor"]
    seen, cursor = [], None
    while True:
        page = sandbox.api("GET", "/posts", params={"limit": 100, **(
            {"cursor": cursor} if cursor else {})}).json()
        seen += [p["postId"] for p in page["posts"]]
        if not page["hasMore"]:
            assert page["nextCursor"] is None
            break
        cursor = page["nextCursor"]
    assert len(seen) == len(set(seen)) == 128
    over = sandbox.api("GET", "/posts", params={"limit": 101})
    if sandbox.profile == "strict":
        assert err(over) == (400, "invalid_limit")
    else:
        assert len(over.json()["posts"]) == 100
    assert err(sandbox.api("GET", "/posts", params={"cursor": "!!"})) == (400, "invalid_cursor")


# -- create -----------------------------------------------------------------------------------
def test_a_create_makes_one_post_per_account(sandbox):
    resp = sandbox.api("POST", "/posts", {"accountIds": [TT, IG], "contentType": "video",
                                          "contentUrl": "https://cdn.test/n.mp4",
                                          "caption": "twice"})
    assert resp.status_code == 201
    posts = resp.json()["posts"]
    assert [p["accountId"] for p in posts] == [TT, IG]
    assert {p["platform"] for p in posts} == {"tiktok", "instagram"}
    assert all(p["scheduledTime"] == "2026-03-01T12:00:00.000Z" for p in posts)  # omit = now
    assert posts[0]["status"] == ("generated" if sandbox.profile == "strict" else "scheduled")


@pytest.mark.parametrize("path, body, code", [
    ("/posts", {"contentType": "video", "contentUrl": "https://a.test/v.mp4"},
     "missing_required_fields"),
    ("/posts", {"accountIds": [TT], "contentUrl": "https://a.test/v.mp4"},
     "missing_required_fields"),
    ("/posts", {"accountIds": [TT], "contentType": "video", "contentUrl": "nope"},
     "invalid_url"),
    ("/posts", {"accountIds": ["acc_x"], "contentType": "video",
                "contentUrl": "https://a.test/v.mp4"}, "not_found"),
    ("/posts", {"accountIds": [TT], "contentType": "slideshow", "slideDuration": 5,
                "contentUrl": ["https://a.test/1.jpg"]}, "invalid_slide_duration"),
    ("/posts", {"accountIds": [TT], "contentType": "video", "contentUrl": "https://a.test/v",
                "scheduledTime": "2026-03-05T10:00"}, "missing_required_fields"),
    ("/posts/video", {"accountIds": [TT], "contentUrl": "https://a.test/v.mp4",
                      "soundId": "snd_nope"}, "not_found"),
    ("/posts/slideshow", {"accountIds": [TT]}, "missing_required_fields"),
])
def test_create_refusals(sandbox, path, body, code):
    assert sandbox.api("POST", path, body).json()["error"]["code"] == code


def test_video_and_slideshow_endpoints(sandbox):
    video = sandbox.api("POST", "/posts/video", {
        "accountIds": [TT], "contentUrl": "https://a.test/v.mp4", "soundId": SOUND,
        "scheduledTime": "2026-03-05T10:00", "timezone": "Europe/Paris"}).json()["posts"][0]
    assert video["soundId"] == SOUND and video["scheduledTime"] == "2026-03-05T09:00:00.000Z"
    slides = sandbox.api("POST", "/posts/slideshow", {
        "accountIds": [TT], "contentUrls": ["https://a.test/1.jpg"], "renderAsVideo": True,
        "slideDuration": 8}).json()["posts"][0]
    assert slides["status"] == "pending_render" and slides["slideDuration"] == 8
    ig = sandbox.api("POST", "/posts/video", {"accountIds": [IG], "soundId": SOUND,
                                              "contentUrl": "https://a.test/v.mp4"})
    assert ig.status_code == (400 if sandbox.profile == "strict" else 201)


# -- delete, accounts, sounds -------------------------------------------------------------------
def test_delete_reports_per_id(sandbox):
    resp = sandbox.api("DELETE", "/posts", {"postIds": ["post_video", "post_posted", "post_x"]})
    data = resp.json()
    assert data["deleted"] == ["post_video"]
    assert data["failed"] == [{"id": "post_posted", "reason": "Post Already Posted"},
                              {"id": "post_x", "reason": "Post not found"}]
    assert data["deletedAt"] == "2026-03-01T12:00:00.000Z"
    assert err(sandbox.api("DELETE", "/posts", {"postIds": []})) == \
        (400, "missing_required_fields")


def test_test_keys_see_ten_accounts(sandbox):
    for i in range(12):
        sandbox.state.accounts[f"acc_m{i}"] = {"accountId": f"acc_m{i}", "platform": "tiktok"}
    assert len(sandbox.api("GET", "/accounts").json()["accounts"]) == 10
    assert err(sandbox.api("GET", "/accounts/acc_m11")) == (403, "account_limit_reached")
    assert sandbox.api("GET", f"/accounts/{TT}").json()["phoneId"] == "phone_1"


def test_sounds(sandbox):
    made = sandbox.api("POST", "/media/sounds", {"soundUrl": "https://www.tiktok.com/@a/video/1",
                                                 "name": "A"})
    assert made.status_code == 201 and made.json()["soundId"].startswith("snd_")
    assert err(sandbox.api("POST", "/media/sounds", {"soundUrl": "https://youtube.com/x",
                                                     "name": "B"})) == (400, "invalid_url")
    assert err(sandbox.api("POST", "/media/sounds", {"name": "C"})) == \
        (400, "missing_required_fields")
    assert len(sandbox.api("GET", "/media/sounds").json()["sounds"]) == 3


# -- publisher, clock, faults ---------------------------------------------------------------------
def test_the_clock_publishes_due_posts(sandbox):
    sandbox.control("POST", "outcomes", {"post_ig": {"status": "failed",
                                                     "reason": "Phone offline."}})
    out = sandbox.control("POST", "clock", {"advance": 14 * 86400})
    moved = {t["postId"]: t["to"] for t in out["transitions"]}
    assert moved["post_video"] == "posted" and moved["post_ig"] == "failed"
    assert sandbox.post("post_ig")["failureReason"] == "Phone offline."
    assert sandbox.post("post_video")["postedAt"] and sandbox.post("post_video")["postUrl"]
    assert sandbox.post("post_pending")["status"] == "posted"  # rendered, then published


def test_a_fail_rate_gives_varied_causes(sandbox):
    sandbox.control("POST", "publisher", {"fail_rate": 1.0})
    for i in range(60):
        sandbox.state.posts[f"post_f{i}"] = {**sandbox.post(["post_video", "post_ig"][i % 2]),
                                             "postId": f"post_f{i}"}
    sandbox.control("POST", "clock", {"advance": 30 * 86400})
    reasons = {p["failureReason"] for p in sandbox.state.posts.values()
               if p["status"] == "failed"}
    starts = {r.split()[0] for r in reasons}
    assert len(reasons) >= 10 and len(starts) >= 5


def test_faults_drop_after_the_write(sandbox):
    import httpx

    sandbox.control("POST", "faults", {"method": "PATCH", "drop_next": 1, "after": True})
    with pytest.raises(httpx.HTTPError):
        sandbox.api("PATCH", "/posts/post_video", {"caption": "landed", "soundId": SOUND})
    assert sandbox.post("post_video")["caption"] == "landed"
    assert sandbox.control("GET", "faults")["rules"][0]["drop_next"] == 0


def test_faults_fail_and_profile_controls(sandbox):
    sandbox.control("POST", "faults", {"rules": [{"path": "/v1/accounts", "fail_next": 1,
                                                  "fail_status": 503,
                                                  "fail_code": "unavailable"}]})
    assert err(sandbox.api("GET", "/accounts")) == (503, "unavailable")
    assert sandbox.api("GET", "/accounts").status_code == 200
    prof = sandbox.control("POST", "profile", {"profile": "lenient",
                                               "omitted_sound_removes": True})
    assert prof["name"] == "lenient" and prof["omitted_sound_removes"] is True
    forced = sandbox.control("POST", "posts/post_video", {"status": "posted"})
    assert forced["status"] == "posted"


# -- demo ---------------------------------------------------------------------------------------
def test_the_demo_has_every_status_kind_and_hostile_caption():
    from dashtui.backends.infinipost.sandbox.app import build_demo_state

    state = build_demo_state(seed=7)
    posts = list(state.posts.values())
    assert {p["status"] for p in posts} >= {"generated", "pending_render", "scheduled",
                                            "posted", "failed"}
    assert {(p["platform"], p["contentType"], bool(p["soundId"])) for p in posts} >= {
        ("tiktok", "video", True), ("tiktok", "video", False), ("tiktok", "slideshow", True),
        ("instagram", "video", False), ("instagram", "slideshow", False)}
    captions = " ".join(p["caption"] for p in posts)
    assert "\x1b[" in captions and "\u202e" in captions and "\u200b" in captions
    assert "👨‍👩‍👧‍👦" in captions and max(len(p["caption"]) for p in posts) > 2200
    failures = {p["failureReason"].split()[0] for p in posts if p["status"] == "failed"}
    assert len(failures) >= 5
    assert {a["platform"] for a in state.accounts.values()} == {"tiktok", "instagram"}
    assert any(a["username"] is None for a in state.accounts.values())
    assert build_demo_state(seed=7).posts.keys() == state.posts.keys()  # deterministic


def test_partner_accounts_and_account_deletion(sandbox):
    sandbox.state.accounts[TT]["partnerUserId"] = "partner_1"
    sandbox.state.accounts[IG]["partnerUserId"] = "partner_1"
    data = sandbox.api("GET", "/partners/accounts", params={"partnerUserId": "partner_1"}).json()
    assert {(a["accountId"], a["status"]) for a in data["accounts"]} == {(TT, "ready"),
                                                                          (IG, "ready")}
    assert err(sandbox.api("GET", "/partners/accounts")) == (400, "missing_required_fields")
    gone = sandbox.api("DELETE", f"/accounts/{IG}").json()
    assert gone["deleted"] is True and gone["postsDeleted"] == 2
    assert IG not in sandbox.state.accounts and "post_ig" not in sandbox.state.posts


def test_the_demo_app_freezes_its_clock():
    from datetime import datetime, timezone

    from dashtui.backends.infinipost.sandbox.app import demo_app

    now = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
    app = demo_app(now=now)
    assert app.state.runtime.state.now() == now
    statuses = {p["status"] for p in app.state.runtime.state.posts.values()}
    assert "pending_render" in statuses


def test_the_sandbox_is_written_from_the_reference_alone():
    """No import of the client, its helpers, the domain or the neutral errors: the sandbox
    and the client can disagree, and a test then shows which is wrong."""
    import ast
    from pathlib import Path

    import dashtui.backends.infinipost.sandbox as sandbox_pkg

    forbidden = ("dashtui.domain", "dashtui.errors", "dashtui.backend",
                 "dashtui.backends.infinipost.client", "dashtui.backends.infinipost.convert",
                 "dashtui.backends.infinipost.rules", "dashtui.backends.infinipost.edits",
                 "dashtui.backends.infinipost.localtime", "dashtui.backends.infinipost.mapping",
                 "dashtui.backends.infinipost.session")
    for path in Path(sandbox_pkg.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                name = ("." * node.level) + (node.module or "")
                assert node.level <= 1, f"{path.name} reaches outside the sandbox: {name}"
                assert not (node.module or "").startswith(forbidden), f"{path.name}: {name}"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith(forbidden) for a in node.names), path.name


def test_importing_the_client_loads_no_http_library():
    import subprocess
    import sys

    code = ("import sys, dashtui.backends.infinipost.client; "
            "print(sorted(m for m in ('httpx', 'starlette', 'uvicorn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_a_state_file_keeps_writes_across_restarts(tmp_path):
    import httpx

    from dashtui.backends.infinipost.sandbox.app import DEMO_TOKEN, create_app
    from dashtui.backends.infinipost.sandbox.server import serve_in_thread

    from .conftest import fresh_state

    path = tmp_path / "ip.json"
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    with serve_in_thread(create_app(fresh_state(), state_file=path)) as base:
        resp = httpx.patch(f"{base}/v1/posts/post_ig", json={"caption": "kept"},
                           headers=headers, timeout=5)
        assert resp.status_code == 200
    with serve_in_thread(create_app(state_file=path)) as base:
        resp = httpx.get(f"{base}/v1/posts/post_ig", headers=headers, timeout=5)
        assert resp.json()["caption"] == "kept"


async def test_a_sandbox_bug_is_a_500_in_infiniposts_shape_even_in_process(monkeypatch):
    import httpx

    from dashtui.backends.infinipost.sandbox import edit
    from dashtui.backends.infinipost.sandbox.app import DEMO_TOKEN, create_app

    from .conftest import fresh_state

    async def broken(request, post):
        raise RuntimeError("a bug")

    monkeypatch.setattr(edit, "patch", broken)
    transport = httpx.ASGITransport(app=create_app(fresh_state()))
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.invalid") as c:
        resp = await c.patch("/v1/posts/post_ig", json={"caption": "x"},
                             headers={"Authorization": f"Bearer {DEMO_TOKEN}"})
    assert resp.status_code == 500 and resp.json()["error"]["code"] == "internal"

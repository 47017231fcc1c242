"""The Infinipost sandbox served over real HTTP on 127.0.0.1 (uvicorn in a thread), once per
profile for the whole run, reset to a small known world before each test."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from dashtui.backends.infinipost.client import InfinipostClient

TOKEN = "sk_test_SECRET-9c2e71-never-print"  # distinctive, so a leak is easy to find
FROZEN_NOW = "2026-03-01T12:00:00+00:00"
TT, TT_WARM, IG = "acc_tt1", "acc_tt2", "acc_ig1"
SOUND, SOUND2 = "snd_lofi", "snd_whistle"


def _post(pid: str, account: str, platform: str, **kw: Any) -> dict[str, Any]:
    base = {"postId": pid, "accountId": account, "platform": platform,
            "contentType": "video", "contentUrl": f"https://cdn.test/{pid}.mp4",
            "thumbnailUrl": f"https://cdn.test/{pid}.jpg", "caption": f"caption of {pid}",
            "soundId": None, "timezone": "America/New_York",
            "scheduledTime": "2026-03-10T14:00:00.000Z", "status": "generated",
            "postedAt": None, "createdAt": f"2026-02-20T10:00:{len(pid) % 60:02d}.000Z"}
    base.update(kw)
    return base


def fresh_state():
    from dashtui.backends.infinipost.sandbox.state import SandboxState

    state = SandboxState()
    state.accounts = {
        TT: {"accountId": TT, "platform": "tiktok", "username": "ember.roasts",
             "phoneId": "phone_1", "accountStatus": "ready", "warmupDay": 7,
             "createdAt": "2026-01-01T00:00:00.000Z"},
        TT_WARM: {"accountId": TT_WARM, "platform": "tiktok", "username": None,
                  "phoneId": "phone_2", "accountStatus": "warming_up", "warmupDay": 3,
                  "createdAt": "2026-01-02T00:00:00.000Z"},
        IG: {"accountId": IG, "platform": "instagram", "username": "emberandoak",
             "phoneId": "phone_3", "accountStatus": "ready", "warmupDay": 7,
             "createdAt": "2026-01-03T00:00:00.000Z"},
    }
    state.sounds = {s: {"soundId": s, "name": s, "soundUrl":
                        f"https://www.tiktok.com/@x/video/{i}", "duration": 10,
                        "createdAt": "2026-01-01T00:00:00.000Z"}
                    for i, s in enumerate((SOUND, SOUND2))}
    posts = [
        _post("post_video", TT, "tiktok", soundId=SOUND),
        _post("post_slides", TT, "tiktok", contentType="slideshow", thumbnailUrl=None,
              contentUrl=["https://cdn.test/a.jpg", "https://cdn.test/b.jpg"],
              slideDuration=4, renderAsVideo=False, timezone="Europe/Paris"),
        _post("post_ig", IG, "instagram", timezone="Asia/Tokyo",
              scheduledTime="2026-03-11T01:00:00.000Z"),
        _post("post_posted", TT, "tiktok", status="posted", soundId=SOUND,
              scheduledTime="2026-02-25T14:00:00.000Z", postedAt="2026-02-25T14:01:00.000Z",
              postUrl="https://www.tiktok.com/@ember.roasts/video/1"),
        _post("post_failed", IG, "instagram", status="failed",
              scheduledTime="2026-02-26T14:00:00.000Z",
              failureReason="Phone phone_3 was offline at the scheduled time."),
        _post("post_utc", TT, "tiktok", timezone="UTC"),
        _post("post_scheduled", TT, "tiktok", status="scheduled"),
        _post("post_pending", TT_WARM, "tiktok", status="pending_render",
              contentType="slideshow", contentUrl=["https://cdn.test/c.jpg"],
              thumbnailUrl=None, slideDuration=6, renderAsVideo=True,
              createdAt="2026-03-01T11:59:30.000Z"),  # still rendering
    ]
    state.posts = {p["postId"]: p for p in posts}
    state.frozen_at = FROZEN_NOW
    return state


class Recording:
    """Wraps the sandbox app: every API request's method, path and JSON body."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[tuple[str, str, Any]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sandbox"):
            return await self.app(scope, receive, send)
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        raw = b"".join(chunks)
        self.seen.append((scope["method"], scope["path"], json.loads(raw) if raw else None))
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}

        await self.app(scope, replay, send)


class Sandbox:
    def __init__(self, recording: Recording, base: str, profile: str) -> None:
        self.recording = recording
        self.app = recording.app
        self.base = base
        self.root = f"{base}/v1"
        self.profile = profile

    @property
    def rt(self) -> Any:
        return self.app.state.runtime

    @property
    def state(self) -> Any:
        return self.rt.state

    def post(self, pid: str) -> dict[str, Any]:
        return self.state.posts[pid]

    def requests(self, method: str | None = None, path: str = "") -> list[tuple[str, str, Any]]:
        return [r for r in self.recording.seen
                if (method is None or r[0] == method) and path in r[1]]

    def sent(self, method: str, path: str) -> Any:
        """The body of the last such request."""
        return self.requests(method, path)[-1][2]

    def reset(self) -> None:
        import dataclasses

        from dashtui.backends.infinipost.sandbox.profile import get_profile

        fresh = fresh_state()
        for f in dataclasses.fields(self.state):
            setattr(self.state, f.name, getattr(fresh, f.name))
        self.rt.faults.replace([])
        self.rt.publisher.outcomes.clear()
        self.rt.publisher.fail_rate = 0.0
        self.rt.profile = get_profile(self.profile)
        self.recording.seen.clear()

    def control(self, method: str, path: str, body: Any = None) -> Any:
        resp = httpx.request(method, f"{self.base}/_sandbox/{path}", json=body, timeout=5,
                             headers={"Authorization": f"Bearer {TOKEN}"})
        resp.raise_for_status()
        return resp.json()

    def api(self, method: str, path: str, body: Any = None, token: str | None = TOKEN,
            **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return httpx.request(method, f"{self.root}{path}", json=body, headers=headers,
                             timeout=5, **kw)

    def client(self, **kw: Any) -> InfinipostClient:
        async def no_sleep(_: float) -> None:
            return None

        kw.setdefault("sleep", no_sleep)
        return InfinipostClient(kw.pop("token", TOKEN), self.root, **kw)


@pytest.fixture(scope="session", params=["strict", "lenient"])
def sandbox_server(request):
    from dashtui.backends.infinipost.sandbox.app import create_app
    from dashtui.backends.infinipost.sandbox.server import serve_in_thread

    app = create_app(fresh_state(), token=TOKEN, profile=request.param)
    recording = Recording(app)
    with serve_in_thread(recording) as base:
        yield Sandbox(recording, base, request.param)


@pytest.fixture
def sandbox(sandbox_server) -> Sandbox:
    sandbox_server.reset()
    yield sandbox_server
    sandbox_server.reset()


@pytest.fixture
def strict(sandbox) -> Sandbox:
    if sandbox.profile != "strict":
        pytest.skip("the strict reading only")
    return sandbox


@pytest.fixture
async def ip(sandbox):
    client = sandbox.client()
    yield client
    await client.aclose()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)

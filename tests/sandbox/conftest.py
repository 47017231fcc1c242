"""A small explicit sandbox world, so these tests never depend on the demo data.

Org 1; brands 144 and 2000 reachable by the token, 999 not; 22 images and 3 videos in
brand 144's Library, one image in 2000, one video in 999; Pinterest boards for 144 and 2000.
The clock is frozen at NOW, so the seeds' March 2026 timestamps are in the future.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.library import make_media
from dashtui.backends.dash.sandbox.state import SandboxState

TOKEN = "sandbox-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOW = "2026-03-01T12:00:00+00:00"
FUTURE = "2026-03-10T15:00:00Z"
PAST = "2026-02-27T09:00:00Z"
BOARD = {"description": "", "id": "123456789012345678", "name": "Spring Style Inspiration",
         "preview_url": "https://example.com/board-preview.jpg", "protected": False}
OTHER_BOARD = {"description": "Second brand", "id": "987654321098765432", "name": "Fall",
               "preview_url": "https://example.com/fall.jpg", "protected": True}


def build_state() -> SandboxState:
    state = SandboxState(organization={"id": 1, "name": "Your Organization"})
    state.brands = {
        144: {"id": 144, "name": "Your Brand", "slug": "your-brand"},
        2000: {"id": 2000, "name": "Second Brand", "slug": "second-brand"},
        999: {"id": 999, "name": "Someone Else", "slug": "someone-else"},
    }
    state.accessible_brands = [144, 2000]
    state.frozen_at = NOW
    now = datetime.fromisoformat(NOW)
    for i in range(22):
        make_media(state, 144, f"https://example.com/img{i}.jpg", "IMAGE", now)
    for i in range(3):
        make_media(state, 144, f"https://example.com/vid{i}.mp4", "VIDEO", now)
    make_media(state, 2000, "https://example.com/second.jpg", "IMAGE", now)
    make_media(state, 999, "https://example.com/hidden.mp4", "VIDEO", now)
    state.boards = {144: [dict(BOARD)], 2000: [dict(OTHER_BOARD)]}
    return state


class World:
    """Named media ids and valid request bodies for every platform."""

    def __init__(self, state: SandboxState) -> None:
        by_brand = lambda b, k: sorted(mid for mid, m in state.media.items()  # noqa: E731
                                       if m["brand_id"] == b and m["media_type"] == k)
        self.img = by_brand(144, "IMAGE")
        self.vid = by_brand(144, "VIDEO")
        self.img_2000 = by_brand(2000, "IMAGE")[0]
        self.vid_999 = by_brand(999, "VIDEO")[0]

    def body(self, platform: str, **over: Any) -> dict[str, Any]:
        """A valid SCHEDULED create body; keyword overrides (None removes a key)."""
        base: dict[str, Any] = {"brand_id": 144, "auto_publish": True, "status": "SCHEDULED",
                                "timestamp": FUTURE}
        base.update({
            "instagram": {"caption": "Launching!", "post_type": "FEED",
                          "media_ids": [self.img[0]]},
            "facebook": {"message": "Hello", "post_type": "POST"},
            "tiktok": {"text": "Behind the scenes", "media_ids": [self.vid[0]]},
            "twitter": {"tweet_status": "Launching something new"},
            "threads": {"text": "Something exciting"},
            "linkedin": {"text": "We're excited"},
            "youtube": {"title": "Launch", "description": "Watch", "media_ids": [self.vid[0]],
                        "declared_made_for_kids": False},
            "snapchat": {"post_type": "STORY", "media_ids": [self.img[0]]},
            "pinterest": {"note": "Linen", "media_ids": [self.img[0]],
                          "meta": {"title": "Blazer", "pinterestBoard": dict(BOARD)}},
            "bluesky": {"text": "Favorites"},
        }[platform])
        for key, value in over.items():
            if value is None:
                base.pop(key, None)
            else:
                base[key] = copy.deepcopy(value)
        return base


@pytest.fixture
def state() -> SandboxState:
    return build_state()


@pytest.fixture
def world(state: SandboxState) -> World:
    return World(state)


# a window around every timestamp these tests use, for list calls under the strict profile
WINDOW = {"start": "2026-01-01T00:00:00Z", "end": "2026-12-31T23:59:59Z", "media_v2": "true"}


@pytest.fixture
def profile() -> str:
    """The sandbox profile; a test takes the other with
    @pytest.mark.parametrize("profile", ["lenient"])."""
    return "strict"


@pytest.fixture
def app(state: SandboxState, profile: str):
    return create_app(state, token=TOKEN, demo=False, fail_rate=0.0, profile=profile)


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://sandbox",
                                 headers=AUTH) as c:
        yield c


async def create(client: httpx.AsyncClient, world: World, platform: str, **over: Any
                 ) -> dict[str, Any]:
    r = await client.post(f"/scheduler/{platform}/scheduled_posts?media_v2=true",
                          json=world.body(platform, **over))
    assert r.status_code == 201, r.text
    return r.json()


async def post(client: httpx.AsyncClient, platform: str, body: dict[str, Any]
               ) -> httpx.Response:
    return await client.post(f"/scheduler/{platform}/scheduled_posts?media_v2=true", json=body)


def json_errors(response: httpx.Response) -> dict[str, Any]:
    """The errors.json part of a 422, after checking the smorest envelope."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == 422 and body["status"] == "Unprocessable Entity"
    return body["errors"]["json"]

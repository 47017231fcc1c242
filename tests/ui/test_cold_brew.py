"""The cold-brew job from issue 13, counted: find the post whose caption mentions "cold
brew", fix a typo, move it to tomorrow 09:30 in the brand's time, save. At most 15 keys plus
the typed text (README, "The cold-brew job")."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from dashtui.ui.editor.screen import EditorScreen
from dashtui.ui.screens.diff import DiffScreen

from .conftest import NOW, settle

BUDGET = 15
CAPTION = "Our cold brew is bakc at all shops"


async def test_the_cold_brew_job_takes_at_most_15_keys(make_app):
    # the user's display zone is Paris; the brand posts in Los Angeles time (demo config)
    app = make_app(timezone="Europe/Paris")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # the brand's one post about cold brew (the demo's own cold-brew posts go)
        box = app.sandbox_app.state.sandbox
        for post_id, stored in list(box.posts.items()):
            if "cold brew" in str(stored.data).lower():
                del box.posts[post_id]
                app.session.cache.remove(stored.platform, post_id)
        post = await app.session.backend.create_post("linkedin", {
            "brand_id": app.session.brand.id, "status": "SCHEDULED", "auto_publish": True,
            "text": CAPTION, "timestamp": (NOW + timedelta(hours=3)).isoformat()})
        app.session.cache.upsert([post])
        app.reload_screen()
        await settle(pilot)
        pressed: list[str] = []

        async def keys(*names: str) -> None:  # the keys counted against the budget
            pressed.extend(names)
            await pilot.press(*names)
            await settle(pilot)

        async def typed(text: str) -> None:  # typed text, not counted
            await pilot.press(*text)
            await settle(pilot)

        await keys("2", "slash")  # the post list, then filter as you type
        await typed("cold brew")
        await keys("enter", "e")  # leave the filter on the match; edit it
        assert isinstance(app.screen, EditorScreen)
        # the cursor starts at the caption's end: four words back is "bakc"
        await keys("ctrl+left", "ctrl+left", "ctrl+left", "ctrl+left", "ctrl+shift+right")
        await typed("back")
        await keys("tab", "ctrl+u")  # to the time field, clear it
        await typed("tomorrow 09:30 brand")
        await keys("ctrl+s")
        assert isinstance(app.screen, DiffScreen)
        await keys("y")
        assert not isinstance(app.screen, (EditorScreen, DiffScreen))
        stored = app.sandbox_app.state.sandbox.posts[post.id].data
        assert stored["text"] == "Our cold brew is back at all shops"
        # tomorrow in Los Angeles (Mon 23 Nov) 09:30 PST = 17:30 UTC
        when = datetime.fromisoformat(stored["timestamp"].replace("Z", "+00:00"))
        assert when == datetime(2026, 11, 23, 17, 30, tzinfo=timezone.utc)
        assert len(pressed) <= BUDGET, pressed
        assert len(pressed) == 13  # README lists these 13

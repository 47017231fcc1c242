"""The app's first refresh and `r`, against the strict and the lenient sandbox (make_app is
parametrised over both): every platform's window lands; under strict, the refused list of
drafts without a time is said once, plainly, and costs nothing else."""

from __future__ import annotations

from dashtui.domain.platforms import Platform
from dashtui.ui.widgets.post_table import PostTable

from .conftest import messages, settle

REFUSED = "Drafts without a time cannot be listed on this account"
FIELD = {"instagram": "caption", "facebook": "message", "twitter": "tweet_status",
         "youtube": "description", "snapchat": "description", "pinterest": "note"}


def _retitle(app, text: str) -> None:
    """Give every dated post of the brand a new caption on the server."""
    for stored in app.sandbox_app.state.sandbox.posts.values():
        field = FIELD.get(stored.platform, "text")
        if stored.data.get("brand_id") == 144 and stored.data.get(field) is not None \
                and stored.data.get("timestamp"):
            stored.data[field] = f"{text} {stored.platform}"
    app.sandbox_app.state.runtime.publisher.dirty = True


async def test_first_refresh_and_r_land_every_platforms_window(make_app, sandbox_profile):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        _retitle(app, "first")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        rows = app.screen.query_one(PostTable).visible_rows
        assert {r.platform for r in rows if r.caption.startswith("first")} == \
            {p.value for p in Platform}
        undated = [r for r in rows if r.when is None]
        if sandbox_profile == "strict":
            assert messages(app).count(REFUSED) == 1
            assert not undated
        else:
            assert REFUSED not in messages(app) and undated
        _retitle(app, "again")
        await pilot.press("r")
        await settle(pilot)
        rows = app.screen.query_one(PostTable).visible_rows
        assert {r.platform for r in rows if r.caption.startswith("again")} == \
            {p.value for p in Platform}
        assert "did not refresh" not in messages(app)
        assert messages(app).count(REFUSED) == (1 if sandbox_profile == "strict" else 0)
        assert app.session.last_result is not None and app.session.last_result.ok

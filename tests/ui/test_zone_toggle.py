"""`z` switches every shown time between the local zone and the brand's own (config
`brand_timezones`); the header says which, the list rows follow."""

from __future__ import annotations

from dashtui.ui.widgets.post_table import PostTable

from .conftest import messages, screen_text, settle


async def test_z_shows_the_list_in_brand_time_and_back(make_app):
    app = make_app(timezone="Europe/Paris")  # the demo brand posts in Los Angeles time
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        row = table.cursor_row
        assert row is not None
        paris = f"{row.when.astimezone(table.zone):%H:%M}"
        assert table.zone.key == "Europe/Paris"
        await pilot.press("z")
        await settle(pilot)
        assert app.screen.query_one(PostTable).zone.key == "America/Los_Angeles"
        text = screen_text(app)
        assert "brand PST" in text or "brand America/Los_Angeles" in text
        la = f"{row.when.astimezone(table.zone):%H:%M}"
        assert la != paris and la in text
        assert "brand's zone" in messages(app)
        await pilot.press("z")
        await settle(pilot)
        assert app.screen.query_one(PostTable).zone.key == "Europe/Paris"
        assert "brand PST" not in screen_text(app)


async def test_z_without_a_brand_zone_says_how_to_set_one(make_app):
    app = make_app(brand_timezones={"999": "Asia/Tokyo"})  # none for the open brand
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert "no time zone of its own" in messages(app)
        assert app.session.brand_time is False


async def test_reschedule_reads_brand_time(make_app):
    from datetime import datetime, timezone

    from .conftest import NOW

    app = make_app(timezone="Europe/Paris")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        rows = [r for r in table.visible_rows if r.status == "SCHEDULED" and r.ts
                and r.when > NOW]
        assert table.move_to(rows[0].key)
        await pilot.press("S")  # S reschedules (R retries)
        await pilot.pause()  # the prompt: its worker waits for the answer
        await pilot.press(*"tomorrow 09:30 brand")
        await pilot.pause()
        assert "typed" in screen_text(app) or "PST" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        stored = app.sandbox_app.state.sandbox.posts[rows[0].id].data
        when = datetime.fromisoformat(stored["timestamp"].replace("Z", "+00:00"))
        assert when == datetime(2026, 11, 23, 17, 30, tzinfo=timezone.utc)  # 09:30 PST

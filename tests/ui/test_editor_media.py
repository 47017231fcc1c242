"""The editor's media against the demo sandbox served over real HTTP on 127.0.0.1: a local
file uploaded from the editor is attached and checked, the Dash token never reaches the
storage URL, bad files attach nothing, the library picker filters and attaches, alt text
per media item and the documented fields are saved and read back."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from dashtui.backends import demo_sandbox
from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.config import Config
from dashtui.demo import DEMO_TOKEN
from dashtui.domain.platforms import Platform
from dashtui.sandbox_kit.server import serve_in_thread
from dashtui.ui.editor.fields import FieldRow
from dashtui.ui.editor.media import MediaField
from dashtui.ui.editor.media_picker import MediaPicker
from dashtui.ui.editor.screen import EditorScreen, open_editor
from dashtui.ui.launch import build_app, demo_config

from ..media_files import write_mp4, write_png
from .conftest import NOW, ZONE, messages, screen_text, settle
from .test_editor import POSTS, save, stored


@pytest.fixture
def http_app(tmp_path, sandbox_profile):
    """The app over the demo sandbox on a real loopback port (not an in-process transport),
    so the upload's PUT is a real request to a storage URL with its own headers."""
    sandbox = demo_sandbox("dash", now=NOW, profile=sandbox_profile)
    with serve_in_thread(sandbox) as base:
        client = DashClient(DEMO_TOKEN, ServiceURLs.from_root(base))
        app = build_app(demo_config(Config(timezone=ZONE)), client=client,
                        cache_dir=tmp_path / "cache", demo=True, clock=lambda: NOW)
        app.sandbox_app = sandbox
        yield app


def storage_puts(app) -> list[dict]:
    log = getattr(app.sandbox_app.state.runtime, "storage_log", [])
    return [r for r in log if r["method"] == "PUT"]


async def new_post(app, pilot, platform: Platform) -> EditorScreen:
    await settle(pilot)
    screen = open_editor(app, platform=platform)
    await settle(pilot)
    assert isinstance(app.screen, EditorScreen)
    return screen


async def add_media(pilot, screen, text: str) -> None:
    box = screen.query_one("#media-add", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)


async def test_a_local_video_uploaded_from_the_editor_is_attached_and_checked(http_app,
                                                                             tmp_path):
    path = write_mp4(tmp_path, "too-long.mp4", 200, pad_to=600_000)  # X takes 2:20 at most
    async with http_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await new_post(http_app, pilot, Platform.TWITTER)
        await add_media(pilot, screen, str(path))
        field = screen.query_one(MediaField)
        assert len(field.ids) == 1, messages(http_app)
        media_id = field.ids[0]
        assert field.kinds[media_id] == "VIDEO" and field.names[media_id] == "too-long.mp4"
        assert screen.state.draft.media_ids == [media_id]
        problems = [f.message for f in screen.findings if f.code == "media.file_limit"]
        assert problems == [f"Media {media_id}: 3:20 is longer than X's 2:20 limit."]
        shown = str(screen.query_one("#row-media", FieldRow).query_one(".findings").render())
        assert "✗ Media" in shown and "3:20 is longer than X's 2:20 limit" in shown
        assert "Uploaded too-long.mp4 and attached it" in messages(http_app)
    # the file went to the storage URL, without the Dash token
    puts = storage_puts(http_app)
    assert len(puts) == 1 and puts[0]["headers"]["content-length"] == "600000"
    assert "authorization" not in puts[0]["headers"]
    assert not any(DEMO_TOKEN in v for v in puts[0]["headers"].values())


async def test_bad_files_attach_nothing_and_say_why(http_app, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not media")
    huge = tmp_path / "huge.mp4"
    with huge.open("wb") as fh:  # sparse: 600 MB on paper, over X's 512 MB for a video
        fh.write(write_mp4(tmp_path, "head.mp4", 10).read_bytes())
        fh.truncate(600 * 1024 * 1024)
    async with http_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await new_post(http_app, pilot, Platform.TWITTER)
        for bad in (str(tmp_path / "missing.jpg"), str(text), str(huge)):
            await add_media(pilot, screen, bad)
        assert screen.query_one(MediaField).ids == []
        assert not screen.state.dirty
        said = messages(http_app)
        assert "No such file" in said and "unknown media type" in said
        assert "600.0 MB is over X's 512.0 MB limit for a video" in said
        assert said.count("Nothing was") == 3
    assert storage_puts(http_app) == []


async def test_the_picker_filters_and_attaches_marked_media(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await new_post(app, pilot, Platform.INSTAGRAM)
        screen.query_one("#media-add", Input).focus()
        await pilot.press("ctrl+l")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, MediaPicker)
        everything = len(picker.shown)
        assert everything > 4
        await pilot.press(*"video")
        await settle(pilot)
        videos = list(picker.shown)
        assert 0 < len(videos) < everything and all(i.kind == "VIDEO" for i in videos)
        assert "IG✓" in screen_text(app)  # each row says whether Instagram takes it
        await pilot.press("down", "space", "down", "space")
        assert picker.marked == [videos[0].scheduler_id, videos[1].scheduler_id]
        # type-ahead from the list goes back to the filter; nothing matches this
        await pilot.press(*"zzz")
        await settle(pilot)
        assert picker.shown == [] and "nothing matches" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.state.draft.media_ids == [v.scheduler_id for v in videos[:2]]
        assert screen.query_one(MediaField).kinds[videos[0].scheduler_id] == "VIDEO"


async def test_the_picker_filters_by_file_name_and_recency(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_post(app, pilot, Platform.TIKTOK)
        screen.query_one("#media-add", Input).focus()
        await pilot.press("ctrl+l")
        await settle(pilot)
        picker = app.screen
        name = picker.shown[0].filename
        await pilot.press(*name[:6].lower())
        await settle(pilot)
        assert picker.shown and all(name[:6].lower() in i.filename.lower()
                                    for i in picker.shown)
        picker.query_one("#picker-filter", Input).value = "1h"
        await settle(pilot)
        recent = {i.scheduler_id for i in picker.shown}
        picker.query_one("#picker-filter", Input).value = "99m"
        await settle(pilot)
        assert recent < {i.scheduler_id for i in picker.shown}
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.state.draft.media_ids == []


async def test_alt_text_per_media_item_is_saved_and_read_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        post = await app.session.backend.get_post("instagram", POSTS["instagram"])
        screen = open_editor(app, post)
        await settle(pilot)
        field = screen.query_one(MediaField)
        first = field.ids[0]
        alt = screen.query_one("#media-alt", Input)
        alt.focus()
        await pilot.press(*"Latte art, top view")
        await settle(pilot)
        assert screen.state.changes() == {"alt_text_media_map": {str(first):
                                                                 "Latte art, top view"}}
        await save(pilot)
    assert stored(app, POSTS["instagram"])["alt_text_media_map"] == {
        str(first): "Latte art, top view"}


async def test_documented_fields_are_edited_in_the_form_and_saved(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        post = await app.session.backend.get_post("twitter", POSTS["twitter"])
        screen = open_editor(app, post)
        await settle(pilot)
        thread = screen.query_one("#pf-replies", TextArea)
        thread.focus()
        thread.load_text("second\n---\nthird")
        await settle(pilot)
        await pilot.press("tab")  # on to the numbering switch
        await pilot.press("space")
        await settle(pilot)
        assert set(screen.state.changes()) == {"replies", "auto_numbering_enabled"}
        await save(pilot)
    back = stored(app, POSTS["twitter"])
    assert [r["tweet_status"] for r in back["replies"]] == ["second", "third"]
    assert back["auto_numbering_enabled"] is True


async def test_a_structured_field_that_does_not_read_blocks_saving(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        post = await app.session.backend.get_post("instagram", POSTS["instagram"])
        screen = open_editor(app, post)
        await settle(pilot)
        box = screen.query_one("#pf-collaborators", Input)
        box.focus()
        await pilot.press(*"@good @bad!name")
        await settle(pilot)
        errors = [f.message for f in screen.findings if f.severity == "error"]
        assert errors == ["Can't read Collaborators: '@bad!name' is not an Instagram "
                          "username."]
        await pilot.press(*["backspace"] * len(" @bad!name"))
        await settle(pilot)
        assert not [f for f in screen.findings if f.severity == "error"]
        assert screen.state.changes() == {"collaborators": [{"username": "good"}]}


async def test_media_registered_by_url_is_attached_and_checked(http_app):
    async with http_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await new_post(http_app, pilot, Platform.TIKTOK)
        await add_media(pilot, screen, "https://example.com/shoot/still.jpg")
        field = screen.query_one(MediaField)
        assert len(field.ids) == 1, messages(http_app)
        media_id = field.ids[0]
        assert field.kinds[media_id] == "IMAGE" and field.names[media_id] == "still.jpg"
        # TikTok takes video only: the editor's checks say so at once
        assert any(f.code == "media.type" for f in screen.findings)
        # and the picker lists it first next time, from the session's cache
        assert (await http_app.session.library_media(screen.state.brand_id))[0]\
            .scheduler_id == media_id
    assert storage_puts(http_app) == []  # a URL is registered, not uploaded

"""The post editor against the demo sandbox: an edit per platform, live checks, Dash's own
refusals, conflicts, the outbox when Dash is down, and the buffer that survives a crash."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from textual.widgets import Input, Select, TextArea

from dashtui.backends.dash.retry import RetryPolicy
from dashtui.domain.platforms import SPECS, Platform
from dashtui.domain.posts import Status
from dashtui.edits import map_caption
from dashtui.backends.dash.sandbox.faults import Rule
from dashtui.demo import demo_client
from dashtui.ui.screens.conflict import ConflictScreen
from dashtui.ui.screens.diff import DiffScreen
from dashtui.ui.editor.restore import restore_offer
from dashtui.ui.editor.screen import EditorScreen, open_editor
from dashtui.ui.editor.state import pending_buffers
from dashtui.ui.editor.dialogs import DiscardConfirm, RestoreOffer
from dashtui.ui.editor.fields import FieldRow
from dashtui.ui.editor.text import from_display, to_display

from .conftest import NOW, messages, screen_text, settle

# one SCHEDULED post per platform of brand 144 that passes every check, in the future
POSTS = {
    "instagram": 811211, "facebook": 811849, "tiktok": 811419, "twitter": 811813,
    "threads": 811155, "linkedin": 811489, "youtube": 811893, "snapchat": 811529,
    "pinterest": 811581, "bluesky": 812930,
}



def row_text(app, name: str) -> str:
    return str(app.screen.query_one(f"#row-{name}", FieldRow).query_one(".findings").render())


async def open_post(app, pilot, platform: str, post_id: int | None = None) -> EditorScreen:
    await settle(pilot)
    post = await app.session.backend.get_post(platform, post_id or POSTS[platform])
    screen = open_editor(app, post)
    await settle(pilot)
    assert app.screen is screen
    return screen


def stored(app, post_id: int) -> dict:
    return app.sandbox_app.state.sandbox.posts[post_id].data


def record_patches(app) -> list[dict]:
    """Every PATCH body the client sends, to prove only changed fields go out."""
    sent: list[dict] = []
    client = app.session.backend
    original = client.update_post

    async def update_post(platform, post_id, changes):
        sent.append(dict(changes))
        return await original(platform, post_id, changes)

    client.update_post = update_post
    return sent


async def save(pilot) -> None:
    """ctrl+s, look at the diff, confirm."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DiffScreen), messages(pilot.app)
    await pilot.press("enter")
    await settle(pilot)


# what each platform's edit changes besides the caption: (widget id, how, expected wire keys)
EXTRA_EDITS = {
    "instagram": ("first_comment", "type", {"first_comment"}),
    "facebook": ("link", "value", {"link"}),
    "tiktok": ("disable_duet", "toggle", {"disable_duet"}),
    "youtube": ("title", "type", {"title"}),
    "snapchat": ("locale", "value", {"locale"}),
    "pinterest": ("board", "board", {"meta"}),
}


@pytest.mark.parametrize("platform", list(POSTS))
async def test_an_edit_per_platform_is_saved_and_sends_only_what_changed(make_app, platform):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, platform)
        sent = record_patches(app)
        caption_field = SPECS[Platform(platform)].caption_field
        await pilot.press(*" (v2)")  # the cursor starts at the end of the caption
        expected = {caption_field}
        extra = EXTRA_EDITS.get(platform)
        if extra:
            widget_id, how, keys = extra
            widget = screen.query_one(f"#{widget_id}")
            if how == "type":
                widget.focus()
                await pilot.press("end", *" (v2)")
            elif how == "toggle":
                widget.focus()
                await pilot.press("space")
            elif how == "value":
                widget.value = "fr_FR" if platform == "snapchat" else "https://example.com/v2"
            elif how == "board":
                other = next(b for b in widget.boards if b != widget.value)
                widget.value = other
            expected |= keys
        await settle(pilot)
        assert screen.state.dirty and not [f for f in screen.findings if f.severity == "error"]
        await save(pilot)
        assert not isinstance(app.screen, EditorScreen), messages(app)
        assert "Saved" in messages(app)
        assert len(sent) == 1 and set(sent[0]) == expected
        data = stored(app, POSTS[platform])
        assert data[caption_field].endswith(" (v2)")
        if platform == "tiktok":
            assert data["disable_duet"] is True
        if platform == "pinterest":
            assert data["meta"]["pinterestBoard"]["id"] == other
            assert data["meta"]["title"]  # the title went along, unchanged
        # visible after a refresh of the post's window, from the cache the screens read
        post = app.session.cache.get(platform, POSTS[platform])
        await app.session.refresh(post.timestamp - timedelta(hours=1),
                                  post.timestamp + timedelta(hours=1))
        assert app.session.cache.get(platform, POSTS[platform]).caption.endswith(" (v2)")
        assert app.session.outbox.count() == 0 and not pending_buffers(app.session)


async def test_x_over_280_blocks_saving_with_the_message_on_the_caption(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "twitter")
        screen.query_one("#caption", TextArea).insert(" more" * 40)  # (typing 200 keys is slow)
        await pilot.press("!")
        text = row_text(app, "caption")
        assert "X " in text and "/280: cut" in text
        counter = screen.query_one("#row-caption .counter")
        assert counter.has_class("-over")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # no diff: refused
        assert "Can't save: 1 error(s)" in messages(app)
        assert "Tweet text: X" in messages(app)
        assert app.session.outbox.count() == 0


async def test_youtube_title_over_100_is_shown_on_the_title(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "youtube")
        title = screen.query_one("#title", Input)
        title.value += "x" * 95
        title.focus()
        await pilot.press("end", *"xxxxx")
        assert "YouTube title" in row_text(app, "title") and "cut" in row_text(app, "title")
        assert row_text(app, "caption") == ""
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is screen and "Can't save" in messages(app)


async def test_a_422_from_dash_lands_on_the_field(make_app):
    """en_ZZ looks like a locale to the client (a warning at most) but Snapchat's enum
    refuses it: the sandbox answers 422 and the message shows on the locale row."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "snapchat")
        screen.query_one("#locale", Input).value = "en_ZZ"
        await settle(pilot)
        assert not [f for f in screen.findings if f.severity == "error"]
        await save(pilot)
        assert app.screen is screen  # stays, text intact
        assert screen.query_one("#locale", Input).value == "en_ZZ"
        assert "Dash: " in row_text(app, "locale") and "Must be one of" in row_text(app, "locale")
        assert "Dash refused the change" in messages(app)
        assert app.session.outbox.count() == 0
        assert stored(app, POSTS["snapchat"])["locale"] == "en_US"
        # fixing the field clears Dash's message there
        screen.query_one("#locale", Input).value = "fr_FR"
        await settle(pilot)
        assert "Dash:" not in row_text(app, "locale")


async def _conflict(app, pilot, platform="instagram"):
    """Edit the caption; meanwhile someone else changes the caption and the first comment."""
    screen = await open_post(app, pilot, platform)
    await pilot.press(*" mine")
    other = demo_client(app.sandbox_app)
    await other.update_post(platform, POSTS[platform], {
        "caption": "theirs", "first_comment": "their comment"})
    await other.aclose()
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ConflictScreen), messages(app)
    text = screen_text(app)
    assert "Yours" in text and "On Dash now" in text and "theirs" in text
    assert "Also changed on Dash" in text and "their comment" in text
    return screen


async def test_conflict_keep_mine_sends_mine_over_theirs(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _conflict(app, pilot)
        await pilot.press("m")
        await settle(pilot)
        assert not isinstance(app.screen, EditorScreen)
        data = stored(app, POSTS["instagram"])
        assert data["caption"].endswith(" mine")
        assert data["first_comment"] == "their comment"  # only my field was sent
        assert app.session.outbox.count() == 0


async def test_conflict_take_theirs_drops_mine_and_closes(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _conflict(app, pilot)
        await pilot.press("t")
        await settle(pilot)
        assert not isinstance(app.screen, EditorScreen)
        assert stored(app, POSTS["instagram"])["caption"] == "theirs"
        assert app.session.outbox.count() == 0 and not pending_buffers(app.session)


async def test_conflict_reedit_rebases_on_theirs_and_keeps_my_edit(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _conflict(app, pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        assert screen.query_one("#caption", TextArea).text.endswith(" mine")
        assert screen.state.original.caption == "theirs"
        assert screen.query_one("#first_comment", Input).value == "their comment"
        assert app.session.outbox.count() == 0
        await save(pilot)  # no conflict this time: the base is Dash's latest
        assert not isinstance(app.screen, EditorScreen), messages(app)
        assert stored(app, POSTS["instagram"])["caption"].endswith(" mine")


async def test_an_edit_while_dash_is_down_is_queued_and_lands_after_a_restart(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24), notifications=True) as pilot:
        await open_post(first, pilot, "linkedin")
        first.session.backend._session.retry = RetryPolicy(max_attempts=1)
        first.sandbox_app.state.runtime.faults.replace([
            Rule(path=["/scheduler/"], error_rate=1.0, error_status=503)])
        await pilot.press(*" (queued)")
        await save(pilot)
        assert not isinstance(first.screen, EditorScreen)
        assert "queued; it will be retried" in messages(first)
        assert first.session.outbox.count() == 1
        assert "1 pending" in screen_text(first)
        assert not pending_buffers(first.session)  # the outbox has it now
    second = make_app()  # a new app on the same cache dir, its own (healthy) sandbox
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert second.session.outbox.count() == 1
        assert "1 pending" in screen_text(second)
        second.session.backend._session.retry = RetryPolicy(max_attempts=1)
        faults = second.sandbox_app.state.runtime.faults
        faults.replace([Rule(path=["/scheduler/"], error_rate=1.0, error_status=503)])
        await second.session.writer.flush(due_only=False)
        assert second.session.outbox.count() == 1  # still down: still queued
        faults.replace([])
        await second.session.writer.flush(due_only=False)
        assert second.session.outbox.count() == 0
        assert stored(second, POSTS["linkedin"])["text"].endswith(" (queued)")


async def test_the_buffer_survives_a_crash_and_is_offered_back(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await open_post(first, pilot, "twitter")
        await pilot.press(*" half-typed")
        await pilot.pause(0.7)  # the debounce writes it to disk
        buffers = pending_buffers(first.session)
        assert len(buffers) == 1 and buffers[0]["draft"]["tweet_status"].endswith("half-typed")
        first.session.outbox.db.execute("PRAGMA wal_checkpoint")  # as a kill -9 would find it
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert restore_offer(second)
        await settle(pilot)
        assert isinstance(second.screen, RestoreOffer)
        assert "X #811813" in screen_text(second)
        await pilot.press("enter")  # "Reopen it" has the focus
        await settle(pilot)
        screen = second.screen
        assert isinstance(screen, EditorScreen) and screen.state.dirty
        assert screen.query_one("#caption", TextArea).text.endswith(" half-typed")
        await save(pilot)
        assert stored(second, POSTS["twitter"])["tweet_status"].endswith(" half-typed")
        assert not pending_buffers(second.session) and not restore_offer(second)


async def test_opening_a_post_with_a_buffer_carries_on_from_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "threads")
        await pilot.press(*" again")
        screen.write_buffer()
        screen.finished = True  # as if the connection dropped here
        app.pop_screen()
        await settle(pilot)
        screen = await open_post(app, pilot, "threads")
        assert screen.query_one("#caption", TextArea).text.endswith(" again")
        assert "Reopened your unsaved changes" in messages(app)


async def test_esc_asks_before_discarding_and_closes_when_clean(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_post(app, pilot, "bluesky")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EditorScreen)  # nothing typed: closes at once
        screen = await open_post(app, pilot, "bluesky")
        await pilot.press("x")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DiscardConfirm)
        await pilot.press("enter")  # "Keep editing" has the focus
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#caption", TextArea).text.endswith("x")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "enter")  # Discard
        await settle(pilot)
        assert not isinstance(app.screen, EditorScreen)
        assert not pending_buffers(app.session)


async def test_read_only_opens_but_does_not_save(make_app):
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "facebook")
        await pilot.press(*"!", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "read-only: saving is disabled" in messages(app)


async def test_nothing_changed_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "facebook")
        await pilot.press("x", "backspace", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Nothing changed" in messages(app)


async def test_ctrl_e_says_when_the_terminal_cannot_be_handed_over(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_post(app, pilot, "linkedin")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "Can't open $EDITOR here" in messages(app)


async def test_time_field_resolves_zones_and_warns_about_dst(make_app):
    app = make_app(brand_timezones={"144": "America/New_York"})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_post(app, pilot, "threads")
        box = screen.query_one("#time", Input)
        box.value = "2027-03-14 02:30"  # the spring-forward gap in Los Angeles: refused
        await settle(pilot)
        info = str(screen.query_one("#time-info").render())
        assert "does not exist" in info and "03:30" in info
        box.value = "2027-03-14 09:30 brand"  # typed in the brand's zone (New York)
        await settle(pilot)
        info = str(screen.query_one("#time-info").render())
        assert "brand" in info and "EDT" in info and "typed in brand" in info
        assert screen.state.draft.timestamp.isoformat() == "2027-03-14T13:30:00+00:00"
        box.value = "next blursday"
        await settle(pilot)
        assert "Can't read the time" in row_text(app, "time")
        assert screen.state.time_text == "next blursday"  # kept, in the buffer too
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen


async def test_post_type_changes_the_fields_shown(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_post(app, pilot, "snapchat")
        assert screen.query_one("#row-locale").display
        screen.query_one("#post_type", Select).value = "STORY"
        await settle(pilot)
        assert not screen.query_one("#row-locale").display
        assert not screen.query_one("#row-save_to_profile").display
        # the description a story can't have stays in view with the error, until cleared
        assert screen.query_one("#row-caption").display
        assert "has no description" in row_text(app, "caption")
        screen.query_one("#caption", TextArea).load_text("")
        await settle(pilot)
        assert not screen.query_one("#row-caption").display


async def test_media_ids_added_by_key_are_typed_from_the_library(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_post(app, pilot, "twitter")
        field = screen.query_one("#media-field")
        before = list(field.ids)
        state = app.sandbox_app.state.sandbox
        a, b = [m for m, o in state.media.items()
                if o["brand_id"] == 144 and o.get("media_type") == "IMAGE"
                and m not in before][:2]
        screen.query_one("#media-add", Input).focus()
        await pilot.press(*str(a), "enter", *str(b), "enter", *"999", "enter")
        await settle(pilot)
        assert field.ids == [*before, a, b, 999] and field.kinds[a] == "IMAGE"
        assert "Media 999: not in this brand's library" in row_text(app, "media")
        assert "too_many" not in row_text(app, "media")
        screen.query_one("#media").focus()
        await pilot.press("end", "delete")  # 999 goes
        await pilot.press("end", "shift+up")  # b moves above a
        await settle(pilot)
        assert field.ids == [*before, b, a]
        assert screen.state.draft.media_ids == field.ids
        assert "Media 999" not in row_text(app, "media")


async def test_a_new_post_on_a_day_is_created(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        day = (NOW + timedelta(days=3)).date()
        screen = open_editor(app, platform=Platform.BLUESKY, day=day)
        await settle(pilot)
        assert screen.query_one("#time", Input).value == f"{day:%Y-%m-%d} 09:00"
        assert screen.state.draft.status == Status.DRAFT
        await pilot.press(*"Fresh roast Friday")
        before = set(app.sandbox_app.state.sandbox.posts)
        await save(pilot)
        new = set(app.sandbox_app.state.sandbox.posts) - before
        assert len(new) == 1 and stored(app, new.pop())["text"] == "Fresh roast Friday"


async def test_a_mapped_draft_opens_for_its_new_platform(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        source = await app.session.backend.get_post("instagram", POSTS["instagram"])
        screen = open_editor(app, draft=map_caption(source, Platform.TWITTER))
        await settle(pilot)
        assert screen.state.new and not screen.state.dirty
        assert screen.query_one("#caption", TextArea).text == source.caption
        assert "New X post" in screen_text(app)


async def test_app_letter_keys_do_nothing_in_the_editor(make_app):
    """q would quit and 2 switch modes if they reached the app from a switch or a list."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_post(app, pilot, "tiktok")
        screen.query_one("#disable_duet").focus()
        await pilot.press("q", "2", "space")
        await settle(pilot)
        assert app.screen is screen and app.is_running
        assert screen.state.draft.disable_duet is True  # the switch's own key still works


async def test_control_characters_are_shown_inert_and_kept(make_app):
    """demo_hostile: escapes, CR, DEL, C1 in a caption never reach the terminal raw, and an
    edit elsewhere in the caption keeps them byte for byte."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "instagram", 811613)
        original = screen.state.original.caption
        shown = screen.query_one("#caption", TextArea).text
        assert "\x1b" in original and "\x1b" not in shown and "␛[31m" in shown
        assert not any(ord(c) < 32 and c not in "\t\n" for c in shown)
        assert not screen.state.dirty  # opening is not an edit
        await pilot.press(*" ok")
        await save(pilot)
        assert stored(app, 811613)["caption"] == original + " ok"


def test_the_display_form_round_trips():
    text = "a\x1b[31mb\rc\x7fd\x9be\u202ef\u2028g\th\n\x00"
    shown = to_display(text)
    assert len(shown) == len(text)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in shown)
    assert "\u202e" not in shown and "\u2028" not in shown and "\x9b" not in shown
    assert from_display(shown, text) == text
    assert from_display("typed ␛", "had a literal ␛ already") == "typed ␛"
    assert to_display("plain") == "plain" and from_display("plain") == "plain"


async def test_ctrl_e_edits_the_caption_in_the_external_editor(make_app, monkeypatch):
    monkeypatch.setenv("VISUAL", "sed -i s/Latte/Matcha/")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_post(app, pilot, "twitter")
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # headless can't suspend
        await pilot.press("ctrl+e")
        await settle(pilot)
        text = screen.query_one("#caption", TextArea).text
        assert text.startswith("Matcha art throwdown") and not text.endswith("\n")
        assert screen.state.draft.caption == text and screen.state.dirty

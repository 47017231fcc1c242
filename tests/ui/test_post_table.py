"""PostTable in a tiny harness app: keys, marks, filter, cursor stability, hostile text."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from dashtui.store.cache import PostRow
from dashtui.ui.widgets.post_index import PostIndex
from dashtui.ui.widgets.post_table import PostTable

NY = ZoneInfo("America/New_York")
PLATFORMS = ["instagram", "twitter", "youtube", "linkedin"]
STATUSES = ["SCHEDULED", "FAILED", "POSTED", "DRAFT"]


def ts(y, m, d, h, mi=0, zone=NY) -> int:
    return int(datetime(y, m, d, h, mi, tzinfo=zone).timestamp())


def row(i: int, **kw) -> PostRow:
    base = dict(platform=PLATFORMS[i % 4], id=1000 + i, brand_id=1, status=STATUSES[i % 4],
                ts=ts(2026, 11, 1, 9) + i * 3600, updated_at="2026-10-30T12:00:00+00:00",
                caption=f"caption number {i}", media_count=i % 3, approval=None, error=None,
                findings=0)
    base.update(kw)
    return PostRow(**base)


def rows(n: int) -> list[PostRow]:
    return [row(i) for i in range(n)]


class Harness(App):
    def __init__(self, zone: ZoneInfo = NY) -> None:
        super().__init__()
        self.zone = zone
        self.messages: list = []

    def compose(self) -> ComposeResult:
        yield PostTable(self.zone, id="posts")


@asynccontextmanager
async def running(data: list[PostRow], size=(80, 24)):
    app = Harness()
    async with app.run_test(size=size, message_hook=app.messages.append) as pilot:
        table = app.query_one(PostTable)
        table.set_rows(data)
        table.focus()
        await pilot.pause()
        yield app, pilot, table


def lines(table: PostTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def of_type(app: Harness, kind) -> list:
    """Messages of a type, each once (the hook sees a message at every node it bubbles to)."""
    unique = {id(m): m for m in app.messages if isinstance(m, kind)}
    return list(unique.values())


async def test_renders_columns_at_80():
    async with running(rows(50)) as (app, pilot, table):
        text = lines(table)
        assert text[0].split()[:3] == ["time", "pl", "status"]
        assert "caption" in text[0] and "updated" not in text[0]
        # 1 Nov 2026 09:00 in New York; IG short code; caption gets what is left
        assert text[1].startswith(" Sun  1 Nov 09:00 IG SCHEDULED")
        assert "caption number 0" in text[1]
        assert all(cell_len(t) == table.scrollable_content_region.width for t in text)
        assert text[19].startswith(" Mon  2 Nov 03:00 YT POSTED")


async def test_times_follow_dst_in_zone():
    # New York falls back at 06:00 UTC on 1 Nov 2026: 01:30 happens twice
    first = int(datetime(2026, 11, 1, 5, 30, tzinfo=ZoneInfo("UTC")).timestamp())
    data = [row(0, ts=first), row(1, ts=first + 3600), row(2, ts=first + 7200)]
    async with running(data) as (app, pilot, table):
        assert [t[1:17] for t in lines(table)[1:4]] == [
            "Sun  1 Nov 01:30", "Sun  1 Nov 01:30", "Sun  1 Nov 02:30"]


async def test_wide_layout_adds_updated_and_id():
    async with running(rows(5), size=(120, 40)) as (app, pilot, table):
        text = lines(table)
        assert "updated" in text[0] and " id " in text[0]
        assert "30 Oct 08:00" in text[1]  # 12:00 UTC in New York (EDT)
        assert "1000" in text[1]


async def test_key_navigation_and_highlighted():
    async with running(rows(50)) as (app, pilot, table):
        assert table.cursor_row.id == 1000
        await pilot.press("j", "j", "down")
        assert table.cursor_row.id == 1003
        await pilot.press("k", "up")
        assert table.cursor_row.id == 1001
        await pilot.press("G")
        assert table.cursor_row.id == 1049
        await pilot.press("g")
        assert table.cursor_row.id == 1000
        await pilot.press("end")
        assert table.cursor_index == 49
        await pilot.press("home", "pagedown")
        assert table.cursor_index == table.size.height - 2
        await pilot.press("pageup")
        assert table.cursor_index == 0
        await pilot.pause()
        ids = [m.row.id for m in of_type(app, PostTable.Highlighted)]
        assert ids[-4:] == [1049, 1000, ids[-2], 1000]
        assert 1003 in ids


async def test_cursor_scrolls_into_view():
    async with running(rows(50)) as (app, pilot, table):
        await pilot.press("G")
        await pilot.pause()
        text = lines(table)
        assert "caption number 49" in text[-1]
        assert text[0].lstrip().startswith("time")  # the header stays put


async def test_marks_open_and_edit():
    async with running(rows(50)) as (app, pilot, table):
        await pilot.press("space", "space", "k")
        assert table.marked == {("instagram", 1000), ("twitter", 1001)}
        await pilot.press("space")  # unmarks the row under the cursor
        assert table.marked == {("instagram", 1000)}
        await pilot.pause()
        assert lines(table)[1].startswith("▌")
        assert lines(table)[2].startswith(" ")
        await pilot.press("enter", "e")
        await pilot.pause()
        assert [m.row.id for m in of_type(app, PostTable.Opened)] == [1002]
        assert [m.row.id for m in of_type(app, PostTable.EditRequested)] == [1002]
        assert of_type(app, PostTable.MarksChanged)[-1].marked == frozenset({("instagram", 1000)})


async def test_filter_text_status_platform():
    async with running(rows(50)) as (app, pilot, table):
        table.set_filter("CAPTION Number 7")  # case-insensitive, every word must match
        assert [r.id for r in table.visible_rows] == [1007, 1017, 1027, 1037, 1047]
        table.set_filter("instagram")  # platform value, label or short code
        assert len(table.visible_rows) == 13
        table.set_filter("Instagram 4")
        assert {r.id for r in table.visible_rows} == {1004, 1024, 1040, 1044, 1048}
        table.set_filter("1007")  # the post id
        assert [r.id for r in table.visible_rows] == [1007]
        table.set_filter("failed")  # status
        assert all(r.status == "FAILED" for r in table.visible_rows)
        table.set_filter(statuses={"FAILED", "DRAFT"})
        assert len(table.visible_rows) == 25
        table.set_filter(statuses={"failed"}, platforms={"TWITTER"})
        assert len(table.visible_rows) == 13 and table.row_count == 13
        table.set_filter(platforms={"youtube"})
        assert len(table.visible_rows) == 12
        table.set_filter()
        assert len(table.visible_rows) == 50


async def test_filter_narrowing_equals_full_scan():
    index = PostIndex()
    index.set_rows(rows(300))
    for text in ["c", "ca", "cap", "caption 2", "caption 29", "caption 2", "x", "xy", ""]:
        index.set_filter(text)
        fresh = PostIndex()
        fresh.set_rows(rows(300))
        fresh.set_filter(text)
        assert index.visible == fresh.visible, text


async def test_filter_keeps_cursor_and_empty_states():
    async with running(rows(50)) as (app, pilot, table):
        await pilot.press("j", "j", "j", "j", "j")  # 1005, a twitter post
        table.set_filter("twitter")
        assert table.cursor_row.id == 1005
        table.set_filter("no such thing [b]")
        await pilot.pause()
        assert table.cursor_row is None
        assert any("No posts match “no such thing [b]”" in t for t in lines(table))
        table.set_filter()
        table.set_rows([])
        await pilot.pause()
        assert any(t.strip() == "No posts in this period" for t in lines(table))


async def test_set_rows_keeps_cursor_on_its_post():
    async with running(rows(50)) as (app, pilot, table):
        await pilot.press("j", "j", "j")
        assert table.cursor_row.id == 1003
        app.messages.clear()
        # reordered, one post added in front, two removed before the cursor
        data = rows(50)
        data = [row(-1)] + list(reversed(data[:10])) + data[10:]
        data = [r for r in data if r.id not in (1000, 1001)]
        table.set_rows(data)
        await pilot.pause()
        assert table.cursor_row.id == 1003
        assert table.cursor_index == 2
        assert of_type(app, PostTable.Highlighted) == []  # nothing moved, nothing announced
        # same post, new data: the preview must hear about it
        data = [r._replace(status="FAILED") if r.id == 1003 else r for r in data]
        table.set_rows(data)
        await pilot.pause()
        assert [m.row.status for m in of_type(app, PostTable.Highlighted)] == ["FAILED"]
        # the post itself disappears: the cursor stays at its place in the list
        table.set_rows([r for r in data if r.id != 1003])
        assert table.cursor_index == 2 and table.cursor_row.id != 1003


async def test_set_rows_keeps_screen_line_when_scrolled():
    async with running(rows(50)) as (app, pilot, table):
        await pilot.press("G", "k", "k")
        await pilot.pause()
        before = table.cursor_index - int(table.scroll_y)
        table.set_rows([row(i) for i in range(-20, 50)])  # 20 posts arrive above
        await pilot.pause()
        assert table.cursor_row.id == 1047
        assert table.cursor_index - int(table.scroll_y) == before


async def test_marks_pruned_when_posts_vanish():
    async with running(rows(50)) as (app, pilot, table):
        await pilot.press("space", "space")
        table.set_rows(rows(50)[1:])
        assert table.marked == {("twitter", 1001)}


async def test_sort_and_move_to():
    async with running(rows(50)) as (app, pilot, table):
        data = rows(6)
        data[2] = data[2]._replace(ts=None)  # undated draft: last either way
        data[4] = data[4]._replace(updated_at="2026-11-20T00:00:00+00:00")
        table.set_rows(data)
        table.set_sort("time", descending=True)
        assert [r.id for r in table.visible_rows] == [1005, 1004, 1003, 1001, 1000, 1002]
        table.set_sort("updated", descending=True)
        assert table.visible_rows[0].id == 1004
        assert table.move_to(("twitter", 1001)) and table.cursor_row.id == 1001
        assert not table.move_to(("twitter", 99))
        with pytest.raises(ValueError):
            table.set_sort("bogus")
        await pilot.pause()
        assert any("no time" in t for t in lines(table))


async def test_hostile_text_renders_literally():
    hostile = [
        "[bold]not bold[/bold] [link=https://evil.example]click[/link]",
        "\x1b[31mred\x1b[0m \x07bell \x00nul",
        "\u202egnp.exe\u202c and \u2066isolate\u2069",
        "日本語のキャプション🎉👍🏽 emoji ❤️ and ZWJ 👩‍👩‍👧",
        "line one\nline two\r\n\ttabbed",
        "[" * 300,
        "",
    ]
    data = [row(i, caption=c) for i, c in enumerate(hostile)]
    data.append(row(9, status="[red]WEIRD_NEW_STATUS[/red]", platform="mastodon",
                    approval="\x1b]8;;x\x07", findings=12))
    for size in [(80, 24), (120, 40), (40, 10)]:
        async with running(data, size=size) as (app, pilot, table):
            text = lines(table)
            width = table.scrollable_content_region.width
            assert all(cell_len(t) == width for t in text), size
            if size[0] >= 80:
                joined = "\n".join(text)
                assert "[bold]not bold[/bold]" in joined
                assert "^[[31mred" in joined and "\x1b" not in joined
                assert "<U+202E>gnp.exe" in joined and "\u202e" not in joined
                assert "line one line two" in joined
                assert "[red]WEIRD" in joined and " MA " in joined and "✗12" in joined
            await pilot.press("G", "space", "enter")


async def test_click_selects_row():
    async with running(rows(50)) as (app, pilot, table):
        await pilot.click(PostTable, offset=(10, 3))
        assert table.cursor_row.id == 1002
        await pilot.click(PostTable, offset=(10, 0))  # the header does nothing
        assert table.cursor_row.id == 1002


async def test_bindings_have_ids_and_remap():
    async with running(rows(50)) as (app, pilot, table):
        ids = {b.id for b in PostTable.BINDINGS}
        assert None not in ids and {"list.down", "list.mark", "list.open"} <= ids
        app.set_keymap({"list.down": "n"})
        await pilot.press("n")
        assert table.cursor_row.id == 1001
        await pilot.press("j")  # j now belongs to nobody here
        assert table.cursor_row.id == 1001


async def test_many_rows_render():
    data = [row(i, caption=f"post p{i}q") for i in range(20_000)]
    async with running(data) as (app, pilot, table):
        await pilot.press("G")
        await pilot.pause()
        assert "post p19999q" in lines(table)[-1]
        table.set_filter("P1999")
        assert table.row_count == 11


async def test_captions_read_back_show_what_was_given_and_a_changed_caption_is_searched():
    given = rows(40) + [row(99, caption="Émile’s ☕ cold brew " + "x" * 300)]
    store = {(r.platform, r.id): r.caption for r in given}
    key = given[40].key
    reads: list = []

    def captions(platform, post_id):
        reads.append((platform, post_id))
        return store.get((platform, post_id))

    kept, lazy = PostIndex(), PostIndex()
    kept.set_rows(iter(given))
    lazy.set_rows(iter(given), captions)
    assert not reads  # nothing is read back until a row is asked for
    assert list(lazy.rows) == list(kept.rows)  # same rows, captions cut to the same preview
    assert lazy.get(key).caption.startswith("Émile’s ☕ cold brew")
    lazy.set_filter("émile’s ☕")
    assert [lazy.rows[i].id for i in lazy.visible] == [1099]
    # the same post with a new caption: its search text is rebuilt, not reused
    store[key] = "iced latte"
    lazy.set_rows(iter([*given[:40], given[40]._replace(caption="iced latte")]), captions)
    lazy.set_filter("cold")
    assert 1099 not in [lazy.rows[i].id for i in lazy.visible]
    lazy.set_filter("iced")
    assert [lazy.rows[i].id for i in lazy.visible] == [1099]


async def test_backspace_and_sort_changes_give_what_a_fresh_filter_gives():
    given = rows(300)
    index = PostIndex()
    index.set_rows(given)
    steps = [("caption 2", "time", False), ("caption 29", "time", False),
             ("caption 2", "updated", True), ("caption", "updated", True),
             ("caption 2", "updated", True), ("", "time", True), ("caption 1", "time", True)]
    for text, by, desc in steps:
        index.set_sort(by, desc)
        index.set_filter(text)
        fresh = PostIndex()
        fresh.set_rows(given)
        fresh.set_sort(by, desc)
        fresh.set_filter(text)
        assert index.visible == fresh.visible, (text, by, desc)

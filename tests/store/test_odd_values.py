"""One post with a value of an unexpected type never blanks its platform's page: the post is
kept (raw, flagged), the rest of the page lands, and an edit never sends what was not read.

The odd values are put into stored posts behind the client's back (POST /_sandbox/posts/{id})
and read over real HTTP; the verdict is what the cache rows and the sandbox then hold."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dashtui.domain.posts import changed_fields, parse_post, post_body
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.sync import SyncService
from dashtui.store.writer import Saved, Writer

from .conftest import BRAND

START = datetime(2026, 3, 1, tzinfo=timezone.utc)
END = datetime(2026, 6, 1, tzinfo=timezone.utc)
BOARD = {"description": "", "id": "123456789012345678", "name": "Spring Style",
         "preview_url": "https://example.com/board.jpg", "protected": False}

# platform, a valid create body (caption field, type), the odd raw fields, the path named
ODD = {
    "int location_id": ("instagram", {"post_type": "FEED", "caption": "c"},
                        {"location_id": 1234567}, "location_id"),
    "fractional thumb_offset": ("instagram", {"post_type": "REEL", "caption": "c"},
                                {"thumb_offset": 1.5}, "thumb_offset"),
    "null approval_requests": ("twitter", {"tweet_status": "c"},
                               {"approval_requests": None}, "approval_requests"),
    "board without a name": ("pinterest", {"note": "c", "meta": {
        "title": "A pin", "pinterestBoard": BOARD}},
        {"meta": {"title": "A pin", "pinterestBoard": {**BOARD, "name": None}}},
        "meta.pinterestBoard.name"),
    "music_info as text": ("tiktok", {"text": "c"}, {"music_info": "Song - Artist"},
                           "music_info"),
}


def _body(platform: str, extra: dict, n: int) -> dict:
    body = {"brand_id": BRAND, "status": "DRAFT", "auto_publish": True,
            "timestamp": f"2026-04-{n + 1:02d}T10:00:00+00:00", **extra}
    for key in ("caption", "tweet_status", "note", "text"):
        if key in body:
            body[key] = f"post {n} on {platform}"
    return body


@pytest.mark.parametrize("case", ODD)
async def test_one_odd_value_leaves_the_rest_of_the_page(sandbox, clock, tmp_path, case):
    platform, create, odd, path = ODD[case]
    async with sandbox.client(clock) as client:
        made = [await client.create_post(platform, _body(platform, create, n)) for n in range(4)]
        victim = made[1]
        sandbox.control("POST", f"posts/{victim.id}", odd)

        # the client's own list: every post, the odd one flagged with what did not fit
        listed = {p.id: p for p in await client.list_posts(platform, BRAND, START, END)}
        assert set(listed) == {p.id for p in made}
        assert [u[0] for u in listed[victim.id].unparsed] == [path]
        assert all(not listed[p.id].unparsed for p in made if p.id != victim.id)
        assert listed[victim.id].caption == f"post 1 on {platform}"  # the rest still read

        # through the sync into the cache: the page lands, the odd row says so
        cache = Cache(tmp_path / "cache.db")
        result = await SyncService(client, cache, [platform]).refresh(BRAND, START, END)
        assert result.ok, result.failed
        rows = {r.id: r for r in cache.rows([BRAND], START, END)}
        assert set(rows) == {p.id for p in made}
        assert rows[victim.id].odd == 1
        assert sum(r.odd for r in rows.values()) == 1
        # the cache keeps it as sent, so the warning survives a restart
        cached = cache.get(platform, victim.id)
        assert [u[0] for u in cached.unparsed] == [path]
        assert path.split(".")[0] in cached.parse_warning

        # an edit of the odd post sends only what changed, never the unread value
        writer = Writer(client, cache, Outbox(tmp_path / "outbox.db"))
        after = cached.model_copy(deep=True)
        after.caption = "edited"
        changes = changed_fields(cached, after)
        assert path.split(".")[0] not in changes or path.count(".")
        outcome = await writer.update(cached, changes)
        assert isinstance(outcome, Saved), outcome
    stored = sandbox.state.posts[victim.id].data
    assert stored[spec_caption(platform)] == "edited"
    top = path.split(".")[0]
    assert stored[top] == odd[top]  # Dash still holds exactly what it had


def spec_caption(platform: str) -> str:
    from dashtui.domain.platforms import SPECS

    return SPECS[platform].caption_field


# -- unit level: the parser alone --------------------------------------------------------------
@pytest.mark.parametrize("case", ODD)
def test_the_parser_sets_the_odd_value_aside_and_reads_the_rest(case):
    platform, create, odd, path = ODD[case]
    data = {"id": 7, "brand_id": BRAND, "status": "SCHEDULED",
            "timestamp": "2026-04-01T10:00:00+00:00", "media_ids": [3],
            "post_group_id": "g-1", **_body(platform, create, 0), **odd}
    data["status"] = "SCHEDULED"
    post = parse_post(platform, data)
    assert [u[0] for u in post.unparsed] == [path]
    assert post.id == 7 and post.status == "SCHEDULED" and post.media_ids == [3]
    assert post.caption == f"post 0 on {platform}"
    assert "can't read" in post.parse_warning
    raw = post.raw_json()  # nothing lost: what Dash sent (times in pydantic's spelling)
    assert set(raw) == set(data)
    assert {k: v for k, v in raw.items() if k != "timestamp"} == \
        {k: v for k, v in data.items() if k != "timestamp"}
    body = post_body(post)
    if "." not in path:
        assert path not in body  # a create never sends what was not read
    else:  # inside a field that is sent, the value goes back as Dash had it
        assert body["meta"] == odd["meta"]


def test_a_changed_field_holding_an_odd_value_sends_it_as_dash_had_it():
    pin = parse_post("pinterest", {"id": 1, "brand_id": BRAND, "note": "n", "meta": {
        "title": "old", "pinterestBoard": {**BOARD, "name": None}}})
    after = pin.model_copy(deep=True)
    after.set("meta.title", "new")
    sent = changed_fields(pin, after)
    assert sent["meta"]["title"] == "new"
    assert sent["meta"]["pinterestBoard"]["name"] is None  # not "" made up by the model
    after.set("meta.pinterestBoard", {**BOARD, "name": "Picked"})  # the user chose a board
    assert changed_fields(pin, after)["meta"]["pinterestBoard"]["name"] == "Picked"


def test_an_unreadable_item_in_a_list_sets_the_list_aside_not_the_post():
    post = parse_post("instagram", {"id": 2, "caption": "fine", "media_ids": [1, "x"],
                                    "media": [{"id": 1, "type": "IMAGE"}, {"type": 3}]})
    assert sorted(u[0] for u in post.unparsed) == ["media", "media_ids"]
    assert post.caption == "fine" and post.media_ids == []
    assert "media_ids" not in post_body(post)


def test_every_place_that_checks_warns_about_an_odd_value():
    from dashtui.domain import rules

    post = parse_post("instagram", {"id": 3, "caption": "c", "post_type": "FEED",
                                    "location_id": 99})
    [finding] = [f for f in rules.check(post) if f.code == "parse.unreadable"]
    assert finding.severity == rules.WARNING and finding.field == "location_id"
    assert "99" in finding.message
    clean = parse_post("instagram", {"id": 3, "caption": "c", "post_type": "FEED"})
    assert not [f for f in rules.check(clean) if f.code == "parse.unreadable"]

"""The sandbox demo data: deterministic, complete, coherent with time, valid per platform.

The validity check below is written here from the reference (sections 4, 5, 7.1, 8), not
taken from dashtui.domain or dashtui.backends.dash.sandbox.rules, so it can disagree with either.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from itertools import combinations

import pytest

from dashtui.backends.dash.sandbox.demo import build_bulk_state, build_demo_state
from dashtui.backends.dash.sandbox.state import PLATFORMS, SandboxState

NOW = datetime(2026, 3, 12, 15, 7, 23, 123456, tzinfo=timezone.utc)  # a US DST switch in range
FIRST, BRANDS = 144, (144, 2000, 3100)
STATUSES = {"AUTOPUBLISHING", "DRAFT", "EXPIRED", "FAILED", "IMPORTED", "MISSING_APPROVALS",
            "PARTIALLY_FAILED", "POSTED", "SCHEDULED", "SKIPPED", "USERS_NOTIFIED"}
PAST = STATUSES - {"SCHEDULED", "DRAFT"}
COMMON = {"id", "brand_id", "status", "auto_publish", "timestamp", "has_scheduled_time",
          "media_ids", "created_at", "updated_at", "approval_policy", "approval_status",
          "approval_requests", "num_of_approvals_required", "auto_publish_error",
          "live_post_url", "post_group_id", "board_ids", "campaign_ids", "content_tag_ids",
          "sort_index"}
# §7.1: the caption field(s) of each platform; every other caption-like key must be absent
CAPTION = {"instagram": {"caption"}, "facebook": {"message"}, "tiktok": {"text"},
           "twitter": {"tweet_status"}, "threads": {"text"}, "linkedin": {"text"},
           "youtube": {"title", "description"}, "snapchat": set(), "pinterest": {"note"},
           "bluesky": {"text"}}
CAPTION_KEYS = {"caption", "message", "text", "tweet_status", "title", "description", "note"}
POST_TYPES = {"instagram": {"FEED", "STORY", "REEL"}, "facebook": {"POST", "REEL"},
              "snapchat": {"STORY", "SPOTLIGHT"}}
MUST_AUTO = {"linkedin", "snapchat", "youtube", "threads", "bluesky"}
TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
RECORD_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")


@pytest.fixture(scope="module")
def state() -> SandboxState:
    return build_demo_state(seed=7, now=NOW)


def posts_of(state: SandboxState, brand: int | None = None) -> list[tuple[str, dict]]:
    return [(sp.platform, sp.data) for sp in state.posts.values()
            if brand is None or sp.data["brand_id"] == brand]


def accessible(state: SandboxState) -> list[tuple[str, dict]]:
    return [(p, d) for p, d in posts_of(state) if d["brand_id"] in BRANDS]


def when(post: dict) -> datetime | None:
    return datetime.fromisoformat(post["timestamp"]) if post["timestamp"] else None


def texts(post: dict) -> list[str]:
    out = [post[k] for k in CAPTION_KEYS | {"first_comment"} if isinstance(post.get(k), str)]
    title = (post.get("meta") or {}).get("title")
    return out + ([title] if title else [])


def media_problems(platform: str, post: dict, kinds: list[str]) -> list[str]:
    """§7.1 media type and count per post type; media required when auto-publishing."""
    n, images, videos = len(kinds), kinds.count("IMAGE"), kinds.count("VIDEO")
    pt, draft = post.get("post_type"), post["status"] == "DRAFT"
    publishing = not draft and post["auto_publish"]
    only_img, only_vid = videos == 0, images == 0
    ok = {
        ("instagram", "FEED"): n <= 10 and (n or not publishing),
        ("instagram", "REEL"): only_vid and n <= 1 and (n or not publishing),
        ("instagram", "STORY"): (n <= 1 or draft) and (n or not publishing),
        ("facebook", "POST"): (only_vid and n <= 1) or (only_img and n <= 10),
        ("facebook", "REEL"): only_vid and n == 1,
        ("tiktok", None): only_vid and n <= 1 and (n or not publishing),
        ("twitter", None): (only_vid and n <= 1) or (only_img and n <= 4),
        ("threads", None): only_img and n <= 20,
        ("linkedin", None): (only_vid and n <= 1) or (only_img and n <= 20),
        ("youtube", None): only_vid and n == 1,
        ("snapchat", "STORY"): n == 1,
        ("snapchat", "SPOTLIGHT"): only_vid and n == 1,
        ("pinterest", None): n <= 1 and (n or not publishing),
        ("bluesky", None): only_img and n <= 4,
    }.get((platform, pt))
    return [] if ok else [f"media {kinds} not allowed for {platform} {pt} ({post['status']})"]


def problems(platform: str, post: dict, state: SandboxState, now: datetime) -> list[str]:
    out = []
    missing = COMMON - post.keys()
    if missing:
        out.append(f"missing {sorted(missing)}")
    if "media" in post:
        out.append("stores the expanded media list")
    own = CAPTION[platform]
    if platform == "snapchat" and post.get("post_type") == "SPOTLIGHT":
        own = {"description"}
    for key in own - post.keys():
        out.append(f"caption field {key} missing")
    for key in (CAPTION_KEYS - own) & post.keys():
        out.append(f"foreign caption field {key}")
    if platform in POST_TYPES:
        if post.get("post_type") not in POST_TYPES[platform]:
            out.append(f"post_type {post.get('post_type')!r}")
    elif "post_type" in post:
        out.append("post_type on a platform without post types")
    if platform in MUST_AUTO and post["auto_publish"] is not True:
        out.append("auto_publish must be true")
    if post.get("first_comment") and not post["auto_publish"]:
        out.append("first_comment with auto_publish false")
    if platform == "youtube":
        if not (isinstance(post["title"], str) and post["title"]):
            out.append("youtube title")
        if not isinstance(post.get("declared_made_for_kids"), bool):
            out.append("declared_made_for_kids")
    if platform == "snapchat" and post["post_type"] == "SPOTLIGHT":
        if len(post["description"]) > 160:
            out.append("spotlight description > 160")
        if not isinstance(post.get("save_to_profile"), bool) or not post.get("locale"):
            out.append("spotlight save_to_profile/locale")
    if platform == "pinterest":
        meta = post.get("meta") or {}
        if not meta.get("title"):
            out.append("pinterest meta.title")
        if meta.get("pinterestBoard") not in state.boards.get(post["brand_id"], []):
            out.append("pinterest board is not one of the brand's boards, whole")
    kinds = []
    for mid in post["media_ids"]:
        obj = state.media.get(mid)
        if obj is None or obj["brand_id"] != post["brand_id"] or obj["media_id"] != mid:
            out.append(f"media {mid} not in brand {post['brand_id']}'s library")
            continue
        kinds.append(obj["media_type"])
    if len(set(post["media_ids"])) != len(post["media_ids"]):
        out.append("duplicate media ids")
    out += media_problems(platform, post, kinds)
    # shape of the response fields (§4, §9)
    ts = when(post)
    if post["timestamp"] is not None and not TS_RE.match(post["timestamp"]):
        out.append(f"timestamp format {post['timestamp']}")
    if post["has_scheduled_time"] != (ts is not None):
        out.append("has_scheduled_time")
    for key in ("created_at", "updated_at"):
        if not RECORD_RE.match(post[key]) or datetime.fromisoformat(post[key]) >= now:
            out.append(f"{key} {post[key]}")
    if post["created_at"] > post["updated_at"]:
        out.append("created_at after updated_at")
    uuid.UUID(post["post_group_id"])
    if post["approval_policy"] not in ("APPROVAL_REQUIRED", "APPROVAL_NOT_REQUIRED"):
        out.append("approval_policy")
    for req in post["approval_requests"]:
        if req["post_id"] != post["id"] or not isinstance(req["review_user_id"], int):
            out.append("approval request")
    # coherence with time and status (§5)
    status = post["status"]
    if status not in STATUSES:
        out.append(f"status {status}")
    if status == "SCHEDULED" and (ts is None or ts <= now):
        out.append("SCHEDULED not in the future")
    if status == "DRAFT" and ts is not None and ts <= now:
        out.append("DRAFT in the past")
    if status in PAST and (ts is None or ts > now):
        out.append(f"{status} not in the past")
    live = status in ("POSTED", "PARTIALLY_FAILED", "IMPORTED")
    if bool(post["live_post_url"]) != live or (live and not
                                                 post["live_post_url"].startswith("https://")):
        out.append(f"live_post_url for {status}")
    if bool(post["auto_publish_error"]) != (status in ("FAILED", "PARTIALLY_FAILED")):
        out.append(f"auto_publish_error for {status}")
    if status in ("USERS_NOTIFIED", "FAILED", "PARTIALLY_FAILED", "AUTOPUBLISHING"):
        if post["auto_publish"] is not (status != "USERS_NOTIFIED"):
            out.append(f"auto_publish for {status}")
    return out


# -- determinism ---------------------------------------------------------------------------------

def dump(state: SandboxState) -> str:
    return json.dumps(state.to_json(), sort_keys=True)


def test_same_seed_and_now_give_the_same_json(state):
    assert dump(build_demo_state(seed=7, now=NOW)) == dump(state)


def test_another_seed_gives_other_data(state):
    assert dump(build_demo_state(seed=8, now=NOW)) != dump(state)


def test_the_calendar_depends_on_the_date_not_the_time_of_day():
    def far(s: SandboxState) -> list:  # away from now and from the window's edges
        return sorted((d["brand_id"], p, d["timestamp"], d.get("post_type") or "",
                       json.dumps({k: d.get(k) for k in sorted(CAPTION_KEYS)}))
                      for p, d in posts_of(s)
                      if d["timestamp"]
                      and timedelta(days=11) < abs(when(d) - NOW) < timedelta(days=54))
    a, b = NOW.replace(hour=16, minute=2), NOW.replace(hour=22, minute=48)
    assert far(build_demo_state(now=a)) == far(build_demo_state(now=b))


def test_json_round_trip(state):
    raw = json.loads(json.dumps(state.to_json()))
    assert SandboxState.from_json(raw).to_json() == state.to_json()


def test_naive_and_default_now():
    naive = build_demo_state(now=NOW.replace(tzinfo=None))
    assert dump(naive) == dump(build_demo_state(now=NOW))
    live = build_demo_state()  # the wall clock: still coherent
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    assert not [m for p, d in posts_of(live) for m in problems(p, d, live, now)
                if "SCHEDULED not in the future" not in m]


# -- brands, library, boards ---------------------------------------------------------------------

def test_brands_and_the_one_the_token_cannot_reach(state):
    assert state.accessible_brands == list(BRANDS)
    assert set(state.brands) > set(BRANDS)
    hidden = set(state.brands) - set(BRANDS)
    assert len(hidden) == 1
    for bid, brand in state.brands.items():
        assert brand["id"] == bid and brand["name"] and re.fullmatch(r"[a-z0-9-]+", brand["slug"])
        assert brand["organization_id"] == state.organization["id"]
    assert len({b["slug"] for b in state.brands.values()}) == len(state.brands)
    (hidden_id,) = hidden
    assert posts_of(state, hidden_id), "the hidden brand has posts to be refused"
    assert build_demo_state(now=NOW, token_brands=[144]).accessible_brands == [144]


def test_media_library_shape(state):
    by_brand = defaultdict(Counter)
    for mid, obj in state.media.items():
        assert obj["media_id"] == mid and obj["id"] != mid
        assert obj["media_type"] in ("IMAGE", "VIDEO") and obj["type"] == "UPLOADED"
        assert obj["meta"]["filename"] and isinstance(obj["original_width"], str)
        assert {"original", "original_converted", "small", "small_square",
                "medium_square"} <= obj["image_sizes"].keys()
        assert {"640", "full", "original", "ratio", "thumbs"} <= obj["urls"].keys()
        assert datetime.fromisoformat(obj["created_at"]) < NOW
        if obj["media_type"] == "VIDEO":
            assert obj["duration"] > 0 and obj["video_sizes"]
        by_brand[obj["brand_id"]][obj["media_type"]] += 1
    assert len({o["id"] for o in state.media.values()}) == len(state.media)
    for bid in state.brands:
        assert by_brand[bid]["IMAGE"] >= 4 and by_brand[bid]["VIDEO"] >= 4
    assert state.next_media_id >= max(state.media)


def test_pinterest_boards(state):
    for bid in BRANDS:
        boards = state.boards[bid]
        assert boards
        for board in boards:
            assert set(board) == {"description", "id", "name", "preview_url", "protected"}
            assert re.fullmatch(r"\d{18}", board["id"]) and isinstance(board["protected"], bool)


# -- posts: counts and coverage ----------------------------------------------------------------

def test_every_post_is_valid(state):
    bad = {d["id"]: m for p, d in posts_of(state) if (m := problems(p, d, state, NOW))}
    assert not bad


def test_volume_platforms_statuses(state):
    counts = Counter(d["brand_id"] for _, d in accessible(state))
    assert sum(counts.values()) >= 400
    assert counts[FIRST] >= 200 and counts[FIRST] == max(counts.values())
    assert {p for p, _ in accessible(state)} == set(PLATFORMS)
    for bid in BRANDS:
        assert {p for p, _ in posts_of(state, bid)} == set(PLATFORMS)
    assert {d["status"] for _, d in accessible(state)} == STATUSES
    ids = [d["id"] for _, d in posts_of(state)]
    assert len(set(ids)) == len(ids) and set(ids) == set(state.posts)
    assert state.next_post_id >= max(ids)


def test_posts_lie_within_eight_weeks_of_now(state):
    for _, d in posts_of(state):
        if d["timestamp"]:
            assert abs(when(d) - NOW) <= timedelta(weeks=8)


def test_failures_for_the_on_call(state):
    failed = [d for _, d in posts_of(state, FIRST)
              if d["status"] in ("FAILED", "PARTIALLY_FAILED")]
    assert len(failed) >= 25
    causes = {re.sub(r"https?://\S+|\d+(\.\d+)?", "#", d["auto_publish_error"]) for d in failed}
    assert len(causes) >= 5
    recent = [d for d in failed if NOW - when(d) <= timedelta(days=7)]
    assert len(recent) >= 5
    assert any(d["status"] == "PARTIALLY_FAILED" for d in failed)
    next_day = [d for _, d in posts_of(state, FIRST) if d["status"] == "SCHEDULED"
                and when(d) - NOW <= timedelta(hours=24)]
    assert len(next_day) >= 5
    assert [d for _, d in posts_of(state, FIRST) if d["status"] == "AUTOPUBLISHING"]


def test_approvals(state):
    posts = [d for _, d in accessible(state)]
    assert sum(d["status"] == "MISSING_APPROVALS" for d in posts) >= 2
    awaiting = [d for d in posts if d["status"] == "SCHEDULED"
                and d["approval_policy"] == "APPROVAL_REQUIRED" and d["approval_requests"]
                and d["approval_status"] != "APPROVED"]
    assert len(awaiting) >= 3
    assert any(d["brand_id"] == FIRST and when(d) - NOW < timedelta(hours=24) for d in awaiting)


def test_drafts_quiet_days_and_close_pairs(state):
    first = [(p, d) for p, d in posts_of(state, FIRST)]
    unscheduled = [d for _, d in first if d["timestamp"] is None]
    assert len(unscheduled) >= 3
    assert all(d["status"] == "DRAFT" and isinstance(d["sort_index"], (int, float))
               for d in unscheduled)
    assert any(not d["media_ids"] for d in unscheduled)
    days = {when(d).date() for _, d in first if d["timestamp"]}
    window = {(NOW + timedelta(days=k)).date() for k in range(-55, 56)}
    assert len(window - days) >= 3
    by_platform = defaultdict(list)
    for p, d in first:
        if d["timestamp"]:
            by_platform[p].append(when(d))
    close = [(p, a, b) for p, times in by_platform.items()
             for a, b in combinations(sorted(times), 2) if b - a < timedelta(hours=1)]
    assert len(close) >= 2


def test_cross_posted_groups(state):
    groups = defaultdict(set)
    for p, d in accessible(state):
        groups[d["post_group_id"]].add(p)
    shared = [g for g, platforms in groups.items() if len(platforms) >= 3]
    assert len(shared) >= 5


def test_manual_publishing(state):
    posts = [d for _, d in accessible(state)]
    assert all(not d["auto_publish"] for d in posts if d["status"] == "USERS_NOTIFIED")
    assert any(not d["auto_publish"] and d["status"] == "SCHEDULED" for d in posts)


# -- hostile text ---------------------------------------------------------------------------------

def x_weight(text: str) -> int:
    """X's weighted length, simplified: URLs 23, most of Latin 1, everything else 2."""
    text = unicodedata.normalize("NFC", text)
    n = 0
    for part in re.split(r"(https?://\S+)", text):
        if part.startswith(("http://", "https://")):
            n += 23
            continue
        for ch in part:
            cp = ord(ch)
            light = (cp <= 4351 or 8192 <= cp <= 8205 or 8208 <= cp <= 8223
                     or 8242 <= cp <= 8247)
            n += 1 if light else 2
    return n


def test_hostile_captions_are_there(state):
    all_text = "\n".join(t for _, d in posts_of(state, FIRST) for t in texts(d))
    assert "\u200d" in all_text  # ZWJ sequences
    assert re.search("[\U0001F1E6-\U0001F1FF]{2}", all_text)  # regional-indicator flags
    assert "\U000E0067" in all_text  # tag-sequence flag
    assert re.search("[\u4e00-\u9fff]", all_text) and re.search("[\u3040-\u309f]", all_text)
    assert re.search("[\uac00-\ud7af]", all_text)
    assert re.search("[\u0600-\u06ff]", all_text) and re.search("[\u0590-\u05ff]", all_text)
    assert "\u202e" in all_text  # bidi override
    assert sum(unicodedata.combining(c) > 0 for c in all_text) >= 20
    for markup in ("[bold]", "[link=https://x.y]", "[/]", "[red]oops[/red]"):
        assert markup in all_text
    for seq in ("\x1b[31m", "\x1b]52;c;", "\x07", "\x08", "\x7f", "\x9b", "\r"):
        assert seq in all_text
    assert "\u200b" in all_text and "\ufeff" in all_text


def test_long_and_over_limit_captions(state):
    first = posts_of(state, FIRST)
    long_ = [(p, len(d.get("caption") or d.get("message") or d.get("text") or ""))
             for p, d in first if p in ("instagram", "facebook", "linkedin")]
    assert sum(n >= 2000 for _, n in long_) >= 2
    assert any(p == "instagram" and 2000 <= n <= 2200 for p, n in long_)  # long but valid
    assert any(p == "instagram" and n > 2200 for p, n in long_)  # over the network limit
    assert any(p == "linkedin" and 2000 <= n <= 3000 for p, n in long_)
    assert any(x_weight(d["tweet_status"]) > 280 for p, d in first if p == "twitter")
    spot = [d["description"] for p, d in first if p == "snapchat" and "description" in d]
    assert max(len(s) for s in spot) == 160  # on Dash's limit, never over


def test_normal_captions_stay_inside_network_limits(state):
    """Only the deliberately hard posts break network limits; the rest is ordinary copy."""
    over = []
    for p, d in accessible(state):
        if p == "twitter" and x_weight(d["tweet_status"]) > 280:
            over.append(d)
        if p == "instagram" and len(d["caption"]) > 2200:
            over.append(d)
        if p == "threads" and len(d["text"]) > 500:
            over.append(d)
        if p == "youtube" and len(d["title"]) > 100:
            over.append(d)
        if p == "pinterest" and (len(d["meta"]["title"]) > 100 or len(d["note"] or "") > 500):
            over.append(d)
    assert 1 <= len(over) <= 5


# -- bulk -----------------------------------------------------------------------------------------

def test_bulk_10k_is_valid_and_spread_over_a_year():
    s = build_bulk_state(10_000, now=NOW)
    assert len(s.posts) == 10_000 and s.accessible_brands == [FIRST]
    assert {d["brand_id"] for _, d in posts_of(s)} == {FIRST}
    bad = {d["id"]: m for p, d in posts_of(s) if (m := problems(p, d, s, NOW))}
    assert not bad
    times = sorted(when(d) for _, d in posts_of(s))
    assert times[-1] - times[0] > timedelta(days=350)
    assert {p for p, _ in posts_of(s)} == set(PLATFORMS)
    assert dump(build_bulk_state(300, now=NOW)) == dump(build_bulk_state(300, now=NOW))
    # nested values are never shared between posts
    lists = [id(d["media_ids"]) for _, d in posts_of(s)]
    metas = [id(d["meta"]) for p, d in posts_of(s) if p == "pinterest"]
    assert len(set(lists)) == len(lists) and len(set(metas)) == len(metas)


def test_bulk_100k_size():
    s = build_bulk_state(100_000, seed=3, now=NOW)
    assert len(s.posts) == 100_000
    assert s.next_post_id == max(s.posts)


# -- independence ---------------------------------------------------------------------------

def test_demo_does_not_import_the_client():
    from .test_app import CLIENT_CHECK

    code = ("import sys, dashtui.backends.dash.sandbox.demo; " + CLIENT_CHECK
            + "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0

"""`dashtui new` against the Dash sandbox over real HTTP on 127.0.0.1: one post per platform
in one group, at the right instant; checks that fail send nothing; a lost answer never
makes a second post."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import httpx
import pytest

from dashtui.cli import main
from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.server import serve_in_thread
from dashtui.backends.dash.sandbox.state import SandboxState

TOKEN = "compose-cli-token-77"
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def sandbox(monkeypatch, tmp_path):
    state = SandboxState()
    state.brands = {144: {"id": 144, "name": "Acme Coffee", "slug": "acme"}}
    state.accessible_brands = [144]
    app = create_app(state, token=TOKEN, demo=False, fail_rate=0.0)
    config = tmp_path / "config.toml"
    # the display zone is Paris; the brand posts in Los Angeles time
    config.write_text('timezone = "Europe/Paris"\n'
                      '[brand_timezones]\n"144" = "America/Los_Angeles"\n')
    with serve_in_thread(app) as url:
        monkeypatch.setenv("DASH_API_TOKEN", TOKEN)
        monkeypatch.setenv("DASHTUI_API_ROOT", url)
        monkeypatch.setenv("DASHTUI_CONFIG", str(config))
        monkeypatch.setenv("DASHTUI_DATA_DIR", str(tmp_path / "data"))
        yield url, app.state.sandbox


def _posts(box) -> list[dict]:
    return [p.data | {"_platform": p.platform} for p in box.posts.values()]


def _faults(url: str, **rule) -> None:
    httpx.post(f"{url}/_sandbox/faults", json=rule, timeout=5,
               headers={"Authorization": f"Bearer {TOKEN}"}).raise_for_status()


def _tomorrow_0930_la() -> datetime:
    today = datetime.now(timezone.utc).astimezone(LA).date()
    return datetime.combine(today + timedelta(days=1), datetime.min.time().replace(
        hour=9, minute=30), LA).astimezone(timezone.utc)


def test_three_platforms_brand_time_one_group(sandbox, capsys):
    url, box = sandbox
    code = main(["new", "--platform", "instagram,x,linkedin", "--text", "Cold brew is back",
                 "--for", "x=Cold brew is back. Short.", "--at", "tomorrow 09:30 brand",
                 "--draft"])
    out = capsys.readouterr().out
    assert code == 0, out
    posts = _posts(box)
    assert sorted(p["_platform"] for p in posts) == ["instagram", "linkedin", "twitter"]
    assert len({p["post_group_id"] for p in posts}) == 1
    assert f"group {posts[0]['post_group_id']}" in out
    expected = _tomorrow_0930_la()
    for p in posts:
        assert datetime.fromisoformat(p["timestamp"].replace("Z", "+00:00")) == expected
        assert f"#{p['id']}" in out
    by = {p["_platform"]: p for p in posts}
    assert by["twitter"]["tweet_status"] == "Cold brew is back. Short."
    assert by["linkedin"]["text"] == "Cold brew is back"


def test_pst_reads_the_same_instant_in_winter(sandbox, capsys):
    url, box = sandbox
    assert main(["new", "--platform", "threads", "--text", "hi", "--at",
                 "2027-01-15 09:30 PST", "--draft"]) == 0
    (post,) = _posts(box)
    assert post["timestamp"].startswith("2027-01-15T17:30:00")


def test_an_error_exits_1_and_sends_nothing(sandbox, capsys):
    url, box = sandbox
    code = main(["new", "--platform", "instagram,x", "--text", "x" * 300,
                 "--at", "tomorrow 09:30 PST"])  # X: over 280; IG scheduled: no media
    captured = capsys.readouterr()
    assert code == 1
    assert "✗ X" in captured.out and "✗ Instagram" in captured.out
    assert "nothing was sent" in captured.err
    assert _posts(box) == []


def test_bad_time_and_escapes_are_said_safely(sandbox, capsys):
    url, box = sandbox
    assert main(["new", "--platform", "x", "--text", "a", "--at", "2027-03-14 02:30 brand",
                 "--draft"]) == 2  # the spring-forward gap in Los Angeles
    assert "does not exist" in capsys.readouterr().err
    assert _posts(box) == []


def test_a_lost_answer_never_makes_a_second_post(sandbox, capsys):
    url, box = sandbox
    # the create lands, but the connection drops before the answer: the client can't know
    _faults(url, drop_next=1, after=True, path="/twitter/scheduled_posts", method=["POST"])
    args = ["new", "--platform", "x,linkedin", "--text", "Lost and found", "--at",
            "tomorrow 10:00 brand", "--draft"]
    assert main(args) == 0, capsys.readouterr()
    rules = httpx.get(f"{url}/_sandbox/faults", timeout=5,
                      headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert "'drop_next': 0" in str(rules) or '"drop_next": 0' in str(rules)  # it did drop
    assert len(_posts(box)) == 2
    # and running the very same command again does not post it twice either
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "already there" in out
    assert len(_posts(box)) == 2

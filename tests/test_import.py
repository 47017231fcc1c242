"""`dashtui import FILE.csv` against the Dash sandbox over real HTTP on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.library import make_media
from dashtui.backends.dash.sandbox.server import serve_in_thread
from dashtui.backends.dash.sandbox.state import SandboxState
from dashtui.cli import main

TOKEN = "import-token-42"
NOW = datetime.now(timezone.utc).replace(second=0, microsecond=0)
BRAND, EMPTY = 144, 146
BOARD = {"description": "", "id": "123456789012345678", "name": "Spring Style",
         "preview_url": "https://example.com/board.jpg", "protected": False}
ROOT = Path(__file__).resolve().parents[1]


def _state() -> SandboxState:
    state = SandboxState()
    state.brands = {BRAND: {"id": BRAND, "name": "Acme Coffee", "slug": "acme"},
                    EMPTY: {"id": EMPTY, "name": "Empty Sandbox", "slug": "empty"}}
    state.accessible_brands = [BRAND, EMPTY]
    state.boards = {BRAND: [dict(BOARD)], EMPTY: [dict(BOARD)]}
    state.frozen_at = NOW.isoformat()
    return state


class Box:
    def __init__(self, app, url: str) -> None:
        self.app, self.url = app, url

    @property
    def state(self) -> SandboxState:
        return self.app.state.sandbox

    def posts(self, brand: int = BRAND) -> list[dict]:
        return [p.data for p in self.state.posts.values() if p.data.get("brand_id") == brand]

    def control(self, path: str, body) -> dict:
        resp = httpx.post(f"{self.url}/_sandbox/{path}", json=body, timeout=5,
                          headers={"Authorization": f"Bearer {TOKEN}"})
        resp.raise_for_status()
        return resp.json()

    def create(self, platform: str, body: dict) -> dict:
        resp = httpx.post(f"{self.url}/scheduler/{platform}/scheduled_posts", timeout=5,
                          params={"media_v2": "true"},
                          headers={"Authorization": f"Bearer {TOKEN}"},
                          json={"brand_id": BRAND, "auto_publish": True, **body})
        assert resp.status_code == 201, resp.text
        return resp.json()

    def image(self, brand: int = BRAND) -> int:
        return make_media(self.state, brand, "https://example.com/a.jpg", "IMAGE",
                          NOW)["media_id"]


@pytest.fixture(params=["strict", "lenient"])
def box(monkeypatch, request):
    """A sandbox per test, under both readings of the docs."""
    app = create_app(_state(), token=TOKEN, demo=False, fail_rate=0.0, profile=request.param)
    with serve_in_thread(app) as url:
        monkeypatch.setenv("DASH_API_TOKEN", TOKEN)
        monkeypatch.setenv("DASHTUI_API_ROOT", url)
        yield Box(app, url)


def _at(minutes: int) -> str:
    return (NOW + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def _write(tmp_path: Path, text: str, name: str = "posts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _tweets(n: int) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["platform", "text", "time", "status"])
    for i in range(n):
        w.writerow(["twitter", f"post {i}", _at(60 + i), "SCHEDULED"])
    return out.getvalue()


# -- dry run --------------------------------------------------------------------------------
def test_dry_run_reports_every_bad_row_with_its_file_line(box, tmp_path, capsys):
    missing = 999_999
    path = _write(tmp_path, (
        "platform,text,time,status,media_ids,post_type\n"
        f"twitter,fine,{_at(60)},SCHEDULED,,\n"                       # line 2
        f'instagram,"a caption\nover three\nlines",{_at(60)},SCHEDULED,,\n'  # lines 3-5
        f"myspace,hello,{_at(60)},SCHEDULED,,\n"                      # line 6
        "twitter,too late,2020-01-01 10:00,SCHEDULED,,\n"             # line 7
        f"twitter,{'x' * 300},{_at(60)},SCHEDULED,,\n"                # line 8
        f"instagram,pic,{_at(60)},SCHEDULED,{missing},FEED\n"         # line 9
        f"pinterest,pin,{_at(60)},SCHEDULED,,\n"                      # line 10
        f"tiktok,clip,{_at(60)},POSTED,,\n"                           # line 11
    ))
    assert main(["import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "✓ line 2 " in out
    assert "✗ lines 3-5" in out and "Instagram needs a post type" in out
    for n in (6, 7, 8, 9, 10, 11):
        assert f"✗ line {n} " in out, out
    assert "unknown platform 'myspace'" in out
    assert "has passed" in out and "cut 20 characters" in out
    assert f"media {missing} is not in this brand's library" in out
    assert "Pinterest needs a Pin title" in out and "needs a board" in out
    assert "status 'POSTED' can't be created" in out
    assert "1 row(s) ready, 7 with errors (lines 3, 6, 7, 8, 9, 10, 11)" in out
    assert box.state.posts == {}  # nothing was sent


def test_unknown_column_is_named_with_a_suggestion(box, tmp_path, capsys):
    path = _write(tmp_path, f"platform,txt,time,frist_comment\ntwitter,hi,{_at(60)},\n")
    assert main(["import", str(path), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "'txt' (did you mean 'text'?)" in err
    assert "'frist_comment' (did you mean 'first_comment'?)" in err


def test_a_file_without_a_header_says_what_it_found(box, tmp_path, capsys):
    path = _write(tmp_path, f"twitter,hello,{_at(60)}\n")
    assert main(["import", str(path), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "line 1 is not a header row: found 'twitter', 'hello'" in err


def test_a_field_of_another_platform_is_an_error(box, tmp_path, capsys):
    path = _write(tmp_path, f"platform,text,time,first_comment\ntiktok,hi,{_at(60)},first!\n")
    assert main(["import", str(path), "--dry-run"]) == 1
    assert "first_comment is not a TikTok field (Dash documents it for Instagram, " \
           "Facebook)" in capsys.readouterr().out


def test_times_without_a_zone_are_read_in_the_display_zone(box, tmp_path, capsys):
    day = (NOW + timedelta(days=3)).date().isoformat()
    path = _write(tmp_path, "platform,text,time\n"
                            f"twitter,a,{day} 09:30\n"
                            f"twitter,b,{day} 09:30 America/Los_Angeles\n"
                            f"twitter,c,{day}T09:30:00+01:00\n")
    assert main(["--tz", "Europe/Paris", "import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "Times without a zone are read in Europe/Paris" in err
    stamps = {p["tweet_status"]: datetime.fromisoformat(p["timestamp"]) for p in box.posts()}
    local = datetime.fromisoformat(f"{day}T09:30")
    from zoneinfo import ZoneInfo
    assert stamps["a"] == local.replace(tzinfo=ZoneInfo("Europe/Paris"))
    assert stamps["b"] == local.replace(tzinfo=ZoneInfo("America/Los_Angeles"))
    assert stamps["c"] == local.replace(tzinfo=timezone(timedelta(hours=1)))
    assert {p["status"] for p in box.posts()} == {"SCHEDULED"}  # a time: scheduled


def test_hostile_text_never_reaches_the_terminal(box, tmp_path, capsys):
    path = _write(tmp_path, "platform,text,time,status\n"
                            f"twitter,\"\x1b]0;pwned\x07\x1b[31mred\",{_at(60)},LOST\n")
    assert main(["import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "^[]0;pwned^G" in out


# -- creating -------------------------------------------------------------------------------
def test_rows_with_errors_stop_the_import_unless_skipped(box, tmp_path, capsys):
    path = _write(tmp_path, f"platform,text,time\ntwitter,ok,{_at(60)}\nmyspace,no,{_at(60)}\n")
    assert main(["import", str(path)]) == 1
    assert "nothing was sent" in capsys.readouterr().err and box.posts() == []
    assert main(["import", str(path), "--skip-bad"]) == 1  # the bad row is still an error
    assert [p["tweet_status"] for p in box.posts()] == ["ok"]


def test_media_ids_urls_and_a_board_by_name(box, tmp_path, capsys):
    image = box.image()
    path = _write(tmp_path, (
        "platform,text,time,media_ids,post_type,meta.title,meta.pinterestBoard,first_comment\n"
        f"instagram,feed,{_at(60)},{image} https://cdn.example.com/b.png,FEED,,,hello\n"
        f"pinterest,pin,{_at(61)},{image},,My pin,spring style,\n"
    ))
    assert main(["import", str(path), "--brand", "acme"]) == 0, capsys.readouterr()
    posts = {p["caption"] if "caption" in p else p["note"]: p for p in box.posts()}
    feed = posts["feed"]
    assert feed["media_ids"][0] == image and len(feed["media_ids"]) == 2
    assert feed["first_comment"] == "hello" and feed["post_type"] == "FEED"
    assert posts["pin"]["meta"]["pinterestBoard"]["id"] == BOARD["id"]
    assert posts["pin"]["meta"]["title"] == "My pin"


def test_a_run_again_creates_nothing_twice(box, tmp_path, capsys):
    path = _write(tmp_path, _tweets(5))
    assert main(["import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "[1/5] ✓ line 2 X: created as #" in err and "[5/5] ✓ line 6" in err  # progress
    assert main(["import", str(path), "--dry-run"]) == 0
    assert "= line 2" in capsys.readouterr().out  # known, with the post it made
    assert main(["import", str(path)]) == 0
    assert "5 already" in capsys.readouterr().out
    assert len(box.posts()) == 5
    # a corrected file: the unchanged rows are still recognised, the new one is created
    fixed = _write(tmp_path, _tweets(5) + f"twitter,one more,{_at(200)},SCHEDULED\n", "b.csv")
    assert main(["import", str(fixed)]) == 0
    assert len(box.posts()) == 6


class Stop(Exception):
    pass


def test_200_rows_interrupted_after_a_lost_answer_then_rerun(box, tmp_path, capsys,
                                                             monkeypatch):
    """Row 101's create lands but its answer is lost, then the process stops: the re-run
    finds that post instead of creating it again, and creates the other 99."""
    from dashtui.importer import cli as import_cli

    path = _write(tmp_path, _tweets(200))
    shown = import_cli.report.result_line

    def line(i, total, result):
        if i == 100:
            box.control("faults", {"method": "POST", "path": "scheduled_posts",
                                   "drop_next": 1, "after": True})
        if i == 101:
            assert result.state == "queued"  # the answer was lost: kept in the outbox
            raise Stop
        return shown(i, total, result)

    monkeypatch.setattr(import_cli.report, "result_line", line)
    with pytest.raises(Stop):
        main(["import", str(path)])
    assert len(box.posts()) == 101
    monkeypatch.setattr(import_cli.report, "result_line", shown)
    capsys.readouterr()
    assert main(["import", str(path)]) == 0
    assert len(box.posts()) == 200
    assert sorted(p["tweet_status"] for p in box.posts()) == sorted(
        f"post {i}" for i in range(200))
    assert "100 already" in capsys.readouterr().out


def test_200_rows_killed_halfway_then_rerun_makes_200_posts(box, tmp_path, capsys):
    """A real `kill -9` of a running import, then the same command again."""
    path = _write(tmp_path, _tweets(200))
    box.control("faults", {"method": "POST", "path": "scheduled_posts", "latency_ms": 25})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "dashtui.cli", "import", str(path)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(box.posts()) < 100:
            assert proc.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert 100 <= len(box.posts()) < 200
    box.control("faults", {"rules": []})
    assert main(["import", str(path)]) == 0
    assert len(box.posts()) == 200
    assert len({p["tweet_status"] for p in box.posts()}) == 200


# -- export -> import -> export -----------------------------------------------------------
UNCHANGED_APART = ("id", "brand_id", "updated_at", "post_group_id")


def _export(brand: str, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["export", "--brand", brand, "--from", NOW.date().isoformat(), "--to",
                 (NOW + timedelta(days=3)).date().isoformat()]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_export_csv_imports_back_unchanged(box, tmp_path, capsys):
    group = "5f0c3a52-1c1e-4a53-9d0e-6a3f3c0d9a11"
    at = lambda m: (NOW + timedelta(minutes=m)).isoformat()  # noqa: E731
    box.create("twitter", {"status": "SCHEDULED", "timestamp": at(90), "post_group_id": group,
                           "tweet_status": 'Quotes "and", commas\nand a second line ☕'})
    box.create("linkedin", {"status": "SCHEDULED", "timestamp": at(90), "post_group_id": group,
                            "text": "The same news, for LinkedIn"})
    box.create("facebook", {"status": "DRAFT", "timestamp": at(120), "post_type": "POST",
                            "message": "A draft", "link": "https://example.com/x"})
    box.create("pinterest", {"status": "DRAFT", "timestamp": at(150), "note": "pin note",
                             "meta": {"title": "Pin", "pinterestBoard": BOARD}})
    box.create("bluesky", {"status": "SCHEDULED", "timestamp": at(180), "text": "[not] markup"})
    first = _export("acme", capsys)
    assert len(first) == 5
    exported = tmp_path / "export.csv"
    with exported.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(first[0]))
        w.writeheader()
        w.writerows(first)
    assert main(["import", str(exported), "--brand", "empty"]) == 0, capsys.readouterr()
    second = _export("empty", capsys)
    strip = lambda rows: [{k: v for k, v in r.items() if k not in UNCHANGED_APART}  # noqa
                          for r in rows]
    assert strip(second) == strip(first)
    assert list(second[0]) == list(first[0])  # the same columns, in the same order
    # the group is new, but the two posts that shared one still do
    groups = [r["post_group_id"] for r in second]
    assert groups[0] == groups[1] != group and len(set(groups)) == 4


def test_the_service_going_down_stops_the_run_and_a_rerun_finishes_it(box, tmp_path, capsys):
    """503 on every create: three rows are queued, the rest are not sent, exit 3; once the
    service is back the same command creates each row once."""
    path = _write(tmp_path, _tweets(10))
    box.control("faults", {"method": "POST", "path": "scheduled_posts", "error_rate": 1.0})
    assert main(["import", str(path)]) == 3
    out = capsys.readouterr().out
    assert "3 queued, 7 not sent of 10 row(s)" in out and box.posts() == []
    box.control("faults", {"rules": []})
    assert main(["import", str(path)]) == 0
    assert sorted(p["tweet_status"] for p in box.posts()) == sorted(
        f"post {i}" for i in range(10))

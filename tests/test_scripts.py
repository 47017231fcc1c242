"""`dashtui failed` and `dashtui export` against the sandbox over real HTTP."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from dashtui.cli import main
from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.server import serve_in_thread
from dashtui.backends.dash.sandbox.state import SandboxState

TOKEN = "scripts-token-42"
# `dashtui failed` looks at the real last 7 days, so the sandbox's clock starts at real now
NOW = datetime.now(timezone.utc).replace(second=0, microsecond=0)


def _small_state() -> SandboxState:
    state = SandboxState()
    state.brands = {144: {"id": 144, "name": "Acme Coffee", "slug": "acme"}}
    state.accessible_brands = [144]
    state.frozen_at = NOW.isoformat()
    return state


@pytest.fixture
def quiet_sandbox(monkeypatch):
    """A sandbox with one brand and no posts, its clock frozen, publishing never failing."""
    app = create_app(_small_state(), token=TOKEN, demo=False, fail_rate=0.0)
    with serve_in_thread(app) as url:
        monkeypatch.setenv("DASH_API_TOKEN", TOKEN)
        monkeypatch.setenv("DASHTUI_API_ROOT", url)
        yield url


def _control(url: str, path: str, body) -> dict:
    resp = httpx.post(f"{url}/_sandbox/{path}", json=body, timeout=5,
                      headers={"Authorization": f"Bearer {TOKEN}"})
    resp.raise_for_status()
    return resp.json()


def _schedule(url: str, text: str, minutes: int) -> int:
    resp = httpx.post(f"{url}/scheduler/twitter/scheduled_posts", timeout=5,
                      headers={"Authorization": f"Bearer {TOKEN}"},
                      json={"brand_id": 144, "status": "SCHEDULED", "auto_publish": True,
                            "tweet_status": text,
                            "timestamp": (NOW + timedelta(minutes=minutes)).isoformat()})
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


def test_nothing_failed_exits_0(quiet_sandbox, capsys):
    assert main(["failed"]) == 0
    assert "No failed posts." in capsys.readouterr().out


def test_three_causes_make_three_groups_and_exit_1(quiet_sandbox, capsys):
    url = quiet_sandbox
    causes = {
        _schedule(url, "a", 10): "Access token expired for account 1234.",
        _schedule(url, "b", 11): "Access token expired for account 98765.",
        _schedule(url, "c", 12): "Media https://cdn.example/1.jpg was not reachable (HTTP 404).",
        _schedule(url, "d", 13): "Thread partially published: reply 2 of 4 failed.",
    }
    ok = _schedule(url, "fine", 14)
    _control(url, "outcomes", {str(pid): {"status": "FAILED", "error": err}
                               for pid, err in causes.items()})
    _control(url, "clock", {"advance": 20 * 60})  # due: publishing starts
    _control(url, "clock", {"advance": 5 * 60})  # a minute later: done
    assert main(["failed", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 4 and report["unreachable"] == []
    groups = {g["cause"]: g for g in report["groups"]}
    assert len(groups) == 3
    token_group = groups["Access token expired for account #."]
    assert token_group["count"] == 2 and token_group["platforms"] == ["twitter"]
    assert sorted(p["id"] for p in token_group["posts"]) == sorted(list(causes)[:2])
    assert all(p["status"] == "FAILED" for g in report["groups"] for p in g["posts"])
    assert ok not in {p["id"] for g in report["groups"] for p in g["posts"]}


def test_failed_text_for_a_shell(quiet_sandbox, capsys):
    url = quiet_sandbox
    pid = _schedule(url, "x", 10)
    _control(url, "outcomes", {str(pid): {"status": "FAILED",
                                          "error": "Boom \x1b[31mred\x1b[0m 42"}})
    _control(url, "clock", {"advance": 20 * 60})
    _control(url, "clock", {"advance": 5 * 60})
    assert main(["failed"]) == 1
    out = capsys.readouterr().out
    assert "1 post(s) need attention, 1 cause(s)" in out
    assert f"#{pid}" in out and "\x1b" not in out


def test_unreachable_dash_exits_3(monkeypatch, capsys):
    monkeypatch.setenv("DASH_API_TOKEN", TOKEN)
    assert main(["--api-root", "http://127.0.0.1:9", "failed"]) == 3
    assert "connection refused" in capsys.readouterr().err.lower()


def test_failed_on_the_demo(capsys):
    assert main(["--demo", "failed", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["total"] >= 10 and len(report["groups"]) >= 5


def test_export_csv_filtered_by_status_and_platform(quiet_sandbox, capsys):
    url = quiet_sandbox
    _schedule(url, "one", 10)
    _schedule(url, "two, with a comma \"and quotes\"", 20)
    day = NOW.date().isoformat()
    assert main(["export", "--from", day, "--to", (NOW + timedelta(days=1)).date().isoformat(),
                 "--status", "scheduled", "--platform", "twitter"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["caption"] for r in rows] == ["one", "two, with a comma \"and quotes\""]
    assert {r["status"] for r in rows} == {"SCHEDULED"}


def test_export_json_to_a_file(quiet_sandbox, tmp_path):
    _schedule(quiet_sandbox, "to file", 10)
    out = tmp_path / "posts.json"
    assert main(["export", "--from", NOW.date().isoformat(), "--to",
                 (NOW + timedelta(days=1)).date().isoformat(), "--format", "json",
                 "-o", str(out)]) == 0
    [post] = json.loads(out.read_text())
    assert post["platform"] == "twitter" and post["tweet_status"] == "to file"


def test_export_reads_days_like_the_app_does(quiet_sandbox, capsys):
    """--from/--to take the day grammar of `g` and the time field: today, +1, 12-01, ..."""
    _schedule(quiet_sandbox, "soon", 10)
    assert main(["export", "--from", "today", "--to", "+1", "--platform", "twitter"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert "soon" in [r["caption"] for r in rows]


@pytest.mark.parametrize("args, message", [
    (["--from", "March 1", "--to", "2026-03-02"], "is not a date"),
    (["--from", "2026-02-30", "--to", "2026-03-02"], "no such day"),
    (["--from", "2026-03-02", "--to", "2026-03-01"], "--to is before --from"),
    (["--from", "2026-03-01", "--to", "2026-03-02", "--status", "LOST"], "unknown status"),
    (["--from", "2026-03-01", "--to", "2026-03-02", "--platform", "myspace"],
     "unknown platform"),
])
def test_export_rejects_bad_arguments(args, message, capsys):
    assert main(["export", *args]) == 2
    assert message in capsys.readouterr().err


def _fail_now(url: str, minutes: int, error: str = "Boom.") -> int:
    """A twitter post `minutes` from the start of the sandbox's clock, failed by its publisher."""
    pid = _schedule(url, f"post {minutes}", minutes)
    _control(url, "outcomes", {str(pid): {"status": "FAILED", "error": error}})
    return pid


def _publish_due(url: str, minutes: int) -> None:
    _control(url, "clock", {"advance": minutes * 60})
    _control(url, "clock", {"advance": 5 * 60})


@pytest.mark.parametrize("days, message", [
    ("-3", "-3 is negative"), ("-1", "is negative"), ("soon", "not a whole number"),
    ("99999999", "more than"),
])
def test_a_bad_days_is_an_error_not_an_all_clear(quiet_sandbox, capsys, days, message):
    with pytest.raises(SystemExit) as exit_:
        main(["failed", "--days", days])
    assert exit_.value.code == 2
    out = capsys.readouterr()
    assert message in out.err and "No failed posts" not in out.out


def test_days_0_is_only_the_next_24_hours(capsys):
    assert main(["failed", "--demo", "--json", "--days", "0"]) in (0, 1)
    soon = json.loads(capsys.readouterr().out)
    assert main(["failed", "--demo", "--json", "--days", "7"]) == 1
    week = json.loads(capsys.readouterr().out)
    started = datetime.fromisoformat(soon["generated_at"]) - timedelta(minutes=1)
    stamps = [p["timestamp"] for g in soon["groups"] for p in g["posts"]]
    assert all(t is not None and datetime.fromisoformat(t) >= started for t in stamps)
    assert soon["total"] < week["total"]  # the demo's past failures are left out


@pytest.mark.parametrize("name", ["x", "X", "twitter", "Twitter", " x "])
def test_export_knows_platforms_by_the_names_the_ui_shows(quiet_sandbox, capsys, name):
    _schedule(quiet_sandbox, "on x", 10)
    day = NOW.date()
    assert main(["export", "--from", day.isoformat(), "--to",
                 (day + timedelta(days=1)).isoformat(), "--platform", f"{name},Instagram"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["platform"], r["caption"]) for r in rows] == [("twitter", "on x")]


def test_export_platform_names_include_every_display_name(quiet_sandbox, capsys):
    names = "Instagram,facebook,TIKTOK,X,threads,LinkedIn,youtube,Snapchat,pinterest,Bluesky"
    day = NOW.date().isoformat()
    assert main(["export", "--from", day, "--to", day, "--platform", names]) == 0
    assert main(["export", "--from", day, "--to", day, "--platform", "x,myspace"]) == 2
    err = capsys.readouterr().err
    assert "unknown platform: myspace" in err and "X (twitter)" in err


@pytest.mark.parametrize("name, given, wanted", [
    ("posts.json", None, "json"), ("POSTS.JSON", None, "json"), ("posts.csv", None, "csv"),
    ("posts.json", "csv", "csv"),  # --format, when given, wins
])
def test_export_format_follows_the_file_extension(quiet_sandbox, tmp_path, name, given, wanted):
    _schedule(quiet_sandbox, "to file", 10)
    out = tmp_path / name
    day = NOW.date()
    args = ["export", "--from", day.isoformat(), "--to", (day + timedelta(days=1)).isoformat(),
            "-o", str(out)] + (["--format", given] if given else [])
    assert main(args) == 0
    text = out.read_text()
    if wanted == "json":
        assert json.loads(text)[0]["tweet_status"] == "to file"
    else:
        assert next(csv.DictReader(io.StringIO(text)))["caption"] == "to file"


@pytest.mark.parametrize("name", ["posts.txt", "posts"])
def test_an_unknown_extension_without_format_is_refused(quiet_sandbox, tmp_path, capsys, name):
    out = tmp_path / name
    assert main(["export", "--from", "2026-03-01", "--to", "2026-03-02", "-o", str(out)]) == 2
    assert "--format" in capsys.readouterr().err and not out.exists()


def _break_lists(url: str, *platforms: str) -> None:
    """Every list of these platforms answers with cut-short JSON."""
    _control(url, "faults", {"rules": [
        {"path": f"/scheduler/{p}/scheduled_posts", "method": "GET", "malformed_rate": 1.0}
        for p in platforms]})


def test_failed_never_says_all_clear_for_lists_it_could_not_read(quiet_sandbox, capsys):
    _break_lists(quiet_sandbox, "twitter", "threads")
    assert main(["failed"]) == 3
    out = capsys.readouterr().out
    assert "No failed posts." not in out.splitlines()
    assert "2 list(s) could not be checked" in out
    assert "could not check Acme Coffee X" in out and "could not check Acme Coffee Threads" in out
    assert "No failed posts in the 8 list(s) that could be read." in out
    assert main(["failed", "--json"]) == 3
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["complete"] is False and report["lists_checked"] == 8
    assert len(report["unreachable"]) == 2 and "could not check Acme Coffee X" in captured.err


def test_failed_reports_what_it_found_and_names_what_it_could_not_read(quiet_sandbox, capsys):
    pid = _fail_now(quiet_sandbox, 10)
    _publish_due(quiet_sandbox, 20)
    _break_lists(quiet_sandbox, "instagram")
    assert main(["failed"]) == 1
    out = capsys.readouterr().out
    assert f"#{pid}" in out and "could not check Acme Coffee Instagram" in out
    # the unread list comes before the findings, not as a footnote under them
    assert out.index("could not be checked") < out.index("need attention")


def test_an_unknown_brand_is_an_argument_error_naming_the_brands(quiet_sandbox, capsys):
    assert main(["failed", "--brand", "no-such-brand"]) == 2
    assert "acme (144)" in capsys.readouterr().err


class _CountingASGI:
    """The sandbox behind a recorder of the list calls it was asked."""

    def __init__(self, app) -> None:
        self.app, self.lists = app, []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET" \
                and scope["path"].endswith("/scheduled_posts"):
            self.lists.append(scope["path"])
        await self.app(scope, receive, send)


def test_failed_all_brands_asks_each_platform_once_for_every_brand(monkeypatch, capsys):
    state = _small_state()
    state.brands[2000] = {"id": 2000, "name": "Bramble Bakery", "slug": "bramble"}
    state.accessible_brands = [144, 2000]
    recorder = _CountingASGI(create_app(state, token=TOKEN, demo=False, fail_rate=0.0))
    with serve_in_thread(recorder) as url:
        monkeypatch.setenv("DASH_API_TOKEN", TOKEN)
        monkeypatch.setenv("DASHTUI_API_ROOT", url)
        failing = []
        for brand in (144, 2000):
            resp = httpx.post(f"{url}/scheduler/twitter/scheduled_posts", timeout=5,
                              headers={"Authorization": f"Bearer {TOKEN}"},
                              json={"brand_id": brand, "status": "SCHEDULED",
                                    "auto_publish": True, "tweet_status": f"b{brand}",
                                    "timestamp": (NOW + timedelta(minutes=10)).isoformat()})
            assert resp.status_code == 201, resp.text
            failing.append(resp.json()["id"])
        _control(url, "outcomes", {str(pid): {"status": "FAILED", "error": "Media gone."}
                                   for pid in failing})
        _control(url, "clock", {"advance": 20 * 60})
        _control(url, "clock", {"advance": 5 * 60})
        recorder.lists.clear()
        assert main(["failed", "--json", "--all-brands"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert sorted(p["id"] for g in report["groups"] for p in g["posts"]) == sorted(failing)
    # ten platforms, one list call each for both brands (brand_ids is plural)
    assert len(recorder.lists) == 10, recorder.lists

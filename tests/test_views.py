"""Saved views: the relative windows, the config's checks, what a view selects."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from dashtui.config import Config, ConfigError, ViewConfig, load_config
from dashtui.store.cache import PostRow
from dashtui.views import (NEEDS_APPROVAL, ON_CALL, WhenError, brand_ids, find_view,
                           merge_views, parse_when, select)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 2, 10, 30, tzinfo=timezone.utc)  # a Wednesday, 11:30 in Paris


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, start, end", [
    ("today", utc(2026, 12, 1, 23), utc(2026, 12, 2, 23)),  # Paris midnights
    ("tomorrow", utc(2026, 12, 2, 23), utc(2026, 12, 3, 23)),
    ("yesterday", utc(2026, 11, 30, 23), utc(2026, 12, 1, 23)),
    ("this week", utc(2026, 11, 29, 23), utc(2026, 12, 6, 23)),  # Monday to Monday
    ("next week", utc(2026, 12, 6, 23), utc(2026, 12, 13, 23)),
    ("this month", utc(2026, 11, 30, 23), utc(2026, 12, 31, 23)),
    ("last 24h", utc(2026, 12, 1, 10, 30), NOW),
    ("next 7d", NOW, utc(2026, 12, 9, 10, 30)),
    ("Next 2 Weeks", NOW, utc(2026, 12, 16, 10, 30)),
    ("last 24h to next 24h", utc(2026, 12, 1, 10, 30), utc(2026, 12, 3, 10, 30)),
    ("now to tomorrow", NOW, utc(2026, 12, 3, 23)),
])
def test_relative_windows(text, start, end):
    assert parse_when(text).window(NOW, PARIS) == (start, end)


@pytest.mark.parametrize("text", ["", "soon", "last 3 fortnights", "next 0d",
                                  "tomorrow to today", "today to to tomorrow", "now"])
def test_bad_windows_are_refused(text):
    with pytest.raises(WhenError):
        parse_when(text)


def test_bad_view_values_are_config_errors_naming_the_key(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[[views]]\nname = "ok"\n\n[[views]]\nname = "bad"\nwhen = "someday"\n'
                    'statuses = ["FAILD"]\nplatforms = ["myspace"]\nbrands = true\n'
                    'approval = "maybe"\nalert_above = -2\ncolour = "red"\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    text = str(err.value)
    for key in ("views.1.when", "views.1.statuses", "views.1.platforms", "views.1.brands",
                "views.1.approval", "views.1.alert_above", "views.1.colour"):
        assert key in text, key
    assert "views.0" not in text
    assert "'FAILD'" in text and "'myspace'" in text and "'someday'" in text


def test_two_views_of_one_name_are_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[[views]]\nname = "Mine"\n\n[[views]]\nname = "mine"\n')
    with pytest.raises(ConfigError, match="views: two views are named 'mine'"):
        load_config(path)


def test_predefined_views_come_first_and_can_be_replaced_or_hidden():
    assert [v.name for v in merge_views([])] == [ON_CALL, NEEDS_APPROVAL]
    views = merge_views([ViewConfig(name="X posts", platforms=["X", "ig"]),
                         ViewConfig(name="On-Call", when="last 7d", statuses=["FAILED"]),
                         ViewConfig(name="needs approval", hide=True)])
    assert [v.name for v in views] == ["On-Call", "X posts"]
    on_call = views[0]
    assert on_call.when.text == "last 7d" and on_call.statuses == {"FAILED"}
    assert views[1].platforms == {"twitter", "instagram"}
    assert find_view(views, "  x   POSTS ") is views[1] and find_view(views, "nope") is None


def row(pid, status="FAILED", ts=NOW, platform="twitter", brand=144, caption="", error=None,
        approval=None) -> PostRow:
    return PostRow(platform, pid, brand, status, int(ts.timestamp()) if ts else None, None,
                   caption, 0, approval, error, 0)


def test_select_filters_on_every_field():
    view = merge_views([ViewConfig(name="v", platforms=["x"], statuses=["failed"],
                                   when="last 24h to next 24h", text="Cold  brew",
                                   brands="all")])[-1]
    rows = [row(1, caption="Our cold brew is back"),
            row(2, caption="cold coffee"),  # one word missing
            row(3, status="POSTED", caption="cold brew"),
            row(4, platform="instagram", caption="cold brew"),
            row(5, ts=utc(2026, 11, 29), caption="cold brew"),  # outside the window
            row(6, ts=None, caption="cold brew"),  # undated
            row(7, brand=145, caption="cold brew"),
            row(8, status="EXPIRED", error="cold BREW failed")]  # text matches the error
    start, end = view.window(NOW, PARIS)
    picked = select(view, [(r, None) for r in rows], start, end, [144])
    assert [r.id for r in picked] == [1, 8]
    picked = select(view, [(r, None) for r in rows], start, end, [144, 145])
    assert [r.id for r in picked] == [1, 7, 8]


def test_needs_approval_is_required_and_not_yet_approved():
    view = merge_views([])[1]
    start, end = view.window(NOW, PARIS)
    later = utc(2026, 12, 5)
    rows = [(row(1, "SCHEDULED", later, approval="PENDING"), "APPROVAL_REQUIRED"),
            (row(2, "SCHEDULED", later, approval="UNASSIGNED"), "APPROVAL_REQUIRED"),
            (row(3, "SCHEDULED", later, approval="APPROVED"), "APPROVAL_REQUIRED"),
            (row(4, "SCHEDULED", later), "APPROVAL_NOT_REQUIRED"),
            (row(5, "POSTED", later), "APPROVAL_REQUIRED"),
            (row(6, "SCHEDULED", utc(2026, 11, 30)), "APPROVAL_REQUIRED")]  # past
    assert [r.id for r in select(view, rows, start, end, [144])] == [1, 2]


def test_brands_of_a_view():
    class B:
        def __init__(self, id, slug, name):
            self.id, self.slug, self.name = id, slug, name

    known = [B(144, "acme", "Acme Coffee"), B(145, "other", "Other")]
    views = merge_views([ViewConfig(name="a", brands="all"), ViewConfig(name="c"),
                         ViewConfig(name="l", brands=["OTHER", 144, "nope"])])[2:]
    assert [brand_ids(v, 144, known) for v in views] == [[144, 145], [144], [145, 144]]
    assert brand_ids(views[1], None, known) == []


def test_config_keeps_views_checked_on_assignment():
    config = Config(views=[ViewConfig(name="a", when="today")])
    assert config.views[0].when == "today"
    with pytest.raises(ValueError):
        ViewConfig(name="b", when="whenever")


def test_the_default_alert_window_reads_as_written():
    from dashtui.config import ALERT_WINDOW
    from dashtui.views import parse_when

    assert parse_when(ALERT_WINDOW).text == ALERT_WINDOW

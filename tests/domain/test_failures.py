"""Failure grouping by cause, ages, and the next free slot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from dashtui.domain.failures import age, ago, cause_key, group_failures, next_free_slot

T = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


@dataclass
class Item:
    platform: str
    error: str | None
    ts: int | None = None
    status: str = "FAILED"

    @property
    def when(self):
        return None if self.ts is None else datetime.fromtimestamp(self.ts, timezone.utc)


def test_same_failure_with_other_ids_urls_and_numbers_is_one_cause():
    a = cause_key("Media https://cdn.dashsocial.com/media/full/1234.jpeg was not reachable "
                  "(HTTP 404).")
    b = cause_key("Media https://cdn.dashsocial.com/media/full/98765.jpeg was not reachable "
                  "(HTTP 404).")
    assert a == b == "Media <url> was not reachable (HTTP #)."
    assert cause_key("Access token expired for account 123.") == \
        cause_key("Access token expired for account 99881.")
    assert cause_key("Board 'Spring' gone, id 3c90c3cc-0d44-4b50-8888-8dd25736052a") == \
        cause_key("Board 'Autumn looks' gone, id 11111111-2222-4b50-8888-8dd25736052a")


def test_different_failures_stay_apart():
    assert cause_key("Access token expired for account 1.") != \
        cause_key("Media 1 could not be processed.")


def test_missing_error_text_is_grouped_by_status():
    assert cause_key(None, "EXPIRED") == "No error text from the service (expired)"
    assert cause_key("  ", "MISSING_APPROVALS") == "No error text from the service (missing approvals)"


def test_groups_biggest_first_with_platforms_and_oldest():
    t0 = int(T.timestamp())
    items = [Item("instagram", "Access token expired for account 1.", t0 - 3600),
             Item("facebook", "Access token expired for account 2.", t0 - 7200),
             Item("twitter", "Reply 3 of 4 failed with status 403.", t0 - 60),
             Item("instagram", "Access token expired for account 3.", t0)]
    groups = group_failures(items)
    assert [g.count for g in groups] == [3, 1]
    assert groups[0].platforms == ["facebook", "instagram"]
    assert groups[0].oldest() == T - timedelta(hours=2)
    assert [i.ts for i in groups[0].items] == sorted(i.ts for i in groups[0].items)
    assert groups[0].example().startswith("Access token expired")


def test_age_reads_like_a_person_would_say_it():
    assert age(T - timedelta(minutes=5), T) == "5 min"
    assert age(T - timedelta(hours=30), T) == "30 h"
    assert age(T - timedelta(days=3), T) == "3 d"
    assert age(T + timedelta(hours=2), T) == "in 2 h"
    assert age(None, T) == "—"


def test_ago_reads_right_both_ways():
    assert ago(T - timedelta(days=3), T) == "3 d ago"
    assert ago(T + timedelta(hours=2), T) == "in 2 h"  # not "in 2 h ago"
    assert ago(None, T) == "—"


def test_next_free_slot_skips_busy_times():
    assert next_free_slot([], T) == T + timedelta(minutes=30)
    busy = [T + timedelta(minutes=30), T + timedelta(minutes=80)]
    # 12:30 and 13:00 are within an hour of 12:30; 13:30, 14:00 within an hour of 13:20
    assert next_free_slot(busy, T) == T + timedelta(minutes=150)
    assert next_free_slot([], T + timedelta(minutes=7)) == T + timedelta(minutes=30)


def test_a_post_failed_on_two_accounts_for_two_causes_is_in_both_groups():
    from collections import namedtuple

    Row = namedtuple("Row", "key platform status ts when error")
    two = Row(("tiktok", "p-1"), "tiktok", "PARTIALLY_FAILED", 10, None,
              "[@bakery] Access token expired for account 991\n"
              "[@bakery-ig] Media https://x.example/a.mp4 was not reachable (HTTP 404)")
    one = Row(("tiktok", "p-2"), "tiktok", "FAILED", 20, None,
              "[@other] Access token expired for account 12")
    groups = {g.cause: g for g in group_failures([two, one])}
    token = groups["Access token expired for account #"]
    media = groups["Media <url> was not reachable (HTTP #)"]
    assert [i.key for i in token.items] == [("tiktok", "p-1"), ("tiktok", "p-2")]
    assert [i.key for i in media.items] == [("tiktok", "p-1")]
    # each entry shows the line of its own account, not the whole text
    assert media.items[0].error.startswith("[@bakery-ig] Media")

"""Typed times: every accepted form, the zone they are read in, and DST traps."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from dashtui.domain.when import WhenError, parse_day, parse_when

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)  # a Sunday, 11:00 in Paris


def when(text, zone=PARIS, current=None, now=NOW):
    return parse_when(text, now=now, zone=zone, current=current)


@pytest.mark.parametrize("text, expected_local", [
    ("2026-12-01 14:00", "2026-12-01 14:00"),
    ("2026-12-01T14:00", "2026-12-01 14:00"),
    ("12-01 14:00", "2026-12-01 14:00"),
    ("01-15 08:30", "2027-01-15 08:30"),  # a past month-day means next year
    ("14:00", "2026-11-22 14:00"),
    ("9am", "2026-11-22 09:00"),
    ("2:30pm", "2026-11-22 14:30"),
    ("tomorrow 9:00", "2026-11-23 09:00"),
    ("today 18:30", "2026-11-22 18:30"),
    ("mon 10:00", "2026-11-23 10:00"),
    ("sun 10:00", "2026-11-29 10:00"),  # today is Sunday: the next one
    ("tomorrow", "2026-11-23 09:00"),
    ("+2h", "2026-11-22 13:00"),
    ("+15m", "2026-11-22 11:15"),
    ("-30min", "2026-11-22 10:30"),
    ("+1d", "2026-11-23 11:00"),
    ("+1w", "2026-11-29 11:00"),
])
def test_accepted_forms(text, expected_local):
    result = when(text)
    assert result.local.strftime("%Y-%m-%d %H:%M") == expected_local
    assert result.utc.tzinfo == timezone.utc
    assert result.utc == result.local.astimezone(timezone.utc)
    assert result.warning is None


def test_bare_time_lands_on_the_posts_day_and_bare_day_keeps_its_time():
    current = datetime(2026, 12, 5, 16, 45, tzinfo=timezone.utc)  # 17:45 Paris
    assert when("09:15", current=current).local.strftime("%d %H:%M") == "05 09:15"
    assert when("tomorrow", current=current).local.strftime("%d %H:%M") == "23 17:45"


def test_zone_decides_utc():
    ny = when("2026-12-01 14:00", zone=ZoneInfo("America/New_York"))
    assert ny.utc == datetime(2026, 12, 1, 19, 0, tzinfo=timezone.utc)


def test_empty_means_no_time():
    assert when("   ") is None


def test_dst_gap_is_refused_with_both_readings():
    with pytest.raises(WhenError) as err:
        when("2027-03-28 02:30")  # Paris jumps 02:00 -> 03:00
    message = str(err.value)
    assert "does not exist" in message and "03:30" in message and "01:30" in message
    # either suggestion, typed back, is read
    assert when("2027-03-28 03:30").utc == datetime(2027, 3, 28, 1, 30, tzinfo=timezone.utc)


def test_dst_overlap_is_refused_and_an_offset_picks_one():
    with pytest.raises(WhenError) as err:
        when("2027-10-31 02:30")  # Paris repeats 02:00-03:00
    assert "happens twice" in str(err.value) and "+02:00" in str(err.value)
    first, second = when("2027-10-31 02:30 +02:00"), when("2027-10-31 02:30 CET")
    assert first.utc == datetime(2027, 10, 31, 0, 30, tzinfo=timezone.utc)
    assert second.utc == datetime(2027, 10, 31, 1, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", ["25:00", "14", "2026-02-30 10:00", "13pm", "next week",
                                  "+2y", "tomorrow noonish"])
def test_rejects_with_a_hint(text):
    with pytest.raises(WhenError) as err:
        when(text)
    assert str(err.value)


@pytest.mark.parametrize("text", ["9999-12-31 23:59", "0001-01-01 00:00", "9999-12-31",
                                  "+999999999w", "-999999999w", "+5000000d",
                                  "+" + "9" * 40 + "m", "2037-01-01 09:00"])
@pytest.mark.parametrize("zone", [PARIS, ZoneInfo("America/Los_Angeles"),
                                  ZoneInfo("Pacific/Kiritimati")])
def test_out_of_range_is_an_ordinary_error(text, zone):
    with pytest.raises(WhenError, match="out of range"):
        when(text, zone=zone)


def test_ten_years_ahead_is_still_fine():
    assert when("+520w").utc.year == 2036
    assert when("2036-06-01 09:00").local.year == 2036


# -- the one day grammar: the time field's day part, `g` (go to date) and the CLI's dates ----
TODAY = NOW.astimezone(PARIS).date()  # Sunday 2026-11-22


@pytest.mark.parametrize("text, browsing, scheduling", [
    ("2026-12-01", "2026-12-01", "2026-12-01"),
    ("12-01", "2026-12-01", "2026-12-01"),
    ("03-01", "2026-03-01", "2027-03-01"),  # past: this year when browsing, next when planning
    ("25", "2026-11-25", "2026-11-25"),
    ("5", "2026-11-05", "2026-12-05"),
    ("today", "2026-11-22", "2026-11-22"),
    ("t", "2026-11-22", "2026-11-22"),
    ("yesterday", "2026-11-21", "2026-11-21"),
    ("mon", "2026-11-23", "2026-11-23"),
    ("Sunday", "2026-11-29", "2026-11-29"),  # today is Sunday: the next one
    ("+3", "2026-11-25", "2026-11-25"),
    ("-2w", "2026-11-08", "2026-11-08"),
    ("+1m", "2026-12-22", "2026-12-22"),  # a day has no minutes: m is a month
    ("+1mo", "2026-12-22", "2026-12-22"),
])
def test_one_day_grammar(text, browsing, scheduling):
    assert parse_day(text, TODAY).isoformat() == browsing
    assert parse_day(text, TODAY, ahead=True).isoformat() == scheduling


@pytest.mark.parametrize("text, message", [
    ("02-30", "no such day"), ("31-01", "no such day"), ("next week", "can't read"),
    ("+9999999", "out of range"), ("+999999w", "out of range"), ("-999999m", "out of range"), ("", "can't read"),
])
def test_a_day_that_cannot_be_read_says_why(text, message):
    with pytest.raises(WhenError, match=message):
        parse_day(text, TODAY)


def test_the_time_field_reads_days_with_the_same_grammar():
    """What `g` accepts as a day, the editor accepts as the day of a time (with `ahead`)."""
    assert when("+3 14:00").local.strftime("%Y-%m-%d %H:%M") == "2026-11-25 14:00"
    assert when("yesterday 9am").local.strftime("%Y-%m-%d %H:%M") == "2026-11-21 09:00"
    assert when("+1mo").local.strftime("%Y-%m-%d %H:%M") == "2026-12-22 09:00"
    assert when("25 18:00").local.strftime("%Y-%m-%d %H:%M") == "2026-11-25 18:00"
    # in a time, m stays minutes
    assert when("+15m").local.strftime("%Y-%m-%d %H:%M") == "2026-11-22 11:15"


def test_a_bare_number_in_the_time_field_asks_rather_than_guesses():
    with pytest.raises(WhenError, match=r"14:00 for a time.*11-14"):
        when("14")


# -- a zone in the text: `09:30 PST`, `brand 09:30`, `tomorrow 09:30 America/Los_Angeles` ----
LA = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize("text, utc", [
    ("09:30 PST", "2026-11-22 17:30"),
    ("brand 09:30", "2026-11-22 17:30"),
    ("09:30 brand", "2026-11-22 17:30"),
    ("tomorrow 09:30 America/Los_Angeles", "2026-11-23 17:30"),
    ("tomorrow 09:30 america/los_angeles", "2026-11-23 17:30"),
    ("2026-12-15 09:30 Europe/Paris", "2026-12-15 08:30"),
    ("2026-12-15 09:30 CET", "2026-12-15 08:30"),
    ("14:00 UTC", "2026-11-22 14:00"),
    ("14:00 +05:30", "2026-11-22 08:30"),
    ("2026-12-01T14:00Z", "2026-12-01 14:00"),
    ("2026-12-01T14:00-05:00", "2026-12-01 19:00"),
    ("local 9am", "2026-11-22 08:00"),  # local: the field's zone (Paris here)
    ("+2h PST", "2026-11-22 12:00"),  # a relative time is the same instant in any zone
])
def test_a_named_zone_decides(text, utc):
    result = when(text, zone=PARIS) if "brand" not in text else parse_when(
        text, now=NOW, zone=PARIS, brand_zone=LA)
    assert result.utc.strftime("%Y-%m-%d %H:%M") == utc


def test_tomorrow_is_a_day_in_the_named_zone():
    late = datetime(2026, 11, 23, 6, 0, tzinfo=timezone.utc)  # Mon in Paris, Sun in LA
    assert when("tomorrow 09:30 PST", now=late).utc == datetime(
        2026, 11, 23, 17, 30, tzinfo=timezone.utc)
    assert when("tomorrow 09:30", now=late).local.day == 24


def test_pst_in_july_is_the_fixed_offset_and_says_so():
    """Decided (zones.py): an abbreviation is its fixed offset all year; out of season the
    answer notes what the home zone's clock shows."""
    summer = when("2027-07-15 09:30 PST")
    assert summer.utc == datetime(2027, 7, 15, 17, 30, tzinfo=timezone.utc)
    assert summer.warning and "PDT" in summer.warning and "10:30" in summer.warning
    wall = when("2027-07-15 09:30 America/Los_Angeles")
    assert wall.utc == datetime(2027, 7, 15, 16, 30, tzinfo=timezone.utc) and not wall.warning
    assert when("2027-01-15 09:30 PST").warning is None  # in season: nothing to say


def test_overlap_in_the_brand_zone_takes_edt_or_est():
    with pytest.raises(WhenError, match="happens twice"):
        parse_when("2026-11-01 01:30 America/New_York", now=NOW, zone=PARIS)
    edt = when("2026-11-01 01:30 EDT")
    est = when("2026-11-01 01:30 EST")
    assert (est.utc - edt.utc).total_seconds() == 3600


@pytest.mark.parametrize("text, words", [
    ("brand 09:30", "no time zone set"),
    ("09:30 Mars/Olympus", "not a time zone"),
    ("09:30 PST CET", "two zones"),
    ("PST", "only a zone"),
    ("09:30 +15:00", "not a UTC offset"),
])
def test_bad_zones_say_what_to_type(text, words):
    with pytest.raises(WhenError, match=words):
        when(text)


def test_a_day_can_name_its_zone():
    from dashtui.domain.when import parse_day_in

    late = datetime(2026, 11, 23, 6, 0, tzinfo=timezone.utc)  # Mon in Paris, Sun in LA
    assert parse_day_in("today", now=late, zone=PARIS).isoformat() == "2026-11-23"
    assert parse_day_in("today brand", now=late, zone=PARIS,
                        brand_zone=LA).isoformat() == "2026-11-22"
    assert parse_day_in("tomorrow PST", now=late, zone=PARIS).isoformat() == "2026-11-23"

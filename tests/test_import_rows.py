"""Reading an import file: header, cells, times, file lines (no service needed)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from dashtui.importer.rows import FileError, parse_time, read_file

PARIS = ZoneInfo("Europe/Paris")


def _read(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_file(data, "f.csv", PARIS)


@pytest.mark.parametrize("text, message", [
    ("", "f.csv is empty"),
    ("platform,text\n\n", "has a header but no rows"),
    ("platform,text,text\nx,a,b\n", "column 'text' is given twice"),
    ("platform,caption,text\nx,a,b\n", "column 'text' is given twice (as text)"),
    ("text,time\nhi,\n", "no 'platform' column"),
    ("platform,txt\n", "'txt' (did you mean 'text'?)"),
    ("platform,,text\n", "an empty column name"),
    ("X,hello,2026-12-01\n", "line 1 is not a header row: found 'X', 'hello', '2026-12-01'"),
    (b"platform,text\nX,caf\xe9\n", "not UTF-8 text (line 2"),
    ('platform,text\nX,"never closed\n', None),  # csv reads to the end: one row, no crash
])
def test_file_errors_name_the_problem(text, message):
    if message is None:
        assert len(_read(text).rows) == 1
        return
    with pytest.raises(FileError, match=None) as info:
        _read(text)
    assert message in str(info.value)


def test_a_bom_and_any_header_case_are_fine():
    imported = _read("\ufeffPlatform,TEXT,Time\nX,hi,2026-12-01 09:00\n")
    assert imported.columns == ["platform", "text", "time"] and imported.rows[0].ok


def test_file_lines_follow_quoted_line_breaks_and_skip_blank_lines():
    imported = _read('platform,text\nX,"a\nb\nc"\n\nX,d\nX,"e\r\nf"\n')
    assert [(r.line, r.end_line) for r in imported.rows] == [(2, 4), (6, 6), (7, 8)]


def test_too_many_cells_is_an_error_on_that_row():
    [row] = _read("platform,text\nX,hello, world\n").rows
    assert "has 3 cells but the header names 2 columns" in row.errors[0].message


@pytest.mark.parametrize("text, utc, zone", [
    ("2026-12-15 09:30", "2026-12-15T08:30", "Europe/Paris"),
    ("2026-12-15T09:30", "2026-12-15T08:30", "Europe/Paris"),
    ("2026-12-15 09:30 America/Los_Angeles", "2026-12-15T17:30", "America/Los_Angeles"),
    ("2026-12-15 09:30 UTC", "2026-12-15T09:30", "UTC"),
    ("2026-12-15T09:30:00-08:00", "2026-12-15T17:30", "its offset"),
    ("2026-12-15T09:30:00Z", "2026-12-15T09:30", "its offset"),
])
def test_times_with_and_without_a_zone(text, utc, zone):
    moment, warning, where = parse_time(text, PARIS)
    assert moment == datetime.fromisoformat(utc).replace(tzinfo=timezone.utc)
    assert where == zone and warning is None


def test_a_time_in_a_dst_gap_is_a_warning():
    [row] = _read("platform,text,time\nX,hi,2027-03-28 02:30\n").rows
    assert row.ok and "does not exist" in row.warnings[0].message


@pytest.mark.parametrize("text, message", [
    ("tomorrow 9:00", "can't read"),
    ("2026-12-15 09:30 Europe/Pariss", "'Europe/Pariss' is not a time zone (did you mean "
                                       "'Europe/Paris'?)"),
    ("2026-12-15T09:30+01:00 Europe/Paris", "gives both an offset and a zone"),
])
def test_times_that_are_refused(text, message):
    with pytest.raises(ValueError) as info:
        parse_time(text, PARIS)
    assert message in str(info.value)


def test_cells_are_read_by_their_field():
    [row] = _read("platform,text,auto_publish,disable_duet,thumbnail_offset,music_info\n"
                  "tiktok,hi,no,YES,1500,{\"id\": 7}\n").rows
    assert row.ok, row.findings
    assert row.body["auto_publish"] is False and row.body["disable_duet"] is True
    assert row.body["thumbnail_offset"] == 1500 and row.body["music_info"] == {"id": 7}
    [bad] = _read("platform,text,auto_publish,music_info\ntiktok,hi,maybe,{nope\n").rows
    messages = " ".join(f.message for f in bad.errors)
    assert "auto_publish: 'maybe' is not true or false" in messages
    assert "music_info: not valid JSON" in messages


def test_identical_rows_are_told_apart_and_a_row_keeps_its_key_when_others_change():
    a = _read("platform,text\nX,same\nX,same\nX,other\n").rows
    b = _read("platform,text\nX,new first\nX,same\nX,same\n").rows
    assert len({r.key for r in a}) == 3
    assert {r.key for r in a[:2]} == {r.key for r in b[1:]}

"""The shared post filter's words and cycling, and where a search word sits in shown text."""

from __future__ import annotations

import pytest

from dashtui.ui.filter_state import PostFilter, next_platform, next_status, parse_filter
from dashtui.ui.widgets.search import haystack, matches, spans, terms_of


def test_filter_words_for_the_header_and_status_lines():
    f = PostFilter.of(platforms=["TWITTER", "instagram"],
                      statuses=["DRAFT", "FAILED", "PARTIALLY_FAILED", "EXPIRED", "ODD_NEW"],
                      text="  cold [b]brew  ")
    assert f.platforms == {"twitter", "instagram"} and "DRAFT" in f.statuses
    assert f.describe() == "Instagram, X · drafts, failed, odd new · “cold [b]brew”"
    assert f.describe(short=True) == "IG X · drafts+failed+odd new · “cold [b]brew”"
    assert f.describe(text=False) == "Instagram, X · drafts, failed, odd new"
    assert f.keeps("twitter", "DRAFT") and not f.keeps("tiktok", "DRAFT")
    assert not f.keeps("twitter", "SCHEDULED")
    assert PostFilter().describe() == "" and not PostFilter().active
    assert PostFilter(text="x").active and not PostFilter(text="x").narrows


def test_s_and_p_cycle_and_a_mix_goes_back_to_all():
    seen, statuses = [], frozenset()
    for _ in range(6):
        statuses = next_status(statuses)
        seen.append(statuses)
    assert seen[-1] == frozenset() and len(set(seen)) == 6
    assert next_status(frozenset({"DRAFT", "FAILED"})) == frozenset()
    assert next_platform(frozenset()) == {"instagram"}
    assert next_platform(frozenset({"bluesky"})) == frozenset()  # the last, then all
    assert next_platform(frozenset({"instagram", "twitter"})) == frozenset()


def test_search_text_and_spans():
    hay = haystack("Cold Brew is back", 42, "twitter", "FAILED")
    assert matches(hay, terms_of("brew X")) and matches(hay, ["42", "failed"])
    assert not matches(hay, terms_of("brew tiktok"))
    assert spans("Cold Brew, cold brew", ["brew"]) == [(5, 9), (16, 20)]
    assert spans("Cold Brew", ["co", "old"]) == [(0, 4)]  # overlapping: one span
    # case-folding that changes length: "ß" folds to "ss", spans still index the text shown
    assert spans("Straße Maß", ["ss"]) == [(4, 5), (9, 10)]
    assert spans("[bold]x[/bold]", ["bold"]) == [(1, 5), (9, 13)]
    assert spans("anything", []) == [] and spans("", ["a"]) == []


def test_a_filter_from_a_command_line():
    f = parse_filter("status:failed,drafts platform:ig,X,linkedin cold brew")
    assert f.platforms == {"instagram", "twitter", "linkedin"}
    assert f.statuses == {"FAILED", "PARTIALLY_FAILED", "EXPIRED", "DRAFT"}
    assert f.text == "cold brew"
    assert parse_filter("s:needs_action,SKIPPED").statuses == {
        "MISSING_APPROVALS", "USERS_NOTIFIED", "SKIPPED"}
    assert parse_filter("") == PostFilter()
    with pytest.raises(ValueError, match="no platform called 'myspace'"):
        parse_filter("platform:myspace")
    with pytest.raises(ValueError, match="no status called 'lost'"):
        parse_filter("status:lost")

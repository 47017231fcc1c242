"""Checks, diffs and confirmations say words, not wire names."""

from dashtui.labels import field_label
from dashtui.errors import summarize_fields
from dashtui.ui.screens.diff import diff_rows


def test_wire_names_become_words():
    assert field_label("tweet_status") == "Tweet text"
    assert field_label("brand_id") == "Brand"
    assert field_label("meta.pinterestBoard") == "Board"
    assert field_label("timestamp") == "Time"
    assert field_label("replies.0") == "Replies 1"
    assert field_label("_schema") == ""
    assert field_label("brand_new_field") == "Brand new field"  # unknown: still words


def test_server_errors_are_summarised_in_words():
    text = summarize_fields({"tweet_status": ["Too long."], "brand_id": ["Unknown."],
                             "_schema": ["Bad body."]})
    assert text == "Tweet text: Too long.; Brand: Unknown.; Bad body."
    assert "tweet_status" not in text and "brand_id" not in text


def test_a_diff_of_fields_the_editor_does_not_show_names_them_in_words():
    rows = diff_rows({"brand_id": 1, "meta": {}}, {"brand_id": 2, "meta": {"title": "x"}},
                     {"timestamp": "Time"})
    assert [r.label for r in rows] == ["Brand", "Title"]

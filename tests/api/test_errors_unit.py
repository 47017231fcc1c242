"""Pure helpers of errors.py and retry.py: no HTTP."""

from __future__ import annotations

import copy
import pickle
import random
from datetime import datetime, timezone

from dashtui.backends.dash.errors import (ConnectionFailed, DashTimeout, NotFoundError, RateLimitError,
                                ServerError, ValidationError, clean_url, flatten_errors,
                                server_words, summarize_fields)
from dashtui.backends.dash.retry import RateLimit, RetryPolicy, parse_reset, parse_retry_after


def test_flatten_drops_location_and_joins_nested_fields():
    errors = {"json": {"meta": {"title": ["Missing data for required field."]},
                       "caption": ["Unknown field."],
                       "media_ids": {"0": ["Not a valid integer."]}},
              "query": {"brand_ids": ["Missing data for required field."]}}
    assert flatten_errors(errors) == {
        "meta.title": ["Missing data for required field."],
        "caption": ["Unknown field."],
        "media_ids.0": ["Not a valid integer."],
        "brand_ids": ["Missing data for required field."],
    }


def test_flatten_tolerates_unlocated_strings_and_lists():
    assert flatten_errors({"caption": "Unknown field."}) == {"caption": ["Unknown field."]}
    assert flatten_errors(["Bad post."]) == {"_schema": ["Bad post."]}
    assert flatten_errors({"replies": [{"tweet_status": ["Too long."]}]}) == {
        "replies.0.tweet_status": ["Too long."]}
    assert flatten_errors({}) == {}


def test_server_words_order_message_errors_description_status():
    assert server_words({"message": "Invalid media_id", "errors": {"x": ["y"]}}) == \
        "Invalid media_id"
    assert server_words({"errors": {"json": {"tweet_status": ["Unknown field."]}}}) == \
        "Tweet text: Unknown field."
    assert server_words({"description": "Old style"}) == "Old style"
    assert server_words({"code": 422, "status": "Unprocessable Entity"}) == \
        "Unprocessable Entity"
    assert server_words("not a dict") == ""


def test_summary_is_one_line_and_bounded():
    fields = {f"f{i}": ["bad."] for i in range(5)}
    text = summarize_fields(fields)
    assert "\n" not in text and text.endswith("(and 2 more)")


def test_clean_url_strips_credentials_and_secret_query_values():
    url = "https://user:pw@host.example:8443/x?brand_ids=1&access_token=abc&X-Amz-Signature=s"
    cleaned = clean_url(url)
    assert "user" not in cleaned and "pw" not in cleaned and "abc" not in cleaned
    assert "brand_ids=1" in cleaned and "host.example:8443" in cleaned


def test_messages_are_one_safe_line():
    err = NotFoundError("Not found:\n post 1 \x1b[31mred\x1b[0m 👩‍💻 نص")
    assert str(err) == "Not found: post 1 \ufffd[31mred\ufffd[0m 👩‍💻 نص"
    assert err.args == (str(err),)


def test_errors_pickle_and_copy_with_their_attributes():
    err = ValidationError("Dash rejected the post: caption: Unknown field.", status=422,
                          method="POST", url="https://s/x", field_errors={"caption": ["u"]})
    for clone in (pickle.loads(pickle.dumps(err)), copy.copy(err)):
        assert type(clone) is ValidationError
        assert clone.field_errors == {"caption": ["u"]} and str(clone) == str(err)


def test_retryable_flags():
    assert RateLimitError("x").retryable and ServerError("x").retryable
    assert DashTimeout("x").retryable and ConnectionFailed("x").retryable
    assert not NotFoundError("x").retryable and not ValidationError("x").retryable


# -- retry policy -----------------------------------------------------------------------
def test_backoff_doubles_and_caps():
    p = RetryPolicy(jitter=False, base_delay=0.5, max_delay=3)
    assert [p.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3, 3]


def test_jitter_stays_within_half_to_full():
    p = RetryPolicy(rng=random.Random(1))
    for n in range(1, 8):
        full = min(8, 0.5 * 2 ** (n - 1))
        assert full / 2 <= p.backoff(n) <= full


def test_next_delay_rules():
    p = RetryPolicy(jitter=False)
    boom = ServerError("x", status=503)
    assert p.next_delay("GET", boom, 1, 0) == 0.5
    assert p.next_delay("DELETE", boom, 2, 0) == 1.0
    assert p.next_delay("POST", boom, 1, 0) is None
    assert p.next_delay("PATCH", boom, 1, 0) is None
    assert p.next_delay("GET", boom, 4, 0) is None  # max_attempts reached
    assert p.next_delay("GET", ServerError("x", status=500), 1, 0) is None
    assert p.next_delay("GET", NotFoundError("x", status=404), 1, 0) is None
    assert p.next_delay("GET", DashTimeout("x"), 1, 29.8) is None  # over the budget
    assert p.next_delay("GET", RateLimitError("x", retry_after=12), 1, 0) == 12
    assert p.next_delay("GET", RateLimitError("x", retry_after=45), 1, 0) is None


def test_retry_after_and_reset_parsing():
    assert parse_retry_after("7", now=0) == 7
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=40) == 60
    assert parse_retry_after("soon", now=0) is None
    assert parse_reset("1591064298") == datetime.fromtimestamp(1591064298, tz=timezone.utc)
    assert parse_reset("x") is None and parse_reset(None) is None


def test_rate_limit_from_headers():
    rl = RateLimit.from_headers({"x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0",
                                 "x-ratelimit-reset": "1591064298"}, now=1591064200)
    assert rl.limit == 1000 and rl.remaining == 0 and rl.exhausted
    assert rl.reset_at.timestamp() == 1591064298
    assert RateLimit.from_headers({}, now=0) is None

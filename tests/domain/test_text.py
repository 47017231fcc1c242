"""How each network counts text."""

from __future__ import annotations

import regex
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashtui.domain.platforms import SPECS, X_PREMIUM_LIMIT, Platform, TextUnit
from dashtui.domain.posts import new_post
from dashtui.domain.text import (
    EMOJI_START,
    GRAPHEME,
    chars_emoji_bytes,
    count,
    emoji_count,
    graphemes,
    hashtags,
    measure,
    measures,
    urls,
    utf8_bytes,
    x_weighted,
)

FAMILY = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"  # 7 code points
RAINBOW_FLAG = "\U0001F3F3\uFE0F\u200D\U0001F308"
THUMBS_MEDIUM = "\U0001F44D\U0001F3FD"  # thumbs up, medium skin tone
FRANCE = "\U0001F1EB\U0001F1F7"
KEYCAP_ONE = "1\uFE0F\u20E3"
SCOTLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"
HEART_ON_FIRE = "\u2764\u200D\U0001F525"  # text-default heart inside a ZWJ sequence
E_ACUTE_DECOMPOSED = "e\u0301"


# -- X ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, weight", [
    ("", 0),
    ("hello", 5),
    ("a" * 280, 280),
    ("你好", 4),  # CJK weighs 2
    ("こんにちは世界", 14),
    ("안녕", 4),
    ("مرحبا", 5),  # Arabic lies in the light range
    ("שלום", 4),  # Hebrew too
    ("\u2018quoted\u2019", 8),  # curly quotes are light (8208-8223)
    ("\u2026", 2),  # the ellipsis is not
    (E_ACUTE_DECOMPOSED, 1),  # NFC makes it one code point
    ("\U0001F600", 2),
    (THUMBS_MEDIUM, 2),
    (FAMILY, 2),
    (RAINBOW_FLAG, 2),
    (HEART_ON_FIRE, 2),
    (FRANCE, 2),
    (FRANCE + "\U0001F1E9\U0001F1EA", 4),  # two flags
    (KEYCAP_ONE, 2),
    (SCOTLAND, 2),
    ("\u00a9", 1),  # © without VS16 is text, and light
    ("\u00a9\uFE0F", 2),  # with VS16 an emoji
    ("\u2764\uFE0F", 2),
    ("https://example.com/" + "a" * 100, 23),  # any URL weighs 23
    ("http://t.co", 23),
    ("see https://example.com/x?y=1 now", 31),
    ("go to example.com/launch.", 30),  # trailing full stop is not part of the URL
    ("www.example.co", 23),
    ("t.co", 23),
    ("example.com", 23),
    ("example.co", 10),  # twitter-text: bare one-label country domain without path: text
    ("example.co/x", 23),
    ("file.py", 7),
    ("user@example.com", 16),  # an email address is not a link
    ("e.g. this", 9),
    ("(https://a.b.com/x)", 25),
    ("日本 " + FRANCE + " https://example.com", 4 + 1 + 2 + 1 + 23),
])
def test_x_weighted(text, weight):
    assert x_weighted(text) == weight
    assert count(text, TextUnit.WEIGHTED) == weight


@pytest.mark.parametrize("text, found", [
    ("no links here.", []),
    ("a https://example.com/x, b example.org.", ["https://example.com/x", "example.org"]),
    ("path end example.com/a/b)!", ["example.com/a/b"]),
    ("not.a.tld", []),
    ("mail me@example.com", []),
])
def test_urls(text, found):
    assert urls(text) == found


# -- Bluesky: graphemes -----------------------------------------------------------------------
@pytest.mark.parametrize("text, n", [
    ("", 0),
    ("abc", 3),
    ("a\r\nb", 3),  # CR LF is one
    (E_ACUTE_DECOMPOSED, 1),
    ("e\u0301\u0302\u0303", 1),  # stacked combining marks
    (FAMILY, 1),
    (RAINBOW_FLAG, 1),
    (THUMBS_MEDIUM, 1),
    (FRANCE * 2, 2),
    (FRANCE + "\U0001F1E9", 2),  # a lone regional indicator is its own
    (KEYCAP_ONE, 1),
    (SCOTLAND, 1),
    ("\u0915\u094D\u0937\u093F", 1),  # Devanagari conjunct kshi
    ("\u1100\u1161\u11A8", 1),  # Hangul jamo L V T
    ("\uAC00\u11A8", 1),  # syllable + trailing jamo
    ("안녕하세요", 5),
    ("שָׁלוֹם", 4),  # Hebrew with points
    ("مرحبا", 5),
    ("\n\u0301", 2),  # a mark after a newline stands alone
])
def test_graphemes(text, n):
    assert graphemes(text) == n == len(GRAPHEME.findall(text))


# characters that make segmentation interesting; the fast path must agree with \X everywhere
_TRICKY = [chr(c) for c in (
    0x61, 0x20, 0x0A, 0x0D, 0x09, 0x300, 0x301, 0x200D, 0x200C, 0xFE0F, 0x20E3, 0x31, 0x23,
    0x1F468, 0x1F469, 0x1F3FD, 0x1F1EB, 0x1F1F7, 0x2764, 0x1F525, 0x1F3F4, 0xE0067, 0xE007F,
    0x0915, 0x094D, 0x0937, 0x093F, 0x0903, 0x0E01, 0x0E33, 0x1100, 0x1161, 0x11A8, 0xAC00,
    0xAC01, 0x0600, 0x0D4E, 0x4E00, 0x05E9, 0x05B8, 0x0627,
)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY), max_size=40).map("".join))
def test_graphemes_agree_with_regex(text):
    assert graphemes(text) == len(GRAPHEME.findall(text))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY), min_size=60, max_size=300).map("".join))
def test_graphemes_agree_with_regex_on_long_text(text):
    assert graphemes(text) == len(GRAPHEME.findall(text))


# -- Threads: emoji count their UTF-8 bytes -----------------------------------------------------
@pytest.mark.parametrize("text, n", [
    ("hello", 5),
    ("\U0001F600", 4),
    (THUMBS_MEDIUM, 8),
    (FAMILY, 25),
    (FRANCE, 8),
    (KEYCAP_ONE, 7),
    ("\u2764", 1),  # text-default heart, not an emoji
    ("\u2764\uFE0F", 6),
    ("你好", 2),  # non-emoji count as characters
    ("café", 4),
    ("hi \U0001F44B", 7),
])
def test_threads_count(text, n):
    assert chars_emoji_bytes(text) == n == count(text, TextUnit.CHARS_EMOJI_BYTES)


@pytest.mark.parametrize("text, n", [("abc", 3), ("é", 2), ("你好", 6), ("\U0001F600", 4),
                                     ("<>", 2)])
def test_bytes(text, n):
    assert utf8_bytes(text) == n == count(text, TextUnit.BYTES)


@pytest.mark.parametrize("text, n", [("abc", 3), (E_ACUTE_DECOMPOSED, 2), (FAMILY, 7)])
def test_code_points(text, n):
    assert count(text, TextUnit.CHARS) == n


@pytest.mark.parametrize("text, n", [
    ("", 0), (FAMILY + FRANCE + KEYCAP_ONE, 3), ("\u00a9 \u2122", 0), ("\u00a9\uFE0F", 1),
    ("a\U0001F3FDb", 1), ("text " + SCOTLAND + " " + HEART_ON_FIRE, 2), ("#1 *", 0),
])
def test_emoji_count(text, n):
    assert emoji_count(text) == n


def test_every_emoji_start_is_scanned_for():
    """EMOJI_START must cover every code point an emoji can begin with (Unicode data)."""
    starts = regex.compile(r"[\p{ExtPict}\p{EPres}\p{EMod}\p{RI}]")
    text = "".join(chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c <= 0xDFFF)
    missing = [hex(ord(ch)) for ch in starts.findall(text) if not EMOJI_START.match(ch)]
    assert missing == []


# -- Instagram hashtags -----------------------------------------------------------------------
@pytest.mark.parametrize("text, n", [
    ("", 0), ("#a #b", 2), ("#新品 #café #مرحبا", 3), ("# not a tag", 0), ("#tag#two", 2),
    ("C# and F#", 0), ("#_", 1), ("##double", 1), ("#2026", 1),
])
def test_hashtags(text, n):
    assert hashtags(text) == n


# -- measuring a post -------------------------------------------------------------------------
def _limit(platform, field):
    return next(x for x in SPECS[Platform(platform)].text_limits if x.field == field)


@pytest.mark.parametrize("platform, fields, field, label", [
    ("twitter", {"tweet_status": "a" * 287}, "tweet_status", "X 287/280"),
    ("instagram", {"caption": "a" * 2300}, "caption", "Instagram 2,300/2,200"),
    ("youtube", {"description": "é" * 2406}, "description",
     "YouTube description 4,812/5,000 bytes"),
    ("youtube", {"title": "Launch"}, "title", "YouTube title 6/100"),
    ("pinterest", {"meta": {"title": "Pin"}}, "meta.title", "Pinterest title 3/100"),
    ("bluesky", {"text": FAMILY * 3}, "text", "Bluesky 3/300 graphemes"),
    ("threads", {"text": "\U0001F600"}, "text", "Threads 4/500"),
    ("facebook", {}, "first_comment", "Facebook first comment 0/8,000"),
])
def test_measure_label(platform, fields, field, label):
    m = measure(new_post(platform, **fields), _limit(platform, field))
    assert m.label == label
    assert m.field == field


def test_measure_x_premium():
    post = new_post("twitter", tweet_status="a" * 300)
    limit = _limit("twitter", "tweet_status")
    assert measure(post, limit).over
    premium = measure(post, limit, x_premium=True)
    assert (premium.used, premium.limit, premium.over) == (300, X_PREMIUM_LIMIT, False)
    assert premium.label == "X 300/25,000"
    assert premium.remaining == X_PREMIUM_LIMIT - 300


def test_measure_soft_limit():
    limit = _limit("pinterest", "note")
    assert measure(new_post("pinterest", note="a" * 500), limit).severity is None
    assert measure(new_post("pinterest", note="a" * 501), limit).severity == "warning"
    assert measure(new_post("pinterest", note="a" * 801), limit).severity == "error"


@pytest.mark.parametrize("platform", list(Platform))
def test_measures_cover_every_limit(platform):
    post = new_post(platform)
    got = measures(post)
    assert [m.field for m in got] == [x.field for x in SPECS[platform].text_limits]
    assert all(m.used == 0 and not m.over for m in got)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_counts_never_fail(text):
    for unit in TextUnit:
        assert count(text, unit) >= 0
    assert chars_emoji_bytes(text) >= len(text) >= graphemes(text)
    assert x_weighted(text) >= 0


@given(st.text(alphabet="abc XYZ!?,\n", max_size=300))
def test_plain_ascii_counts_one_each(text):
    assert x_weighted(text) == len(text) == graphemes(text) == chars_emoji_bytes(text)

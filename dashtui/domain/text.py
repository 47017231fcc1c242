"""How each network counts text (reference section 13).

Every count is a few precompiled regex passes over the string, with the costly Unicode work
(emoji sequences, grapheme clusters) done only where such characters occur, so the editor can
check a 2,200-character caption on every keystroke: 50-450 µs for all rules of one platform.
Only text dense in joiners (2,200 characters of Indic script or of emoji, on Bluesky) takes
about a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from .platforms import Platform, TextLimit, TextUnit, spec

if TYPE_CHECKING:
    from .posts import Post

# -- emoji --------------------------------------------------------------------------------
# An emoji is counted as one unit whatever its code points: a flag (two regional indicators),
# a keycap, a skin-toned or ZWJ-joined sequence, a tag sequence (subdivision flags). Characters
# whose default look is text (©, ❤, digits) are emoji only with VS16 or inside a sequence, as
# in Unicode's emoji-test and in twemoji, which twitter-text uses.
_ATOM = r"\p{ExtPict}(?:\uFE0F|\p{EMod})?"
EMOJI = regex.compile(
    r"\p{RI}\p{RI}"  # flag
    r"|[#*0-9]\uFE0F?\u20E3"  # keycap
    rf"|{_ATOM}(?:\u200D{_ATOM})+"  # ZWJ sequence; parts may be text-default (❤‍🔥)
    r"|\p{EPres}\p{EMod}?\uFE0F?(?:[\U000E0020-\U000E007E]+\U000E007F)?"  # emoji by default
    r"|\p{ExtPict}(?:\uFE0F|\p{EMod})"  # text-default made emoji
)
# Where an emoji can start, keycaps aside: every Extended_Pictographic, Emoji_Presentation,
# modifier and regional indicator lies in these ranges (a test checks it against the Unicode
# data). A plain `re` scan for them, then EMOJI tried only there, is several times cheaper
# than running EMOJI over the whole text.
EMOJI_START = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001ffff]"
)


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each emoji in text."""
    if text.isascii():
        return []
    if "\u20e3" in text:  # a keycap starts with a plain digit, which EMOJI_START skips
        return [m.span() for m in EMOJI.finditer(text)]
    spans: list[tuple[int, int]] = []
    end = 0
    for hint in EMOJI_START.finditer(text):
        if hint.start() < end:  # inside the sequence just matched
            continue
        m = EMOJI.match(text, hint.start())
        if m:
            spans.append(m.span())
            end = m.end()
    return spans


def emoji_count(text: str) -> int:
    return len(emoji_spans(text))


# -- graphemes (Bluesky) ------------------------------------------------------------------
GRAPHEME = regex.compile(r"\X")
# Characters that can glue onto a neighbour (marks, ZWJ, jamo, regional indicators, prepend,
# CR). Hangul syllables and LF are left out: they only glue next to one of these.
_GLUE = regex.compile(r"[^\p{GCB=Other}\uac00-\ud7a3\n]")


def graphemes(text: str) -> int:
    """User-perceived characters (Bluesky), as `regex` \\X segments them.

    Segmenting the whole text costs about 0.5 µs a character; instead only the clusters around
    the few characters that can glue are segmented, and every other character counts one.
    """
    if text.isascii():  # one grapheme per character, except CR LF which is one
        return len(text) - text.count("\r\n")
    # Dense glue (Indic scripts, runs of emoji): segmenting it all is cheaper. Both ways give
    # the same count; a sample of the start decides which is faster.
    if len(_GLUE.findall(text, 0, 200)) * 4 > min(len(text), 200):
        return len(GRAPHEME.findall(text))
    joined = 0  # characters that belong to the cluster before them
    done = 0  # everything before this index is accounted for, and it is a cluster boundary
    for m in _GLUE.finditer(text):
        at = m.start()
        if at < done:
            continue
        # The character before a glue character starts a cluster (or lies before `done`):
        # it could only continue an earlier cluster if it, or the one before it, were glue.
        pos = at - 1 if at > done else done
        while pos <= at:
            end = GRAPHEME.match(text, pos).end()
            joined += end - pos - 1
            pos = end
        done = pos
    return len(text) - joined


# -- X (twitter-text v3 config) -----------------------------------------------------------
# Code points in these ranges weigh 1, everything else 2 (so CJK and most emoji weigh 2).
_LIGHT = re.compile("[\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]+")
X_URL_WEIGHT = 23  # every URL is shortened to a t.co link of this length
X_EMOJI_WEIGHT = 2

# TLDs a bare domain may end with. twitter-text knows every IANA TLD; this keeps the common
# generic ones and all country codes, so a rare gTLD typed without http:// counts as text.
_GTLDS = (
    "com net org edu gov mil int info biz name pro mobi aero asia cat coop jobs museum tel "
    "travel app dev page blog shop store online site tech xyz club live news media social art "
    "design studio agency email cloud link today world life fun top win vip space website "
    "digital network global company group solutions services center events photo photos "
    "video music games game fashion beauty style food health fitness shopping sale market "
    "marketing brand guru ninja rocks wiki bio eco one new how run zone city land"
)
_CCTLDS = (
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br "
    "bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do "
    "dz ec ee eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt "
    "gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp "
    "kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms "
    "mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr "
    "ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx "
    "sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn "
    "vu wf ws ye yt za zm zw"
)
CCTLDS = frozenset(_CCTLDS.split())
TLDS = frozenset(_GTLDS.split()) | CCTLDS
# Directional marks (twitter-text directionalMarkersGroup) wrap RTL links: a URL may follow
# one, and neither its host nor its path goes on through one.
_MARKS = "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
# A path ends before trailing punctuation: "see example.com/x." links example.com/x
_PATH = rf"(?:[/?#][^\s{_MARKS}]*?(?=[.,:;!?'\")\]]*(?:[\s{_MARKS}]|$)))?"
_X_URL = re.compile(
    r"(?<![A-Za-z0-9@＠$#＃\ufffe\ufeff\uffff])(?:"
    rf"https?://(?P<host>[^\s/?#.{_MARKS}]+(?:\.[^\s/?#.{_MARKS}]+)+){_PATH}"
    # a bare domain, not glued to -_./ (twitter-text invalidUrlWithoutProtocolPrecedingChars);
    # its TLD is checked against TLDS afterwards (a 300-way alternation here is slow)
    r"|(?<![-_./])(?P<domain>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<tld>[a-z]{2,}))"
    rf"(?![a-z0-9@+-])(?::\d+)?(?P<path>{_PATH})"
    ")",
    re.IGNORECASE,
)
_DOT_LETTER = re.compile(r"\.[^\W\d_]")  # every URL X links has one (an IDN TLD too)


def _valid_host(host: str) -> bool:
    """twitter-text's isValidUrl: the host must survive IDNA (punycode) encoding, which
    refuses a label longer than 63 characters once encoded (a long CJK label too)."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


def _is_link(m: re.Match[str]) -> bool:
    domain = m.group("domain")
    if not domain:  # it has http(s)://
        return _valid_host(m.group("host"))
    if not _valid_host(domain):
        return False
    tld = m.group("tld").lower()
    if tld not in TLDS:
        return False
    # twitter-text: a bare one-label domain on a country TLD ("file.py") is not a link unless
    # a path follows; t.co is the exception
    return (bool(m.group("path")) or tld not in CCTLDS or domain.count(".") > 1
            or domain.lower() == "t.co")


def urls(text: str) -> list[str]:
    """The URLs X would shorten to a t.co link."""
    if not _DOT_LETTER.search(text):
        return []
    found = []
    for word in text.split():  # a URL never spans whitespace; this is far cheaper than a regex
        if "." in word and _DOT_LETTER.search(word):
            found.extend(m.group() for m in _X_URL.finditer(word) if _is_link(m))
    return found


def _weight(text: str) -> int:
    return 2 * len(text) - sum(map(len, _LIGHT.findall(text))) if not text.isascii() else len(text)


def _emoji_weight_change(text: str) -> int:
    """How emoji change X's weight of text: each weighs 2 instead of its code points."""
    return sum(X_EMOJI_WEIGHT - _weight(text[s:e]) for s, e in emoji_spans(text))


def x_weighted(text: str) -> int:
    """X's weighted length: code points by range, URLs 23, emoji 2 (twitter-text v3)."""
    text = unicodedata.normalize("NFC", text)
    total = _weight(text) + _emoji_weight_change(text)
    for url in urls(text):
        # a URL weighs 23 whatever it contains, emoji included
        total += X_URL_WEIGHT - _weight(url) - _emoji_weight_change(url)
    return total


def chars_emoji_bytes(text: str) -> int:
    """Code points, but each emoji counts its UTF-8 byte length (Threads)."""
    total = len(text)
    for start, end in emoji_spans(text):
        emoji = text[start:end]
        total += len(emoji.encode("utf-8")) - len(emoji)
    return total


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


_COUNTERS = {
    TextUnit.CHARS: len,
    TextUnit.WEIGHTED: x_weighted,
    TextUnit.GRAPHEMES: graphemes,
    TextUnit.BYTES: utf8_bytes,
    TextUnit.CHARS_EMOJI_BYTES: chars_emoji_bytes,
}


def count(text: str, unit: TextUnit) -> int:
    """How long `text` is in `unit`."""
    return _COUNTERS[unit](text)


# Instagram counts a hashtag as # followed by letters, digits or underscores, in any script.
HASHTAG = re.compile(r"#\w+")


def hashtags(text: str) -> int:
    return len(HASHTAG.findall(text)) if "#" in text else 0


# -- measuring a post ---------------------------------------------------------------------
_UNIT_SUFFIX = {TextUnit.BYTES: " bytes", TextUnit.GRAPHEMES: " graphemes"}


@dataclass(frozen=True)
class Measure:
    """One field's length against its limit, ready for a counter in the editor."""

    used: int
    limit: int
    unit: TextUnit
    label: str  # e.g. "X 287/280", "YouTube description 4,812/5,000 bytes"
    field: str = ""
    warn_above: int | None = None

    @property
    def over(self) -> bool:
        return self.used > self.limit

    @property
    def remaining(self) -> int:
        return self.limit - self.used

    @property
    def severity(self) -> str | None:
        """"error" past the limit, "warning" past the soft limit, else None."""
        if self.over:
            return "error"
        if self.warn_above is not None and self.used > self.warn_above:
            return "warning"
        return None


def limit_for(platform: Platform | str, limit: TextLimit, x_premium: bool = False) -> int:
    """The limit that applies to this account (X Premium raises X's)."""
    if x_premium and limit.premium_limit is not None:
        return limit.premium_limit
    return limit.limit


def field_name(platform: Platform | str, limit: TextLimit) -> str:
    """How people name the field: "X", "YouTube description", "Pinterest title"."""
    name = spec(platform).label
    return name if limit.label == "caption" else f"{name} {limit.label}"


def measure(post: Post, limit: TextLimit, x_premium: bool = False) -> Measure:
    """Measure one of the post's text fields against one of its platform's limits."""
    value = post.get(limit.field)
    text = value if isinstance(value, str) else ""
    used = count(text, limit.unit)
    cap = limit_for(post.platform, limit, x_premium)
    label = f"{field_name(post.platform, limit)} {used:,}/{cap:,}{_UNIT_SUFFIX.get(limit.unit, '')}"
    return Measure(used, cap, limit.unit, label, limit.field, limit.warn_above)


def measures(post: Post, x_premium: bool = False) -> list[Measure]:
    """Every text limit of the post's platform, measured."""
    return [measure(post, limit, x_premium) for limit in spec(post.platform).text_limits]

"""What `/` searches in a post, and where a match sits in the text shown for it.

One definition for the list (post_index.py keeps these as bytes), the calendar and the
failed view: every word typed must occur, case-folded, in the caption, the id, the platform
(value, name or short code) or the status.
"""

from __future__ import annotations

from functools import lru_cache

from .postfmt import platform_label, platform_short


def terms_of(text: str) -> list[str]:
    """The search words: case-folded, split on whitespace."""
    return text.casefold().split()


@lru_cache(maxsize=64)
def platform_words(platform: str) -> str:
    return f"{platform} {platform_label(platform)} {platform_short(platform)}"


def haystack(caption: str, post_id: object, platform: str, status: str | None) -> str:
    """The text a post is searched in (folded): the same the list's index holds."""
    return f"{caption}\n{post_id}\n{platform_words(platform)}\n{status or ''}".casefold()


def matches(hay: str, terms: list[str]) -> bool:
    return all(t in hay for t in terms)


def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the words occur in `text` (as shown: cleaned and cut), as [start, end) of its
    characters, merged and in order. Case-folding can change a text's length ("ß" is "ss"),
    so the search runs on the folded text and maps back character by character."""
    if not terms or not text:
        return []
    origin: list[int] | None = None
    if text.isascii():  # the common case: folding keeps every index where it was
        folded = text.lower()
    else:
        folded_parts, origin = [], []
        for i, ch in enumerate(text):
            f = ch.casefold()
            folded_parts.append(f)
            origin.extend([i] * len(f))
        folded = "".join(folded_parts)
    found = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            found.append((start, end) if origin is None
                         else (origin[start], origin[end - 1] + 1))
            start = folded.find(term, end)
    if not found:
        return []
    found.sort()
    merged = [found[0]]
    for a, b in found[1:]:
        if a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged

"""Realistic publish failures the sandbox's publisher and demo data draw from.

Each cause comes in several wordings that differ only in ids, URLs and numbers, the way real
network errors do, so the client's grouping of failures by cause has something to chew on.
"""

from __future__ import annotations

import random

# (platforms it applies to, or None for all; templates; partial failure?)
CAUSES: list[tuple[frozenset[str] | None, tuple[str, ...], bool]] = [
    (None, (
        "Access token expired for account {n}. Reconnect the account in Dash Social settings.",
    ), False),
    (frozenset({"instagram", "facebook", "tiktok", "youtube", "snapchat", "pinterest"}), (
        "Media {m} could not be processed: video aspect ratio {a}:1 is not supported.",
    ), False),
    (None, (
        "The network rejected the request (error code {n}): rate limit reached, try again later.",
    ), False),
    (frozenset({"instagram", "facebook"}), (
        "Post published, but the first comment failed: comment {n} was blocked by the network.",
    ), True),
    (frozenset({"twitter"}), (
        "Thread partially published: reply {n} of 4 failed with status 403.",
    ), True),
    (None, (
        "Media https://cdn.dashsocial.com/media/full/{n}.jpeg was not reachable (HTTP 404).",
    ), False),
    (frozenset({"pinterest"}), (
        "Board {n} no longer exists or the account lost access to it.",
    ), False),
    (None, (
        "Caption was rejected by the network: text exceeds the allowed length by {k} characters.",
    ), False),
]


def pick(platform: str, rng: random.Random) -> tuple[str, bool]:
    """An error text and whether it is a partial failure (the post itself went live)."""
    options = [c for c in CAUSES if c[0] is None or platform in c[0]]
    _, templates, partial = rng.choice(options)
    text = rng.choice(templates).format(
        n=rng.randint(10_000, 99_999_999), m=rng.randint(600_000_000, 700_000_000),
        a=rng.choice(["4", "3", "2.5"]), k=rng.randint(1, 400),
    )
    return text, partial

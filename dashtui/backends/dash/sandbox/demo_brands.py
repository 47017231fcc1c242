"""Who the demo is about: the organization, its brands, their people and what they post about.

The data is in demo_brands.toml; this module gives it its types. Topic texts are sized so
every platform's derived caption stays inside the network limits; the deliberately oversized
and hostile captions live in demo_hostile.py.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

_DATA = tomllib.loads((Path(__file__).with_name("demo_brands.toml")).read_text("utf-8"))
ORGANIZATION: dict = _DATA["organization"]


@dataclass(frozen=True)
class Topic:
    title: str  # YouTube title / Pin title: under 90 characters
    short: str  # X, Bluesky, TikTok, Spotlight: under 150 characters
    body: str  # Instagram, Facebook, Threads, LinkedIn: under 450 characters
    tags: tuple[str, ...]
    path: str  # appended to the brand's site for links


@dataclass(frozen=True)
class DemoBrand:
    id: int
    name: str
    slug: str
    handle: str  # the brand's handle on the networks (no @)
    site: str
    zone: str  # where the team posts from (posting hours are local)
    users: tuple[int, ...]  # Dash user ids: uploaders, approvers
    people: tuple[tuple[str, str], ...]  # (first, last) for media source_data
    volume: float  # mean posts per weekday
    weekend: float  # weekend volume factor
    platform_weights: dict[str, int]
    slots: tuple[tuple[int, int], ...]  # local posting times (hour, minute)
    approvals: float  # share of posts under APPROVAL_REQUIRED
    boards: tuple[tuple[str, str, bool], ...]  # Pinterest: (name, description, protected)
    mentions: tuple[str, ...]
    ctas: tuple[str, ...]
    openers: tuple[str, ...]
    media_words: tuple[str, ...]  # filename stems for the library
    topics: tuple[Topic, ...] = field(default_factory=tuple)

    def link(self, topic: Topic) -> str:
        return f"{self.site}{topic.path}"

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "slug": self.slug,
                "organization": dict(ORGANIZATION), "organization_id": ORGANIZATION["id"]}


def _tuples(value):
    """TOML arrays as the tuples the dataclasses hold (frozen, hashable)."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _brand(entry: dict) -> DemoBrand:
    names = {f.name for f in fields(DemoBrand)} - {"topics"}
    topics = tuple(Topic(**{k: _tuples(v) for k, v in t.items()}) for t in entry["topics"])
    return DemoBrand(**{k: _tuples(entry[k]) for k in names}, topics=topics)


_BRANDS = {entry["key"]: _brand(entry) for entry in _DATA["brands"]}
EMBER, SUMMIT, MUSEUM, HIDDEN = (_BRANDS[k] for k in ("EMBER", "SUMMIT", "MUSEUM", "HIDDEN"))
ACCESSIBLE = (EMBER, SUMMIT, MUSEUM)
ALL_BRANDS = (EMBER, SUMMIT, MUSEUM, HIDDEN)

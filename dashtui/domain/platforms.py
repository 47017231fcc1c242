"""One spec per network: the table every other layer reads instead of branching on platform.

The numbers and rules come from ../shared/reference/dash-api.md (sections 5, 7 and 13).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Platform(StrEnum):
    """A network, spelled as the scheduler's path segment (X is `twitter`)."""

    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    TIKTOK = "tiktok"
    TWITTER = "twitter"
    THREADS = "threads"
    LINKEDIN = "linkedin"
    YOUTUBE = "youtube"
    SNAPCHAT = "snapchat"
    PINTEREST = "pinterest"
    BLUESKY = "bluesky"


class AutoPublish(StrEnum):
    OPTIONAL = "optional"  # true or false both accepted
    REQUIRED = "required"  # false is rejected by Dash (LinkedIn, Snapchat, YouTube)
    FORCED = "forced"  # false is ignored, always published automatically (Threads, Bluesky)


class TextUnit(StrEnum):
    CHARS = "characters"  # Unicode code points
    WEIGHTED = "weighted characters"  # X: URLs 23, emoji and CJK 2
    GRAPHEMES = "graphemes"  # Bluesky
    BYTES = "bytes"  # UTF-8 bytes (YouTube description)
    # Threads: code points, but each emoji counts its UTF-8 byte length (reference section 13)
    CHARS_EMOJI_BYTES = "characters (emoji count as bytes)"


IMAGE = "IMAGE"
VIDEO = "VIDEO"


@dataclass(frozen=True)
class MediaRule:
    """What media one post type takes."""

    types: frozenset[str]
    max_images: int = 0
    max_videos: int = 0
    mixed: bool = False  # images and videos in one post
    required: bool = True  # media needed to auto-publish
    draft_without_media: bool = True  # a DRAFT may have no media at all
    max_items: int | None = None  # overall cap where it differs from images + videos
    draft_max_items: int | None = None  # drafts may hold more (Instagram stories)

    def cap(self, draft: bool) -> int:
        if draft and self.draft_max_items is not None:
            return self.draft_max_items
        if self.max_items is not None:
            return self.max_items
        return max(self.max_images, self.max_videos)


def _media(*types: str, **kw) -> MediaRule:
    return MediaRule(types=frozenset(types), **kw)


@dataclass(frozen=True)
class TextLimit:
    field: str  # dotted path in the post body, e.g. "meta.title"
    limit: int
    unit: TextUnit = TextUnit.CHARS
    label: str = "caption"
    warn_above: int | None = None  # soft limit: a warning between warn_above and limit
    premium_limit: int | None = None  # the limit for premium accounts (X Premium)
    forbidden: str = ""  # characters the network refuses in this field (YouTube: < and >)


@dataclass(frozen=True)
class RequiredField:
    """A field Dash refuses a post without, for every status (drafts included)."""

    field: str  # dotted wire path
    label: str  # what the user calls it
    post_types: frozenset[str] | None = None  # None: every post type
    hint: str = ""  # what to do about it
    pattern: str | None = None  # a value should match this; a warning otherwise


@dataclass(frozen=True)
class PlatformSpec:
    platform: Platform
    label: str  # how people name it
    short: str  # two letters for dense views
    caption_field: str  # the body field holding the main text
    post_types: dict[str | None, MediaRule]  # None: the platform has no post_type
    title_field: str | None = None  # a separate title (YouTube `title`, Pinterest `meta.title`)
    auto_publish: AutoPublish = AutoPublish.OPTIONAL
    first_comment: bool = False
    text_limits: tuple[TextLimit, ...] = ()
    max_hashtags: int | None = None
    # fields Dash documents for this platform's body, beyond the common ones
    fields: frozenset[str] = field(default_factory=frozenset)
    # post types whose caption field is not accepted (Snapchat STORY)
    no_caption_types: frozenset[str] = frozenset()
    required: tuple[RequiredField, ...] = ()
    drafts: bool = True  # False: Dash documents no draft mode (Snapchat, reference section 5)

    @property
    def post_type_required(self) -> bool:
        return None not in self.post_types

    @property
    def default_post_type(self) -> str | None:
        return next(iter(self.post_types))

    def media_rule(self, post_type: str | None) -> MediaRule | None:
        """The rule for a post type; None when the post type is unknown."""
        if None in self.post_types:
            return self.post_types[None]
        return self.post_types.get(post_type)

    def caption_allowed(self, post_type: str | None) -> bool:
        return post_type not in self.no_caption_types


# X Premium accounts may post up to 25,000 weighted characters (Dash X-C).
X_PREMIUM_LIMIT = 25_000

SPECS: dict[Platform, PlatformSpec] = {
    spec.platform: spec
    for spec in (
        PlatformSpec(
            Platform.INSTAGRAM, "Instagram", "IG", "caption",
            post_types={
                "FEED": _media(IMAGE, VIDEO, max_images=10, max_videos=10, mixed=True, max_items=10),
                # one item when publishing; a draft may hold several, images and videos alike
                # (how many is undocumented, reference 7.1: 10, as a feed post)
                "STORY": _media(IMAGE, VIDEO, max_images=1, max_videos=1, max_items=1,
                                mixed=True, draft_max_items=10),
                "REEL": _media(VIDEO, max_videos=1),
            },
            first_comment=True,
            text_limits=(TextLimit("caption", 2200),),
            max_hashtags=30,
            fields=frozenset({
                "caption", "post_type", "first_comment", "story_link", "share_to_feed",
                "user_tags", "collaborators", "cover_image_media_id", "location_id",
                "alt_text_media_map", "shopping_tags", "thumb_offset", "thumbnail_url",
            }),
        ),
        PlatformSpec(
            Platform.FACEBOOK, "Facebook", "FB", "message",
            post_types={
                "POST": _media(IMAGE, VIDEO, max_images=10, max_videos=1, required=False),
                "REEL": _media(VIDEO, max_videos=1, draft_without_media=False),
            },
            first_comment=True,
            text_limits=(TextLimit("message", 63206), TextLimit("first_comment", 8000,
                                                                label="first comment")),
            fields=frozenset({
                "message", "post_type", "first_comment", "link", "link_preview", "location_id",
                "cover_image_media_id", "thumb_offset", "video_title", "targeting",
                "alt_text_media_map", "subtitle_content", "title", "thumbnail_url",
            }),
        ),
        PlatformSpec(
            Platform.TIKTOK, "TikTok", "TT", "text",
            post_types={None: _media(VIDEO, max_videos=1)},
            text_limits=(TextLimit("text", 2200),),
            fields=frozenset({
                "text", "disable_comment", "disable_duet", "disable_stitch", "thumbnail_offset",
                "thumbnail_url", "branded_content_type", "music_info", "title",
            }),
        ),
        PlatformSpec(
            Platform.TWITTER, "X", "X", "tweet_status",
            post_types={None: _media(IMAGE, VIDEO, max_images=4, max_videos=1, required=False)},
            text_limits=(TextLimit("tweet_status", 280, TextUnit.WEIGHTED,
                                   premium_limit=X_PREMIUM_LIMIT),),
            fields=frozenset({"tweet_status", "replies", "auto_numbering_enabled",
                              "alt_text_media_map"}),
        ),
        PlatformSpec(
            Platform.THREADS, "Threads", "TH", "text",
            # GUIDE's media tables say images only, its comparison table images and video
            # (reference 7.1): the stricter reading, so a video is flagged before Dash fails it
            post_types={None: _media(IMAGE, max_images=20, required=False)},
            auto_publish=AutoPublish.FORCED,
            text_limits=(TextLimit("text", 500, TextUnit.CHARS_EMOJI_BYTES),),
            fields=frozenset({"text"}),
        ),
        PlatformSpec(
            Platform.LINKEDIN, "LinkedIn", "LI", "text",
            post_types={None: _media(IMAGE, VIDEO, max_images=20, max_videos=1, required=False)},
            auto_publish=AutoPublish.REQUIRED,
            text_limits=(TextLimit("text", 3000),),
            fields=frozenset({"text"}),
        ),
        PlatformSpec(
            Platform.YOUTUBE, "YouTube", "YT", "description",
            title_field="title",
            post_types={None: _media(VIDEO, max_videos=1, draft_without_media=False)},
            auto_publish=AutoPublish.REQUIRED,
            text_limits=(
                TextLimit("title", 100, label="title", forbidden="<>"),
                TextLimit("description", 5000, TextUnit.BYTES, label="description",
                          forbidden="<>"),
            ),
            required=(
                RequiredField("title", "a video title"),
                RequiredField("declared_made_for_kids", "the made-for-kids answer",
                              hint="say whether the video is made for kids (COPPA)"),
            ),
            fields=frozenset({"title", "description", "declared_made_for_kids"}),
        ),
        PlatformSpec(
            Platform.SNAPCHAT, "Snapchat", "SC", "description",
            post_types={
                "STORY": _media(IMAGE, VIDEO, max_images=1, max_videos=1, max_items=1,
                                draft_without_media=False),
                "SPOTLIGHT": _media(VIDEO, max_videos=1, draft_without_media=False),
            },
            auto_publish=AutoPublish.REQUIRED,
            text_limits=(TextLimit("description", 160, label="description"),),
            no_caption_types=frozenset({"STORY"}),
            required=(
                RequiredField("save_to_profile", "a save-to-profile choice",
                              post_types=frozenset({"SPOTLIGHT"}),
                              hint="choose whether it also goes on the public profile"),
                # the full locale enum is cut off in SC-C (reference 7.8): check the shape only
                RequiredField("locale", "a locale", post_types=frozenset({"SPOTLIGHT"}),
                              hint="pick a locale such as en_US", pattern=r"[a-z]{2}_[A-Z]{2}"),
            ),
            drafts=False,
            fields=frozenset({"description", "post_type", "save_to_profile", "locale"}),
        ),
        PlatformSpec(
            Platform.PINTEREST, "Pinterest", "PI", "note",
            title_field="meta.title",
            post_types={None: _media(IMAGE, VIDEO, max_images=1, max_videos=1, max_items=1)},
            text_limits=(
                TextLimit("meta.title", 100, label="title"),
                # Ayrshare says 500, Pinterest's v5 API 800: warn past 500, refuse past 800
                TextLimit("note", 800, label="description", warn_above=500),
                TextLimit("link", 2048, label="link"),
            ),
            # required for drafts too (GUIDE, Pinterest notes)
            required=(
                RequiredField("meta.title", "a Pin title"),
                RequiredField("meta.pinterestBoard", "a board",
                              hint="pick one of the brand's boards"),
            ),
            fields=frozenset({"note", "link", "meta"}),
        ),
        PlatformSpec(
            Platform.BLUESKY, "Bluesky", "BS", "text",
            post_types={None: _media(IMAGE, max_images=4, required=False)},
            auto_publish=AutoPublish.FORCED,
            text_limits=(TextLimit("text", 300, TextUnit.GRAPHEMES),),
            fields=frozenset({"text"}),
        ),
    )
}


def spec(platform: Platform | str) -> PlatformSpec:
    return SPECS[Platform(platform)]


def platform_names() -> dict[str, Platform]:
    """Every name a platform goes by, lower-cased: Dash's (`twitter`), the UI's (`X`, `IG`)."""
    names: dict[str, Platform] = {}
    for platform, s in SPECS.items():
        for name in (platform.value, s.label, s.short):
            names[name.lower()] = platform
    return names

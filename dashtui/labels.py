"""What people call each wire field (a core module: the neutral errors use it too, and the
domain stays free of it): checks, diffs, confirmations and errors say "Tweet text"
and "Brand", never `tweet_status` or `brand_id`. One table; the editor's rows use it too."""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    # captions, per platform's field
    "caption": "Caption", "message": "Message", "text": "Text", "tweet_status": "Tweet text",
    "description": "Description", "note": "Description",
    # what every post has
    "brand_id": "Brand", "timestamp": "Time", "status": "Status",
    "auto_publish": "Auto-publish", "post_type": "Post type", "media_ids": "Media",
    "media": "Media", "post_group_id": "Post group", "approval_status": "Approval",
    "duplicate_to_brand_ids": "Copy to brands", "replies": "Replies",
    "auto_publish_error": "Publishing error", "live_post_url": "Live link",
    # per platform
    "first_comment": "First comment", "link": "Link", "title": "Title",
    "meta.title": "Title", "meta.pinterestBoard": "Board", "meta": "Details",
    "disable_comment": "Comments off", "disable_duet": "Duets off",
    "disable_stitch": "Stitches off", "declared_made_for_kids": "Made for kids",
    "save_to_profile": "Save to profile", "locale": "Locale",
    # the other services' names for the same things
    "account_id": "Account", "targets": "Accounts", "content_urls": "Media",
    "scheduled_at": "Time", "timezone": "Time zone",
}


def field_label(path: str) -> str:
    """`tweet_status` -> "Tweet text"; an unknown `some_field.sub_part` -> "Some field sub
    part" (words still, the wire name readable in them); "" for a whole-body error."""
    if path in ("", "_schema"):
        return ""
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    # replies.0.tweet_status -> "Replies 1 Tweet text": known parts by the table, indexes
    # counted from 1, the rest as words
    words = []
    for part in path.split("."):
        if part.isdigit():
            words.append(str(int(part) + 1))
        else:
            words.append(FIELD_LABELS.get(part) or part.replace("_", " ").strip())
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]

"""A Genviral post <-> dashtui's domain Post (BACKENDS.md "Mapping a service's post").

One Genviral post goes to 1-10 accounts, each with its own state; dashtui shows it as one row
on the platform of its first account, with every account in the `targets` extra.

Status mapping (Genviral -> domain; `native_status` always keeps Genviral's word):

    draft -> DRAFT        pending -> AUTOPUBLISHING (the immediate queue / publishing now)
    scheduled -> SCHEDULED   posted -> POSTED   failed -> FAILED   partial -> PARTIALLY_FAILED
    retry -> RETRY        canceled -> CANCELED   deleted (and anything else) -> upper-cased

Extras on every post (JSON-safe): `native_status`; `targets` [{account_id, platform, name,
type, status, error, url, published_at, last_attempted_at}]; `external_id`; `genviral_media`
(Genviral's `media` object or None: `media` is a domain field of its own); `music_url`;
`settings`; `tiktok`; `pinterest`; `source`; `warnings` [{field, message, code}] on the
answer of a write; `genviral` (any other field Genviral sent, read-only).

Writing back (`patch_body`): the caption field -> caption; `timestamp` ISO -> scheduled_at,
`timestamp` None -> scheduled_at null, which Genviral reads as "back to the immediate queue"
(pending), not "unscheduled"; `status` AUTOPUBLISHING -> scheduled_at null; `targets` ->
accounts (replaces the whole list); `genviral_media` -> media (None = text-only); settings,
tiktok, pinterest, music_url as they are (settings.<provider> merge on Genviral's side).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from ...domain.platforms import Platform, spec
from ...domain.timeutil import parse_stamp
from ...domain.posts import Post, parse_post
from ...errors import ValidationError

STATUS_TO_DOMAIN = {
    "draft": "DRAFT", "pending": "AUTOPUBLISHING", "scheduled": "SCHEDULED",
    "posted": "POSTED", "failed": "FAILED", "partial": "PARTIALLY_FAILED",
    "retry": "RETRY", "canceled": "CANCELED",
}
STATUS_TO_NATIVE = {v: k for k, v in STATUS_TO_DOMAIN.items()}
EDITABLE = frozenset({"DRAFT", "AUTOPUBLISHING", "SCHEDULED", "RETRY", "FAILED"})
IMMUTABLE = frozenset({"POSTED", "PARTIALLY_FAILED", "CANCELED"})
# Genviral spells X `x`; everything else as the domain does
PLATFORM_IN = {"x": Platform.TWITTER, "twitter": Platform.TWITTER, **{
    p.value: p for p in (Platform.INSTAGRAM, Platform.FACEBOOK, Platform.TIKTOK,
                         Platform.LINKEDIN, Platform.YOUTUBE, Platform.PINTEREST,
                         Platform.BLUESKY, Platform.THREADS)}}
PLATFORM_OUT = {Platform.TWITTER: "x"}
# the settings.<provider> keys Genviral documents (tiktok and pinterest are top level)
SETTINGS_PROVIDERS = ("x", "instagram", "facebook", "linkedin", "bluesky", "youtube")

# the Genviral post fields this module reads; anything else lands in the `genviral` extra
_KNOWN = frozenset({"id", "caption", "status", "scheduled_at", "external_id", "media",
                    "music_url", "settings", "tiktok", "pinterest", "accounts", "states",
                    "created_at", "updated_at", "source", "warnings", "duplicate"})
# extras and fields that are the server's to compute: never sent back, never an error
READ_ONLY = frozenset({"native_status", "warnings", "source", "genviral", "brand_id",
                       "has_scheduled_time", "live_post_url", "auto_publish_error",
                       "created_at", "updated_at", "id", "media", "media_ids",
                       "auto_publish", "unshown_accounts"})
PASS_THROUGH = {"genviral_media": "media", "music_url": "music_url", "settings": "settings",
                "tiktok": "tiktok", "pinterest": "pinterest"}


def platform_of(raw: Any) -> Platform | None:
    return PLATFORM_IN.get(str(raw or "").strip().lower())


def native_platform(platform: Platform | str) -> str:
    p = Platform(platform)
    return PLATFORM_OUT.get(p, p.value)


def domain_status(native: Any) -> str | None:
    if not isinstance(native, str) or not native:
        return None
    return STATUS_TO_DOMAIN.get(native.lower(), native.upper())


def parse_time(value: Any) -> datetime | None:
    return parse_stamp(value, naive="utc")


def iso_utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def targets_of(data: Mapping[str, Any], accounts: Mapping[str, Mapping[str, Any]]
               ) -> list[dict[str, Any]]:
    """One target per account: who it is (from the post, else the /accounts cache) and its
    state (from `states`, else from fields on the account item, as either shape comes)."""
    states: dict[str, Mapping[str, Any]] = {}
    for item in data.get("states") or []:
        if isinstance(item, dict):
            states[str(item.get("account_id") or item.get("id") or "")] = item
    out = []
    for item in data.get("accounts") or []:
        item = item if isinstance(item, dict) else {"id": item}
        aid = str(item.get("id") or item.get("account_id") or "")
        known = accounts.get(aid, {})
        state = {**item, **states.get(aid, {})}
        raw_platform = item.get("platform") or known.get("platform") or state.get("platform")
        platform = platform_of(raw_platform)
        out.append({
            "account_id": aid,
            "platform": platform.value if platform else str(raw_platform or ""),
            "name": _name(item) or _name(known) or aid,
            "type": item.get("type") or known.get("type"),
            "status": state.get("status"),
            "error": state.get("error_message") or state.get("error"),
            "url": state.get("published_url") or state.get("url"),
            "published_at": state.get("published_at"),
            "last_attempted_at": state.get("last_attempted_at"),
        })
    return out


def _name(item: Mapping[str, Any]) -> str:
    for key in ("username", "handle", "display_name", "name"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def to_post(data: Mapping[str, Any], accounts: Mapping[str, Mapping[str, Any]] | None = None,
            *, warnings: list[Any] | None = None) -> Post | None:
    """The domain Post for a Genviral post, or None when none of its accounts is on a
    network dashtui knows (the caller reports those rather than dropping them quietly)."""
    accounts = accounts or {}
    targets = targets_of(data, accounts)
    platform = next((platform_of(t["platform"]) for t in targets
                     if platform_of(t["platform"])), None)
    if platform is None:
        return None
    native = data.get("status")
    status = domain_status(native)
    when = parse_time(data.get("scheduled_at"))
    if when is None and status in ("POSTED", "PARTIALLY_FAILED", "FAILED"):
        # from the immediate queue: place it on the calendar when it went out
        moments = [parse_time(t["published_at"] or t["last_attempted_at"]) for t in targets]
        moments = [m for m in moments if m is not None]
        when = min(moments) if moments else None
    failed = [(t.get("name") or t.get("account_id") or "?", t["error"]) for t in targets
              if t["error"]]
    url = next((t["url"] for t in targets if t["url"]), None)
    fields: dict[str, Any] = {
        "id": str(data.get("id")) if data.get("id") is not None else None,
        "brand_id": 1, "status": status,
        "timestamp": iso_utc(when) if when else None,
        "has_scheduled_time": data.get("scheduled_at") is not None,
        "created_at": data.get("created_at"), "updated_at": data.get("updated_at"),
        "auto_publish_error": _joined(failed),
        "live_post_url": url,
        spec(platform).caption_field: data.get("caption") or "",
        "native_status": native, "targets": targets,
        "external_id": data.get("external_id"), "genviral_media": data.get("media"),
        "music_url": data.get("music_url"), "settings": data.get("settings"),
        "tiktok": data.get("tiktok"), "pinterest": data.get("pinterest"),
        "source": data.get("source"),
    }
    title = ((data.get("settings") or {}).get("youtube") or {}).get("title") \
        if isinstance(data.get("settings"), dict) else None
    if platform is Platform.YOUTUBE and isinstance(title, str):
        fields["title"] = title
    other = {k: v for k, v in data.items() if k not in _KNOWN}
    if other:
        fields["genviral"] = other
    if warnings:
        fields["warnings"] = [w for w in warnings if isinstance(w, dict)]
    return parse_post(platform, json.loads(json.dumps(fields, default=str)))


def _joined(failed: list[tuple[Any, Any]]) -> str | None:
    """The failed accounts' errors: the text itself when one account failed (or all for the
    same words), else one line per account, `[name] error`, which the failed view groups
    by cause account by account (dashtui/domain/failures.py)."""
    lines = [(str(name).strip(), str(e).strip()) for name, e in failed if str(e).strip()]
    if not lines:
        return None
    if len({e for _, e in lines}) == 1:
        return lines[0][1]
    return "\n".join(f"[{name}] {error}" for name, error in lines)



def account_ids(value: Any) -> list[str]:
    """Account ids from a `targets` list (dicts with account_id/id, or bare ids)."""
    out = []
    for item in value or []:
        if isinstance(item, Mapping):
            aid = item.get("account_id") or item.get("id")
        else:
            aid = item
        if aid:
            out.append(str(aid))
    return list(dict.fromkeys(out))


def _bad(field: str, message: str) -> ValidationError:
    return ValidationError(f"Genviral can't change this: {message}",
                           field_errors={field: [message]})


def patch_body(platform: Platform | str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The PATCH body for domain `changes`. Never external_id (immutable on Genviral)."""
    caption_field = spec(platform).caption_field
    body: dict[str, Any] = {}
    for key, value in changes.items():
        if key == caption_field:
            body["caption"] = value or ""
        elif key == "timestamp":
            when = value if isinstance(value, datetime) else parse_time(value)
            if value is not None and when is None:
                raise _bad("timestamp", f"{value!r} is not a time")
            # null is Genviral's "back to the immediate queue" (pending)
            body["scheduled_at"] = iso_utc(when) if when else None
        elif key == "targets":
            ids = account_ids(value)
            if not 1 <= len(ids) <= 10:
                raise _bad("targets", f"a post goes to 1-10 accounts, not {len(ids)}")
            body["accounts"] = [{"id": i} for i in ids]
        elif key in PASS_THROUGH:
            body[PASS_THROUGH[key]] = value
        elif key == "title" and Platform(platform) is Platform.YOUTUBE:
            body.setdefault("settings", {}).setdefault("youtube", {})["title"] = value
        elif key == "external_id":
            raise _bad("external_id", "a post's external_id is fixed when it is created")
        elif key == "status":
            continue  # below, once the time is known
        elif key in READ_ONLY:
            continue
        else:
            raise _bad(key, f"Genviral has no field for {key!r}")
    status = changes.get("status")
    if "status" in changes:
        if status == "AUTOPUBLISHING":
            body["scheduled_at"] = None  # publish now: the immediate queue
        elif status == "SCHEDULED":
            if not body.get("scheduled_at"):
                raise _bad("status", "to schedule it, give it a time at least 2 minutes "
                                     "ahead")
        elif status == "DRAFT":
            raise _bad("status", "Genviral's API can't turn a post back into a draft")
        else:
            raise _bad("status", f"Genviral sets {str(status).lower()} itself; retry a "
                                 "failed post instead")
    return body


def create_body(platform: Platform | str, body: Mapping[str, Any], default_accounts: list[str]
                ) -> dict[str, Any]:
    """POST /posts body from a domain-shaped create (a Post's JSON with brand_id)."""
    caption_field = spec(platform).caption_field
    ids = account_ids(body.get("targets")) or account_ids(body.get("account_ids")) \
        or default_accounts
    out: dict[str, Any] = {"caption": body.get(caption_field) or body.get("caption") or "",
                           "accounts": [{"id": i} for i in ids]}
    status = body.get("status")
    when = body.get("timestamp")
    when = when if isinstance(when, datetime) else parse_time(when)
    # Genviral publishes a post without a time at once: never by accident
    if status == "SCHEDULED" and when is None:
        raise ValidationError("Give the post a time at least 2 minutes ahead, or publish it "
                              "now.", field_errors={"timestamp": ["a scheduled post needs "
                                                                  "a time"]})
    if status is None and when is None:
        raise ValidationError("Choose how to publish: now, at a time, or as a draft.",
                              field_errors={"status": ["publish now, schedule or draft"]})
    if status == "DRAFT":
        out["status"] = "draft"  # [infer] how drafts are made is not in the pages we have
        if when:
            out["scheduled_at"] = iso_utc(when)
    elif status != "AUTOPUBLISHING" and when is not None:
        out["scheduled_at"] = iso_utc(when)
    for key, wire in PASS_THROUGH.items():
        if body.get(key) is not None:
            out[wire] = body[key]
    if "genviral_media" in body:
        out["media"] = body["genviral_media"]  # None too: text-only, said out loud
    title = body.get("title")
    if Platform(platform) is Platform.YOUTUBE and isinstance(title, str) and title:
        out.setdefault("settings", {}).setdefault("youtube", {})["title"] = title
    if body.get("external_id"):
        out["external_id"] = str(body["external_id"])
    return out


def version_of(post: Post) -> str:
    """A hash of what a user edits and what the publisher moves (Genviral documents no
    trustworthy updated_at)."""
    data = post.to_json()
    keep = {k: v for k, v in sorted(data.items()) if k not in ("warnings", "updated_at")}
    # who an account is (name, type) may come from the account cache, filled later: only
    # which accounts and how each one stands are part of the version
    keep["targets"] = [{k: t.get(k) for k in ("account_id", "status", "error", "url")}
                       for t in data.get("targets") or [] if isinstance(t, dict)]
    return hashlib.sha256(json.dumps(keep, sort_keys=True, default=str).encode()
                          ).hexdigest()[:20]

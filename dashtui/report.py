"""Reading posts straight from Dash for scripts: the failed report and exports (no TUI).

The lists are read through the sync service's loop (SyncService.list_window), without a
cache: what `dashtui failed` reports is what a refresh would have landed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from .backend import Backend
from .errors import BackendError
from .domain.failures import ago, group_failures
from .domain.platforms import SPECS, Platform
from .domain.posts import PROBLEM_STATUSES, Brand, Post
from .store.sync import Answer, SyncService
from .termsafe import visible


@dataclass
class Item:
    """A post as the failed report sees it (the same shape as the cache's PostRow)."""

    post: Post
    brand: Brand

    @property
    def platform(self) -> str:
        return self.post.platform.value

    @property
    def status(self) -> str | None:
        return self.post.status

    @property
    def error(self) -> str:
        return self.post.error_text

    @property
    def ts(self) -> int | None:
        return int(self.post.timestamp.timestamp()) if self.post.timestamp else None

    @property
    def when(self) -> datetime | None:
        return self.post.timestamp


async def fetch(client: Backend, brands: Sequence[Brand], start: datetime, end: datetime,
                platforms: Iterable[Platform] | None = None
                ) -> tuple[list[Item], list[str]]:
    """Every post of the brands in [start, end); each platform's failure reported alone."""
    problems: list[str] = []
    items: list[Item] = []
    by_id = {b.id: b for b in brands}

    def land(brand_id: int, platform: Platform, answer: Answer) -> None:
        brand = by_id[brand_id]
        if isinstance(answer, BackendError):
            problems.append(f"{brand.name} {SPECS[platform].label}: {answer}")
        else:
            items.extend(Item(p, brand) for p in answer)

    # None: the platforms the backend has (Infinipost's two, Dash's ten)
    sync = SyncService(client, platforms=None if platforms is None else tuple(platforms))
    await sync.list_window(list(by_id), start, end, land)
    items.sort(key=lambda i: (i.ts is None, i.ts or 0, i.platform, i.post.id or 0))
    return items, sorted(problems)


def failed_window(now: datetime, days: int) -> tuple[datetime, datetime]:
    """The on-call window: the last `days` days and the next 24 hours."""
    return now - timedelta(days=days), now + timedelta(hours=24)


def failed_items(items: Iterable[Item]) -> list[Item]:
    return [i for i in items if i.status in PROBLEM_STATUSES]


def failed_json(items: Sequence[Item], now: datetime, problems: Sequence[str],
                checked: int | None = None) -> dict[str, Any]:
    """`complete` is false when a list could not be read: `total` then counts only the rest."""
    groups = group_failures(items)
    return {
        "generated_at": now.astimezone(timezone.utc).isoformat(),
        "total": len(items),
        "complete": not problems,
        "lists_checked": checked,
        "groups": [{
            "cause": g.cause,
            "count": g.count,
            "platforms": g.platforms,
            "oldest": g.oldest().isoformat() if g.oldest() else None,
            "example_error": g.example(),
            "posts": [{
                "id": i.post.id, "platform": i.platform, "brand_id": i.brand.id,
                "brand": i.brand.name, "status": i.status,
                "timestamp": i.when.isoformat() if i.when else None,
                "error": i.error or None, "live_post_url": i.post.live_post_url,
            } for i in g.items],
        } for g in groups],
        "unreachable": list(problems),
    }


def failed_text(items: Sequence[Item], now: datetime, zone: ZoneInfo,
                problems: Sequence[str], checked: int | None = None) -> str:
    """The report for a person; what could not be read comes first, never an all-clear."""
    lines: list[str] = []
    if problems:
        lines.append(f"! {len(problems)} list(s) could not be checked: a failure there "
                     "does not show below")
        lines.extend(f"! could not check {problem}" for problem in problems)
        lines.append("")
    if not items:
        lines.append(f"No failed posts in the {checked} list(s) that could be read." if problems
                     else "No failed posts.")
    else:
        groups = group_failures(items)
        lines += [f"{len(items)} post(s) need attention, {len(groups)} cause(s):", ""]
        for g in groups:
            labels = ", ".join(SPECS[Platform(p)].label for p in g.platforms)
            lines.append(f"■ {g.count} × {g.cause}")
            lines.append(f"  {labels} · oldest {ago(g.oldest(), now)}")
            for i in g.items:
                when = i.when.astimezone(zone).strftime("%a %d %b %H:%M") if i.when \
                    else "no time"
                lines.append(f"  - {SPECS[i.post.platform].label:<9} #{i.post.id:<9} "
                             f"{when}  {i.status}  {i.brand.name}")
            lines.append("")
    # a report for people: controls in API text are shown even when piped to mail or a file
    return "\n".join(visible(line) for line in lines).rstrip() + "\n"


EXPORT_COLUMNS = ["id", "platform", "brand_id", "status", "timestamp", "local_time",
                  "caption", "media_ids", "approval_status", "auto_publish_error",
                  "live_post_url", "updated_at"]
# then every other documented field a post of the export sets, by its API name, so the file
# imports back (`dashtui import`): post type, auto-publish, the group, Pinterest's board...
LEAD_FIELDS = ("post_type", "auto_publish")


def _field_values(post: Post) -> dict[str, str]:
    from .domain.posts import APPROVAL_REQUEST_FIELDS
    from .importer.columns import COMMON, format_cell, platform_fields

    caption_field = SPECS[post.platform].caption_field
    out: dict[str, str] = {}
    for name in (*LEAD_FIELDS, *COMMON, *platform_fields(post.platform)):
        if name == caption_field or name in out:
            continue
        value = post.get(name)
        if hasattr(value, "to_json"):
            value = value.to_json()
        if name == "approval_requests" and isinstance(value, list):  # in request shape
            value = [{k: r.get(k) for k in APPROVAL_REQUEST_FIELDS}
                     for r in (v.to_json() if hasattr(v, "to_json") else v for v in value)]
        if value is None or value == [] or value == {}:
            continue
        out[name] = format_cell(name, value)
    return out


def export_columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    extra: list[str] = []
    for row in rows:
        extra.extend(k for k in row if k not in EXPORT_COLUMNS and k not in extra)
    lead = [k for k in LEAD_FIELDS if k in extra]
    return EXPORT_COLUMNS + lead + [k for k in extra if k not in LEAD_FIELDS]


def export_rows(items: Sequence[Item], zone: ZoneInfo) -> list[dict[str, Any]]:
    rows = []
    for i in items:
        p = i.post
        rows.append({
            "id": p.id, "platform": i.platform, "brand_id": p.brand_id, "status": p.status,
            "timestamp": p.timestamp.isoformat() if p.timestamp else "",
            "local_time": p.timestamp.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
            if p.timestamp else "",
            "caption": p.caption, "media_ids": " ".join(str(m) for m in p.media_ids),
            "approval_status": p.approval_status or "", "auto_publish_error": p.error_text,
            "live_post_url": p.live_post_url or "",
            "updated_at": p.updated_at.isoformat() if p.updated_at else "",
            **_field_values(p),
        })
    return rows


def render_export(items: Sequence[Item], fmt: str, zone: ZoneInfo) -> str:
    if fmt == "json":
        return json.dumps([{"platform": i.platform, **i.post.to_json()} for i in items],
                          ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    rows = export_rows(items, zone)
    writer = csv.DictWriter(out, fieldnames=export_columns(rows), restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()

"""The paging object of reference 3: `{"data": [...], "paging": {count, previous, next}}`,
where previous/next are full URLs carrying limit and offset, and next is null at the end."""

from __future__ import annotations

from typing import Any

from . import fields as f
from .errors import invalid


def read_limit_offset(params: Any, *, default: int, maximum: int, location: str = "query"
                      ) -> tuple[int, int]:
    errors: dict[str, list[str]] = {}
    values = {"limit": default, "offset": 0}
    for name, lo in (("limit", 1), ("offset", 0)):
        if name in params and params[name] not in (None, ""):
            try:
                values[name] = f.Int(minimum=lo).load(params[name])
            except f.Invalid as exc:
                errors[name] = exc.messages
    if errors:
        raise invalid(location, errors)
    # over the maximum is clamped rather than refused [U]: the docs only say "max varies"
    return min(values["limit"], maximum), values["offset"]


def page(items: list[Any], limit: int, offset: int, url: Any) -> dict[str, Any]:
    """`count` is the total number of matches [U: the docs don't say total or page size]."""
    total = len(items)
    nxt = prev = None
    if offset + limit < total:
        nxt = str(url.include_query_params(limit=limit, offset=offset + limit))
    if offset > 0:
        prev = str(url.include_query_params(limit=limit, offset=max(0, offset - limit)))
    return {"data": items[offset:offset + limit],
            "paging": {"count": total, "previous": prev, "next": nxt}}

"""The cache's posts as saved views read them: each PostRow with its approval_policy.

The policy is not a column of the cache (only the approval status is); it is read out of the
stored JSON by SQLite's json_extract, so the cache's schema (and its version) stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .cache import ROW_COLUMNS, Cache, PostRow


def view_rows(cache: Cache, brand_ids: Sequence[int], start: datetime, end: datetime
              ) -> list[tuple[PostRow, str | None]]:
    """Dated posts of the brands in [start, end), in time order, with their policy."""
    if not brand_ids:
        return []
    sql = (f"SELECT {ROW_COLUMNS}, json_extract(json, '$.approval_policy') FROM posts "
           f"WHERE backend=? AND brand_id IN ({','.join('?' * len(brand_ids))}) "
           "AND ts >= ? AND ts < ? ORDER BY ts, platform, id")
    args = [cache.backend, *brand_ids, int(start.timestamp()), int(end.timestamp())]
    return [(PostRow(*values[:-1]), values[-1]) for values in cache.db.execute(sql, args)]

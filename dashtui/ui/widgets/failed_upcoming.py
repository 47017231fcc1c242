"""The failed view's "will fail" list: scheduled posts of the next 24 hours whose checks fail
now, so the person on call fixes them before Dash tries (and fails) to publish them.

Each row carries its first error as its `error`, so the causes group them as they group real
failures ("✗ caption: …" posts together); the rules are the same the editor shows live.
"""

from __future__ import annotations

from ...labels import field_label
from datetime import timedelta

from ...domain import rules
from ...store.cache import PostRow

HORIZON = timedelta(hours=24)
PREFIX = "Will fail: "


def will_fail_rows(session, all_brands: bool = False) -> list[PostRow]:
    brands = session.failed_brands(all_brands)
    if not brands:
        return []
    now = session.now()
    found = []
    for row in session.cache.rows([b.id for b in brands], now, now + HORIZON, undated=False,
                                  statuses=["SCHEDULED"]):
        post = session.cache.get(row.platform, row.id)
        if post is None:
            continue
        errors = rules.errors(session.check(post))
        if errors:
            first = errors[0]
            more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
            where = field_label(first.field)
            found.append(row._replace(
                error=f"{PREFIX}{where + ': ' if where else ''}{first.message}{more}"))
    return found

"""Moving several posts to one typed time without stacking them on one minute."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime


def keep_spacing(times: Sequence[datetime | None], to: datetime) -> list[datetime]:
    """Each post's new time when a bulk reschedule goes to `to`: the earliest lands on `to`
    and the others keep their distance from it (two posts an hour apart stay an hour apart,
    in the same order). A post without a time goes to `to` itself."""
    known = [t for t in times if t is not None]
    if not known:
        return [to for _ in times]
    first = min(known)
    return [to if t is None else to + (t - first) for t in times]

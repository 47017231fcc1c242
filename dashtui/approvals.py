"""The approvals view's data for a session, apart from any screen: the window it reads and
the brand's posts that wait for an approval, assessed (domain/approvals.py holds the pure
rules). No Textual here, so `dashtui watch` or a saved view can count the same posts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .domain.approvals import WAITING, ApprovalItem, approval_queue

if TYPE_CHECKING:
    from .session import Session

APPROVAL_DAYS = 30  # how far ahead the approvals view looks


def lead_time(config) -> timedelta:
    """The time approvers need before a post's time (`approval_lead_minutes`)."""
    return timedelta(minutes=config.approval_lead_minutes)


def approvals_window(session: Session) -> tuple[datetime, datetime]:
    """The on-call days back (posts gone MISSING_APPROVALS) and APPROVAL_DAYS ahead."""
    now = session.now()
    return (now - timedelta(days=session.config.failed_days),
            now + timedelta(days=APPROVAL_DAYS))


def waiting_statuses() -> list[str]:
    return sorted(str(s) for s in WAITING)


def approval_items(session: Session, brand_ids: list[int] | None = None,
                   lead: timedelta | None = None) -> list[ApprovalItem]:
    """The brand's (or these brands') cached posts that need approval, soonest first; empty
    for a service without approvals."""
    if not session.backend.capabilities.approvals:
        return []
    if brand_ids is None:
        brand_ids = [session.brand.id] if session.brand else []
    if not brand_ids:
        return []
    start, end = approvals_window(session)
    posts = session.cache.posts_with(brand_ids, start, end, statuses=waiting_statuses(),
                                     contains="APPROVAL_REQUIRED")
    return approval_queue(posts, session.now(), lead or lead_time(session.config))

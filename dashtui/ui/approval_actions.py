"""Asking for approval from the list, the approvals view and in bulk; what can't be done.

Mixed into DashApp beside WriteActions: a request is a PATCH of `approval_policy` and
`approval_requests` (domain/approvals.py) run through the one bulk pipeline (progress, esc
stops, one undo step) and the outbox. Approving or rejecting has no documented endpoint,
so the app says so instead of pretending (NO_APPROVE_API).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from textual import work

from ..domain.approvals import NO_APPROVE_API, reviewers
from ..domain.status import Status

if TYPE_CHECKING:
    from ..domain.posts import Post

KNOWN_SPAN = timedelta(days=120)  # how far around now earlier requests name reviewers


def unavailable_text(service: str) -> str:
    return (f"Approvals are not available for {service}: its API has no approval workflow "
            "(no approval policy, requests or status)")


def user_names(config) -> dict[int, str]:
    """`user_names` of the config, by integer id (the config checked the keys)."""
    return {int(k): v for k, v in (config.user_names or {}).items()}


def known_reviewers(session) -> list[int]:
    """Ids to offer: named in the config, then reviewers of the brand's cached requests."""
    seen: dict[int, None] = dict.fromkeys(user_names(session.config))
    if session.brand is not None:
        now = session.now()
        for post in session.cache.posts_with(
                [session.brand.id], now - KNOWN_SPAN, now + KNOWN_SPAN,
                statuses=[s.value for s in Status], contains='"review_user_id"'):
            seen.update(dict.fromkeys(reviewers(post)))
    return list(seen)


def queue_request(writer, review_ids: Sequence[int], requested_by: int):
    """What a request would send for a post, queued without sending (Dash looked down)."""
    from ..domain.approvals import request_changes
    from ..edits import Skipped, refusal

    def queue(post: Post, reason: str):
        changes = request_changes(post, review_ids, requested_by)
        if not changes:
            return Skipped("everyone named was asked already")
        return refusal(post, writer.backend) or writer.enqueue(post, changes, reason)
    return queue


class ApprovalActions:
    """Needs `self.session`, WriteActions (guard_write, confirm_bulk, run_each) and App."""

    def approvals_unavailable(self) -> bool:
        """True (and said) when this service has no approvals."""
        if self.session.backend.capabilities.approvals:
            return False
        self.notify(unavailable_text(self.session.service), title="Approvals",
                    severity="warning", markup=False)
        return True

    def explain_approve(self) -> None:
        """`a`: there is nothing to call, so say where approving is done."""
        if self.approvals_unavailable():
            return
        self.notify(NO_APPROVE_API, title="Approve / reject", severity="warning", timeout=12,
                    markup=False)

    @work(group="writes", exit_on_error=False)
    async def request_approval(self, posts: list[Post]) -> None:
        """Ask reviewers to approve one or several posts (the marked ones)."""
        if not posts or self.approvals_unavailable() \
                or not self.guard_write("Requesting approval"):
            return
        from .actions import post_line
        from .screens.reviewers import ReviewerPrompt, who

        session = self.session
        locked = [session.backend.locked_reason(p) for p in posts]
        if all(locked):  # nothing to ask about: say why before asking whom
            self.notify(f"Can't ask for approval: {locked[0]}" if len(posts) == 1 else
                        f"Can't ask for approval: none of the {len(posts)} posts can be "
                        f"changed ({locked[0]})", severity="warning", markup=False)
            return
        names = user_names(session.config)
        asked = list(reviewers(posts[0])) if len(posts) == 1 else []
        title = ("Ask for approval of " + (f"{len(posts)} posts" if len(posts) > 1
                                           else post_line(posts[0], session.zone)))
        answer = await self.push_screen_wait(ReviewerPrompt(
            title, names=names, known=known_reviewers(session),
            requested_by=session.config.user_id, asked=asked))
        if answer is None:
            return
        review_ids, requested_by = answer
        whom = ", ".join(who(i, names) for i in review_ids)
        if len(posts) > 1 and not await self.confirm_bulk(
                f"Ask {whom} to approve {len(posts)} posts?",
                [post_line(p, session.zone) for p in posts]
                + ["", "Each post becomes APPROVAL_REQUIRED; u takes the requests back"],
                "Ask", destructive=False):
            return
        edits = session.edits
        await self.run_each(
            "request approval", posts, lambda post, progress: edits.request_approval(
                [post], review_ids, requested_by, progress=progress),
            queue=queue_request(session.writer, review_ids, requested_by),
            title=f"Ask {whom} to approve {len(posts)} posts")

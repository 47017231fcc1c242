"""The editor's Reviewers row: whom the post asks for approval, typed as user ids.

Typing ids sets `approval_requests` (a reviewer asked before keeps their item; a new one
becomes `{requested_by_user_id: user_id from the config, review_user_id}`) and, with anyone
listed, `approval_policy: APPROVAL_REQUIRED`; the save's diff and PATCH carry both, in the
documented request shape (domain/posts.changed_fields). Dash's API documents no users list,
hence ids (or names from the config's `user_names`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.approvals import REQUIRED, UserIdError, approved, parse_user_ids, reviewers
from ...domain.posts import ApprovalRequest, Post

NO_USER_ID = ("set `user_id` (your Dash user id) in the config: a request names who asks "
              "(requested_by_user_id) and Dash's API has no way to tell dashtui")


def reviewers_text(post: Post) -> str:
    return " ".join(str(i) for i in reviewers(post))


def reviewers_note(post: Post) -> str:
    """Beside the row: the policy and state as Dash holds them."""
    if post.approval_policy != REQUIRED:
        return "no approval needed"
    state = "approved" if approved(post) else (post.approval_status or "?").lower()
    return f"approval required · {state}"


def reviewer_edit(start: Post, text: str, names: Mapping[int, str], user_id: int | None
                  ) -> tuple[dict[str, Any], str | None]:
    """The draft's new values ({path: value}) for the typed text, or an error for it."""
    try:
        ids = parse_user_ids(text, names)
    except UserIdError as exc:
        return {}, str(exc)
    if ids == list(reviewers(start)):  # back to what it was: no change at all
        return {"approval_requests": [r.model_copy() for r in start.approval_requests],
                "approval_policy": start.approval_policy}, None
    before = {r.review_user_id: r for r in start.approval_requests}
    items = []
    for review_id in ids:
        if review_id in before:
            items.append(before[review_id].model_copy())
        elif user_id is None:
            return {}, NO_USER_ID
        else:
            items.append(ApprovalRequest(requested_by_user_id=user_id,
                                         review_user_id=review_id))
    return {"approval_requests": items,
            "approval_policy": REQUIRED if ids else start.approval_policy}, None

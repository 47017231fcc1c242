"""DELETE /posts {postIds}: each id's outcome from the answer's deleted[] and
failed[{id, reason}] (peers.md 3.1). Only generated/pending_render posts can go."""

from __future__ import annotations

from typing import Any

from ...errors import BackendError, ConflictError, MalformedResponse, NotFoundError
from .mapping import is_already_posted


def delete_report(chunk: list[Any], answer: Any, root: str
                  ) -> dict[Any, BackendError | None]:
    url = f"{root}/posts"
    if not isinstance(answer, dict):
        error = MalformedResponse("Infinipost sent an answer dashtui can't read for the "
                                  "delete (expected {deleted, failed}).", method="DELETE",
                                  url=url, maybe_applied=True)
        return {p: error for p in chunk}
    deleted = {str(p) for p in answer.get("deleted") or [] if p is not None}
    failed: dict[str, str] = {}
    for item in answer.get("failed") or []:
        if isinstance(item, dict) and item.get("id") is not None:
            failed[str(item["id"])] = str(item.get("reason") or "no reason given")
    out: dict[Any, BackendError | None] = {}
    for pid in chunk:
        key = str(pid)
        if key in deleted:
            out[pid] = None
        elif key in failed:
            out[pid] = _failure(pid, failed[key], url)
        else:
            out[pid] = MalformedResponse(f"Infinipost didn't say whether post {pid} was "
                                         "deleted (it is in neither deleted nor failed).",
                                         method="DELETE", url=url, maybe_applied=True)
    return out


def _failure(post_id: Any, reason: str, url: str) -> BackendError:
    kw: dict[str, Any] = dict(method="DELETE", url=url,
                             details={"id": str(post_id), "reason": reason})
    shown = " ".join(reason.split())[:120]
    if is_already_posted("", reason) or "posted" in reason.lower() or "failed" in \
            reason.lower():
        return ConflictError(f"Infinipost won't delete post {post_id} ({shown}): only "
                             "generated or pending-render posts can be deleted.", **kw)
    if "not found" in reason.lower() or "not_found" in reason.lower():
        return NotFoundError(f"Infinipost has no post {post_id} ({shown}); it may be gone "
                             "already.", **kw)
    return BackendError(f"Infinipost didn't delete post {post_id} ({shown}).", **kw)

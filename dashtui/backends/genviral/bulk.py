"""Reading Genviral's bulk reports into one outcome per id (None: done).

POST /posts/delete answers {deletedIds, blockedStatuses[{id, status}], skipped, errors};
POST /posts/retry answers {failed, errors} (peers.md 2.1). A skipped id is not there: gone
already, which is what a delete wants, so it counts as done.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import (BackendError, ConflictError, MalformedResponse, NotFoundError,
                       ServerError)


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def error_map(errors: Any) -> dict[str, str]:
    """`errors` as {id: message}: a map, or a list of {id, message|error}."""
    if isinstance(errors, dict):
        return {str(k): str(v.get("message") if isinstance(v, dict) else v)
                for k, v in errors.items()}
    if isinstance(errors, list):
        return {str(e.get("id")): str(e.get("message") or e.get("error") or "failed")
                for e in errors if isinstance(e, dict)}
    return {}


def _ids(items: Any) -> set[str]:
    return {str(i.get("id") if isinstance(i, dict) else i) for i in items or []}


def delete_outcomes(keyed: Mapping[str, Any], data: Mapping[str, Any]
                    ) -> dict[Any, BackendError | None]:
    """`keyed`: the ids as sent (text) -> as the caller gave them."""
    deleted = _ids(data.get("deletedIds") or data.get("deleted_ids"))
    skipped = _ids(data.get("skipped"))
    blocked = {str(b.get("id")): b.get("status") for b in
               data.get("blockedStatuses") or data.get("blocked_statuses") or []
               if isinstance(b, dict)}
    errors = error_map(data.get("errors"))
    out: dict[Any, BackendError | None] = {}
    for sid, original in keyed.items():
        if sid in deleted or sid in skipped:
            out[original] = None
        elif sid in blocked:
            out[original] = ConflictError(
                f"Genviral doesn't delete {blocked[sid] or 'published'} posts (posted, "
                "partial and canceled posts stay).", status=409,
                details={"id": sid, "status": blocked[sid]})
        elif sid in errors:
            out[original] = ServerError(f"Genviral couldn't delete post {sid}: "
                                        f"{errors[sid]}", maybe_applied=True,
                                        details={"id": sid})
        else:
            out[original] = MalformedResponse(
                f"Genviral's delete report doesn't mention post {sid}; refresh to see "
                "whether it is gone.", maybe_applied=True)
    return out


def retry_outcomes(keyed: Mapping[str, Any], data: Mapping[str, Any]
                   ) -> dict[Any, BackendError | None]:
    errors = error_map(data.get("errors"))
    failed = _ids(data.get("failed")) | set(errors)
    out: dict[Any, BackendError | None] = {}
    for sid, original in keyed.items():
        if sid not in failed:
            out[original] = None
            continue
        why = errors.get(sid) or "Genviral did not retry it"
        cls = NotFoundError if "not found" in why.lower() else ConflictError
        out[original] = cls(f"Genviral didn't retry post {sid}: {why}", details={"id": sid})
    return out

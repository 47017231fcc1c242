"""Post statuses and their families, defined once (posts.py re-exports them).

Apart from the models so that what only compares statuses (the calendar, the list, the
header's counts) does not load pydantic before the first frame.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    AUTOPUBLISHING = "AUTOPUBLISHING"
    DRAFT = "DRAFT"
    EXPIRED = "EXPIRED"
    FAILED = "FAILED"
    IMPORTED = "IMPORTED"
    MISSING_APPROVALS = "MISSING_APPROVALS"
    PARTIALLY_FAILED = "PARTIALLY_FAILED"
    POSTED = "POSTED"
    SCHEDULED = "SCHEDULED"
    SKIPPED = "SKIPPED"
    USERS_NOTIFIED = "USERS_NOTIFIED"


# the statuses a client may send on create (GUIDE "Publishing Modes")
WRITABLE_STATUSES = frozenset({Status.AUTOPUBLISHING, Status.SCHEDULED, Status.DRAFT})
# status families, defined once: everything that groups statuses imports these
# a failure nothing went live for, or only partly
FAILED_STATUSES = frozenset({Status.FAILED, Status.PARTIALLY_FAILED, Status.EXPIRED})
# waiting on a person: approval, or posting by hand
NEEDS_ACTION_STATUSES = frozenset({Status.MISSING_APPROVALS, Status.USERS_NOTIFIED})
# what the on-call view gathers
PROBLEM_STATUSES = FAILED_STATUSES | NEEDS_ACTION_STATUSES
# what a retry may send back to AUTOPUBLISHING: nothing went live (domain/triage.py)
RETRYABLE_STATUSES = frozenset({Status.FAILED, Status.EXPIRED})
# still on its way out
SCHEDULED_STATUSES = frozenset({Status.SCHEDULED, Status.AUTOPUBLISHING})
PUBLISHED_STATUSES = frozenset({Status.POSTED, Status.IMPORTED})
# finished one way or another: shown as done, never as pending
DONE_STATUSES = PUBLISHED_STATUSES | {Status.SKIPPED}
# posts that Dash will not let anyone edit (inferred, reference section 6)
LOCKED_STATUSES = frozenset({Status.POSTED, Status.IMPORTED, Status.AUTOPUBLISHING})


class ApprovalPolicy(StrEnum):
    APPROVAL_REQUIRED = "APPROVAL_REQUIRED"
    APPROVAL_NOT_REQUIRED = "APPROVAL_NOT_REQUIRED"


# The words a person names a group of statuses by (saved views, `:filter`), lower case; a
# status itself is written in capitals (`FAILED` is one status, `failed` the family)
STATUS_WORDS: dict[str, frozenset[str]] = {
    "failed": FAILED_STATUSES, "fail": FAILED_STATUSES,
    "needs-action": NEEDS_ACTION_STATUSES, "needs_action": NEEDS_ACTION_STATUSES,
    "needs": NEEDS_ACTION_STATUSES, "action": NEEDS_ACTION_STATUSES,
    "problem": PROBLEM_STATUSES,  # both: what the on-call screen (3) gathers
    "scheduled": SCHEDULED_STATUSES, "sched": SCHEDULED_STATUSES,
    "drafts": frozenset({Status.DRAFT}), "draft": frozenset({Status.DRAFT}),
    "published": PUBLISHED_STATUSES, "posted": PUBLISHED_STATUSES,
    "done": DONE_STATUSES,
}


def read_status_words(words: list[str]) -> set[str]:
    """The statuses `words` name: a status in capitals, a family in lower case, a status in
    another case unless it names a family. ValueError names the first word that is neither."""
    known = {s.value for s in Status}
    out: set[str] = set()
    for value in words:
        word = value.strip()
        if word.isupper() and word in known:
            out.add(word)
        elif word.lower() in STATUS_WORDS:
            out |= STATUS_WORDS[word.lower()]
        elif word.upper() in known:
            out.add(word.upper())
        else:
            raise ValueError(f"no status called {value!r}: try failed, scheduled, draft, "
                             "needs, published, problem, done or a status name "
                             f"({', '.join(sorted(known))})")
    return out

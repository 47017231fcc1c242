"""Which problem posts a retry may send to AUTOPUBLISHING, and what it cannot fix."""

from __future__ import annotations

from types import SimpleNamespace

from dashtui.domain.posts import PROBLEM_STATUSES, Status
from dashtui.domain.triage import (RETRYABLE, account_of, is_token_error, plan_retry,
                                   token_lines)

TOKEN = "Access token expired for account 4711. Reconnect the account in Dash Social settings."


def item(status, error="", platform="instagram", brand_id=1):
    return SimpleNamespace(status=status, error=error, platform=platform, brand_id=brand_id)


def test_only_failed_and_expired_are_sent():
    items = [item(s) for s in sorted(PROBLEM_STATUSES)]
    plan = plan_retry(items)
    assert {i.status for i in plan.send} == RETRYABLE == {"FAILED", "EXPIRED"}
    assert {i.status for i in plan.risky} == {"USERS_NOTIFIED", "MISSING_APPROVALS"}
    assert {i.status for i in plan.never} == {"PARTIALLY_FAILED"}
    assert plan.skip_line() == ("3 skipped: may already be posted by hand / awaiting approval "
                                "/ already live")


def test_anything_else_is_never_sent_and_says_so():
    plan = plan_retry([item(Status.POSTED), item("SOMETHING_NEW")])
    assert not plan.send and not plan.risky
    assert plan.skip_line() == "2 skipped: posted, not retryable / something new, not retryable"


def test_token_errors_are_grouped_by_account():
    plan = plan_retry([item("FAILED", TOKEN), item("FAILED", TOKEN),
                       item("FAILED", TOKEN.replace("4711", "99"), platform="bluesky"),
                       item("FAILED", "Media was not reachable (HTTP 404)."),
                       item("USERS_NOTIFIED", TOKEN)])
    assert len(plan.send) == 4 and len(plan.token_items) == 3
    lines = token_lines(plan.token, str.title)
    assert lines == ["  Instagram account 4711: 2 posts", "  Bluesky account 99: 1 post"]


def test_token_error_wordings():
    for text in (TOKEN, "Error validating access token: Session has expired",
                 "OAuthException: the token is invalid", "Please reconnect the account"):
        assert is_token_error(text), text
    for text in ("", None, "Media 12 could not be processed", "rate limit reached"):
        assert not is_token_error(text), text
    assert account_of(TOKEN) == "4711"
    assert account_of("Access token expired.") is None

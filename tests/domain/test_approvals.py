"""Which posts need approval, which can't get it in time, and what a request sends."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dashtui.domain.approvals import (NOT_REQUIRED, REQUIRED, UserIdError, approval_queue,
                                      assess, needs_approval, parse_user_ids, request_changes,
                                      request_shape, reviewers, short_duration)
from dashtui.domain.posts import parse_post

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
ITEM = {"id": 7, "post_id": 1, "brand_id": 144, "created_at": "2026-02-01T10:00:00+00:00",
        "updated_at": "2026-02-01T10:00:00+00:00", "deleted_at": None,
        "requested_by_user_id": 10, "review_user_id": 12}


def post(pid=1, *, status="SCHEDULED", at=timedelta(hours=5), policy=REQUIRED,
         approval="PENDING", requests=(ITEM,)):
    return parse_post("twitter", {
        "id": pid, "brand_id": 144, "status": status, "tweet_status": "hi",
        "timestamp": None if at is None else (NOW + at).isoformat(),
        "approval_policy": policy, "approval_status": approval,
        "approval_requests": [dict(r) for r in requests]})


def test_needs_approval_only_when_required_incomplete_and_not_out_yet():
    assert needs_approval(post())
    assert needs_approval(post(status="DRAFT", approval="UNASSIGNED", requests=()))
    assert needs_approval(post(status="MISSING_APPROVALS", at=-timedelta(hours=1)))
    assert not needs_approval(post(approval="APPROVED"))
    assert not needs_approval(post(approval="approved"))  # however Dash spells its case
    assert not needs_approval(post(policy=NOT_REQUIRED))
    for done in ("POSTED", "FAILED", "EXPIRED", "AUTOPUBLISHING", "IMPORTED"):
        assert not needs_approval(post(status=done)), done


def test_late_under_the_lead_past_or_missing_with_the_reason():
    on_time = assess(post(at=timedelta(hours=2)), NOW)
    assert not on_time.late and on_time.reason == ""
    soon = assess(post(at=timedelta(minutes=40)), NOW)
    assert soon.late and soon.left == timedelta(minutes=40)
    assert soon.reason == ("40 min left, under the 1 h approvers need: will go "
                           "MISSING_APPROVALS unless approved in time")
    longer_lead = assess(post(at=timedelta(hours=2)), NOW, lead=timedelta(hours=3))
    assert longer_lead.late and "under the 3 h" in longer_lead.reason
    past = assess(post(at=-timedelta(minutes=1)), NOW)
    assert past.late and past.reason.endswith("will go MISSING_APPROVALS")
    gone = assess(post(status="MISSING_APPROVALS", at=-timedelta(hours=3)), NOW)
    assert gone.late and gone.reason.startswith("went MISSING_APPROVALS")
    draft = assess(post(status="DRAFT", at=timedelta(minutes=5)), NOW)
    assert not draft.late and "does not publish" in draft.note
    unasked = assess(post(requests=()), NOW)
    assert not unasked.late and unasked.note.startswith("no reviewer asked")


def test_queue_is_soonest_first_undated_last_and_filtered():
    posts = [post(1, at=timedelta(days=2)), post(2, status="DRAFT", at=None),
             post(3, at=timedelta(minutes=10)), post(4, approval="APPROVED"),
             post(5, status="MISSING_APPROVALS", at=-timedelta(hours=6))]
    queue = approval_queue(posts, NOW)
    assert [i.post.id for i in queue] == [5, 3, 1, 2]
    assert [i.late for i in queue] == [True, True, False, False]


def test_short_durations():
    assert short_duration(timedelta(minutes=45)) == "45m"
    assert short_duration(timedelta(hours=3, minutes=10)) == "3h10m"
    assert short_duration(timedelta(days=2, hours=4, minutes=3)) == "2d4h"
    assert short_duration(-timedelta(seconds=1)) == "past"
    assert short_duration(None) == "—"


def test_request_sends_policy_and_requests_in_the_documented_shape():
    p = post(policy=NOT_REQUIRED, approval="UNASSIGNED")
    changes = request_changes(p, [12, 34, 34], 10)
    assert changes == {"approval_policy": REQUIRED, "approval_requests": [
        {"requested_by_user_id": 10, "review_user_id": 12},  # the one asked before, kept
        {"requested_by_user_id": 10, "review_user_id": 34}]}
    # every reviewer asked already, policy already required: nothing to send
    assert request_changes(post(), [12], 99) == {}
    assert request_shape([ITEM, {"review_user_id": 3}]) == [
        {"requested_by_user_id": 10, "review_user_id": 12}]
    assert reviewers(post(requests=(ITEM, dict(ITEM, id=8), dict(ITEM, review_user_id=4)))) \
        == (12, 4)


def test_typed_user_ids_and_names():
    names = {12: "Ana Lima", 34: "Ben Ode", 35: "Bea Roy"}
    assert parse_user_ids("12 34,56; 12") == [12, 34, 56]
    assert parse_user_ids("ana ben", names) == [12, 34]
    assert parse_user_ids("") == []
    with pytest.raises(UserIdError, match="'b' could be Ben Ode \\(34\\), Bea Roy \\(35\\)"):
        parse_user_ids("b", names)
    with pytest.raises(UserIdError, match="'-3': a user id is a whole number"):
        parse_user_ids("-3")
    with pytest.raises(UserIdError, match="'x1' is not a user id"):
        parse_user_ids("12 x1")

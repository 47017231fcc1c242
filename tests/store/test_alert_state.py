"""The alert memory: claimed by one process, kept when the command fails, never run twice
once sent; what `observe` makes of the posts it is shown."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3
import time
from datetime import datetime, timezone

from dashtui.alerts import Origin, ViewCount, deliver, observe, run_command
from dashtui.store.alert_state import AlertState
from dashtui.store.cache import PostRow
from dashtui.views import merge_views

NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
WINDOW = (datetime(2026, 11, 30, 12, tzinfo=timezone.utc),
          datetime(2026, 12, 2, 12, tzinfo=timezone.utc))
ORIGIN = Origin("Dash", "dash", "Dash")


def row(pid, status="FAILED", error="Boom 1", platform="twitter") -> PostRow:
    return PostRow(platform, pid, 144, status, int(NOW.timestamp()), None, "hello", 0, None,
                   error, 0)


def names(_brand: int) -> str:
    return "Acme"


def test_a_claim_is_one_process_s_until_it_goes_stale(tmp_path):
    state = AlertState(tmp_path / "alerts.sqlite3")
    other = AlertState(tmp_path / "alerts.sqlite3")  # a second dashtui on the same file
    assert state.add("k", "s", {"event": "failed"})
    assert not other.add("k", "s", {"event": "failed"})  # known: not added twice
    first = state.claim("k", stale_after=60)
    assert first is not None and first.attempt == 1
    assert other.claim("k", stale_after=60) is None  # being run elsewhere right now
    # the first process died mid-command: after stale_after the claim is taken over
    state.db.execute("UPDATE alerts SET updated_at = ?", (time.time() - 120,))
    taken = other.claim("k", stale_after=60)
    assert taken is not None and taken.attempt == 2
    other.finish("k", ok=True)
    assert state.claim("k", stale_after=0) is None and state.due() == []


def test_a_failed_run_is_due_again_with_its_payload(tmp_path):
    state = AlertState(tmp_path / "alerts.sqlite3")
    state.add("k", "s", {"event": "failed", "cause": "x"})
    claimed = state.claim("k", 60)
    state.finish("k", ok=False, error="exit 1")
    assert state.due() == ["k"]
    again = state.claim("k", 60)
    assert again.attempt == claimed.attempt + 1 and again.payload["cause"] == "x"


def test_a_damaged_state_file_is_set_aside_and_said(tmp_path):
    path = tmp_path / "alerts.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    state = AlertState(path)
    assert state.notices and "moved" in state.notices[0]
    assert list(tmp_path.glob("alerts.sqlite3.broken-*"))
    assert state.add("k", "s", {})


def test_observe_tells_once_per_cause_and_rearms(tmp_path):
    state = AlertState(tmp_path / "alerts.sqlite3")
    two_causes = row(1, error="[shop-a] Token expired 12\n[shop-b] Video too long 90 s")
    new = observe(state, ORIGIN, [two_causes, row(2, status="POSTED")], WINDOW, names,
                  now=NOW)
    assert len(new) == 2 and all(k.startswith("post:dash:twitter:1:") for k in new)
    for key in new:
        state.claim(key, 60)
        state.finish(key, ok=True)
    assert observe(state, ORIGIN, [two_causes], WINDOW, names, now=NOW) == []
    # retried: seen scheduled, so the same failure later tells again
    assert observe(state, ORIGIN, [row(1, status="SCHEDULED")], WINDOW, names, now=NOW) == []
    assert len(observe(state, ORIGIN, [two_causes], WINDOW, names, now=NOW)) == 2


def test_failures_outside_the_alert_window_do_not_alert(tmp_path):
    state = AlertState(tmp_path / "alerts.sqlite3")
    old = row(1)._replace(ts=int(WINDOW[0].timestamp()) - 60)
    undated = row(2)._replace(ts=None)
    assert observe(state, ORIGIN, [old, undated, row(3, status="USERS_NOTIFIED")], WINDOW,
                   names, now=NOW) == []


def test_threshold_needs_complete_lists_and_rearms(tmp_path):
    state = AlertState(tmp_path / "alerts.sqlite3")
    [view] = [v for v in merge_views([]) if v.name == "on-call"]
    view = dataclasses.replace(view, alert_above=1)
    rows = [row(1), row(2)]
    assert observe(state, ORIGIN, [], WINDOW, names, [ViewCount(view, 2, False, rows)],
                   NOW) == []  # not everything was read: no decision
    assert observe(state, ORIGIN, [], WINDOW, names, [ViewCount(view, 2, True, rows)],
                   NOW) == ["view:on-call"]
    state.claim("view:on-call", 60)
    state.finish("view:on-call", ok=True)
    assert observe(state, ORIGIN, [], WINDOW, names, [ViewCount(view, 3, True, rows)],
                   NOW) == []
    observe(state, ORIGIN, [], WINDOW, names, [ViewCount(view, 1, True, rows[:1])], NOW)
    assert observe(state, ORIGIN, [], WINDOW, names, [ViewCount(view, 2, True, rows)],
                   NOW) == ["view:on-call"]


def test_a_command_past_its_timeout_is_stopped_and_reported():
    started = time.monotonic()
    error = asyncio.run(run_command("sleep 30", {"event": "failed"}, 1, timeout=0.5))
    assert "no exit after 0.5 s" in error and time.monotonic() - started < 10


def test_a_command_that_cannot_run_is_a_failure_kept_for_later(tmp_path):
    state = AlertState(tmp_path / "alerts.sqlite3")
    observe(state, ORIGIN, [row(1)], WINDOW, names, now=NOW)
    [outcome] = asyncio.run(deliver(state, "/no/such/command", 5))
    assert not outcome.ok and "exit 127" in outcome.error
    assert state.due() == [outcome.key]


def test_the_command_reads_the_alert_on_stdin(tmp_path):
    out = tmp_path / "got.json"
    state = AlertState(tmp_path / "alerts.sqlite3")
    observe(state, ORIGIN, [row(7, error="Boom \x1b[31m")], WINDOW, names, now=NOW)
    [outcome] = asyncio.run(deliver(state, f"cat > {out}", 5))
    assert outcome.ok
    got = json.loads(out.read_text())
    assert got["post"]["id"] == 7 and got["attempt"] == 1 and got["post"]["brand"] == "Acme"
    assert got["post"]["error"] == "Boom \x1b[31m"  # data, escaped as JSON


def test_sent_alerts_are_forgotten_after_a_month(tmp_path):
    state = AlertState(tmp_path / "alerts.sqlite3")
    state.add("k", "s", {})
    state.claim("k", 60)
    state.finish("k", ok=True)
    assert state.prune(time.time() + 31 * 86400) == 1
    assert sqlite3.connect(tmp_path / "alerts.sqlite3").execute(
        "SELECT COUNT(*) FROM alerts").fetchone()[0] == 0

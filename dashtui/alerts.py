"""Alerts: a post that newly failed, or a saved view whose count went above its threshold,
told once through `notify_command`. Shared by `dashtui watch` and the open TUI.

`observe` turns what a poll (or a refresh) read into alerts remembered in the account's
AlertState, before anything runs; `deliver` then runs the command for every alert not yet
delivered (new ones and those whose command failed before), see store/alert_state.py.

Which statuses alert: FAILED, PARTIALLY_FAILED, EXPIRED (the failed family) and
MISSING_APPROVALS (it did not go out). USERS_NOTIFIED is how a manual-publish post is meant
to end up, so it does not alert. A post alerts once per cause; once it is seen in another
status (retried, fixed) it is re-armed, so failing again tells again.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .domain.failures import cause_key, per_account
from .domain.platforms import SPECS, Platform
from .domain.status import FAILED_STATUSES, Status
from .store.alert_state import AlertState
from .termsafe import json_visible, visible
from .views import Row, View

ALERT_STATUSES = FAILED_STATUSES | {Status.MISSING_APPROVALS}
SAMPLE = 20  # posts listed in a threshold alert's JSON
OUTPUT_TAIL = 400  # characters of the command's output kept in an error report
ENV_LIMIT = 2000  # characters of one environment variable (a caption can be 63,206)


@dataclass(frozen=True)
class Origin:
    """Who is polling: the account's name and its service (for the payload)."""

    account: str
    backend: str  # Backend.name: ids are unique per service
    service: str  # "Dash"


@dataclass(frozen=True)
class ViewCount:
    view: View
    count: int
    complete: bool  # every list the view covers was read: otherwise no threshold decision
    rows: Sequence[Row] = ()
    window: tuple[datetime, datetime] | None = None


def subject(origin: Origin, platform: str, post_id: Any) -> str:
    return f"post:{origin.backend}:{platform}:{post_id}"


def _iso(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, timezone.utc).isoformat()


def _label(platform: str) -> str:
    try:
        return SPECS[Platform(platform)].label
    except ValueError:
        return platform


def post_json(row: Row, brand: str) -> dict[str, Any]:
    return {"id": row.id, "platform": row.platform, "platform_label": _label(row.platform),
            "brand_id": row.brand_id, "brand": brand, "status": row.status,
            "time": _iso(row.ts), "caption": row.caption, "error": row.error or None}


def observe(state: AlertState, origin: Origin, rows: Iterable[Row],
            window: tuple[datetime, datetime], brand_name: Callable[[int], str],
            counts: Sequence[ViewCount] = (), now: datetime | None = None) -> list[str]:
    """Remember the alerts in what was read; returns the keys of the new ones.

    `rows`: every post a poll or refresh landed (any status: a post seen in a status that
    does not alert re-arms its alerts); failures alert when their time is in `window`."""
    now = now or datetime.now(timezone.utc)
    lo, hi = int(window[0].timestamp()), int(window[1].timestamp())
    armed = {s for (s,) in state.db.execute(
        "SELECT DISTINCT subject FROM alerts WHERE state='sent'")}
    new: list[str] = []
    for row in rows:
        subj = subject(origin, row.platform, row.id)
        if row.status not in ALERT_STATUSES:
            if subj in armed:
                state.rearm(subj)
            continue
        if row.ts is None or not lo <= row.ts < hi:
            continue
        for line in per_account(row.error):
            cause = cause_key(line, row.status)
            key = f"{subj}:{cause}"
            if state.known(key):
                continue
            payload = {"event": "failed", "alert_id": key, "account": origin.account,
                       "service": origin.service, "cause": cause,
                       "post": {**post_json(row, brand_name(row.brand_id)),
                                "error": line or None},
                       "seen_at": now.isoformat()}
            if state.add(key, subj, payload):
                new.append(key)
    for vc in counts:
        new += _threshold(state, origin, vc, brand_name, now)
    return new


def _threshold(state: AlertState, origin: Origin, vc: ViewCount,
               brand_name: Callable[[int], str], now: datetime) -> list[str]:
    view, limit = vc.view, vc.view.alert_above
    if limit is None or not vc.complete:  # never decided on lists that were not read
        return []
    key = f"view:{view.name}"
    if vc.count <= limit:
        state.rearm(key)  # back under: the next crossing tells again
        return []
    if state.known(key):
        return []
    payload = {"event": "threshold", "alert_id": key, "account": origin.account,
               "service": origin.service,
               "cause": f"{view.name}: {vc.count} post(s), above {limit}",
               "view": {"name": view.name, "count": vc.count, "threshold": limit,
                        "when": view.when.text, "query": view.describe(),
                        "start": vc.window[0].isoformat() if vc.window else None,
                        "end": vc.window[1].isoformat() if vc.window else None},
               "posts": [post_json(r, brand_name(r.brand_id)) for r in vc.rows[:SAMPLE]],
               "seen_at": now.isoformat()}
    return [key] if state.add(key, key, payload) else []


# -- running the command --------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    key: str
    ok: bool
    attempt: int
    summary: str  # `FAILED X #123 Acme: cause` / `view on-call: 6 posts, above 5`
    error: str = ""  # why the command failed, for stderr or a notice


def environment(payload: dict[str, Any], attempt: int,
                secrets: Iterable[str] = ()) -> dict[str, str]:
    """The command's environment: dashtui's own, less its tokens, plus DASHTUI_*."""
    env = {k: v for k, v in os.environ.items() if k not in set(secrets)}
    post = payload.get("post") or {}
    view = payload.get("view") or {}
    values = {
        "EVENT": payload.get("event"), "ALERT_ID": payload.get("alert_id"),
        "ATTEMPT": attempt, "ACCOUNT": payload.get("account"),
        "SERVICE": payload.get("service"), "CAUSE": payload.get("cause"),
        "POST_ID": post.get("id"), "PLATFORM": post.get("platform"),
        "STATUS": post.get("status"), "ERROR": post.get("error"),
        "BRAND": post.get("brand"), "BRAND_ID": post.get("brand_id"),
        "TIME": post.get("time"), "VIEW": view.get("name"), "COUNT": view.get("count"),
        "THRESHOLD": view.get("threshold"),
    }
    for name, value in values.items():
        text = "" if value is None else visible(str(value)).replace("\x00", "")
        env[f"DASHTUI_{name}"] = text[:ENV_LIMIT]
    return env


def token_envs(config: Any) -> list[str]:
    """Environment variables holding a token (config.Config): not passed to the command."""
    from .config import TOKEN_ENV

    return [TOKEN_ENV, *(a.token_env for a in config.all_accounts() if a.token_env)]


def summary(payload: dict[str, Any]) -> str:
    post = payload.get("post")
    if post:
        return (f"{post.get('status')} {post.get('platform_label')} #{post.get('id')} "
                f"{post.get('brand')}: {post.get('error') or payload.get('cause')}")
    return f"view {payload.get('cause')}"


async def run_command(command: str, payload: dict[str, Any], attempt: int, timeout: float,
                      secrets: Iterable[str] = ()) -> str:
    """Run the command once; '' when it succeeded (exit 0), else why not."""
    body = json_visible(json.dumps({**payload, "attempt": attempt}, ensure_ascii=False))
    try:
        proc = await asyncio.create_subprocess_shell(
            command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT, env=environment(payload, attempt, secrets),
            start_new_session=True)  # its own group: a timeout stops its children too
    except OSError as exc:
        return f"could not start it: {exc.strerror or exc}"
    try:
        out, _ = await asyncio.wait_for(proc.communicate(body.encode() + b"\n"), timeout)
    except asyncio.TimeoutError:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        await proc.wait()
        return f"no exit after {timeout:g} s: stopped"
    except (BrokenPipeError, ConnectionResetError):  # it did not read its stdin: fine
        out = b""
        await proc.wait()
    if proc.returncode == 0:
        return ""
    tail = visible(out.decode(errors="replace").strip())[-OUTPUT_TAIL:]
    how = f"exit {proc.returncode}" if proc.returncode > 0 else \
        f"killed by signal {-proc.returncode}"
    return f"{how}" + (f": {tail}" if tail else "")


async def deliver(state: AlertState, command: str, timeout: float,
                  secrets: Iterable[str] = (), run=None) -> list[Outcome]:
    """Run the command for every alert not yet delivered, oldest first, one at a time.
    `run(payload, attempt) -> error` stands in for the command (the demo's dry run)."""
    outcomes = []
    for key in state.due():
        claimed = state.claim(key, stale_after=timeout + 30)
        if claimed is None:
            continue
        error = await run(claimed.payload, claimed.attempt) if run is not None else \
            await run_command(command, claimed.payload, claimed.attempt, timeout, secrets)
        state.finish(key, not error, error or None)
        outcomes.append(Outcome(key, not error, claimed.attempt, summary(claimed.payload),
                                error))
    return outcomes

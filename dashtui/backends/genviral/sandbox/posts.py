"""The post endpoints of peers.md 2.1 and their rules (2.2 edits, 2.4 idempotency).

  GET  /accounts           {accounts: [...]}
  POST /posts              create; external_id replay (200 duplicate:true) or 409
                           create_failed; without it, SHA-256 body dedupe
  GET  /posts              ?status=&limit= -> {summary: {by_status, total}, posts}
  GET  /posts/{id}
  PATCH /posts/{id}        >= 1 field; accounts replace; settings.<provider> merge;
                           tiktok/pinterest null clear; media null text-only; scheduled_at
                           null -> pending; external_id immutable. [infer] a tiktok or
                           pinterest object replaces the stored one (merging is promised
                           for settings.<provider> only); a draft, failed or retry post
                           given a scheduled_at is scheduled (null: pending)
  [infer] drafts: create takes `status: "draft"`; the pages we have don't say how drafts
  are made, yet list them as a status and a filter
  POST /posts/retry        post_ids 1-20, account_ids <= 10 -> {retried, failed, errors}
  POST /posts/delete       postIds|post_ids 1-50 -> {deletedIds, blockedStatuses, skipped,
                           errors}
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import validate as v
from .envelope import ApiError, invalid, ok
from .state import State, parse_time, stamp

EDITABLE = {"draft", "pending", "scheduled", "retry", "failed"}
IMMUTABLE = {"posted", "partial", "canceled", "deleted"}
LIST_STATUSES = ("draft", "pending", "scheduled", "posted", "failed", "partial", "retry")
DELETABLE = EDITABLE
RETRYABLE = {"failed", "partial"}


def _rt(request: Request) -> Any:
    return request.app.state.runtime


def _stored(state: State, post_id: str) -> dict[str, Any]:
    post = state.posts.get(post_id)
    if post is None:
        raise ApiError(404, "not_found", f"Post {post_id} not found.")
    return post


def render(state: State, rt: Any, post: dict[str, Any]) -> dict[str, Any]:
    out = {k: copy.deepcopy(v) for k, v in post.items()
           if not k.startswith("_") and k not in ("accounts", "states")}
    accounts, states = [], []
    for aid in post["accounts"]:
        acct = state.accounts.get(aid, {"id": aid})
        st = {"status": None, "published_at": None, "error_message": None,
              "last_attempted_at": None, "published_url": None,
              **post.get("states", {}).get(aid, {})}
        item = {"id": aid, "platform": acct.get("platform"), "type": acct.get("type"),
                "username": acct.get("username")}
        if rt.profile.separate_states:
            states.append({"account_id": aid, "platform": acct.get("platform"), **st})
        else:
            item.update(st)
        accounts.append(item)
    out["accounts"] = accounts
    if rt.profile.separate_states:
        out["states"] = states
    return out


async def accounts(request: Request) -> Response:
    state = _rt(request).state
    items = [copy.deepcopy(a) for a in state.accounts.values()]
    return ok({"accounts": items, "total": len(items)}, "Accounts retrieved")


def _body_hash(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"))
                          .encode()).hexdigest()


def _replay(state: State, rt: Any, post_id: str) -> Response | None:
    post = state.posts.get(post_id)
    if post is None:
        return None
    return ok({**render(state, rt, post), "duplicate": True}, "Duplicate post", 200)


def _skipped(state: State, body: dict[str, Any], kept: list[dict[str, Any]]
             ) -> list[dict[str, str]]:
    ids = {a["id"] for a in kept}
    return [{"field": "accounts", "code": "ACCOUNT_SKIPPED",
             "message": f"Account {state.accounts[i].get('username') or i} is "
                        f"{state.accounts[i].get('status')} and was skipped"}
            for i in dict.fromkeys(a["id"] for a in body["accounts"]) if i not in ids]


async def create(request: Request) -> Response:
    rt = _rt(request)
    state, now = rt.state, rt.state.now()
    body = v.check_fields(v.load_json(await request.body()), v.CREATE_FIELDS, rt.profile)
    digest = _body_hash(body)
    key = body.get("external_id")
    if isinstance(key, str) and key in state.keys:
        post_id, seen = state.keys[key]
        if seen != digest:
            raise ApiError(409, "create_failed", "external_id was already used with a "
                           "different request body.")
        replay = _replay(state, rt, post_id)
        if replay is not None:
            return replay
    if key is None and digest in state.hashes:
        post_id, when = state.hashes[digest]
        window = rt.profile.hash_window_seconds
        moment = parse_time(when)
        if window is None or (moment and (now - moment).total_seconds() <= window):
            replay = _replay(state, rt, post_id)
            if replay is not None:
                return replay
    if "accounts" not in body:
        raise ApiError(400, "missing_accounts", "accounts is required.",
                       [{"field": "accounts", "message": "required"}])
    targets = v.resolve_accounts(state, body["accounts"])
    status = body.get("status")
    if status not in (None, "draft"):
        raise invalid("status may only be \"draft\" on create.", "status")
    if status == "draft":
        when = parse_time(body.get("scheduled_at")) if body.get("scheduled_at") else None
        scheduled_at = stamp(when) if when and when.tzinfo else None
    else:
        scheduled_at = v.parse_schedule(body.get("scheduled_at"), now, rt.profile)
        status = "scheduled" if scheduled_at else "pending"
    post = {"caption": body.get("caption"), "media": body.get("media"),
            "music_url": body.get("music_url"), "settings": body.get("settings"),
            "tiktok": body.get("tiktok"), "pinterest": body.get("pinterest"),
            "external_id": key}
    warnings = v.check_post(state, rt.profile, post, targets) + _skipped(state, body,
                                                                      targets)
    post_id = state.new_id()
    post.update(id=post_id, status=status, scheduled_at=scheduled_at, source="partner_api",
                accounts=[a["id"] for a in targets],
                states={a["id"]: {"status": status} for a in targets},
                created_at=stamp(now), updated_at=stamp(now))
    if status == "pending":
        post["_queued_at"] = stamp(now)
    state.posts[post_id] = post
    if isinstance(key, str):
        state.keys[key] = (post_id, digest)
    else:
        state.hashes[digest] = (post_id, stamp(now))
    rt.commit()
    return ok({**render(state, rt, post), "duplicate": False, "warnings": warnings},
              "Post created", rt.profile.created_status)


async def list_posts(request: Request) -> Response:
    rt = _rt(request)
    state = rt.state
    q = request.query_params
    status = q.get("status") or None
    allowed = LIST_STATUSES if rt.profile.strict_list_params else \
        (*LIST_STATUSES, "canceled", "deleted")
    if status is not None and status not in allowed:
        raise invalid(f"status must be one of {', '.join(LIST_STATUSES)}.", "status")
    raw = q.get("limit")
    limit = 50
    if raw is not None:
        try:
            limit = int(raw)
        except ValueError:
            limit = -1
        if not 1 <= limit <= 100:
            if rt.profile.strict_list_params:
                raise invalid("limit must be an integer from 1 to 100.", "limit")
            limit = min(max(limit, 1), 100)
    live = list(reversed(state.posts.values()))  # newest first
    counts: dict[str, int] = {}
    for p in live:
        counts[p["status"]] = counts.get(p["status"], 0) + 1
    chosen = [p for p in live if status is None or p["status"] == status][:limit]
    return ok({"summary": {"by_status": counts, "total": len(live)},
               "posts": [render(state, rt, p) for p in chosen]}, "Posts retrieved")


async def get_post(request: Request) -> Response:
    rt = _rt(request)
    post = _stored(rt.state, request.path_params["post_id"])
    return ok(render(rt.state, rt, post), "Post retrieved")


async def patch_post(request: Request) -> Response:
    rt = _rt(request)
    state, now = rt.state, rt.state.now()
    post = _stored(state, request.path_params["post_id"])
    body = v.check_fields(v.load_json(await request.body()), v.PATCH_FIELDS, rt.profile)
    if not body:
        raise invalid("No editable fields provided.")
    if "external_id" in body and body["external_id"] != post.get("external_id"):
        raise ApiError(409, "external_id_immutable", "external_id cannot be changed after "
                       "creation.", [{"field": "external_id", "message": "immutable"}])
    if post["status"] not in EDITABLE:
        raise v.failed(f"Post is immutable (status {post['status']}); only draft, pending, "
                       "scheduled, retry or failed posts can be edited.", "status")
    merged = copy.deepcopy({k: v_ for k, v_ in post.items() if not k.startswith("_")})
    if "accounts" in body:
        targets = v.resolve_accounts(state, body["accounts"])
        merged["accounts"] = [a["id"] for a in targets]  # replaces the whole list
    else:
        targets = [state.accounts[a] for a in merged["accounts"] if a in state.accounts]
    for key in ("caption", "media", "music_url", "tiktok", "pinterest"):
        if key in body:
            merged[key] = body[key]  # null clears (media null: text-only)
    if "settings" in body:
        if body["settings"] is not None and not isinstance(body["settings"], dict):
            raise invalid("settings must be an object keyed by provider.", "settings")
        current = dict(merged.get("settings") or {})
        for provider, values in (body["settings"] or {}).items():
            old = current.get(provider)
            current[provider] = {**old, **values} if isinstance(old, dict) and \
                isinstance(values, dict) else values  # partial patches merge
        merged["settings"] = current
    status = merged["status"]
    if "scheduled_at" in body:
        merged["scheduled_at"] = v.parse_schedule(body["scheduled_at"], now, rt.profile)
        status = "scheduled" if merged["scheduled_at"] else "pending"
    warnings = v.check_post(state, rt.profile, merged, targets)
    if "accounts" in body:
        warnings += _skipped(state, body, targets)
    old_states = post.get("states", {})
    states = {}
    for aid in merged["accounts"]:
        st = dict(old_states.get(aid) or {"status": status})
        if "scheduled_at" in body and st.get("status") != "posted":
            st = {**st, "status": status, "error_message": None}
        states[aid] = st
    post.update({k: merged[k] for k in ("caption", "media", "music_url", "tiktok",
                                         "pinterest", "settings", "accounts",
                                         "scheduled_at")})
    post.update(status=status, states=states, updated_at=stamp(now))
    if status == "pending":
        post["_queued_at"] = stamp(now)
    rt.commit()
    if rt.profile.partial_patch_answer:
        data = {"id": post["id"], "status": post["status"],
                "scheduled_at": post["scheduled_at"], "warnings": warnings}
    else:
        data = {**render(state, rt, post), "warnings": warnings}
    return ok(data, "Post updated")


def _ids(body: Any, *keys: str, most: int) -> list[str]:
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object.")
    raw = next((body[k] for k in keys if k in body), None)
    if not isinstance(raw, list) or not raw or any(not isinstance(i, str) for i in raw):
        raise invalid(f"{keys[0]} must be a non-empty array of post ids.", keys[0])
    ids = list(dict.fromkeys(raw))
    if len(ids) > most:
        raise ApiError(400, "too_many_post_ids", f"At most {most} post ids per request.",
                       [{"field": keys[0], "message": f"max {most}"}])
    return ids


async def retry(request: Request) -> Response:
    rt = _rt(request)
    state, now = rt.state, rt.state.now()
    body = v.load_json(await request.body())
    ids = _ids(body, "post_ids", most=20)
    only = body.get("account_ids")
    if only is not None and (not isinstance(only, list) or len(only) > 10
                             or any(not isinstance(a, str) for a in only)):
        raise invalid("account_ids takes at most 10 account ids.", "account_ids")
    retried, failed, errors = [], [], {}
    for pid in ids:
        post = state.posts.get(pid)
        if post is None:
            failed.append(pid)
            errors[pid] = "Post not found"
            continue
        if post["status"] not in RETRYABLE:
            failed.append(pid)
            errors[pid] = f"Only failed or partial posts can be retried (status: " \
                          f"{post['status']})"
            continue
        bad = [a for a, st in post["states"].items() if st.get("status") == "failed"
               and (only is None or a in only)]
        if not bad:
            failed.append(pid)
            errors[pid] = "None of the given accounts failed on this post"
            continue
        for aid in bad:
            post["states"][aid] = {**post["states"][aid], "status": "retry",
                                   "error_message": None}
        post.update(status="retry", updated_at=stamp(now), _queued_at=stamp(now))
        retried.append(pid)
    rt.commit()
    return ok({"retried": retried, "failed": failed, "errors": errors},
              f"{len(retried)} post(s) queued for retry")


async def delete(request: Request) -> Response:
    rt = _rt(request)
    state = rt.state
    body = v.load_json(await request.body())
    ids = _ids(body, "postIds", "post_ids", most=50)
    deleted, blocked, skipped, errors = [], [], [], {}
    for pid in ids:
        post = state.posts.get(pid)
        if post is None or post["status"] == "deleted":
            skipped.append(pid)
        elif post["status"] not in DELETABLE:
            blocked.append({"id": pid, "status": post["status"]})
        elif pid in rt.delete_errors:
            errors[pid] = "Database delete failed"
        else:
            if rt.profile.soft_delete:
                post.update(status="deleted", updated_at=stamp(state.now()))
            else:
                del state.posts[pid]
            deleted.append(pid)
    rt.commit()
    return ok({"deletedIds": deleted, "blockedStatuses": blocked, "skipped": skipped,
               "errors": errors}, f"{len(deleted)} post(s) deleted")


ROUTES = [
    Route("/accounts", accounts, methods=["GET"]),
    Route("/posts", create, methods=["POST"]),
    Route("/posts", list_posts, methods=["GET"]),
    Route("/posts/retry", retry, methods=["POST"]),
    Route("/posts/delete", delete, methods=["POST"]),
    Route("/posts/{post_id}", get_post, methods=["GET"]),
    Route("/posts/{post_id}", patch_post, methods=["PATCH"]),
]

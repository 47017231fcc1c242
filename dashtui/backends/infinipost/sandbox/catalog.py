"""GET /accounts, GET and DELETE /accounts/{id}, GET /partners/accounts, POST and GET
/media/sounds (peers.md 3.1)."""

from __future__ import annotations

import base64
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import body_of, object_body, runtime, token_of
from .errors import ApiError, JSONResponse, bad, missing, not_found
from .state import iso


def account_for(request: Request, account_id: str) -> dict[str, Any]:
    rt = runtime(request)
    account = rt.state.accounts.get(account_id)
    if account is None:
        raise not_found(f"Account {account_id[:40]}")
    if account_id not in rt.state.reachable(token_of(request)):
        raise ApiError(403, "account_limit_reached", "Test keys are limited to 10 accounts; "
                       "use a live key (sk_live_) for this account")
    return account


async def list_accounts(request: Request) -> Response:
    state = runtime(request).state
    ids = state.reachable(token_of(request))
    return JSONResponse({"accounts": [state.accounts[i] for i in ids]})


async def get_account(request: Request) -> Response:
    account = account_for(request, request.path_params["account_id"])
    if request.method == "GET":
        return JSONResponse(account)
    # permanent: the account, its posts and (in the real service) its analytics
    rt = runtime(request)
    gone = [pid for pid, p in rt.state.posts.items() if p.get("accountId") ==
            account["accountId"]]
    for pid in gone:
        del rt.state.posts[pid]
    del rt.state.accounts[account["accountId"]]
    rt.commit()
    return JSONResponse({"accountId": account["accountId"], "deleted": True,
                         "postsDeleted": len(gone), "deletedAt": iso(rt.state.now())})


# an account's warmup state as the partner endpoint spells it
PARTNER_STATUS = {"created_pending_warmup": "pending_creation", "warming_up": "warming_up",
                  "ready": "ready"}


async def partner_accounts(request: Request) -> Response:
    partner = request.query_params.get("partnerUserId")
    if not partner:
        raise missing("partnerUserId")
    state = runtime(request).state
    items = [{"accountId": a["accountId"], "partnerUserId": partner,
              "platform": a.get("platform"), "username": a.get("username"),
              "status": a.get("partnerStatus") or PARTNER_STATUS.get(
                  a.get("accountStatus"), "cancelled"), "createdAt": a.get("createdAt")}
             for i in state.reachable(token_of(request))
             if (a := state.accounts[i]).get("partnerUserId") == partner]
    return JSONResponse(page(request, items, "accountId", "accounts"))


def limit_of(request: Request, profile: Any) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return 50
    if not raw.isdigit() or int(raw) < 1:
        raise bad("invalid_limit", "limit must be a whole number from 1 to 100")
    if int(raw) > 100:
        if profile.limit_over_max_refused:
            raise bad("invalid_limit", "limit must be at most 100")
        return 100
    return int(raw)


def encode_cursor(key: tuple[str, str]) -> str:
    return base64.urlsafe_b64encode("|".join(key).encode()).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        created, ident = raw.split("|", 1)
    except (ValueError, UnicodeDecodeError):
        raise bad("invalid_cursor", "Invalid cursor") from None
    return created, ident


def page(request: Request, items: list[dict[str, Any]], id_key: str, name: str
         ) -> dict[str, Any]:
    """Newest first; the cursor is the last item's (createdAt, id), so deletions between
    pages never skip or repeat an item."""
    limit = limit_of(request, runtime(request).profile)
    items = sorted(items, key=lambda p: (p.get("createdAt") or "", p[id_key]), reverse=True)
    cursor = request.query_params.get("cursor")
    if cursor:
        after = decode_cursor(cursor)
        items = [p for p in items if (p.get("createdAt") or "", p[id_key]) < after]
    chunk, more = items[:limit], len(items) > limit
    last = chunk[-1] if chunk else None
    return {name: chunk, "hasMore": more,
            "nextCursor": encode_cursor((last.get("createdAt") or "", last[id_key]))
            if more and last else None}


async def sounds(request: Request) -> Response:
    rt = runtime(request)
    state = rt.state
    if request.method == "GET":
        return JSONResponse(page(request, list(state.sounds.values()), "soundId", "sounds"))
    body = object_body(await body_of(request))
    names = [k for k in ("soundUrl", "name") if not body.get(k)]
    if names:
        raise missing(*names)
    url, name = body["soundUrl"], body["name"]
    if not isinstance(url, str) or "tiktok.com/" not in url or "/video/" not in url:
        raise bad("invalid_url", "soundUrl must be a TikTok video URL")
    if not isinstance(name, str):
        raise bad("invalid_request", "name must be a string")
    sound = {"soundId": state.new_id("snd"), "name": name, "soundUrl": url,
             "duration": 8 + len(url) % 50, "createdAt": iso(state.now())}
    state.sounds[sound["soundId"]] = sound
    rt.commit()
    return JSONResponse(sound, 201)


ROUTES = [
    Route("/accounts", list_accounts, methods=["GET"]),
    Route("/accounts/{account_id}", get_account, methods=["GET", "DELETE"]),
    Route("/partners/accounts", partner_accounts, methods=["GET"]),
    Route("/media/sounds", sounds, methods=["GET", "POST"]),
]

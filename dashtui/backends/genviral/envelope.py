"""Genviral's `{ok, code, message, data}` envelope, and every error it documents mapped onto
the neutral errors of dashtui/errors.py (peers.md 2.5, seed 004 "Error Responses").

The machine code ("invalid_payload") may arrive in `code` (with the HTTP status carrying
the number) or as `error`/`error_code` next to a numeric `code`: both readings are taken.
Messages say what a social manager can do; the server's own words follow in parentheses.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

from ...errors import (AuthError, BackendError, ConflictError, ConnectionFailed,
                       ForbiddenError, MalformedResponse, NotFoundError, RateLimitError,
                       ServerError, TEMPORARY, TimedOut, ValidationError, host_of, one_line,
                       scrub)

if TYPE_CHECKING:
    import httpx

KEY_HELP = ("Set a current Genviral Partner API key (gva_live_...) from Genviral's "
            "settings; keys are single-scope (workspace or personal).")

# where a code's complaint lives, as a domain wire path (the caption field is per platform)
FIELD_OF_CODE = {
    "unknown_accounts": "targets",
    "missing_accounts": "targets",
    "invalid_music_url": "music_url",
    "media_unreachable": "genviral_media",
    "external_id_immutable": "external_id",
}
# Genviral field -> domain wire path ("caption" is replaced by the platform's caption field)
DOMAIN_FIELD = {"scheduled_at": "timestamp", "accounts": "targets", "media": "genviral_media"}

# what each code means for the person at the keyboard
_HINTS = {
    "invalid_json": "Genviral couldn't read the request as JSON; this is a dashtui bug, "
                    "please report it",
    "invalid_payload": "Genviral rejected the request",
    "unknown_accounts": "One or more accounts aren't in this API key's workspace; pick "
                        "accounts again (refresh to reload the list)",
    "missing_accounts": "No usable account is left on the post; pick at least one account",
    "validation_failed": "Genviral refused the post",
    "invalid_music_url": "The music link isn't a TikTok post URL Genviral accepts; use one "
                         "like https://www.tiktok.com/@name/video/123..., or remove it",
    "media_unreachable": "Genviral couldn't fetch the media or music URL; make sure it is "
                         "public and still online",
    "tier_not_allowed": "This Genviral workspace is on the Scheduler tier, which can't use "
                        "the Partner API; upgrade to Creator, Professional or Business",
    "external_id_immutable": "A post's external_id can't be changed after it is created",
    "create_failed": "Genviral already has a different post under this create's "
                     "idempotency key; make it a new post instead of resending this one",
    "too_many_post_ids": "Too many posts in one call (Genviral takes 20 per retry, 50 per "
                         "delete); select fewer",
    "not_found": "Genviral has no such post (it may have been deleted)",
}
_FAILED_ACTION = {
    "update_failed": "save the change", "get_failed": "read the post",
    "retry_failed": "retry the posts", "bulk_delete_failed": "delete the posts",
    "accounts_failed": "list the accounts", "create_failed": "create the post",
    "list_failed": "list the posts",
}


def machine_code(body: Any) -> str:
    """The string code of an envelope ("invalid_payload"), or ""."""
    if not isinstance(body, dict):
        return ""
    for key in ("code", "error", "error_code"):
        value = body.get(key)
        if isinstance(value, str) and value.strip() and not value.strip().isdigit():
            return value.strip().lower()
        if isinstance(value, dict) and isinstance(value.get("code"), str):
            return value["code"].strip().lower()
    data = body.get("data")
    if isinstance(data, dict) and isinstance(data.get("code"), str):
        return data["code"].strip().lower()
    return ""


def server_message(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("message", "error_description", "detail"):
            if isinstance(body.get(key), str) and body[key].strip():
                return one_line(scrub(body[key].strip()))
        err = body.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            return one_line(scrub(err["message"].strip()))
    return ""


def field_errors(body: Any, code: str, caption_field: str) -> dict[str, list[str]]:
    """Field errors as domain wire paths, from `data.errors` / `errors` when the server
    lists them ([{field, message}] or {field: [messages]}), else from what the code is
    about."""
    out: dict[str, list[str]] = {}
    found: Any = None
    if isinstance(body, dict):
        data = body.get("data")
        found = (data.get("errors") if isinstance(data, dict) else None) or body.get("errors")

    def add(field: Any, message: Any) -> None:
        name = str(field or "_schema")
        head, dot, rest = name.partition(".")
        head = caption_field if head == "caption" else DOMAIN_FIELD.get(head, head)
        out.setdefault(head + dot + rest, []).append(one_line(scrub(str(message))))

    if isinstance(found, list):
        for item in found:
            if isinstance(item, dict):
                add(item.get("field"), item.get("message") or item.get("code") or "invalid")
            else:
                add(None, item)
    elif isinstance(found, dict):
        for key, value in found.items():
            for message in value if isinstance(value, list) else [value]:
                add(key, message)
    if not out:
        words = server_message(body) or _HINTS.get(code, code or "invalid")
        field = FIELD_OF_CODE.get(code)
        if field is None and code == "validation_failed":
            field = _guess_field(words, caption_field)
        add(field, words)
    return out


def _guess_field(words: str, caption_field: str) -> str | None:
    low = words.lower()
    for needle, field in (("caption", caption_field), ("scheduled_at", "timestamp"),
                          ("music", "music_url"), ("media", "genviral_media"),
                          ("text-only", "genviral_media"), ("text_only", "genviral_media"),
                          ("pinterest", "pinterest"), ("tiktok", "tiktok"),
                          ("account", "targets")):
        if needle in low:
            return field
    return None


def error_for(status: int, body: Any, *, method: str, url: str, what: str,
              caption_field: str = "caption", retry_after: float | None = None
              ) -> BackendError:
    """The neutral error for a refused request (HTTP status + envelope)."""
    code = machine_code(body)
    said = server_message(body)
    tag = f"{status} {code}".strip() if code else str(status)
    tail = f" ({tag}: {said.rstrip('.')})" if said else f" ({tag})"
    kw: dict[str, Any] = dict(status=status, method=method, url=url, details=scrub(body))
    if status == 401:
        return AuthError(f"Genviral rejected the API key{tail}. {KEY_HELP}", **kw)
    if status == 402 or (code == "subscription_required" and status != 403):
        return ForbiddenError("Genviral needs a Creator, Professional or Business plan for "
                              f"the API{tail}. Upgrade the workspace's plan.", **kw)
    if status == 403 and code == "subscription_required":
        return ForbiddenError("Posting to hosted TikTok accounts needs an active TikTok "
                              f"virtual subscription in Genviral{tail}. Subscribe, or "
                              "remove the hosted TikTok accounts.", **kw)
    if status == 403:
        hint = _HINTS["tier_not_allowed"] if code == "tier_not_allowed" else \
            "This API key may not do that"
        return ForbiddenError(f"{hint}{tail}.", **kw)
    if status == 404:
        return NotFoundError(f"Not found: {what}{tail}. It may have been deleted.", **kw)
    if status == 409:
        return ConflictError(f"{_HINTS.get(code, 'Genviral refused the change')}{tail}.",
                             **kw)
    if status == 429:
        return RateLimitError(f"Genviral is limiting requests{tail}. Wait a minute, then try "
                              "again.", retry_after=retry_after, **kw)
    if status >= 500:
        action = _FAILED_ACTION.get(code, "answer")
        return ServerError(f"Genviral failed to {action} for {what}{tail}. {TEMPORARY}",
                           retry_after=retry_after, maybe_applied=True, **kw)
    if status in (400, 422):
        if code == "validation_failed" and "immutable" in said.lower():
            return ConflictError(f"Genviral no longer lets {what} be changed: posted, "
                                 f"partial and canceled posts are immutable{tail}.", **kw)
        fields = field_errors(body, code, caption_field)
        hint = _HINTS.get(code, "Genviral rejected the request")
        if code == "invalid_payload" and not said:
            hint = "Genviral rejected the request: nothing to change, or a field it refuses"
        return ValidationError(f"{hint}{tail}.", field_errors=fields,
                               server_message=said or None, **kw)
    return BackendError(f"Genviral answered {tag} for {what}{tail}.", **kw)


def unwrap(resp: httpx.Response, what: str, caption_field: str = "caption") -> Any:
    """`data` of a successful envelope; the neutral error otherwise."""
    method, url = resp.request.method, str(resp.request.url)
    try:
        body = resp.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    retry_after = _seconds(resp.headers.get("retry-after"))
    if not resp.is_success:
        if body is None:
            body = {"body": _snippet(resp)}
        raise error_for(resp.status_code, body, method=method, url=url, what=what,
                        caption_field=caption_field, retry_after=retry_after)
    if not isinstance(body, dict) or "ok" not in body:
        kind = resp.headers.get("content-type", "no content type").split(";")[0]
        raise MalformedResponse(
            f"{host_of(url)} sent an answer dashtui can't read for {what} (expected "
            f"Genviral's {{ok, code, message, data}} envelope, got {kind}). Check the API "
            "root points at Genviral.", status=resp.status_code, method=method, url=url,
            details={"body": _snippet(resp)}, maybe_applied=True)
    if body.get("ok") is not True:
        status = body.get("code") if isinstance(body.get("code"), int) else 400
        raise error_for(status if status >= 400 else 400, body, method=method, url=url,
                        what=what, caption_field=caption_field)
    return body


def transport_error(exc: BaseException, method: str, url: str, timeout: float
                    ) -> BackendError:
    """The neutral error for a request that got no (usable) answer."""
    import httpx

    host = host_of(url)
    kw: dict[str, Any] = dict(method=method, url=url,
                              details={"error": type(exc).__name__,
                                       "reason": one_line(scrub(str(exc)))[:200]})
    if isinstance(exc, httpx.ConnectTimeout):
        return TimedOut(f"{host} didn't accept a connection within {timeout:g} s. Check your "
                        "network.", **kw)
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return TimedOut(f"Genviral ({host}) didn't answer within {timeout:g} s; the change "
                        "may or may not have been made. dashtui checks before sending again.",
                        maybe_applied=True, **kw)
    if isinstance(exc, httpx.ConnectError):
        refused = "refused" in str(exc).lower() or any(
            getattr(e, "errno", None) == errno.ECONNREFUSED for e in _chain(exc))
        why = "connection refused" if refused else "connection failed"
        return ConnectionFailed(f"Can't reach Genviral at {host} ({why}). Check your network "
                                "or the API root.", **kw)
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError,
                        httpx.CloseError)):
        return ConnectionFailed(f"The connection to {host} dropped before Genviral answered; "
                                "the change may or may not have been made. dashtui checks "
                                "before sending again.", maybe_applied=True, **kw)
    return ConnectionFailed(f"Can't reach Genviral at {host} ({type(exc).__name__}).",
                            maybe_applied=True, **kw)


def _chain(exc: BaseException | None):
    depth = 0
    while exc is not None and depth < 6:
        yield exc
        exc, depth = exc.__cause__ or exc.__context__, depth + 1


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _snippet(resp: httpx.Response, limit: int = 200) -> str:
    try:
        text = " ".join(resp.text.split())
    except Exception:  # noqa: BLE001 - undecodable: nothing rather than a crash
        return ""
    return text[:limit] + ("..." if len(text) > limit else "")

"""Which reading of the reference the sandbox takes where the docs give two.

The reference (../shared/reference/dash-api.md) is ambiguous in a few places that decide
whether a client works at all. `STRICT` (the default) takes the hard reading of each, so a
client tested against it survives the real Dash whichever way Dash goes; `LENIENT` takes the
other reading. dashtui must work under both, and its api and ui tests run against both.

  list_window_required  lists need `start` and `end` (GUIDE table B: "Required"); lenient:
                        "Recommended", and without them the unbounded list (with undated
                        drafts) is served
  media_v2_required     lists need `media_v2=true` (table B: "Required. Must be set to
                        true"); lenient: optional, the legacy media format without it
  whole_board_required  meta.pinterestBoard must be the whole board object as listed
                        (description, id, name, preview_url, protected; section 7.9 "send
                        the whole board object"); lenient: only its `id`
  read_only_refused     response-only fields in a create or update body (id, created_at,
                        media, approval_status, ...; sub-fields of approval_requests beyond
                        the request shape) are "Unknown field." as under a marshmallow
                        schema with unknown=RAISE; lenient: silently dropped. (Facebook's
                        `media` is accepted in both: a real public client sends it, RSS-CODE)
  create_status_strict  a create takes only AUTOPUBLISHING, SCHEDULED or DRAFT ("on create
                        only ... are meaningful"); lenient: any status, stored as sent
  multi_brand_lists     `brand_ids` takes a comma-separated list (both profiles: the name is
                        plural). False refuses more than one brand (a 422), which is how a
                        client's one-call-per-brand fallback is tested
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashtui.sandbox_kit import profile as kit

# Fields a response carries that no request schema has (reference 4, "Common response
# fields"). `media` is the expanded list; requests send `media_ids`.
READ_ONLY = ("id", "created_at", "updated_at", "approval_status", "has_scheduled_time",
             "live_post_url", "auto_publish_error", "media", "num_of_approvals_required")
APPROVAL_REQUEST_FIELDS = ("requested_by_user_id", "review_user_id")


@dataclass(frozen=True)
class Profile(kit.Profile):
    list_window_required: bool = kit.reading(True, lenient=False)
    media_v2_required: bool = kit.reading(True, lenient=False)
    whole_board_required: bool = kit.reading(True, lenient=False)
    read_only_refused: bool = kit.reading(True, lenient=False)
    create_status_strict: bool = kit.reading(True, lenient=False)
    multi_brand_lists: bool = True


PROFILES = kit.profiles(Profile)
STRICT, LENIENT = PROFILES["strict"], PROFILES["lenient"]
OPTIONS = kit.options(Profile)


def get_profile(value: Profile | str | None) -> Profile:
    return kit.get_profile(value, PROFILES, Profile)


def drop_read_only(platform: str, body: Any) -> Any:
    """The lenient reading: what a create/update body means once response-only fields are
    ignored (top level, and approval request items beyond their two request fields)."""
    if not isinstance(body, dict):
        return body
    out = {k: v for k, v in body.items() if k not in READ_ONLY or
           (platform == "facebook" and k == "media")}
    reqs = out.get("approval_requests")
    if isinstance(reqs, list):
        out["approval_requests"] = [
            {k: v for k, v in r.items() if k in APPROVAL_REQUEST_FIELDS}
            if isinstance(r, dict) else r for r in reqs]
    return out

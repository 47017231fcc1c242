"""Two readings of the places where Genviral's docs can be read two ways.

strict (the default) takes the stricter one each time:
  * errors carry only the four documented keys, the machine code ("invalid_payload") in
    `code`, the number in the HTTP status (lenient: numeric `code`, the word in `error`, and
    field details in `data.errors`)
  * unknown top-level body fields -> 422 invalid_payload (lenient: ignored)
  * `scheduled_at` must carry an offset (lenient: a bare time is UTC)
  * per-account states come in a separate `states` array (lenient: on the `accounts` items)
  * PATCH answers with the partial post of the seed: {id, status, scheduled_at, warnings}
    (lenient: the whole post)
  * `music_url` with any non-TikTok account -> 400 validation_failed (lenient: only
    Instagram is refused, the others ignore it)
  * settings for a provider none of the accounts is on -> 422 (lenient: ignored)
  * GET /posts: `status` outside the documented seven and `limit` outside 1-100 -> 422
    (lenient: `canceled`/`deleted` accepted, limit clamped)
  * a body sent again without external_id is deduplicated for ever by its SHA-256 (lenient:
    for 10 minutes)
  * a new post answers 201 (lenient: 200)
  * deleted posts are gone (lenient: kept with status `deleted`, the list example's value)
"""

from __future__ import annotations

from dataclasses import dataclass

from dashtui.sandbox_kit import profile as kit


@dataclass(frozen=True)
class Profile(kit.Profile):
    code_is_word: bool = kit.reading(True, lenient=False)
    reject_unknown_fields: bool = kit.reading(True, lenient=False)
    naive_times_utc: bool = kit.reading(False, lenient=True)
    separate_states: bool = kit.reading(True, lenient=False)
    partial_patch_answer: bool = kit.reading(True, lenient=False)
    music_tiktok_only: bool = kit.reading(True, lenient=False)
    settings_need_provider: bool = kit.reading(True, lenient=False)
    strict_list_params: bool = kit.reading(True, lenient=False)
    hash_window_seconds: float | None = kit.reading(None, lenient=600.0)
    created_status: int = kit.reading(201, lenient=200)
    soft_delete: bool = kit.reading(False, lenient=True)


PROFILES = kit.profiles(Profile)
STRICT, LENIENT = PROFILES["strict"], PROFILES["lenient"]
OPTIONS = kit.options(Profile)


def get_profile(profile: Profile | str | None) -> Profile:
    return kit.get_profile(profile or None, PROFILES, Profile,
                           unknown="unknown profile {value!r}: strict or lenient")

"""Which reading of the reference the sandbox takes where it reads two ways.

STRICT (the default) takes the stricter reading of each; LENIENT the kinder one. dashtui
must work under both (its tests run against both).

  omitted_sound_removes  a PATCH without soundId leaves the post with no sound, exactly as
                         the Edit page says; lenient: an omitted soundId keeps the sound
                         (only an explicit null removes it)
  edit_slides_only       PATCH contentType is `video` or `slides` (the Edit page's words);
                         lenient: the create pages' `slideshow` too. Answers to a PATCH spell
                         a slideshow `slides` (strict) as that page's Response does; every
                         other answer `slideshow`
  exact_wall_time        PATCH scheduledTime is exactly YYYY-MM-DDTHH:MM; lenient: seconds
                         allowed
  scheduled_locked       the examples' `scheduled` status is not editable (only generated and
                         pending_render are documented); lenient: editable
  gap_time_refused       a local time that doesn't exist (clocks go forward) is refused;
                         lenient: read with the offset before the change (zoneinfo's fold=0),
                         i.e. an hour later on the wall. A repeated time (clocks go back) is
                         always read as its first occurrence
  sound_tiktok_only      soundId on an Instagram post is refused; lenient: ignored
  unknown_fields_refused a PATCH field the Edit page doesn't list is refused; lenient: ignored
  limit_over_max_refused GET limit above 100 is refused; lenient: capped at 100
  already_posted_status  the HTTP status of "Post Already Posted" (undocumented): 400 / 409
  new_status             what a create makes: `generated` (documented) / `scheduled` (the
                         examples)
"""

from __future__ import annotations

from dataclasses import dataclass

from dashtui.sandbox_kit import profile as kit


@dataclass(frozen=True)
class Profile(kit.Profile):
    omitted_sound_removes: bool = kit.reading(True, lenient=False)
    edit_slides_only: bool = kit.reading(True, lenient=False)
    exact_wall_time: bool = kit.reading(True, lenient=False)
    scheduled_locked: bool = kit.reading(True, lenient=False)
    gap_time_refused: bool = kit.reading(True, lenient=False)
    sound_tiktok_only: bool = kit.reading(True, lenient=False)
    unknown_fields_refused: bool = kit.reading(True, lenient=False)
    limit_over_max_refused: bool = kit.reading(True, lenient=False)
    already_posted_status: int = kit.reading(400, lenient=409)
    new_status: str = kit.reading("generated", lenient="scheduled")


PROFILES = kit.profiles(Profile)
STRICT, LENIENT = PROFILES["strict"], PROFILES["lenient"]
OPTIONS = kit.options(Profile)


def get_profile(value: Profile | str | None) -> Profile:
    return kit.get_profile(value, PROFILES, Profile)

"""What each sandbox's profile is: a named set of readings of its reference's ambiguities
("strict" and "lenient"), options switchable one by one over /_sandbox/profile. A sandbox
subclasses `Profile` with its own flags and names its two profiles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, TypeVar

P = TypeVar("P", bound="Profile")


@dataclass(frozen=True)
class Profile:
    name: str = "strict"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def with_options(self: P, **options: Any) -> P:
        return replace(self, **options)


def get_profile(value: Any, profiles: dict[str, P], cls: type[P],
                unknown: str = "unknown sandbox profile {value!r}; one of {names}") -> P:
    """A profile, its name, or None for strict; any other name is a ValueError."""
    if value is None:
        return profiles["strict"]
    if isinstance(value, cls):
        return value
    try:
        return profiles[value]
    except KeyError:
        raise ValueError(unknown.format(value=value, names=", ".join(profiles))) from None

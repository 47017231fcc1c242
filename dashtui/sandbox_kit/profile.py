"""What each sandbox's profile is: a named set of readings of its reference's ambiguities
("strict" and "lenient"), options switchable one by one over /_sandbox/profile. A sandbox
subclasses `Profile` with its own flags, each declared once with both readings
(`reading(strict, lenient)`), and `profiles(cls)` makes the two named profiles from that."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, TypeVar

P = TypeVar("P", bound="Profile")
T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    name: str = "strict"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def with_options(self: P, **options: Any) -> P:
        return replace(self, **options)


def reading(strict: T, lenient: T) -> T:
    """A flag's two readings: `strict` is its default, `lenient` what the lenient profile
    takes. A flag both profiles read alike is a plain default."""
    return field(default=strict, metadata={"lenient": lenient})


def profiles(cls: type[P]) -> dict[str, P]:
    """The two named profiles of a Profile subclass: its defaults, and its lenient readings."""
    lenient = {f.name: f.metadata["lenient"] for f in fields(cls) if "lenient" in f.metadata}
    return {"strict": cls(), "lenient": cls(name="lenient", **lenient)}


def options(cls: type[Profile]) -> tuple[str, ...]:
    """The flags /_sandbox/profile may switch one by one (every field but the name)."""
    return tuple(f.name for f in fields(cls) if f.name != "name")


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

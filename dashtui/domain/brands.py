"""Brands (and their organization) as small records, not pydantic models: the session reads
the cached brands before the first frame, and pydantic is not loaded by then.

They behave as the other models do where the code uses them: unknown fields are kept and
written back (`to_json`), ids are read as pydantic reads an int, `model_validate`,
`model_copy(update=...)` and `model_dump()` exist, and a pydantic model can hold them
(`SelfInfo.brands`) through `__get_pydantic_core_schema__`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

W = TypeVar("W", bound="WireRecord")


def _int(value: Any) -> int:
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError(f"should be an integer, not {value!r}")


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"should be text, not {value!r}")


class WireRecord:
    """Known fields (name -> reader, default; no default: required) plus kept extras."""

    FIELDS: ClassVar[dict[str, tuple[Callable[[Any], Any], Any]]] = {}
    _REQUIRED: ClassVar[object] = object()

    def __init__(self, **data: Any) -> None:
        values: dict[str, Any] = {}
        for name, (read, default) in self.FIELDS.items():
            if name in data:
                try:
                    values[name] = read(data[name])
                except ValueError as exc:
                    raise ValueError(f"{type(self).__name__}.{name} {exc}") from None
            elif default is WireRecord._REQUIRED:
                raise ValueError(f"{type(self).__name__}.{name} is required")
        values.update((k, v) for k, v in data.items() if k not in self.FIELDS)
        object.__setattr__(self, "_data", values)  # what was given: to_json writes it back

    @classmethod
    def model_validate(cls: type[W], data: Any) -> W:
        if isinstance(data, cls):
            return data
        if not isinstance(data, Mapping):
            raise ValueError(f"{cls.__name__} should be an object, not {data!r}")
        return cls(**data)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy/pickle probe these before _data exists
            raise AttributeError(name)
        data = self._data
        if name in data:
            return data[name]
        if name in self.FIELDS:
            return self.FIELDS[name][1]
        raise AttributeError(f"{type(self).__name__} has no field {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.FIELDS:
            value = self.FIELDS[name][0](value)
        self._data[name] = value

    def to_json(self) -> dict[str, Any]:
        """The fields given (extras included) as JSON-ready data, as the models' to_json."""
        return {k: v.to_json() if isinstance(v, WireRecord) else v
                for k, v in self._data.items()}

    def model_dump(self, *, exclude_unset: bool = False, **_: Any) -> dict[str, Any]:
        out = {} if exclude_unset else {k: d for k, (_r, d) in self.FIELDS.items()
                                        if d is not WireRecord._REQUIRED}
        out.update(self.to_json())
        return {k: v.to_json() if isinstance(v, WireRecord) else v for k, v in out.items()}

    def model_copy(self: W, *, update: Mapping[str, Any] | None = None, deep: bool = False
                   ) -> W:
        out = copy.copy(self)
        data = copy.deepcopy(self._data) if deep else dict(self._data)
        data.update(update or {})
        object.__setattr__(out, "_data", data)
        return out

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.model_dump() == self.model_dump()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, as the pydantic models

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.FIELDS)
        return f"{type(self).__name__}({shown})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema  # only when a pydantic model holds one

        return core_schema.no_info_plain_validator_function(
            cls.model_validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.to_json()))


class Organization(WireRecord):
    FIELDS = {"id": (_int, WireRecord._REQUIRED), "name": (_str, "")}


def _organization(value: Any) -> Organization | None:
    return None if value is None else Organization.model_validate(value)


class Brand(WireRecord):
    """A brand of /api/self (`slug` is its key in `brands`), as cached for the next start."""

    FIELDS = {"id": (_int, WireRecord._REQUIRED), "name": (_str, ""), "slug": (_str, ""),
              "organization_id": (_opt_int, None), "organization": (_organization, None)}


def find_brand(brands: Iterable[Brand], key: int | str | None) -> Brand | None:
    """A brand by id, slug or name (case-insensitive)."""
    text = str(key).strip().lower()
    for brand in brands:
        if text in (str(brand.id), brand.slug.lower(), brand.name.lower()):
            return brand
    return None

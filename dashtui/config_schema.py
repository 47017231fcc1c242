"""The checks behind `Config`: typed dataclass fields, read the way pydantic's lax mode reads
them and refused with its words, without pydantic (which costs a sixth of start-up).

A record is a dataclass whose fields carry a `Check` in their metadata (`field(...,
metadata=check(...))`). `Record.model_validate(data)` refuses unknown keys and checks every
field, gathering all errors in one `Invalid` (its `errors()` are dicts with `loc`, `msg`,
`type`, as pydantic's); building a record directly (`Config(timezone=...)`) checks it too.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")
Loc = tuple[str | int, ...]


class Invalid(ValueError):
    """Every problem found in one record (and the records inside it)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                   for e in errors))
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return list(self._errors)


class Secret:
    """A token: its text only through `get_secret_value()`, never in a repr or str."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __len__(self) -> int:  # an empty token is no token (`if config.token:`)
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__


class _Problem(Exception):
    def __init__(self, kind: str, msg: str, loc: Loc = ()) -> None:
        self.kind, self.msg, self.loc = kind, msg, loc


Convert = Callable[[Any], Any]  # value -> checked value; raises _Problem or Invalid


def _fail(kind: str, msg: str) -> Any:
    raise _Problem(kind, msg)


# -- scalar readers (pydantic's lax mode: what TOML and command-line flags give) --------------
_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return _fail("bool_parsing", "Input should be a valid boolean, unable to interpret input")


def integer(value: Any) -> int:
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return _fail("int_from_float",
                     "Input should be a valid integer, got a number with a fractional part")
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return _fail("int_parsing",
                         "Input should be a valid integer, unable to parse string as an integer")
    return _fail("int_type", "Input should be a valid integer")


def number(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
        return _fail("float_parsing",
                     "Input should be a valid number, unable to parse string as a number")
    return _fail("float_type", "Input should be a valid number")


def text(value: Any) -> str:
    return value if isinstance(value, str) else _fail("string_type",
                                                      "Input should be a valid string")


def secret(value: Any) -> Secret:
    return value if isinstance(value, Secret) else Secret(text(value))


def int_or_text(value: Any) -> int | str:
    """`int | str`: an int as it is, any text as it is (pydantic's smart union)."""
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return int(value)
    try:
        return integer(value)
    except _Problem as first:
        raise Invalid([{"loc": ("int",), "msg": first.msg, "type": first.kind},
                       {"loc": ("str",), "msg": "Input should be a valid string",
                        "type": "string_type"}]) from None


# -- combinators ------------------------------------------------------------------------------
def optional(inner: Convert) -> Convert:
    return lambda value: None if value is None else inner(value)


def bounded(inner: Convert, *, ge: float | None = None, le: float | None = None) -> Convert:
    def convert(value: Any) -> Any:
        value = inner(value)
        if ge is not None and value < ge:
            _fail("greater_than_equal", f"Input should be greater than or equal to {ge:g}")
        if le is not None and value > le:
            _fail("less_than_equal", f"Input should be less than or equal to {le:g}")
        return value
    return convert


def sized(inner: Convert, *, min_length: int, max_length: int) -> Convert:
    def convert(value: Any) -> Any:
        value = inner(value)
        if len(value) < min_length:
            _fail("string_too_short", f"String should have at least {min_length} character"
                  f"{'s' * (min_length != 1)}")
        if len(value) > max_length:
            _fail("string_too_long", f"String should have at most {max_length} characters")
        return value
    return convert


def one_of(*choices: str) -> Convert:
    quoted = [repr(c) for c in choices]
    said = ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]

    def convert(value: Any) -> str:
        if value in choices:
            return value
        return _fail("literal_error", f"Input should be {said}")
    return convert


def list_of(inner: Convert) -> Convert:
    def convert(value: Any) -> list:
        if not isinstance(value, (list, tuple)):
            _fail("list_type", "Input should be a valid list")
        return _each(enumerate(value), inner, list)
    return convert


def dict_of(inner: Convert) -> Convert:
    def convert(value: Any) -> dict:
        if not isinstance(value, Mapping):
            _fail("dict_type", "Input should be a valid dictionary")
        return _each(value.items(), inner, dict)
    return convert


def _each(items, inner: Convert, kind: type) -> Any:
    out, errors = [], []
    for key, item in items:
        try:
            out.append((key, inner(item)))
        except _Problem as p:
            errors.append({"loc": (key, *p.loc), "msg": p.msg, "type": p.kind})
        except Invalid as inv:
            errors.extend({**e, "loc": (key, *e["loc"])} for e in inv.errors())
    if errors:
        raise Invalid(errors)
    return [v for _, v in out] if kind is list else dict(out)


def record(cls: type[Record]) -> Convert:
    def convert(value: Any) -> Record:
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            _fail("model_type", f"Input should be a valid dictionary or instance of "
                  f"{cls.__name__}")
        return cls.model_validate(value)
    return convert


def check(convert: Convert, after: Callable[[Any], Any] | None = None) -> dict:
    """A field's metadata: its reader, then (optionally) a rule raising ValueError."""
    return {"convert": convert, "after": after}


# -- the record base ------------------------------------------------------------------------
class Record:
    """A dataclass base with pydantic's small API the code uses: model_validate,
    model_copy(update=...), model_dump()."""

    EXCLUDE: ClassVar[frozenset[str]] = frozenset()  # fields model_dump leaves out

    def __post_init__(self) -> None:
        errors: list[dict[str, Any]] = []
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            meta = f.metadata
            if not meta:
                continue
            try:
                value = meta["convert"](getattr(self, f.name))
                if meta["after"] is not None:
                    value = meta["after"](value)
            except _Problem as p:
                errors.append({"loc": (f.name, *p.loc), "msg": p.msg, "type": p.kind})
                continue
            except Invalid as inv:
                errors.extend({**e, "loc": (f.name, *e["loc"])} for e in inv.errors())
                continue
            except ValueError as exc:
                errors.append({"loc": (f.name,), "msg": f"Value error, {exc}",
                               "type": "value_error"})
                continue
            object.__setattr__(self, f.name, value)
        if errors:
            raise Invalid(errors)

    @classmethod
    def model_validate(cls: type[R], data: Any) -> R:
        if isinstance(data, cls):
            return data
        if not isinstance(data, Mapping):
            raise Invalid([{"loc": (), "msg": f"Input should be a valid dictionary or "
                            f"instance of {cls.__name__}", "type": "model_type"}])
        fields = [f for f in dataclasses.fields(cls) if f.init]  # type: ignore[arg-type]
        known = {f.name for f in fields}
        extra = [{"loc": (str(k),), "msg": "Extra inputs are not permitted",
                  "type": "extra_forbidden"} for k in data if k not in known]
        missing = [{"loc": (f.name,), "msg": "Field required", "type": "missing"}
                   for f in fields if f.name not in data
                   and f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING]
        if missing:
            raise Invalid(missing + extra)
        try:
            made = cls(**{k: v for k, v in data.items() if k in known})
        except Invalid as inv:
            raise Invalid(inv.errors() + extra) from None
        if extra:
            raise Invalid(extra)
        return made

    def model_copy(self: R, *, update: Mapping[str, Any] | None = None, deep: bool = False
                   ) -> R:
        """A copy with `update` set as given (not checked again, as pydantic's)."""
        out = copy.deepcopy(self) if deep else copy.copy(self)
        for name, value in (update or {}).items():
            object.__setattr__(out, name, value)
        return out

    def model_dump(self, *, exclude_none: bool = False) -> dict[str, Any]:
        out = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name in self.EXCLUDE or (exclude_none and value is None):
                continue
            out[f.name] = value.model_dump(exclude_none=exclude_none) \
                if isinstance(value, Record) else value
        return out

"""A small marshmallow look-alike: just enough to give the same messages Dash's
marshmallow schemas would (reference 10.2), without depending on marshmallow itself.

A schema is a plain dict of field name -> Field. `load` returns (data, errors) where errors
has marshmallow's nesting: field -> [messages], list index -> ..., nested field -> ...
"""

from __future__ import annotations

import math
import uuid
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

MISSING_MSG = "Missing data for required field."
NULL_MSG = "Field may not be null."
UNKNOWN_MSG = "Unknown field."

# marshmallow.fields.Boolean.truthy / falsy (why the guide's "false" string is a valid boolean)
TRUTHY = {"t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES",
          "1", 1, True}
FALSY = {"f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO",
         "0", 0, False}


class Invalid(Exception):
    def __init__(self, messages: Any) -> None:
        super().__init__(messages)
        self.messages = messages if isinstance(messages, (list, dict)) else [messages]


class Field:
    def __init__(self, *, required: bool = False, allow_none: bool = False) -> None:
        self.required = required
        self.allow_none = allow_none

    def load(self, value: Any) -> Any:
        if value is None:
            if self.allow_none:
                return None
            raise Invalid(NULL_MSG)
        return self.convert(value)

    def convert(self, value: Any) -> Any:
        return value


class Raw(Field):
    pass


class Str(Field):
    def __init__(self, *, max_len: int | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.max_len = max_len

    def convert(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid("Not a valid string.")
        if self.max_len is not None and len(value) > self.max_len:
            raise Invalid(f"Longer than maximum length {self.max_len}.")
        return value


class Url(Str):
    def convert(self, value: Any) -> Any:
        value = super().convert(value)
        parts = urlparse(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Invalid("Not a valid URL.")
        return value


class Uuid(Str):
    def convert(self, value: Any) -> Any:
        value = super().convert(value)
        try:
            uuid.UUID(value)
        except ValueError:
            raise Invalid("Not a valid UUID.") from None
        return value


class Int(Field):
    def __init__(self, *, minimum: int | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.minimum = minimum

    def convert(self, value: Any) -> Any:
        # marshmallow's non-strict Integer: ints and integral strings/floats, never booleans
        if isinstance(value, bool):
            raise Invalid("Not a valid integer.")
        if isinstance(value, float):
            if not value.is_integer():
                raise Invalid("Not a valid integer.")
            value = int(value)
        elif isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise Invalid("Not a valid integer.") from None
        elif not isinstance(value, int):
            raise Invalid("Not a valid integer.")
        if abs(value) > 2**63:
            raise Invalid("Number too large.")
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"Must be greater than or equal to {self.minimum}.")
        return value


class Number(Field):
    def __init__(self, *, minimum: float | None = None, maximum: float | None = None,
                 **kw: Any) -> None:
        super().__init__(**kw)
        self.minimum, self.maximum = minimum, maximum

    def convert(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise Invalid("Not a valid number.")
        try:
            value = float(value)
        except (ValueError, OverflowError):
            raise Invalid("Not a valid number.") from None
        if math.isnan(value) or math.isinf(value):
            raise Invalid("Special numeric values (nan or infinity) are not permitted.")
        lo, hi = self.minimum, self.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            if lo is not None and hi is not None:
                raise Invalid(f"Must be greater than or equal to {lo:g} and less than or "
                              f"equal to {hi:g}.")
            raise Invalid(f"Must be greater than or equal to {lo:g}.")
        return value


class Bool(Field):
    def convert(self, value: Any) -> Any:
        try:
            if value in TRUTHY:
                return True
            if value in FALSY:
                return False
        except TypeError:  # unhashable (list, dict)
            pass
        raise Invalid("Not a valid boolean.")


class DateTime(Field):
    def convert(self, value: Any) -> Any:
        """Returns the normalised response form: UTC with an explicit +00:00 offset."""
        parsed = parse_datetime(value)
        if parsed is None:
            raise Invalid("Not a valid datetime.")
        return parsed.isoformat()


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 with a time part; no offset means UTC (reference 9, an assumption)."""
    if not isinstance(value, str) or len(value) < 16 or value[10] not in "Tt ":
        return None
    return _parse_datetime(value)


@lru_cache(maxsize=1 << 16)  # list requests re-read every stored timestamp
def _parse_datetime(value: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    try:
        return dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


class Enum(Field):
    def __init__(self, choices: tuple[str, ...], **kw: Any) -> None:
        super().__init__(**kw)
        self.choices = choices

    def convert(self, value: Any) -> Any:
        if not isinstance(value, str) or value not in self.choices:
            raise Invalid(f"Must be one of: {', '.join(self.choices)}.")
        return value


class List(Field):
    def __init__(self, inner: Field, *, max_len: int | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.inner, self.max_len = inner, max_len

    def convert(self, value: Any) -> Any:
        if not isinstance(value, list):
            raise Invalid("Not a valid list.")
        out, errors = [], {}
        for i, item in enumerate(value):
            try:
                out.append(self.inner.load(item))
            except Invalid as exc:
                errors[str(i)] = exc.messages
        if errors:
            raise Invalid(errors)
        if self.max_len is not None and len(out) > self.max_len:
            raise Invalid(f"Longer than maximum length {self.max_len}.")
        return out


class Dict(Field):
    def convert(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise Invalid("Not a valid mapping type.")
        return value


class Nested(Field):
    def __init__(self, schema: dict[str, Field], **kw: Any) -> None:
        super().__init__(**kw)
        self.schema = schema

    def convert(self, value: Any) -> Any:
        data, errors = load(self.schema, value)
        if errors:
            raise Invalid(errors)
        return data


def load(schema: dict[str, Field], data: Any, *, partial: bool = False
         ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Like Schema(unknown=RAISE).load(data, partial=partial): (result, errors)."""
    if not isinstance(data, dict):
        return {}, {"_schema": ["Invalid input type."]}
    out: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for name, field in schema.items():
        if name not in data:
            if field.required and not partial:
                errors[name] = [MISSING_MSG]
            continue
        try:
            out[name] = field.load(data[name])
        except Invalid as exc:
            errors[name] = exc.messages
    for name in data:
        if name not in schema:
            errors[str(name)] = [UNKNOWN_MSG]
    return out, errors

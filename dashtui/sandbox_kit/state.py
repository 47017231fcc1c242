"""What a sandbox's state dataclass shares: the sandbox clock (real time shifted by
`clock_offset` seconds, or pinned at `frozen_at`) and saving to / loading from a JSON file.
The subclass declares those two fields and its own `to_json` / `from_json`."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

S = TypeVar("S", bound="ClockedState")


def read_stamp(text: Any, offset_required: bool = False) -> datetime | None:
    """A time from a request body or the state file (`Z` for UTC); None when it is not one,
    or has no offset and the service requires one."""
    if not isinstance(text, str) or not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return None if offset_required and when.tzinfo is None else when


class ClockedState:
    frozen_at: str | None
    clock_offset: float

    def now(self) -> datetime:
        if self.frozen_at:
            return datetime.fromisoformat(self.frozen_at)
        return datetime.now(timezone.utc) + timedelta(seconds=self.clock_offset)

    def to_json(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_json(cls: type[S], raw: dict[str, Any]) -> S:
        raise NotImplementedError

    def save(self, path: Path) -> None:
        """Atomic write, so a crash mid-save leaves the previous file intact."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            json.dump(self.to_json(), fh)
        os.replace(tmp, path)

    @classmethod
    def load(cls: type[S], path: Path) -> S:
        return cls.from_json(json.loads(path.read_text()))


@dataclass
class Runtime:
    """The live sandbox behind one app: its state, the API token, and where the state is
    saved (None: nowhere). A sandbox adds its publisher, faults and profile."""

    state: Any
    token: str
    state_file: Path | None = None

    def save(self) -> None:
        if self.state_file is not None:
            self.state.save(self.state_file)

    def tick(self) -> list[dict[str, Any]]:
        """The publisher runs now; what it moved is saved."""
        changes = self.publisher.tick(self.state, self.state.now())  # type: ignore[attr-defined]
        if changes:
            self.save()
        return changes

"""Saying what became of a write, one table of phrases per place that says it.

The compose editor, the pending writes and the after-flush notice each word an outcome
their own way; what they share is picking the phrase by the outcome's kind, where an
`Unsure` is a `Queued` unless it has its own phrase. No imports: the outcome classes come
with the caller's table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Phrase = Callable[[Any], str]


def by_outcome(outcome: object, phrases: Mapping[type, Phrase], default: Phrase) -> str:
    """The phrase of the most specific class of `outcome` in `phrases`, else `default`."""
    for cls in type(outcome).__mro__:
        phrase = phrases.get(cls)
        if phrase is not None:
            return phrase(outcome)
    return default(outcome)

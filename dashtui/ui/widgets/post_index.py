"""The post table's data: rows, sort order and filter, with no Textual in sight.

Built for 100,000 rows: each row's lowercase search text is made once in `set_rows`, the sort
order is computed once per (rows, sort), and a filter is a few list comprehensions over
integers and strings, which CPython runs at tens of nanoseconds per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from ...store.cache import PostRow
from .postfmt import platform_label, platform_short

Key = tuple[str, int]
SORTS = ("time", "updated")
# A row keeps only this much of its caption, for display; the search text keeps all of it.
# With the search text as UTF-8 bytes (an emoji makes a str 4 bytes per character, UTF-8
# keeps the rest at 1), 100,000 posts fit the memory budget; `in` on bytes is a little
# slower than on str but well inside the keystroke budget.
PREVIEW = 160


class PostIndex:
    def __init__(self) -> None:
        self.rows: list[PostRow] = []
        self._pos: dict[Key, int] = {}  # key -> index in rows
        self._hay: list[bytes] = []
        self._order: list[int] | None = None  # row indices in sort order, built lazily
        self._order_hay: list[bytes] = []  # self._hay in that order
        self.sort_by = "time"
        self.descending = False
        self.text = ""
        self.statuses: frozenset[str] | None = None
        self.platforms: frozenset[str] | None = None
        self.visible: list[int] = []  # row indices that pass the filter, in sort order

    # -- data --------------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[PostRow]) -> None:
        """Take the rows (best as an iterator: each full caption is dropped once indexed)."""
        old_rows, old_pos, old_hay = self.rows, self._pos, self._hay
        labels: dict[str, str] = {}  # ten platforms: build their search words once
        kept: list[PostRow] = []
        hay: list[bytes] = []
        for r in rows:
            # a refresh mostly returns the same posts: reuse their search text
            i = old_pos.get((r.platform, r.id))
            old = old_rows[i] if i is not None else None
            if old is not None and old.updated_at == r.updated_at and old.status == r.status \
                    and old.caption == r.caption[:PREVIEW]:
                hay.append(old_hay[i])
            else:
                words = labels.get(r.platform)
                if words is None:
                    words = labels[r.platform] = (f"{r.platform} {platform_label(r.platform)}"
                                                  f" {platform_short(r.platform)}")
                hay.append(f"{r.caption}\n{r.id}\n{words}\n{r.status or ''}".casefold()
                           .encode())
            kept.append(r if len(r.caption) <= PREVIEW
                        else r._replace(caption=r.caption[:PREVIEW]))
        self.rows = kept
        self._pos = {(r.platform, r.id): i for i, r in enumerate(kept)}
        self._hay = hay
        self._order = None
        self._refilter()

    def get(self, key: Key) -> PostRow | None:
        i = self._pos.get(key)
        return None if i is None else self.rows[i]

    def __contains__(self, key: object) -> bool:
        return key in self._pos

    # -- sort --------------------------------------------------------------------------------
    def set_sort(self, by: str, descending: bool = False) -> None:
        if by not in SORTS:
            raise ValueError(f"sort by one of {SORTS}, not {by!r}")
        if (by, descending) != (self.sort_by, self.descending):
            self.sort_by, self.descending = by, descending
            self._order = None
            self._refilter()

    def _sorted(self) -> list[int]:
        rows = self.rows
        field = 4 if self.sort_by == "time" else 5  # PostRow.ts / PostRow.updated_at
        # C-level keys (itemgetter, list.__getitem__): a lambda per row costs 5x more
        keys = list(map(itemgetter(field, 0, 1), rows))
        known = [i for i, r in enumerate(rows) if r[field] is not None]
        known.sort(key=keys.__getitem__, reverse=self.descending)
        # posts without a time (undated drafts) stay at the end whichever way the list runs
        unknown = [i for i, r in enumerate(rows) if r[field] is None]
        unknown.sort(key=lambda i: keys[i][1:])
        return known + unknown

    # -- filter ------------------------------------------------------------------------------
    def set_filter(self, text: str = "", statuses: Iterable[str] | None = None,
                   platforms: Iterable[str] | None = None) -> None:
        statuses = frozenset(s.upper() for s in statuses) if statuses else None
        platforms = frozenset(p.lower() for p in platforms) if platforms else None
        old_terms = _terms(self.text)
        new_terms = _terms(text)
        # typing one more letter can only narrow the result: search the current result
        # instead of every row (each old term lives inside some new term)
        narrows = (statuses == self.statuses and platforms == self.platforms and old_terms
                   and self._order is not None
                   and all(any(o in n for n in new_terms) for o in old_terms))
        self.text, self.statuses, self.platforms = text, statuses, platforms
        if narrows:
            hay = self._hay
            idx = self.visible
            for term in new_terms:
                idx = [i for i in idx if term in hay[i]]
            self.visible = idx
        else:
            self._refilter()

    def _refilter(self) -> None:
        if self._order is None:
            self._order = self._sorted()
            self._order_hay = [self._hay[i] for i in self._order]
        terms = _terms(self.text)
        rows, hay = self.rows, self._hay
        if not (self.statuses or self.platforms):
            if not terms:
                self.visible = list(self._order)
                return
            # zip instead of hay[i], two words per pass: the full scan is the hot loop of a
            # filter keystroke
            a, b = terms.pop(0), (terms.pop(0) if terms else b"")
            idx = [i for i, h in zip(self._order, self._order_hay) if a in h and b in h]
        else:
            idx = self._order
            if self.statuses:
                wanted = self.statuses
                idx = [i for i in idx if rows[i].status in wanted]
            if self.platforms:
                wanted = self.platforms
                idx = [i for i in idx if rows[i].platform in wanted]
        # every word must match somewhere: "ig failed" narrows like people expect
        for term in terms:
            idx = [i for i in idx if term in hay[i]]
        self.visible = idx if idx is not self._order else list(idx)

    def position(self, key: Key | None) -> int | None:
        """Where a post is in the visible list, or None."""
        i = self._pos.get(key) if key is not None else None
        if i is None:
            return None
        try:
            return self.visible.index(i)  # a C-speed scan; cheaper than a 100k-entry dict
        except ValueError:
            return None


def _terms(text: str) -> list[bytes]:
    """Search words, folded and encoded the way the search text is."""
    return [t.encode() for t in text.casefold().split()]

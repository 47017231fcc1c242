"""The post table's data: rows, sort order and filter, with no Textual in sight.

Built for 100,000 rows. Nothing is kept per row as a Python object but one bytes string:
the caption's preview (UTF-8, as written) followed by the row's lowercase search text.
Everything else lives in columns (lists of shared strings, arrays of machine integers), and
a `PostRow` is made only when someone asks for a row, e.g. the ~40 on screen. A filter is a
few list comprehensions over integers and bytes, which CPython runs at tens of nanoseconds
per row.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from ...store.cache import PostRow
from .search import haystack

Key = tuple[str, int]
SORTS = ("time", "updated")
# A row keeps only this much of its caption, for display; the search text keeps all of it.
# Both are UTF-8 bytes in one object (an emoji makes a str 4 bytes per character, UTF-8 keeps
# the rest at 1); `in` on bytes is a little slower than on str but well inside the budget.
# A search word never matches inside the preview without matching the search text too (the
# preview's casefold is part of it), and never across the "\n" between them (words have no
# whitespace), so searching the whole blob is the same as searching the search text.
PREVIEW = 160
_NO_TS = -(2 ** 63)  # "no time" in the ts array (undated drafts)
# where the list's rows came from can give a caption back on demand (the cache does, by key):
# then the index keeps no preview at all, only each caption's hash to see it changed
SHOWN_CAPTIONS = 1024
MEMO_ROWS = 500_000  # row indices kept for filters typed lately (4 MB at most)
Captions = Callable[[str, int], "str | None"]


class _Rows(Sequence):
    """The index's rows as a read-only sequence of PostRow, each built when asked for."""

    def __init__(self, index: PostIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index._ids)

    @overload
    def __getitem__(self, i: int) -> PostRow: ...
    @overload
    def __getitem__(self, i: slice) -> list[PostRow]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._index._row(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._index._row(i)

    def __iter__(self) -> Iterator[PostRow]:
        row = self._index._row
        return (row(i) for i in range(len(self)))


class _Texts:
    """Many short strings (or None) in one buffer: about 36 bytes for an `updated_at` that
    costs 90 as a str in a list."""

    _NONE = b"\xff"  # never the UTF-8 of a str

    def __init__(self) -> None:
        self._buf = bytearray()
        self._ends = array("L")

    def append(self, value: str | None) -> None:
        self._buf += self._NONE if value is None else value.encode()
        self._ends.append(len(self._buf))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i: int) -> str | None:
        start = self._ends[i - 1] if i else 0
        raw = self._buf[start:self._ends[i]]
        return None if raw == self._NONE else raw.decode()


class PostIndex:
    def __init__(self) -> None:
        self._clear_columns()
        self.rows: Sequence[PostRow] = _Rows(self)
        self._captions: Captions | None = None
        self._shown: dict[int, str] = {}  # captions read back lately, by row index
        self._order: list[int] | None = None  # row indices in sort order, built lazily
        self._order_hay: list[bytes] = []  # self._hay in that order
        self.sort_by = "time"
        self.descending = False
        self.text = ""
        self.statuses: frozenset[str] | None = None
        self.platforms: frozenset[str] | None = None
        self.visible: list[int] = []  # row indices that pass the filter, in sort order
        self._memo: dict[tuple, list[int]] = {}  # (terms, statuses, platforms) -> visible
        self._memo_size = 0

    def _clear_columns(self) -> None:
        self._platform: list[str] = []
        self._ids: array | list = array("q")  # a list once an id is text
        self._brand = array("q")
        self._status: list[str | None] = []
        self._ts = array("q")
        self._updated = _Texts()
        self._media = array("l")
        self._approval: list[str | None] = []
        self._error: list[str | None] = []
        self._findings = array("l")
        self._odd = array("l")
        self._plen = array("L")  # bytes of the preview at the start of each blob
        self._hay: list[bytes] = []  # preview + "\n" + search text
        self._chash = array("q")  # hash of each full caption (previews on demand only)
        # (id, index) sorted by id, for finding a row by key: 16 bytes a row, where a dict
        # of tuples costs ten times that
        self._by_id: array | list = array("q")
        self._by_id_row = array("l")

    def _row(self, i: int) -> PostRow:
        ts = self._ts[i]
        return PostRow(self._platform[i], self._ids[i], self._brand[i], self._status[i],
                       None if ts == _NO_TS else ts, self._updated[i],
                       self._caption(i), self._media[i],
                       self._approval[i], self._error[i], self._findings[i], self._odd[i])

    def _caption(self, i: int) -> str:
        if self._captions is None:
            return self._hay[i][:self._plen[i]].decode()
        shown = self._shown.get(i)
        if shown is None:
            caption = self._captions(self._platform[i], self._ids[i]) or ""
            shown = caption if len(caption) <= PREVIEW else caption[:PREVIEW]
            if len(self._shown) >= SHOWN_CAPTIONS:  # a screenful or ten is plenty
                self._shown.clear()
            self._shown[i] = shown
        return shown

    # -- data --------------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[PostRow], captions: Captions | None = None) -> None:
        """Take the rows (best as an iterator: each full caption is dropped once indexed).

        `captions(platform, id)`, when given, reads a caption back for display, so the index
        keeps none (the posts screen passes the cache's)."""
        old = (self._by_id, self._by_id_row, self._platform)
        old_hay, old_plen, old_hash = self._hay, self._plen, self._chash
        old_updated, old_status = self._updated, self._status
        old_keep = self._captions is None
        keep = captions is None
        self._captions = captions
        self._shown = {}
        self._clear_columns()
        chash = self._chash
        platform_c, ids_c, brand_c, status_c = self._platform, self._ids, self._brand, \
            self._status
        ts_c, updated_c, media_c, approval_c = self._ts, self._updated, self._media, \
            self._approval
        error_c, findings_c, odd_c, plen_c, hay = self._error, self._findings, self._odd, \
            self._plen, self._hay
        for r in rows:
            platform = r.platform
            caption = r.caption
            preview = (caption if len(caption) <= PREVIEW else caption[:PREVIEW]).encode() \
                if keep else b""
            h = hash(caption)
            # a refresh mostly returns the same posts: reuse their search text
            i = _lookup(*old, platform, r.id)
            if i is not None and old_updated[i] == r.updated_at and old_status[i] == r.status \
                    and old_hash[i] == h and old_keep == keep \
                    and old_hay[i][:old_plen[i]] == preview:
                hay.append(old_hay[i])
            else:
                hay.append(preview + b"\n" + haystack(caption, r.id, platform, r.status)
                           .encode())
            plen_c.append(len(preview))
            chash.append(h)
            platform_c.append(platform)
            if isinstance(ids_c, array) and not isinstance(r.id, int):
                # a service whose ids are text (Genviral, Infinipost): a plain list
                ids_c = self._ids = list(ids_c)
            ids_c.append(r.id)
            brand_c.append(r.brand_id)
            status_c.append(r.status)
            ts_c.append(_NO_TS if r.ts is None else r.ts)
            updated_c.append(r.updated_at)
            media_c.append(r.media_count)
            approval_c.append(r.approval)
            error_c.append(r.error)
            findings_c.append(r.findings)
            odd_c.append(r.odd)
        del old, old_hay, old_plen, old_hash, old_updated, old_status
        ids = self._ids
        by_id = sorted(range(len(ids)), key=ids.__getitem__)
        self._by_id = (array("q", [ids[i] for i in by_id]) if isinstance(ids, array)
                       else [ids[i] for i in by_id])
        self._by_id_row = array("l", by_id)
        del by_id
        self._order = None
        self._order_hay = []
        self._refilter()

    def _find(self, key: object) -> int | None:
        try:
            platform, post_id = key  # type: ignore[misc]
            return _lookup(self._by_id, self._by_id_row, self._platform, platform, post_id)
        except (TypeError, ValueError, OverflowError):
            return None

    def get(self, key: Key) -> PostRow | None:
        i = self._find(key)
        return None if i is None else self._row(i)

    def __contains__(self, key: object) -> bool:
        return self._find(key) is not None

    # -- sort --------------------------------------------------------------------------------
    def set_sort(self, by: str, descending: bool = False) -> None:
        if by not in SORTS:
            raise ValueError(f"sort by one of {SORTS}, not {by!r}")
        if (by, descending) != (self.sort_by, self.descending):
            self.sort_by, self.descending = by, descending
            self._order = None
            self._refilter()

    def _sorted(self) -> list[int]:
        """Row indices by (sort field, platform, id), posts without that field at the end
        whichever way the list runs. Stable sorts from the least significant key up, with
        C-level keys (list.__getitem__): no tuple per row, and a lambda costs 5x more."""
        n = len(self._ids)
        if self.sort_by == "time":
            ts = self._ts
            known = [i for i in range(n) if ts[i] != _NO_TS]
            unknown = [i for i in range(n) if ts[i] == _NO_TS]
            field = ts
        else:
            up = list(self._updated)  # only while sorting
            known = [i for i in range(n) if up[i] is not None]
            unknown = [i for i in range(n) if up[i] is None]
            field = up
        rev = self.descending
        for key in (self._ids, self._platform, field):
            known.sort(key=key.__getitem__, reverse=rev)
        for key in (self._ids, self._platform):  # the ones without: by platform, id
            unknown.sort(key=key.__getitem__)
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
        memo_key = (tuple(new_terms), statuses, platforms)
        known = self._memo.get(memo_key) if self._order is not None else None
        if known is not None:  # a backspace goes back to a filter already computed
            self.visible = known
            return
        if narrows:
            hay = self._hay
            idx = self.visible
            for term in new_terms:
                idx = [i for i in idx if term in hay[i]]
            self.visible = idx
        else:
            # a new search, not one more letter: what was kept is for a different word
            self._memo.clear()
            self._memo_size = 0
            self._refilter()
        self._remember(memo_key)

    def _remember(self, key: tuple) -> None:
        """Keep this filter's result for a backspace: a few lists of ints, all sharing the
        row-index objects, so about 8 bytes a row shown, capped."""
        self._memo_size += len(self.visible)
        if self._memo_size > MEMO_ROWS:
            self._memo.clear()
            self._memo_size = len(self.visible)
        self._memo[key] = self.visible

    def _refilter(self) -> None:
        if self._order is None:
            self._memo.clear()
            self._memo_size = 0
            self._order = self._sorted()
            self._order_hay = [self._hay[i] for i in self._order]
        terms = _terms(self.text)
        hay = self._hay
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
                wanted, col = self.statuses, self._status
                idx = [i for i in idx if col[i] in wanted]
            if self.platforms:
                wanted, col = self.platforms, self._platform
                idx = [i for i in idx if col[i] in wanted]
        # every word must match somewhere: "ig failed" narrows like people expect
        for term in terms:
            idx = [i for i in idx if term in hay[i]]
        self.visible = idx if idx is not self._order else list(idx)

    def position(self, key: Key | None) -> int | None:
        """Where a post is in the visible list, or None."""
        i = self._find(key) if key is not None else None
        if i is None:
            return None
        try:
            return self.visible.index(i)  # a C-speed scan; cheaper than a 100k-entry dict
        except ValueError:
            return None


def _lookup(by_id: array | list, by_id_row: array, platforms: list[str], platform: str,
            post_id: int | str) -> int | None:
    """The row index of (platform, id) in an index's sorted id columns, or None."""
    try:
        j = bisect_left(by_id, post_id)
    except TypeError:  # text ids against an index of integer ones: not there
        return None
    # ids are unique per platform, not across them: look at every row with this id
    while j < len(by_id) and by_id[j] == post_id:
        i = by_id_row[j]
        if platforms[i] == platform:
            return i
        j += 1
    return None


def _terms(text: str) -> list[bytes]:
    """Search words, folded and encoded the way the search text is."""
    return [t.encode() for t in text.casefold().split()]

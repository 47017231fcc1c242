"""Creating the checked rows, through the outbox like the editor's creates: exactly once.

Each row, in file order:
  already created (ledger)           skipped, its post named
  queued in the outbox (draft_key)   that very write is sent again (a create that may have
                                     reached the service is looked for first: writer.py)
  begun but no longer queued         the service is asked whether the post exists
                                     (find_lost_create with the body the ledger kept)
  otherwise                          ledger.begin with the body, then Writer.create
So a run killed at any point and run again ends with one post per row.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..backend import MediaLibrary
from ..errors import BackendError
from ..store.outbox import CREATE, DECIDE, SENDING
from ..store.writer import Failed, Queued, Rejected, Saved, Unsure
from .ledger import CREATED, SENDING as SENDING_ROW, Ledger, draft_key
from .rows import URL, ImportFile, ImportRow

if TYPE_CHECKING:  # a type only: the session and its store load when one is opened
    from ..session import Session

STOP_AFTER_QUEUED = 3  # the service stopped answering: stop instead of queueing every row
RATE_WAIT_CAP = 90.0  # seconds to wait for the rate limit's reset before trying anyway
CREATED_NOW, ALREADY, QUEUED, REFUSED, DECIDING, BAD, NOT_SENT = (
    "created", "already", "queued", "refused", "decide", "bad", "not sent")


@dataclass
class RowResult:
    row: ImportRow
    state: str
    message: str = ""
    post_id: Any = None

    @property
    def ok(self) -> bool:
        return self.state in (CREATED_NOW, ALREADY)


Progress = Callable[[int, int, RowResult], Awaitable[None] | None]


def group_for(backend: str, brand_id: int, original: str) -> str:
    """A file's post_group_id as a fresh group in the target brand, the same for every row
    of that group (and on every run), never the original: a lost create is looked for by
    its group, and the original group's posts must not be taken for it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dashtui-import:{backend}:{brand_id}:{original}"))


class Importer:
    def __init__(self, session: Session, ledger: Ledger, brand_id: int) -> None:
        self.session = session
        self.backend = session.backend
        self.writer = session.writer
        self.outbox = session.outbox
        self.ledger = ledger
        self.brand_id = brand_id

    async def run(self, imported: ImportFile, *, progress: Progress | None = None
                  ) -> list[RowResult]:
        results: list[RowResult] = []
        queued_in_a_row = 0
        rows = imported.rows
        for i, row in enumerate(rows, 1):
            if queued_in_a_row >= STOP_AFTER_QUEUED:
                result = RowResult(row, NOT_SENT, "not sent: the service stopped answering")
            elif not row.ok:
                result = RowResult(row, BAD, "not sent: " + "; ".join(
                    f.message for f in row.errors))
            else:
                try:
                    await self._pace()
                    result = await self.one(imported, row)
                except BackendError as exc:  # media registration, a lookup: the row waits
                    result = RowResult(row, QUEUED, f"not sent: {exc}")
            if result.state == QUEUED:
                queued_in_a_row += 1
            elif result.state in (CREATED_NOW, REFUSED, DECIDING):  # the service answered
                queued_in_a_row = 0
            results.append(result)
            if progress is not None:
                maybe = progress(i, len(rows), result)
                if maybe is not None:
                    await maybe
        return results

    async def _pace(self) -> None:
        """A long file stays inside the rate limit: at its last request, wait for the reset
        (as bulk actions do, edits.py) rather than spend the rest of the rows on 429s."""
        limit = self.backend.rate_limit
        if limit is None or limit.remaining is None or limit.remaining > 1 \
                or limit.reset_at is None:
            return
        wait = limit.reset_at.timestamp() - time.time()
        if wait > 0:
            await asyncio.sleep(min(wait, RATE_WAIT_CAP))

    async def one(self, imported: ImportFile, row: ImportRow) -> RowResult:
        entry = self.ledger.get(row.key)
        if entry is not None and entry.state == CREATED:
            return RowResult(row, ALREADY, f"already created as #{entry.post_id}",
                             entry.post_id)
        platform = row.platform.value  # type: ignore[union-attr] - only rows that read
        dkey = draft_key(self.backend.name, self.brand_id, row.key)
        queued = [w for w in self.outbox.find_for_draft(dkey) if w.kind == CREATE]
        if queued:
            write = queued[0]
            if write.state == DECIDE:
                why = (write.decision or {}).get("message") or write.last_error or ""
                return RowResult(row, DECIDING, "waits for your decision in pending writes "
                                 f"(4): {why}")
            if write.state == SENDING and write.lease_owner != self.outbox.owner:
                self.outbox.recover()  # a run that died holding it; a live one keeps it
            return self._settle(row, await self.writer.send(write))
        if entry is not None and entry.state == SENDING_ROW:
            # begun, no longer queued: did it land (killed just after), or was it refused?
            found = await self.backend.find_lost_create(platform, self.brand_id, entry.body)
            if found is not None:
                self.ledger.created(row.key, found.id)
                self.writer.cache.upsert([found])
                return RowResult(row, CREATED_NOW, f"created as #{found.id} (found after an "
                                 "interrupted run)", found.id)
            body = entry.body
        else:
            body = self.backend.prepare_create(
                {**await self._body(row), "brand_id": self.brand_id})
        self.ledger.begin(row.key, platform, body, file_name=imported.name,
                          digest=imported.digest, line=row.line)
        outcome = await self.writer.create(platform, self.brand_id, body, draft_key=dkey)
        return self._settle(row, outcome)

    async def _body(self, row: ImportRow) -> dict[str, Any]:
        body = dict(row.body)
        group = body.get("post_group_id")
        if isinstance(group, str) and group:
            body["post_group_id"] = group_for(self.backend.name, self.brand_id, group)
        if row.media_urls:  # in the order the cell gives them, ids and URLs alike
            ids = []
            for token in re.split(r"[\s,;]+", row.values.get("media_ids", "").strip()):
                if token.isdigit():
                    ids.append(int(token))
                elif URL.fullmatch(token):
                    ids.append(await self._register(token))
            body["media_ids"] = ids
        return body

    async def _register(self, url: str) -> int:
        known = self.ledger.media(url)
        if known is not None:
            return known[0]
        library = self.backend
        assert isinstance(library, MediaLibrary)  # checked: a URL is an error without one
        media = await library.register_media(self.brand_id, url)
        self.ledger.add_media(url, media.scheduler_id, media.kind)
        return media.scheduler_id

    def _settle(self, row: ImportRow, outcome: Any) -> RowResult:
        if isinstance(outcome, Saved) and outcome.post is not None:
            self.ledger.created(row.key, outcome.post.id)
            return RowResult(row, CREATED_NOW, f"created as #{outcome.post.id}",
                             outcome.post.id)
        if isinstance(outcome, Unsure):
            return RowResult(row, DECIDING, outcome.reason)
        if isinstance(outcome, Queued):
            return RowResult(row, QUEUED, f"queued, not sent yet ({outcome.reason}); run the "
                             "import again (or open dashtui) to send it")
        if isinstance(outcome, (Rejected, Failed)):
            self.ledger.refused(row.key, outcome.message)
            fields = getattr(outcome, "field_errors", None) or {}
            detail = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in fields.items())
            return RowResult(row, REFUSED, f"refused: {outcome.message}"
                             + (f" ({detail})" if detail and detail not in outcome.message
                                else ""))
        return RowResult(row, REFUSED, f"not created: {outcome}")

"""Every row checked with the editor's live rules, plus what only the service can tell:
that each media id is in the brand's library (and what kind it is) and which board a
Pinterest row names."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from ..backend import Backend, MediaLibrary
from ..errors import BackendError, ForbiddenError, NotFoundError, ValidationError
from .rows import ImportFile, ImportRow, guess_kind

LOOKUPS_AT_ONCE = 6  # concurrent library lookups: well inside the rate limit
PLACEHOLDER = -1_000_000  # ids standing for URLs not registered yet (never sent)


class Lookups:
    """Library media and boards of one brand, each asked once."""

    def __init__(self, backend: Backend, brand_id: int) -> None:
        self.backend = backend
        self.brand_id = brand_id
        self.media: dict[int, str | None | BackendError] = {}
        self.boards: list | BackendError | None = None

    async def load(self, rows: list[ImportRow]) -> None:
        wanted = sorted({m for r in rows for m in r.body.get("media_ids", [])})
        gate = asyncio.Semaphore(LOOKUPS_AT_ONCE)

        async def one(media_id: int) -> None:
            async with gate:
                try:
                    self.media[media_id] = (await self.backend.get_media(
                        self.brand_id, media_id)).kind
                except BackendError as exc:
                    self.media[media_id] = exc

        await asyncio.gather(*(one(m) for m in wanted))
        if any(r.board_ref for r in rows):
            try:
                self.boards = await self.backend.list_boards(self.brand_id)
            except BackendError as exc:
                self.boards = exc


def _media(row: ImportRow, lookups: Lookups, can_register: bool) -> dict[int, str]:
    kinds: dict[int, str] = {}
    for media_id in row.body.get("media_ids", []):
        found = lookups.media.get(media_id)
        if isinstance(found, (NotFoundError, ForbiddenError, ValidationError)):
            row.error("media_ids", f"media {media_id} is not in this brand's library")
        elif isinstance(found, BackendError):
            row.error("media_ids", f"media {media_id} could not be checked: {found}")
        elif found:
            kinds[media_id] = found
    for url in row.media_urls:
        if not can_register:
            row.error("media_ids", f"{url}: this service can't take media by URL; add it to "
                      "the library first and give its id")
    return kinds


def _board(row: ImportRow, lookups: Lookups) -> None:
    ref = row.board_ref
    if not ref:
        return
    boards = lookups.boards
    if isinstance(boards, BackendError):
        row.error("meta.pinterestBoard", f"the brand's boards could not be read: {boards}")
        return
    boards = boards or []
    found = next((b for b in boards if b.id == ref), None) or next(
        (b for b in boards if b.name.casefold() == ref.casefold()), None)
    if found is None:
        names = ", ".join(f"{b.name} ({b.id})" for b in boards) or "none"
        row.error("meta.pinterestBoard", f"no board {ref!r} among the brand's boards: {names}")
        return
    row.body.setdefault("meta", {})["pinterestBoard"] = found.to_json()


def check_row(row: ImportRow, lookups: Lookups, rules: Callable[..., list], *,
              can_register: bool) -> None:
    """Add the live rules' findings (and the service's lookups) to the row."""
    if row.platform is None:
        return
    from ..domain.posts import ModelError, new_post

    served = lookups.backend.capabilities.platforms
    if served and row.platform.value not in served:
        label = lookups.backend.capabilities.label
        row.error("platform", f"{label} does not post to {row.platform.value} (it posts to "
                  f"{', '.join(served)})")
        return

    kinds = _media(row, lookups, can_register)
    _board(row, lookups)
    body: dict[str, Any] = dict(row.body)
    # URLs become library media at import: checked as media of the kind their name says
    placeholders = {PLACEHOLDER - i: url for i, url in enumerate(row.media_urls)}
    if placeholders:
        body["media_ids"] = list(body.get("media_ids", [])) + list(placeholders)
        for pid, url in placeholders.items():
            kind = guess_kind(url)
            if kind:
                kinds[pid] = kind
            else:
                row.warn("media_ids", f"{url}: can't tell an image from a video by its name; "
                         "the media rules are checked once it is in the library")
    try:
        post = new_post(row.platform, **body)
    except ModelError as exc:
        for err in exc.errors(include_url=False, include_input=False):
            where = ".".join(str(p) for p in err.get("loc", ()))
            row.error(where, f"{where}: {err.get('msg', 'invalid')}")
        return
    row.post = post
    for finding in rules(post, kinds):
        if finding.code == "media.unknown_id" and any(
                f"media {pid}:" in finding.message for pid in placeholders):
            continue  # said above, in words about the URL
        row.findings.append(finding)
    row.findings.sort(key=lambda f: f.severity != "error")


async def check_file(imported: ImportFile, backend: Backend, brand_id: int,
                     rules: Callable[..., list]) -> None:
    lookups = Lookups(backend, brand_id)
    await lookups.load([r for r in imported.rows if r.platform is not None])
    can_register = isinstance(backend, MediaLibrary)  # a URL becomes library media
    for row in imported.rows:
        check_row(row, lookups, rules, can_register=can_register)

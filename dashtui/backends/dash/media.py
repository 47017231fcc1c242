"""The Library calls beyond get/register: the search that lists a brand's media, and the
upload flow for a local file (reference 8.1, 8.4).

The upload flow, step by step:
  1. [D] `POST library/media_upload_url` `{filename, content_type}` (with the Dash token):
     a link to upload the file to. [U] its response field names: the first of `upload_url`,
     `signed_url`, `presigned_url`, `url` is taken.
  2. [D] "upload the binary to that S3 link"; [I] with PUT and the file's Content-Type, as an
     S3 presigned URL expects. Sent by a client of its own that has no Authorization header:
     the Dash token never goes to the storage host.
  3. [I] the public file URL is the link without its query string (the guide is cut off at
     "remove al…"), unless the answer names one (`public_url`, `file_url`).
  4. [D] `POST /brands/{id}/media` with that URL (DashClient.register_media); its `media_id`
     is what `media_ids` takes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ...domain.media import FileProblem, sniff_file
from .errors import ConnectionFailed, DashError, ServerError, ValidationError
from .mapping import Call

if TYPE_CHECKING:
    from ...domain.posts import LibraryMedia
    from .client import DashClient

PAGE = 99  # [D] PERF: limit=99 per page
CHUNK = 256 * 1024
Progress = Callable[[int, int], None]  # (bytes sent, total)


async def list_media(dash: DashClient, brand_id: int, *, kinds: tuple[str, ...] = (),
                     limit: int = 300) -> list[LibraryMedia]:
    """The brand's newest media, up to `limit`, through the documented search (PUT media/v2
    with a filter body), a page of 99 at a time with the advised 1 s between pages."""
    from ...domain.posts import LibraryMedia

    call = Call("library", f"media library of brand {brand_id}", "request", brand_id)
    url = f"{dash.urls.library}/brands/{int(brand_id)}/media/v2"
    out: list[LibraryMedia] = []
    offset = 0
    while len(out) < limit:
        body: dict[str, Any] = {"limit": min(PAGE, limit - len(out)), "offset": offset}
        if kinds:
            body["filters"] = {"brand_media_types": list(kinds)}
        resp = await dash._session.request("PUT", url, call, json=body)
        items, next_url = dash._page(dash._session.json(resp, call), resp, call)
        out += [dash._model(LibraryMedia, item, resp, call) for item in items]
        if not next_url or not items:
            break
        offset += len(items)
        await dash.retry.sleep(1.0)
    return out


def _link(data: Any) -> tuple[str, str] | None:
    """(where to PUT, the public URL) from a media_upload_url answer."""
    if not isinstance(data, dict):
        return None
    put = next((data[k] for k in ("upload_url", "signed_url", "presigned_url", "url")
                if isinstance(data.get(k), str) and data[k]), None)
    if put is None:
        return None
    public = next((data[k] for k in ("public_url", "file_url")
                   if isinstance(data.get(k), str) and data[k]), None)
    if public is None:
        parts = urlsplit(put)
        public = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return put, public


async def upload_file(dash: DashClient, brand_id: int, path: str | os.PathLike[str], *,
                      progress: Progress | None = None) -> LibraryMedia:
    """Upload a local file and register it: the new media (its `scheduler_id` goes into
    media_ids). A bad file is a ValidationError before anything is sent."""
    try:
        facts, ctype = sniff_file(path)
    except FileProblem as exc:
        raise ValidationError(str(exc)) from None
    except OSError as exc:
        raise ValidationError(f"Can't read {path}: {exc.strerror or exc}") from None
    file = Path(os.path.expanduser(os.fspath(path)))
    call = Call("library", f"an upload link for {facts.name}", "media", brand_id)
    resp = await dash._session.request("POST", f"{dash.urls.library}/media_upload_url", call,
                                       json={"filename": facts.name, "content_type": ctype})
    link = _link(dash._session.json(resp, call))
    if link is None:
        raise dash._session.malformed(resp, call, "no upload link in the answer")
    put_url, public_url = link
    await _put(dash, put_url, file, ctype, facts.size or 0, progress)
    return await dash.register_media(brand_id, public_url, filename=facts.name)


async def _put(dash: DashClient, url: str, file: Path, ctype: str, total: int,
               progress: Progress | None) -> None:
    import httpx

    if urlsplit(url).scheme not in ("http", "https"):
        raise ValidationError("The upload link Dash gave is not a web address")
    host = urlsplit(url).hostname or "the storage service"

    async def chunks():
        sent = 0
        with file.open("rb") as fh:
            while block := fh.read(CHUNK):
                sent += len(block)
                yield block
                if progress is not None:
                    progress(sent, total)

    # a client of its own: no Authorization header, no Dash headers at all
    async with httpx.AsyncClient(transport=dash._session._transport,
                                 timeout=httpx.Timeout(max(dash._session.timeout, 60.0)),
                                 follow_redirects=False) as storage:
        failure: str | None = None
        try:
            answer = await storage.put(url, content=chunks(), headers={
                "Content-Type": ctype, "Content-Length": str(total)})
        except httpx.RequestError as exc:
            failure = f"{type(exc).__name__}"
        if failure is not None:
            raise ConnectionFailed(f"The upload to {host} failed ({failure}); nothing was "
                                   "attached", method="PUT")
    if not answer.is_success:
        code = _s3_code(answer.text)
        err: type[DashError] = ServerError if answer.status_code >= 500 else ValidationError
        raise err(f"{host} refused the upload ({answer.status_code}{': ' + code if code else ''}"
                  "); nothing was attached", status=answer.status_code, method="PUT")


def _s3_code(text: str) -> str:
    start, end = text.find("<Code>"), text.find("</Code>")
    return text[start + 6:end][:60] if 0 <= start < end else ""

"""The Library's upload flow (reference 8.1, step 1) and a stand-in for the S3 bucket.

[D] `POST library/media_upload_url` with `{filename, content_type}` makes an upload link;
the file is then uploaded to that link and registered with `POST /brands/{id}/media`.
[U] The response's field names and the upload method are undocumented: this sandbox answers
`{"url": <signed link>}` and takes a PUT, like an S3 presigned URL, and the public URL is the
link without its query string ([I] reference 8.1: "remove al[l] ..." is cut off there).

The bucket lives on the same server under /storage/. Like S3 it takes no bearer token (the
signature in the query is the authorisation) and never needs one: every request's headers
are recorded (`Runtime.storage_log`), so a test can prove the Dash token was not sent to it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from typing import Any
from urllib.parse import quote, urlparse

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import fields as f
from .errors import ApiError, JSONResponse, invalid

PREFIX = "/storage/"
MAX_BYTES = 64 * 1024 * 1024  # the sandbox keeps files in memory
LINK_SECONDS = 3600
_SECRET = secrets.token_bytes(16)

UPLOAD_URL_SCHEMA: dict[str, f.Field] = {
    "filename": f.Str(required=True), "content_type": f.Str(required=True),
}


def _sign(key: str, expires: int) -> str:
    return hmac.new(_SECRET, f"{key}:{expires}".encode(), hashlib.sha256).hexdigest()


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


def _store(rt: Any) -> dict[str, tuple[str, bytes]]:
    if not hasattr(rt, "storage"):
        rt.storage, rt.storage_log = {}, []
    return rt.storage


async def upload_url(request: Request) -> Response:
    """POST library/media_upload_url: a signed link to PUT one file to (bearer-checked
    like every library call, by the pipeline)."""
    from .scheduler import read_json

    data, errors = f.load(UPLOAD_URL_SCHEMA, await read_json(request))
    if errors:
        raise invalid("json", errors)
    ctype = data["content_type"].strip().lower()
    if not ctype.startswith(("image/", "video/")):
        raise invalid("json", {"content_type": [f"Unsupported media type: {ctype or '?'}."]},
                      "Unsupported media type")
    name = data["filename"].rsplit("/", 1)[-1] or "upload"
    key = f"uploads/{uuid.uuid4().hex}/{quote(name)}"
    expires = int(time.time()) + LINK_SECONDS
    base = str(request.base_url).rstrip("/")
    link = f"{base}{PREFIX}{key}?X-Expires={expires}&X-Signature={_sign(key, expires)}"
    _store(_runtime(request))
    return JSONResponse({"url": link}, 200)


def _xml_error(status: int, code: str, message: str) -> Response:
    body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code>"
            f"<Message>{message}</Message></Error>")
    return Response(body, status, media_type="application/xml")


async def put_object(request: Request) -> Response:
    rt = _runtime(request)
    store = _store(rt)
    key = request.path_params["key"]
    rt.storage_log.append({"method": "PUT", "path": request.url.path,
                           "headers": {k.lower(): v for k, v in request.headers.items()}})
    q = request.query_params
    try:
        expires = int(q.get("X-Expires", ""))
    except ValueError:
        return _xml_error(403, "AccessDenied", "Missing or bad X-Expires")
    if not hmac.compare_digest(q.get("X-Signature", ""), _sign(key, expires)):
        return _xml_error(403, "SignatureDoesNotMatch", "The signature does not match")
    if expires < time.time():
        return _xml_error(403, "AccessDenied", "Request has expired")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BYTES:
            return _xml_error(400, "EntityTooLarge", "Your proposed upload is too large")
    if not body:
        return _xml_error(400, "MissingContent", "The request body is empty")
    store[key] = (request.headers.get("content-type", "application/octet-stream"), bytes(body))
    etag = hashlib.md5(body).hexdigest()  # noqa: S324 - S3's ETag is an MD5
    return Response(b"", 200, headers={"ETag": f'"{etag}"'})


async def get_object(request: Request) -> Response:
    rt = _runtime(request)
    found = _store(rt).get(request.path_params["key"])
    rt.storage_log.append({"method": "GET", "path": request.url.path,
                           "headers": {k.lower(): v for k, v in request.headers.items()}})
    if found is None:
        return _xml_error(404, "NoSuchKey", "The specified key does not exist.")
    return Response(found[1], 200, media_type=found[0])


ROUTES = [Route(PREFIX + "{key:path}", put_object, methods=["PUT"]),
          Route(PREFIX + "{key:path}", get_object, methods=["GET"])]


def stored_facts(rt: Any, url: str) -> dict[str, Any] | None:
    """For a URL of this bucket: the stored file's kind, size and (video) duration."""
    path = urlparse(url).path
    if not path.startswith(PREFIX):
        return None
    found = _store(rt).get(path[len(PREFIX):])
    if found is None:
        raise ApiError(422, "The file at this URL was never uploaded (or has expired).",
                       errors={"json": {"url": ["No object at this URL."]}})
    ctype, data = found
    kind = "VIDEO" if ctype.startswith("video/") else "IMAGE"
    return {"kind": kind, "size": len(data),
            "duration": _mp4_seconds(data) if kind == "VIDEO" else None}


def _mp4_seconds(data: bytes) -> float | None:
    """The sandbox's own reading of an MP4 `moov/mvhd` duration (not the client's)."""
    def box(buf: bytes, name: bytes) -> bytes | None:
        i = 0
        while i + 8 <= len(buf):
            size = int.from_bytes(buf[i:i + 4], "big") or len(buf) - i
            if size < 8:
                return None
            if buf[i + 4:i + 8] == name:
                return buf[i + 8:i + size]
            i += size
        return None

    moov = box(data, b"moov")
    mvhd = box(moov, b"mvhd") if moov else None
    if not mvhd or len(mvhd) < 20:
        return None
    if mvhd[0] == 1:
        scale, length = (int.from_bytes(mvhd[20:24], "big"),
                         int.from_bytes(mvhd[24:32], "big"))
    else:
        scale, length = (int.from_bytes(mvhd[12:16], "big"),
                         int.from_bytes(mvhd[16:20], "big"))
    return round(length / scale, 3) if scale else None

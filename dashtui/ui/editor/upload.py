"""Adding media to the editor's media field from outside the library: a URL registered in it,
or a local file uploaded through the backend's upload flow, with a progress bar.

A bad file is refused before anything is sent, with the reason, and nothing is attached:
missing, empty, not an image or video (domain/media.sniff_file), or larger than a target
platform takes. A video longer than a platform takes is uploaded and attached, and the
editor's checks say so (it may be meant for another platform of the group). Everything goes
through the session (Session.add_media_url / upload_media), never the HTTP client.
"""

from __future__ import annotations

import re
from typing import Any

from textual.widgets import ProgressBar

from ...domain.media import FileProblem, fit_problems, human_size, sniff_file
from ...domain.platforms import SPECS
from ...errors import BackendError

# `field` below is the MediaField (media.py imports this module, not the other way round)
MediaField = Any

URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def what_is(text: str) -> str:
    """"id", "url" or "path": what the add box was given."""
    if text.isdigit():
        return "id"
    return "url" if URL.match(text) else "path"


def too_large(field: MediaField, facts: Any) -> str | None:
    """Why a target platform refuses this file outright (its size, or its kind), or None."""
    for platform, post_type in field.targets():
        for severity, words in fit_problems(platform, post_type, facts):
            if severity == "error" and " limit for a video" in words:
                return words
            if severity == "error" and "takes no" in words:
                return f"{words}; not uploaded"
    return None


async def register_url(field: MediaField, url: str) -> None:
    session = field.app.session  # type: ignore[attr-defined]
    field.busy(f"adding {url[:40]}…")
    try:
        item = await session.add_media_url(field.brand_id, url)
    except BackendError as exc:
        field.notify(f"Can't add {url}: {exc}. Nothing was attached.", severity="error",
                     markup=False, timeout=10)
    else:
        field.attach([item])
    finally:
        field.busy(None)


async def upload_path(field: MediaField, path: str) -> None:
    try:
        facts, _ = sniff_file(path)
    except FileProblem as exc:
        field.notify(f"{exc}. Nothing was attached.", severity="error", markup=False,
                     timeout=10)
        return
    except OSError as exc:
        field.notify(f"Can't read {path}: {exc.strerror or exc}. Nothing was attached.",
                     severity="error", markup=False, timeout=10)
        return
    if (why := too_large(field, facts)) is not None:
        field.notify(f"{facts.name}: {why}. Nothing was uploaded or attached.",
                     severity="error", markup=False, timeout=10)
        return
    bar = field.query_one("#media-progress", ProgressBar)
    bar.update(total=max(1, facts.size or 1), progress=0)
    field.busy(f"uploading {facts.name} ({human_size(facts.size)})")

    def progress(sent: int, total: int) -> None:
        bar.update(total=max(1, total), progress=sent)

    session = field.app.session  # type: ignore[attr-defined]
    try:
        item = await session.upload_media(field.brand_id, path, progress)
    except BackendError as exc:
        field.notify(f"Upload of {facts.name} failed: {exc}. Nothing was attached.",
                     severity="error", markup=False, timeout=10)
    else:
        field.attach([item])
        names = ", ".join(SPECS[p].label for p, _ in field.targets())
        field.notify(f"Uploaded {facts.name} and attached it; checked for {names}",
                     markup=False)
    finally:
        field.busy(None)

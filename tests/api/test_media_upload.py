"""The Library's upload flow against the sandbox over real HTTP: upload link, PUT to the
storage URL (without the Dash token), register; and the library search the picker lists."""

from __future__ import annotations

import pytest

from dashtui.domain.media import mp4_duration
from dashtui.errors import ValidationError

from ..media_files import mp4_bytes, write_mp4, write_png
from .conftest import BRAND, SANDBOX_TOKEN


@pytest.fixture(autouse=True)
def _empty_bucket(sandbox):
    """The bucket lives on the runtime, which the shared sandbox keeps between tests."""
    rt = sandbox.app.state.runtime
    rt.storage, rt.storage_log = {}, []


def _storage_log(sandbox):
    return getattr(sandbox.app.state.runtime, "storage_log", [])


async def test_a_local_video_is_uploaded_and_registered_with_its_duration(sandbox, tmp_path):
    path = write_mp4(tmp_path, "launch.mp4", 200, pad_to=300_000)
    seen: list[tuple[int, int]] = []
    async with sandbox.client() as dash:
        media = await dash.upload_media(BRAND, str(path), progress=lambda a, b: seen.append((a, b)))
        again = await dash.get_media(BRAND, media.scheduler_id)
    assert media.kind == "VIDEO" and media.filename == "launch.mp4"
    assert again.duration == pytest.approx(200) and again.size == 300_000
    assert seen[-1] == (300_000, 300_000) and len(seen) >= 2  # progress as chunks went out
    assert media.scheduler_id != media.id  # media_ids takes media_id, not the row id


async def test_the_dash_token_never_reaches_the_storage_url(sandbox, tmp_path):
    path = write_png(tmp_path, "hero.png")
    async with sandbox.client() as dash:
        await dash.upload_media(BRAND, str(path))
    puts = [r for r in _storage_log(sandbox) if r["method"] == "PUT"]
    assert len(puts) == 1
    headers = puts[0]["headers"]
    assert "authorization" not in headers
    assert not any(SANDBOX_TOKEN in v for v in headers.values())
    assert headers["content-type"] == "image/png"
    # the upload-link call itself did carry the token (it is a library call)
    assert sandbox.hits("POST", "/library/media_upload_url") == 1


@pytest.mark.parametrize("name, data, words", [
    ("notes.txt", b"hello", "unknown media type"),
    ("empty.mp4", b"", "empty"),
])
async def test_a_bad_file_is_refused_before_anything_is_sent(sandbox, tmp_path, name, data,
                                                              words):
    path = tmp_path / name
    path.write_bytes(data)
    async with sandbox.client() as dash:
        with pytest.raises(ValidationError, match=words):
            await dash.upload_media(BRAND, str(path))
        with pytest.raises(ValidationError, match="No such file"):
            await dash.upload_media(BRAND, str(tmp_path / "missing.jpg"))
    assert sandbox.hits("POST", "media_upload_url") == 0 and not _storage_log(sandbox)


async def test_a_forged_storage_link_is_refused_and_nothing_registered(sandbox):
    import httpx

    async with httpx.AsyncClient() as raw:
        answer = await raw.put(f"{sandbox.base}/storage/uploads/x/a.mp4?X-Expires=9999999999"
                               "&X-Signature=nope", content=mp4_bytes(5))
    assert answer.status_code == 403 and b"SignatureDoesNotMatch" in answer.content


async def test_register_by_url_and_list_newest_first(sandbox):
    async with sandbox.client() as dash:
        first = await dash.register_media(BRAND, "https://example.com/a/first.jpg")
        second = await dash.register_media(BRAND, "https://example.com/a/clip.mp4")
        listed = await dash.list_media(BRAND)
        videos = await dash.list_media(BRAND, kinds=("VIDEO",))
    assert [m.scheduler_id for m in listed[:2]] == [second.scheduler_id, first.scheduler_id]
    assert [m.filename for m in listed[:2]] == ["clip.mp4", "first.jpg"]
    assert [m.scheduler_id for m in videos] == [second.scheduler_id]


def test_the_client_reads_an_mp4_duration_itself():
    assert mp4_duration(mp4_bytes(61.5)) == pytest.approx(61.5)
    assert mp4_duration(b"not a video") is None

"""Small real media files for upload tests: an MP4 whose `moov/mvhd` says how long it is,
and a PNG header. Only the boxes a duration reader needs, padded to a chosen size."""

from __future__ import annotations

import struct
from pathlib import Path


def _box(name: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + name + payload


def mp4_bytes(seconds: float, *, pad_to: int = 0, timescale: int = 1000) -> bytes:
    mvhd = bytes(4) + struct.pack(">IIII", 0, 0, timescale, int(seconds * timescale)) \
        + bytes(80)
    data = _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + _box(b"moov", _box(b"mvhd", mvhd))
    if pad_to > len(data) + 8:
        data += _box(b"mdat", bytes(pad_to - len(data) - 8))
    return data


def write_mp4(folder: Path, name: str, seconds: float, *, pad_to: int = 0) -> Path:
    path = folder / name
    path.write_bytes(mp4_bytes(seconds, pad_to=pad_to))
    return path


def write_png(folder: Path, name: str, size: int = 2048) -> Path:
    path = folder / name
    head = b"\x89PNG\r\n\x1a\n"
    path.write_bytes(head + bytes(max(0, size - len(head))))
    return path

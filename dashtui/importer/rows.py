"""A CSV file -> one ImportRow per data row, with its file line and what is wrong with it.

No I/O beyond the file itself: what needs the service (media in the library, boards) is
looked up by check.py. Times are absolute on purpose ("tomorrow 9:00" would mean another
post on a re-run, and the re-run must recognise the rows it already created).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..domain.platforms import SPECS, Platform, platform_names
from ..domain.rules import ERROR, WARNING, Finding
from ..domain.status import WRITABLE_STATUSES, Status
from ..domain.when import localize
from . import columns as C

URL = re.compile(r"https?://\S+", re.IGNORECASE)
IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff")
VIDEO_EXT = (".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv")
TIME_HELP = "write e.g. 2026-12-15 09:30, 2026-12-15 09:30 America/Los_Angeles or " \
            "2026-12-15T09:30:00-08:00"


class FileError(ValueError):
    """The file can't be imported at all (not text, no header)."""


@dataclass
class ImportRow:
    line: int  # the file line the row starts on (a quoted cell may span lines)
    end_line: int
    values: dict[str, str]  # column -> cell, non-empty cells only
    platform: Platform | None = None
    body: dict[str, Any] = field(default_factory=dict)  # the create body, wire names
    media_urls: list[str] = field(default_factory=list)  # registered in the library at import
    board_ref: str | None = None  # a Pinterest board by id or name, resolved by check.py
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how a value was read ("time in UTC")
    key: str = ""  # the row's identity across runs (content + occurrence)
    post: Any = None  # the domain Post the rules checked

    @property
    def lines(self) -> str:
        return f"line {self.line}" if self.end_line == self.line else \
            f"lines {self.line}-{self.end_line}"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, field_name: str, message: str, code: str = "import") -> None:
        self.findings.append(Finding(ERROR, field_name, message, code))

    def warn(self, field_name: str, message: str, code: str = "import") -> None:
        self.findings.append(Finding(WARNING, field_name, message, code))


@dataclass
class ImportFile:
    name: str
    digest: str  # sha256 of the bytes
    columns: list[str]
    rows: list[ImportRow]
    zone: ZoneInfo  # where a time without a zone is read

    @property
    def skipped_columns(self) -> list[str]:
        return [c for c in self.columns if c in C.SKIPPED]


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")  # Excel writes a BOM
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise FileError(f"{name} is not UTF-8 text (line {line}, byte {exc.start}): save it "
                        "as CSV UTF-8") from None


def read_file(data: bytes, name: str, zone: ZoneInfo) -> ImportFile:
    text = decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileError(f"{name} is empty: it needs a header row and one row per post") \
            from None
    except csv.Error as exc:
        raise FileError(f"{name} line 1: {exc}") from None
    try:
        names = C.read_header(header)
    except C.HeaderError as exc:
        raise FileError(f"{name}: {exc}") from None
    rows: list[ImportRow] = []
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a quote never closed: the rest can't be trusted
            raise FileError(f"{name} line {last + 1}: {exc}") from None
        start, last = last + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank lines between rows
        row = ImportRow(start, last, {})
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
            row.error("", f"has {len(cells)} cells but the header names {len(names)} columns "
                      "(a comma in an unquoted text?)")
        row.values = {n: c for n, c in zip(names, cells) if c.strip()}
        rows.append(row)
    if not rows:
        raise FileError(f"{name} has a header but no rows: one row per post goes under it")
    result = ImportFile(name, hashlib.sha256(data).hexdigest(), names, rows, zone)
    for row in rows:
        build(row, zone)
    _keys(rows)
    return result


# -- one row -> a create body ------------------------------------------------------------
def parse_time(text: str, zone: ZoneInfo) -> tuple[datetime, str | None, str]:
    """(UTC time, DST warning or None, the zone it was read in). ValueError in words."""
    value = " ".join(text.split())
    iso = value.replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} \d", value) else value
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        moment = None
    if moment is not None and moment.tzinfo is not None:
        return moment.astimezone(timezone.utc), None, "its offset"
    where = zone
    if moment is None:  # "2026-12-15 09:30 America/Los_Angeles"
        head, _, name = value.rpartition(" ")
        try:
            moment = datetime.fromisoformat(head.replace(" ", "T", 1)) if head else None
        except ValueError:
            moment = None
        if moment is None:
            raise ValueError(f"can't read {text!r} as a date and time; {TIME_HELP}")
        where = _zone(name)
        if moment.tzinfo is not None:
            raise ValueError(f"{text!r} gives both an offset and a zone; give one")
    when = localize(moment, where)
    return when.utc, when.warning, where.key


def _zone(name: str) -> ZoneInfo:
    if name.upper() in ("UTC", "Z", "GMT"):
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        zones = available_timezones()
        raise ValueError(f"{name!r} is not a time zone{C.suggest(name, zones)}; use an IANA "
                         "name such as Europe/Paris") from None


def _media(row: ImportRow, text: str) -> list[int]:
    ids = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        if token.isdigit():
            ids.append(int(token))
        elif URL.fullmatch(token):
            row.media_urls.append(token)
        else:
            row.error("media_ids", f"media {token!r} is neither a library media id nor an "
                      "http(s) URL")
    return ids


def guess_kind(url: str) -> str | None:
    path = url.split("?", 1)[0].lower()
    if path.endswith(IMAGE_EXT):
        return "IMAGE"
    if path.endswith(VIDEO_EXT):
        return "VIDEO"
    return None


def build(row: ImportRow, zone: ZoneInfo) -> None:
    """Fill row.platform and row.body from its cells; what can't be read is an error."""
    v = row.values
    names = platform_names()
    given = v.get("platform", "").strip()
    if not given:
        row.error("platform", "no platform")
        return
    platform = names.get(given.lower())
    if platform is None:
        row.error("platform", f"unknown platform {given!r}{C.suggest(given, list(names))}")
        return
    row.platform = platform
    spec = SPECS[platform]
    body: dict[str, Any] = {}
    # status: blank reads as SCHEDULED with a time, DRAFT without (and says so)
    status = v.get("status", "").strip().upper()
    if not status:
        status = Status.SCHEDULED.value if v.get(C.TIME) else Status.DRAFT.value
        row.notes.append(f"status {status} (none given)")
    elif status not in WRITABLE_STATUSES:
        known = {s.value for s in Status}
        row.error("status", f"status {status!r} can't be created: use DRAFT, SCHEDULED or "
                  "AUTOPUBLISHING" + ("" if status in known else C.suggest(status, known)))
    body["status"] = status
    if v.get(C.TIME):
        try:
            moment, dst, where = parse_time(v[C.TIME], zone)
        except ValueError as exc:
            row.error("timestamp", str(exc))
        else:
            body["timestamp"] = moment.isoformat().replace("+00:00", "Z")
            row.notes.append(f"time read in {where}")
            if dst:
                row.warn("timestamp", dst, "timestamp.dst")
    caption = v.get(C.TEXT)
    own = v.get(spec.caption_field) if spec.caption_field != C.TEXT else None
    if caption is not None and own is not None and caption != own:
        row.error(spec.caption_field, f"both text and {spec.caption_field} are given and "
                  "differ; keep one")
    if caption is not None:
        body[spec.caption_field] = caption
    if "media_ids" in v:
        body["media_ids"] = _media(row, v["media_ids"])
    if "post_type" in v:
        pt = v["post_type"].strip().upper()
        if not spec.post_type_required:
            row.error("post_type", f"{spec.label} has no post types; clear post_type")
        elif pt not in spec.post_types:
            row.error("post_type", f"{spec.label} post type {pt!r} is not one of "
                      f"{', '.join(t for t in spec.post_types if t)}")
        body["post_type"] = pt
    own_fields = set(C.platform_fields(platform)) | set(C.COMMON)
    for name, cell in v.items():
        if name in C.BASE or name in C.SKIPPED or name == spec.caption_field:
            continue
        if name not in own_fields:
            where = ", ".join(SPECS[p].label for p in C.FIELD_PLATFORMS.get(name, ()))
            row.error(name, f"{name} is not a {spec.label} field" +
                      (f" (Dash documents it for {where}); clear it" if where else ""))
            continue
        if name == C.BOARD:
            row.board_ref = cell.strip()
            continue
        try:
            value = C.parse_cell(name, cell)
        except C.CellError as exc:
            row.error(name, str(exc))
            continue
        _set(body, name, value)
    body.setdefault("auto_publish", True)  # the documented default of every mode
    row.body = body


def _set(body: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if rest:
        child = body.setdefault(head, {})
        _set(child, rest, value)
    else:
        body[head] = value


def _keys(rows: list[ImportRow]) -> None:
    """A row's key is its content (as read) and how many identical rows came before it: the
    same row in a fixed or re-saved file is still the same row."""
    seen: dict[str, int] = {}
    for row in rows:
        content = json.dumps({"platform": row.platform, "body": row.body,
                              "media_urls": row.media_urls, "board": row.board_ref},
                             sort_keys=True, ensure_ascii=False, default=str)
        digest = hashlib.sha256(content.encode()).hexdigest()
        n = seen.get(digest, 0)
        seen[digest] = n + 1
        row.key = f"{digest[:32]}:{n}"

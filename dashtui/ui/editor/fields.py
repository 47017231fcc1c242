"""Which fields the editor shows for each platform and post type, and the row that holds one.

A table, not if-chains: `form_fields(spec)` lists every row a platform can have, each with the
post types it belongs to; the screen composes them all once and hides the ones the current
post type does not use, so changing the post type never throws typed text away.
"""

from __future__ import annotations

from ...labels import FIELD_LABELS
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, Switch, TextArea

from ...backend import Capabilities
from ...errors import BackendError
from ...domain.platforms import AutoPublish, Platform, PlatformSpec
from ...domain.posts import Board, Status
from ...domain.rules import ERROR, Finding
from ..textsafe import clean
from .media import MediaField
from .platform_fields import CODECS, documented_rows
from .state import EditState
from .text import to_display
from .time import TimeField


@dataclass(frozen=True)
class FieldDef:
    id: str  # widget id, the same on every platform ("caption", "title", "time", ...)
    path: str  # the wire path it edits; findings and server errors are matched on it
    label: str
    # text | line | flag | yesno | status | post_type | auto | board | time | media, and a
    # service's own rows (backend.EditorField): choice | list
    kind: str
    post_types: frozenset[str] | None = None  # None: every post type
    placeholder: str = ""
    keep_if_set: bool = False  # stays visible for a post type without it while it holds text
    choices: tuple[str, ...] = ()  # a service's own "choice" row (Infinipost's zones)
    codec: str = ""  # kind "coded": how text and the wire value map (platform_fields.CODECS)


_CAPTION_LABELS = {k: FIELD_LABELS[k] for k in ("caption", "message", "text", "tweet_status",
                                                 "description", "note")}
_SPOTLIGHT = frozenset({"SPOTLIGHT"})
_FIRST_COMMENT = FieldDef("first_comment", "first_comment", "First comment", "line",
                          placeholder="posted as the first comment")
EXTRA: dict[Platform, tuple[FieldDef, ...]] = {
    Platform.INSTAGRAM: (_FIRST_COMMENT,),
    Platform.FACEBOOK: (_FIRST_COMMENT, FieldDef("link", "link", "Link", "line",
                                                 frozenset({"POST"}), "https://…")),
    Platform.TIKTOK: (FieldDef("disable_comment", "disable_comment", "Comments off", "flag"),
                      FieldDef("disable_duet", "disable_duet", "Duets off", "flag"),
                      FieldDef("disable_stitch", "disable_stitch", "Stitches off", "flag")),
    Platform.YOUTUBE: (FieldDef("made_for_kids", "declared_made_for_kids", "Made for kids",
                                "yesno"),),
    Platform.SNAPCHAT: (FieldDef("save_to_profile", "save_to_profile", "Save to profile",
                                 "yesno", _SPOTLIGHT),
                        FieldDef("locale", "locale", "Locale", "line", _SPOTLIGHT, "en_US")),
    Platform.PINTEREST: (FieldDef("board", "meta.pinterestBoard", "Board", "board"),
                         FieldDef("link", "link", "Link", "line", placeholder="https://…")),
}
STATUS_CHOICES = {Status.DRAFT.value: "Draft", Status.SCHEDULED.value: "Scheduled",
                  Status.AUTOPUBLISHING.value: "Publish now"}


def form_fields(spec: PlatformSpec, caps: Capabilities | None = None) -> list[FieldDef]:
    """Every row the platform can show on this service, in screen order. Dash's own rows
    (auto-publish, the platforms' extra fields, its media library) only where the service
    has them (capabilities); the service's own rows after the time."""
    caps = caps or Capabilities()
    rows = []
    if spec.post_type_required and caps.platform_fields:  # Dash's FEED/STORY/REEL...
        rows.append(FieldDef("post_type", "post_type", "Post type", "post_type"))
    if spec.title_field:
        rows.append(FieldDef("title", spec.title_field, "Title", "line"))
    caption_types = (frozenset(t for t in spec.post_types if t and spec.caption_allowed(t))
                     if spec.no_caption_types else None)
    rows.append(FieldDef("caption", spec.caption_field,
                         _CAPTION_LABELS.get(spec.caption_field, "Caption"), "text",
                         caption_types, keep_if_set=True))
    rows.append(FieldDef("time", "timestamp", "Time", "time"))
    if caps.status_choices:
        rows.append(FieldDef("status", "status", "Status", "status",
                             choices=caps.status_choices))
    if caps.manual_publishing:
        rows.append(FieldDef("auto_publish", "auto_publish", "Auto-publish", "auto"))
    if caps.approvals:  # ids of users to ask (editor/approvals.py)
        rows.append(FieldDef("reviewers", "approval_requests", "Reviewers", "reviewers",
                             placeholder="user ids to ask for approval"))
    rows += [FieldDef(f"svc-{f.path.replace('.', '-')}", f.path, f.label, f.kind,
                      placeholder=f.placeholder, choices=f.choices)
             for f in caps.editor_fields]
    if caps.platform_fields:
        rows += EXTRA.get(spec.platform, ())
        rows.append(FieldDef("media", "media_ids", "Media", "media"))
        # the rest of what the reference documents for the platform (platform_fields.py)
        rows += [FieldDef(d.id, d.path, d.label, d.kind, d.post_types, d.placeholder,
                          keep_if_set=True, choices=d.choices, codec=d.codec)
                 for d in documented_rows(spec.platform)]
    return rows


@dataclass
class Context:
    """What building a control needs besides the post."""

    spec: PlatformSpec
    zone: ZoneInfo
    brand_zone: ZoneInfo | None
    now: Callable[[], datetime]
    zone_label: str = "brand"  # "post": the zone is the post's own (Infinipost)


def _choices(labels: dict[str, str], current: str | None) -> list[tuple[Text, str]]:
    out = [(Text(label), value) for value, label in labels.items()]
    if current and current not in labels:  # FAILED, a new Dash value: shown, kept unless changed
        out.insert(0, (Text(f"{clean(current).replace('_', ' ').capitalize()} (current)"),
                       current))
    return out


def switch_note(f: FieldDef, spec: PlatformSpec, on: bool) -> str:
    """Words beside a switch: its state is not left to colour alone."""
    if f.kind == "flag":
        return "yes" if on else "no"
    if on and spec.auto_publish is AutoPublish.REQUIRED:
        return f"on (always: {spec.label} only publishes automatically)"
    if on and spec.auto_publish is AutoPublish.FORCED:
        return f"on (always: Dash publishes {spec.label} automatically)"
    return "on: Dash publishes it at the time" if on else \
        "off: Dash reminds the team to post it by phone"


def make_control(f: FieldDef, state: EditState, ctx: Context) -> tuple[Widget, str]:
    """The widget for a row and the note beside it."""
    post, spec = state.draft, ctx.spec
    value: Any = post.get(f.path)
    if f.kind == "text":
        return TextArea(to_display(post.caption), id=f.id, compact=True,
                        tab_behavior="focus"), ""
    if f.kind == "line":
        return Input(to_display(str(value or "")), placeholder=f.placeholder, id=f.id,
                     compact=True), ""
    if f.kind == "flag":
        return Switch(bool(value), id=f.id, animate=False), switch_note(f, spec, bool(value))
    if f.kind == "yesno":
        return Select([(Text("Yes"), True), (Text("No"), False)], prompt="not answered",
                      value=value if isinstance(value, bool) else Select.NULL, id=f.id,
                      compact=True), ""
    if f.kind == "choice":
        return Select(_choices({c: c for c in f.choices}, value),
                      prompt=f.placeholder or f"choose {f.label}",
                      value=value or Select.NULL, id=f.id, compact=True), ""
    if f.kind == "list":
        shown = " ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
        return Input(to_display(shown), placeholder=f.placeholder, id=f.id,
                     compact=True), "space-separated"
    if f.kind == "reviewers":
        from .approvals import reviewers_note, reviewers_text

        return Input(reviewers_text(post), placeholder=f.placeholder, id=f.id,
                     compact=True), reviewers_note(post)
    if f.kind == "coded":  # platform_fields: structured values typed in a small syntax
        codec = CODECS[f.codec]
        shown = to_display(codec.show(value))
        if codec.multiline:
            return TextArea(shown, id=f.id, compact=True, tab_behavior="focus"), codec.hint
        return Input(shown, placeholder=f.placeholder, id=f.id, compact=True), codec.hint
    if f.kind == "status":
        allowed = set(f.choices) if f.choices else set(STATUS_CHOICES)
        labels = {k: v for k, v in STATUS_CHOICES.items()
                  if (k in allowed and (spec.drafts or k != Status.DRAFT.value)) or value == k}
        return Select(_choices(labels, value), prompt="choose how to publish",
                      value=value or Select.NULL, id=f.id, compact=True), ""
    if f.kind == "post_type":
        labels = {t: t.capitalize() for t in spec.post_types if t}
        return Select(_choices(labels, value), prompt="choose a post type",
                      value=value or Select.NULL, id=f.id, compact=True), ""
    if f.kind == "auto":
        # fixed on where Dash insists, unless it is off already: then it must be switchable
        fixed = spec.auto_publish is not AutoPublish.OPTIONAL and value is not False
        return (Switch(value is not False, id=f.id, animate=False, disabled=fixed),
                switch_note(f, spec, value is not False))
    if f.kind == "board":
        return BoardSelect(state.brand_id, post.get(f.path), id=f.id), ""
    if f.kind == "time":
        return TimeField(post.timestamp, zone=ctx.zone, brand_zone=ctx.brand_zone,
                         zone_label=ctx.zone_label,
                         now=ctx.now, text=state.time_text, id="time-field"), ""
    if f.kind == "media":
        return MediaField(post, state.brand_id, id="media-field",
                          alt="alt_text_media_map" in spec.fields), ""
    raise ValueError(f"unknown field kind {f.kind!r}")


class FieldRow(Vertical):
    """Label, control, counter or note, and the findings that concern this field."""

    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > .line, FieldRow > .head { height: auto; }
    FieldRow .label { width: 16; color: $text-muted; }
    FieldRow.-error .label { color: $error; text-style: bold; }
    FieldRow.-warning .label { color: $warning; }
    FieldRow .counter { width: auto; padding-left: 1; color: $text-muted; }
    FieldRow > .head > .counter { width: 1fr; text-align: right; }
    FieldRow .counter.-over { color: $error; text-style: bold; }
    FieldRow .counter.-warn { color: $warning; }
    FieldRow > .findings { padding-left: 16; height: auto; display: none; }
    FieldRow > .findings.-shown { display: block; }
    FieldRow TextArea { height: auto; min-height: 3; max-height: 8; background: $boost; }
    FieldRow Input, FieldRow Select { width: 1fr; }
    FieldRow Input { background: $boost; }
    FieldRow Switch { border: none; padding: 0 1; height: 1; }
    FieldRow Switch:focus { border: none; background: $primary 30%; }
    """

    def __init__(self, field: FieldDef, control: Widget, note: str = "") -> None:
        super().__init__(id=f"row-{field.id}")
        self.field = field
        self.control = control
        self.note = note

    def compose(self) -> ComposeResult:
        label = Label(Text(self.field.label), classes="label")
        counter = Static(Text(self.note, style="dim"), classes="counter")
        if self.field.kind == "text" or isinstance(self.control, TextArea):
            with Horizontal(classes="head"):
                yield label
                yield counter
            yield self.control
        else:
            with Horizontal(classes="line"):
                yield label
                yield self.control
                yield counter
        yield Static("", classes="findings")

    def show(self, findings: list[Finding]) -> None:
        box = self.query_one(".findings", Static)
        box.update(findings_text(findings))
        box.set_class(bool(findings), "-shown")
        errors = any(f.severity == ERROR for f in findings)
        self.set_class(errors, "-error")
        self.set_class(bool(findings) and not errors, "-warning")

    def set_counter(self, label: str, severity: str | None) -> None:
        counter = self.query_one(".counter", Static)
        # a layout pass per keystroke is most of the cost of typing: only when the width moves
        resize = self.field.kind != "text" and len(label) != len(str(counter.render()))
        counter.update(Text(label), layout=resize)
        counter.set_class(severity == ERROR, "-over")
        counter.set_class(severity == "warning", "-warn")


class BoardSelect(Select):
    """The brand's Pinterest boards, loaded in a worker; the current board shows at once."""

    class Loaded(Message):
        def __init__(self, select: BoardSelect) -> None:
            super().__init__()
            self.select = select

    def __init__(self, brand_id: int | None, current: Board | None, *, id: str) -> None:
        self.brand_id = brand_id
        self.boards: dict[str, Board] = {current.id: current} if current and current.id else {}
        self.error: str | None = None
        super().__init__(self._board_options(), prompt="pick a board",
                         value=current.id if current and current.id else Select.NULL,
                         id=id, compact=True)

    def _board_options(self) -> list[tuple[Text, str]]:
        return [(Text(clean(b.name) + ("  (protected)" if b.protected else "")), b.id)
                for b in self.boards.values()]

    def on_mount(self) -> None:
        if self.brand_id is not None:
            self._load()

    @work(group="editor-boards", exit_on_error=False)
    async def _load(self) -> None:
        try:
            boards = await self.app.session.boards(self.brand_id)  # type: ignore[attr-defined]
        except BackendError as exc:
            self.error = f"can't load the brand's boards: {exc}"
        else:
            keep = self.value
            # the current board stays pickable even if the list no longer has it
            self.boards = {b.id: b for b in boards} | {
                k: v for k, v in self.boards.items() if k == keep}
            with self.prevent(Select.Changed):
                self.set_options(self._board_options())
                if keep in self.boards:
                    self.value = keep
        self.post_message(self.Loaded(self))


def findings_text(findings: list[Finding]) -> Text:
    """A row's checks, a line each: ✗ for an error, ⚠ for a warning."""
    text = Text()
    for f in findings:
        error = f.severity == ERROR
        text.append(("✗ " if error else "⚠ ") + clean(f.message) + "\n",
                    style="red" if error else "yellow")
    text.rstrip()
    return text

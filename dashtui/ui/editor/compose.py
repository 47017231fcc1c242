"""Compose once, vary per platform: one editor, one post per platform, one `post_group_id`.

Entry point: `open_compose(app, day=..., platforms=...)` (from `n`, "Several platforms"), or
`open_compose(app, buffer=...)` to carry on from a buffer left by a crash. The shared part
(platforms, caption, time, status, media) sits on top; below, every chosen platform's checks
side by side (variants.overview) and a tab per platform with its own caption variant, its own
fields and its findings (variants.VariantPane).

ctrl+s refuses on errors, shows what will be created, then creates the posts one by one
through the outbox (dashtui/compose.py `create_group`). A platform that made it (or is
queued) leaves the editor; one the service refused stays with the service's errors, in the
same group, so saving again adds it to its siblings. The buffer on disk follows every
keystroke and every outcome: a kill keeps exactly the platforms not yet saved.
"""

from __future__ import annotations

from datetime import date, datetime, time as clock
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Select, Static, TabbedContent, TextArea

from ...compose import (Compose, already_queued, check_all, create_group, kept,
                        outcome_line, read_platforms)
from ...domain.platforms import SPECS, Platform
from ...domain.rules import ERROR, WARNING, Finding
from ...domain.status import Status
from ...domain.when import localize
from ..header import HeaderBar
from ..screens.base import BaseScreen
from .dialogs import close_editor
from .fields import BoardSelect, Context, FieldDef, FieldRow, STATUS_CHOICES, _choices
from .keys import AppLettersOff
from .media import MediaField
from .save_keys import save_close_bindings
from .text import from_display, to_display
from .time import TimeField
from .variants import VariantPane, overview, own_fields, pane_id, tab_label

if TYPE_CHECKING:
    from ..app import DashApp

_PLATFORMS = FieldDef("platforms", "platforms", "Platforms", "line",
                      placeholder="e.g. ig x li pi (names or two letters)")
_CAPTION = FieldDef("caption", "caption", "Caption (all)", "text")
_TIME = FieldDef("time", "timestamp", "Time", "time")
_STATUS = FieldDef("status", "status", "Status", "status")
_MEDIA = FieldDef("media", "media_ids", "Media (all)", "media")


class ComposeScreen(AppLettersOff, BaseScreen):
    HELP_TITLE = "Compose for several platforms"
    AUTO_FOCUS = None
    DEFAULT_CSS = """
    ComposeScreen { layout: vertical; }
    #compose-title { height: 1; padding: 0 1; background: $boost; }
    #compose-form { height: 1fr; padding: 0 1; }
    #overview { height: auto; margin: 1 0 0 0; }
    #variants { height: auto; }
    #variants ContentSwitcher { height: auto; }
    """
    BINDINGS = save_close_bindings(
        "compose", "Create all",
        save_tip="Show what will be created, then create one post per platform",
        close_tip="Close; asks first when something was typed")

    def __init__(self, compose: Compose, *, server_errors: dict[str, dict] | None = None,
                 created: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.compose_state = compose
        # platform -> {wire path: [messages]}: what the service said when it refused one
        self.server_errors: dict[Platform, dict[str, list[str]]] = {
            Platform(p): e for p, e in (server_errors or {}).items()}
        self.created: dict[str, Any] = dict(created or {})  # platform -> id, this group
        self.findings: dict[Platform, list[Finding]] = {}
        self.unknown_platforms: list[str] = []
        self.time_error: str | None = None
        self.time_text: str | None = None
        self.saving = False
        self.finished = False

    # -- building -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        s, c = self.session, self.compose_state
        brand_zone = s.brand_zone(c.brand_id)
        caps = s.backend.capabilities
        yield HeaderBar()
        yield Static(id="compose-title")
        with VerticalScroll(id="compose-form"):
            yield FieldRow(_PLATFORMS, Input(" ".join(SPECS[p].short.lower()
                                                      for p in c.platforms),
                                             placeholder=_PLATFORMS.placeholder,
                                             id="platforms", compact=True))
            yield FieldRow(_CAPTION, TextArea(to_display(c.text), id="caption", compact=True,
                                              tab_behavior="focus"))
            yield FieldRow(_TIME, TimeField(c.timestamp, zone=s.zone, brand_zone=brand_zone,
                                            now=s.now, text=self.time_text, id="time-field"))
            labels = {k: v for k, v in STATUS_CHOICES.items()
                      if not caps.status_choices or k in caps.status_choices}
            yield FieldRow(_STATUS, Select(_choices(labels, c.status), value=c.status,
                                           allow_blank=False, id="status", compact=True))
            if caps.platform_fields:
                probe = Compose(c.brand_id, [Platform.INSTAGRAM], media_ids=c.media_ids)
                yield FieldRow(_MEDIA, MediaField(probe.draft(Platform.INSTAGRAM),
                                                  c.brand_id, id="media-field"))
            yield Static(id="overview")
            with TabbedContent(id="variants"):
                for platform in Platform:
                    fields = own_fields(platform, caps)
                    pctx = Context(SPECS[platform], s.zone, brand_zone, s.now)
                    yield VariantPane(platform, c, pctx, fields)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_tabs()
        self._recheck()
        target = "#caption" if self.compose_state.platforms else "#platforms"
        self.query_one(target).focus()

    # -- reading the widgets ----------------------------------------------------------------
    def _pane_field(self, widget_id: str | None) -> tuple[Platform, FieldDef] | None:
        if not widget_id or "--" not in widget_id:
            return None
        name = widget_id.split("--", 1)[0]
        try:
            platform = Platform(name)
        except ValueError:
            return None
        pane = self.query_one(f"#{pane_id(platform)}", VariantPane)
        f = pane.fields.get(widget_id)
        return (platform, f) if f else None

    def _set_extra(self, platform: Platform, path: str, value: Any) -> None:
        extras = self.compose_state.extras.setdefault(platform, {})
        if value is None or value == "":
            extras.pop(path, None)
        else:
            extras[path] = value
        self.server_errors.get(platform, {}).pop(path, None)
        self._changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "platforms":
            found, self.unknown_platforms = read_platforms(event.value)
            if found != self.compose_state.platforms:
                self.compose_state.platforms = found
                self._show_tabs()
            self._changed()
        elif hit := self._pane_field(event.input.id):
            self._set_extra(hit[0], hit[1].path, from_display(event.value))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        c, area = self.compose_state, event.text_area
        if area.id == "caption":
            c.text = from_display(area.text)
        elif area.id and area.id.startswith("variant-"):
            platform = Platform(area.id.removeprefix("variant-"))
            text = from_display(area.text)
            if text:
                c.variants[platform] = text
            else:
                c.variants.pop(platform, None)
        else:
            return
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        if event.select.id == "status":
            self.compose_state.status = value or Status.DRAFT.value
            self._changed()
        elif hit := self._pane_field(event.select.id):
            if isinstance(event.select, BoardSelect) and value is not None:
                value = event.select.boards[value].model_copy()
            self._set_extra(hit[0], hit[1].path, value)

    def on_time_field_changed(self, event: TimeField.Changed) -> None:
        self.time_error = event.error
        self.time_text = event.text if event.error else None
        if not event.error:
            self.compose_state.timestamp = event.moment
        self._changed()

    def on_media_field_changed(self, event: MediaField.Changed) -> None:
        if event.ids_changed:
            self.compose_state.media_ids = list(event.field.ids)
        self._changed()

    def on_board_select_loaded(self, event: BoardSelect.Loaded) -> None:
        self._recheck()

    # -- checks and paint -------------------------------------------------------------------
    def _changed(self) -> None:
        self._recheck()
        self.write_buffer()

    def _nearby(self, post: Any) -> list:
        """The brand's cached posts within the spacing rule of the time (for collisions)."""
        from ...domain.timeutil import SPACING

        if post.timestamp is None:
            return []
        return self.session.cache.rows([post.brand_id], post.timestamp - SPACING,
                                       post.timestamp + SPACING, undated=False)

    def media_kinds(self) -> dict[int, str]:
        media = self.query(MediaField).first() if self.query(MediaField) else None
        return dict(media.kinds) if media else {}

    def _recheck(self) -> None:
        s, c = self.session, self.compose_state
        cache: dict[tuple, list] = {}

        def nearby(post: Any) -> list:  # one cache read per time, not per platform
            key = (post.brand_id, post.timestamp)
            if key not in cache:
                cache[key] = self._nearby(post)
            return cache[key]

        found = check_all(c, s.check, self.media_kinds(), nearby, s.zone)
        media = self.query(MediaField).first() if self.query(MediaField) else None
        for platform in c.platforms:
            extra = [Finding(ERROR, k, f"{s.service}: {m}", "server")
                     for k, ms in self.server_errors.get(platform, {}).items() for m in ms]
            for media_id, (severity, why) in (media.problems.items() if media else ()):
                if media_id in c.media_ids:
                    extra.append(Finding(severity, "media_ids", f"Media {media_id}: {why}."))
            found[platform] = extra + found.get(platform, [])
        self.findings = found
        for platform in c.platforms:
            pane = self.query_one(f"#{pane_id(platform)}", VariantPane)
            pane.show(c, found[platform], s.config.x_premium)
            tabs = self.query_one(TabbedContent)
            tabs.get_tab(pane_id(platform)).label = tab_label(platform, found[platform])
        width = self.size.width or 80
        self.query_one("#overview", Static).update(
            overview(c, found, s.config.x_premium, width) if c.platforms else
            Text("Choose the platforms above: names or two letters, e.g. ig x li pi",
                 style="dim"))
        shared = []
        if self.unknown_platforms:
            names = ", ".join(self.unknown_platforms)
            shared.append(Finding(ERROR, "platforms", f"Not a platform: {names}."))
        self.query_one("#row-platforms", FieldRow).show(shared)
        time_row = [Finding(ERROR, "timestamp", f"Can't read the time: {self.time_error}")
                    ] if self.time_error else []
        self.query_one("#row-time", FieldRow).show(time_row)
        self._show_title(shared + time_row)

    def errors(self, *, server: bool = True) -> list[tuple[Platform | None, Finding]]:
        out: list[tuple[Platform | None, Finding]] = []
        if self.unknown_platforms:
            out.append((None, Finding(ERROR, "platforms", "Not a platform: "
                                      + ", ".join(self.unknown_platforms))))
        if self.time_error:
            out.append((None, Finding(ERROR, "timestamp", self.time_error)))
        for platform in self.compose_state.platforms:
            out += [(platform, f) for f in self.findings.get(platform, [])
                    if f.severity == ERROR and (server or f.code != "server")]
        return out

    def _show_title(self, shared: list[Finding]) -> None:
        c = self.compose_state
        errors = len(self.errors())
        warnings = sum(f.severity == WARNING for fs in self.findings.values() for f in fs)
        n = len(c.platforms)
        text = Text(f"Compose for {n} platform{'s' * (n != 1)}", style="bold")
        if self.created:
            text.append(f"  {len(self.created)} created", style="green")
        if errors:
            text.append(f"  ✗ {errors} error{'s' * (errors > 1)}", style="bold red")
        if warnings:
            text.append(f"  ⚠ {warnings} warning{'s' * (warnings > 1)}", style="yellow")
        if n and not errors:
            text.append("  ✓ ready (ctrl+s)", style="green")
        self.query_one("#compose-title", Static).update(text)

    def _show_tabs(self) -> None:
        tabs = self.query_one(TabbedContent)
        chosen = set(self.compose_state.platforms)
        for platform in Platform:
            (tabs.show_tab if platform in chosen else tabs.hide_tab)(pane_id(platform))
        if self.compose_state.platforms and (tabs.active_pane is None or
                                             tabs.active_pane.platform not in chosen):
            tabs.active = pane_id(self.compose_state.platforms[0])
        tabs.display = bool(chosen)

    # -- the buffer on disk -----------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        c = self.compose_state
        return bool(c.text or c.variants or c.media_ids or self.time_text or self.created)

    def buffer_body(self) -> dict[str, Any]:
        """pending_buffers' shape (platform, draft) with the whole compose beside it."""
        from ...domain.posts import new_post

        c = self.compose_state
        first = c.platforms[0] if c.platforms else Platform.INSTAGRAM
        return {"key": c.key, "compose": c.to_json(), "platform": first.value, "new": True,
                "brand_id": c.brand_id, "draft": c.draft(first).to_json(),
                "original": new_post(first).to_json(), "start": new_post(first).to_json(),
                "time_text": self.time_text, "created": self.created,
                "server_errors": {p.value: e for p, e in self.server_errors.items()}}

    def write_buffer(self) -> None:
        if self.finished:
            return
        outbox = self.session.outbox
        try:
            if self.dirty and self.compose_state.platforms:
                outbox.save_buffer(self.compose_state.key, self.buffer_body())
            else:
                outbox.drop_buffer(self.compose_state.key)
        except Exception as exc:  # a full disk must not take the typing with it
            self.notify(f"Can't keep a copy of this compose on disk: {exc}",
                        severity="warning", markup=False)

    def drop_buffer(self) -> None:
        self.finished = True
        self.session.outbox.drop_buffer(self.compose_state.key)

    def on_unmount(self) -> None:
        if not self.finished:
            self.write_buffer()

    # -- keys -------------------------------------------------------------------------------
    def action_close(self) -> None:
        close_editor(self, self.dirty, "this post for several platforms")

    def action_save(self) -> None:
        from .compose_save import start_save

        start_save(self)

    @work(exclusive=True, group="compose-save", exit_on_error=False)
    async def send(self) -> None:
        from .compose_save import after_save

        self.saving = True
        outcomes: dict = {}

        def each(platform: Platform, outcome: Any) -> None:
            outcomes[platform] = outcome
            self._take(platform, outcome)
            self.write_buffer()  # a kill now keeps exactly the platforms still unsaved

        try:
            await create_group(self.session.edits, self.compose_state,
                               only=list(self.compose_state.platforms), progress=each)
        finally:
            self.saving = False
        after_save(self, outcomes)

    def _take(self, platform: Platform, outcome: Any) -> None:
        """One platform's outcome: made (or queued) leaves the editor, refused stays."""
        from ...store.writer import Rejected

        c = self.compose_state
        if kept(outcome):
            post = getattr(outcome, "post", None)
            self.created[platform.value] = post.id if post is not None else "queued"
            c.platforms = [p for p in c.platforms if p != platform]
            self.server_errors.pop(platform, None)
        elif isinstance(outcome, Rejected):
            self.server_errors[platform] = dict(outcome.field_errors) or {
                "_schema": [outcome.message]}
        else:
            self.server_errors[platform] = {"_schema": [outcome_line(platform, outcome)]}


# -- entry points ------------------------------------------------------------------------------
def open_compose(app: DashApp, *, day: date | None = None,
                 platforms: list[Platform] | None = None,
                 buffer: dict[str, Any] | None = None) -> ComposeScreen | None:
    """Push the compose editor: new (09:00 on `day` in the display zone, a draft), or from
    a buffer a crash left (platforms already queued in the outbox are not offered again)."""
    session = app.session
    if buffer is not None:
        compose = Compose.from_json(buffer["compose"])
        gone = [p for p in compose.platforms if already_queued(session.outbox, compose, p)]
        if gone:
            compose.platforms = [p for p in compose.platforms if p not in gone]
            app.notify(", ".join(SPECS[p].label for p in gone) + " already queued for "
                       f"{session.service}; not offered again", markup=False)
        screen = ComposeScreen(compose, server_errors=buffer.get("server_errors"),
                               created=buffer.get("created"))
        screen.time_text = buffer.get("time_text")
        app.push_screen(screen)
        return screen
    if session.brand is None:
        app.notify("Choose a brand first (b)", severity="warning")
        return None
    today = session.now().astimezone(session.zone).date()
    when = localize(datetime.combine(day or today, clock(9, 0)), session.zone).utc
    compose = Compose(session.brand.id, list(platforms or []), timestamp=when)
    screen = ComposeScreen(compose)
    app.push_screen(screen)
    return screen


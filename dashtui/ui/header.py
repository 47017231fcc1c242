"""The one-line header: brand, failed count, what did not refresh, zone, freshness, pending.

It watches the app's header state (refreshing, failed_count, other_failed, stale, pending,
freshness) and repaints itself when any of it changes; the app re-reads that state on a
timer, so the age ticks on its own. As the
terminal narrows, the facts shorten and drop in a fixed order: the brand name and the failed
count go last.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual.widget import Widget

from .textsafe import one_line
from .widgets.postfmt import fit

WATCHED = ("refreshing", "failed_count", "other_failed", "stale", "pending", "freshness",
           "filter_label")
BRAND_ROOM = 16  # the brand keeps this many cells before any fact is shortened


@dataclass
class Part:
    """One fact of the header, from its fullest form down to its shortest ("" = gone)."""

    forms: list[str]
    style: str = ""
    level: int = 0

    @property
    def text(self) -> str:
        return self.forms[min(self.level, len(self.forms) - 1)]


@dataclass
class Layout:
    badges: list[Part] = field(default_factory=list)  # dashtui, DEMO, read-only
    brand: str = ""
    after_brand: list[Part] = field(default_factory=list)  # failed, other brands
    facts: list[Part] = field(default_factory=list)  # stale, zone, freshness, pending
    # (part, level) steps applied in order until the line fits
    steps: list[tuple[Part, int]] = field(default_factory=list)
    before_brand: list[tuple[Part, int]] = field(default_factory=list)

    def width(self, brand_cells: int) -> int:
        width = sum(len(p.text) + 2 for p in self.badges if p.text) + 1 + brand_cells
        width += sum(len(p.text) + 1 for p in self.after_brand if p.text)
        width += sum(len(p.text) + 3 for p in self.facts if p.text) + 1
        return width

    def render(self, width: int) -> Text:
        for part, level in self.before_brand:  # luxuries that never cut the brand name
            if self.width(len(self.brand)) > width:
                part.level = max(part.level, level)
        brand_min = min(len(self.brand), BRAND_ROOM)
        for part, level in self.steps:
            if self.width(brand_min) <= width:
                break
            part.level = max(part.level, level)
        room = width - self.width(0)
        line = Text(no_wrap=True, overflow="crop")
        for part in self.badges:
            if part.text:
                line.append(f" {part.text} ", style=part.style)
        line.append(" ")
        if room >= 2:
            line.append(fit(self.brand, min(room, len(self.brand))), style="bold")
        for part in self.after_brand:
            if part.text:
                line.append(" ")
                line.append(part.text, style=part.style)
        right = Text()
        for part in self.facts:
            if part.text:
                right.append(" │ ", style="dim")
                right.append(part.text, style=part.style)
        right.append(" ")
        line.append(" " * max(0, width - line.cell_len - right.cell_len))
        line.append_text(right)
        line.truncate(width)
        return line


class HeaderBar(Widget):
    DEFAULT_CSS = """
    HeaderBar { dock: top; height: 1; background: $panel; color: $text; }
    """

    def on_mount(self) -> None:
        for name in WATCHED:
            if hasattr(self.app, name):
                self.watch(self.app, name, self._changed, init=False)

    def _changed(self, _value=None) -> None:
        self.refresh()

    def render(self) -> Text:
        app = self.app
        session = getattr(app, "session", None)
        if session is None:
            return Text(" dashtui ", style="bold reverse")
        return header_layout(app, session, self.size.width).render(self.size.width)


def header_layout(app, session, width: int) -> Layout:
    no_color = getattr(app, "no_color", False)
    alarm = "bold reverse" if no_color else "bold red"
    warn = "bold underline" if no_color else "bold yellow"
    lay = Layout(brand=one_line(session.brand.name if session.brand else "no brand"))
    label = Part(["dashtui", ""], "bold reverse")
    demo = Part(["DEMO", "D"], "bold reverse" if no_color else "bold black on yellow")
    read_only = Part(["read-only", "RO"], "bold reverse")
    lay.badges = [label] + ([demo] if session.demo else []) + \
        ([read_only] if session.read_only else [])
    service = session.backend.capabilities.label
    if service != "Dash":  # Dash is the default; say so when the brand is another service's
        lay.badges.append(Part([service, service[:2].upper()], "bold"))

    failed = getattr(app, "failed_count", 0)
    stale = list(getattr(app, "stale", ()))
    if failed:
        lay.after_brand.append(Part([f"{failed} failed"], alarm))
    others, brands = getattr(app, "other_failed", (0, 0))
    other = Part([f"+{others} in {brands} other brand{'s' * (brands != 1)}", f"+{others} other",
                  ""], "bold")
    if others:
        lay.after_brand.append(other)

    facts: list[Part] = []
    # the filter the calendar and the list share: both screens count fewer posts under it
    shown = getattr(app, "filter_label", "")
    filt = Part([f"filter: {shown}", shown, "filtered", ""] if shown else [""], warn)
    if shown:
        facts.append(filt)
    stale_part = None
    if stale:
        labels = list(dict.fromkeys(s.label for s in stale))  # platform order
        cached = [s.cached_at for s in stale if s.cached_at is not None]
        since = session.clock_text(min(cached)) if cached else "no cache"
        stale_part = Part([session.stale_text(stale),
                           f"{', '.join(labels) if len(labels) <= 2 else len(labels)} "
                           f"not refreshed · {since}",
                           f"{len(labels)} not refreshed", f"{len(labels)} stale"], warn)
        facts.append(stale_part)
    zone_long = session.zone.key
    zone_short = session.now().astimezone(session.zone).strftime("%Z") or zone_long
    if getattr(session, "showing_brand_zone", False):  # `z`: which zone the times are in
        zone_long, zone_short = f"brand {zone_long}", f"brand {zone_short}"
    zone = Part([zone_long, zone_short, ""])
    facts.append(zone)
    if getattr(app, "refreshing", 0):
        fresh = Part(["refreshing…", "…"], "italic")
    elif stale:
        fresh = Part([""])  # "synced just now" would hide that some platforms did not
    else:
        text = getattr(app, "freshness", "") or session.freshness()
        fresh = Part([text, text.removeprefix("synced "), ""])
    facts.append(fresh)
    pending = getattr(app, "pending", None)
    if pending is None:
        pending = session.pending_writes()
    pend = Part([f"{pending} pending", f"{pending} pend", "" if not pending else f"{pending}p"],
                warn if pending else "dim")
    if not pending:
        pend.forms = [pend.forms[0], ""]
    facts.append(pend)
    deciding = session.writes_to_decide()  # queued writes that wait for the user (mode 4)
    decide = Part([f"{deciding} to decide (4)", f"{deciding} to decide", f"{deciding}!"], alarm)
    if deciding:
        facts.append(decide)
    lay.facts = facts
    if width < 100:  # a long zone name only where there is plenty of room
        zone.level = 1

    steps: list[tuple[Part, int]] = [(zone, 1), (filt, 1)]
    if not pending:
        steps.append((pend, 1))
    steps += [(label, 1), (other, 1)]
    if stale_part:
        steps.append((stale_part, 1))
    steps += [(zone, 2), (fresh, 1), (filt, 2), (demo, 1), (read_only, 1)]
    if stale_part:
        steps += [(stale_part, 2), (stale_part, 3)]
    steps += [(fresh, 2), (pend, 1), (other, 2), (pend, 2), (decide, 1), (decide, 2),
              (filt, 3)]
    lay.steps = steps
    lay.before_brand = [(zone, 1), (other, 1)] + ([] if pending else [(pend, 1)]) + \
        [(label, 1), (fresh, 1), (zone, 2)]
    return lay

"""The one-line header: brand, zone, how fresh the data is, pending writes.

The right-hand facts are never cut; the brand name gives way when the terminal is narrow.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from .textsafe import one_line
from .widgets.postfmt import fit


class HeaderBar(Widget):
    DEFAULT_CSS = """
    HeaderBar { dock: top; height: 1; background: $panel; color: $text; }
    """

    def render(self) -> Text:
        app = self.app
        session = getattr(app, "session", None)
        left = Text()
        left.append(" dashtui ", style="bold reverse")
        if session is None:
            return left
        if session.demo:
            left.append(" DEMO ", style="bold black on yellow")
        if session.read_only:
            left.append(" read-only ", style="bold reverse")
        right = Text()
        zone = session.zone.key
        if self.size.width < 100:  # "PST" instead of "America/Los_Angeles" when narrow
            zone = session.now().astimezone(session.zone).strftime("%Z") or zone
        facts: list[tuple[str, str]] = [(zone, "")]
        if getattr(app, "refreshing", False):
            facts.append(("refreshing…", "italic"))
        else:
            facts.append((session.freshness(), ""))
        failed = getattr(app, "failed_count", None)
        if failed:
            facts.append((f"{failed} failed", "bold red"))
        pending = session.pending_writes()
        facts.append((f"{pending} pending",
                      "bold yellow" if pending else "dim"))
        deciding = session.writes_to_decide()  # outbox helper: writes that wait for the user
        if deciding:
            facts.append((f"{deciding} to decide (4)", "bold red"))
        for value, style in facts:
            right.append(" │ ", style="dim")
            right.append(value, style=style)
        right.append(" ")
        room = self.size.width - left.cell_len - right.cell_len - 1
        brand = one_line(session.brand.name if session.brand else "no brand")
        left.append(" ")
        if room > 3:
            left.append(fit(brand, room), style="bold")
        gap = self.size.width - left.cell_len - right.cell_len
        left.append(" " * max(0, gap))
        left.append_text(right)
        return left


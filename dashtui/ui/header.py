"""The one-line header: brand, zone, how fresh the data is, pending writes."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from .textsafe import clean


class HeaderBar(Widget):
    DEFAULT_CSS = """
    HeaderBar { dock: top; height: 1; background: $panel; color: $text; }
    """

    def render(self) -> Text:
        app = self.app
        session = getattr(app, "session", None)
        text = Text(" dashtui ", style="bold reverse")
        if session is None:
            return text
        brand = session.brand.name if session.brand else "no brand"
        parts: list[tuple[str, str]] = [(clean(brand), "bold"), (session.zone.key, "")]
        if getattr(app, "refreshing", False):
            parts.append(("refreshing…", "italic"))
        else:
            parts.append((session.freshness(), ""))
        pending = session.pending_writes()
        parts.append((f"{pending} pending", "bold $warning" if pending else "dim"))
        if session.read_only:
            parts.append(("read-only", "bold"))
        if session.demo:
            parts.append(("DEMO sandbox", "bold reverse"))
        for value, style in parts:
            text.append(" │ ", style="dim")
            text.append(value, style=style.replace("$warning", "yellow"))
        return text

"""`z`: show every time in the brand's own zone, or back in the local one.

Dash has no brand zone; it comes from the config (`[brand_timezones]`). The session's `zone`
follows the switch, so screens built afterwards (the editor, the detail, dialogs) read it;
widgets that hold a zone (the post list, the calendar, the failed list) are told here, in
every mode's screens, and the header says "brand PST" while it is on.
"""

from __future__ import annotations

from typing import Any


def _holds_zone(widget: Any) -> bool:
    prop = getattr(type(widget), "zone", None)
    return isinstance(prop, property) and prop.fset is not None


class ZoneToggle:
    """A DashApp mixin: `action_toggle_zone` and what follows the zone."""

    def action_toggle_zone(self: Any) -> None:
        session = self.session
        brand = session.brand_zone()
        if brand is None and not session.brand_time:
            name = session.brand.name if session.brand else "this brand"
            self.notify(f"{name} has no time zone of its own: add it to the config, e.g. "
                        f"[brand_timezones] \"{session.brand.id if session.brand else 144}\" "
                        "= \"America/Los_Angeles\"", severity="warning", markup=False)
            return
        session.brand_time = not session.brand_time
        self.apply_zone()
        where = "the brand's zone" if session.showing_brand_zone else "your local zone"
        self.notify(f"Times are shown in {where}: {session.zone.key}", markup=False)

    def apply_zone(self: Any) -> None:
        """Every screen's zone-holding widgets to the session's zone; then repaint."""
        zone = self.session.zone
        stacks = getattr(self, "_screen_stacks", {}) or {"": self.screen_stack}
        for stack in stacks.values():
            for screen in stack:
                for widget in screen.query("*"):
                    if _holds_zone(widget) and widget.zone != zone:
                        widget.zone = zone
        self.reload_screen()
        self.refresh_current()

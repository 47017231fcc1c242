"""Saving the compose editor: refuse on errors, say what will be created, report outcomes.

Apart from compose.py so the screen stays about fields. The summary names every post that
will be made (platform, its text and whose it is, the time in the display and brand zones),
then every warning, collisions first: a post within the hour of another on its platform is
said here too, not only under the field.
"""

from __future__ import annotations

from typing import Any

from ...compose import kept, outcome_line
from ...domain.platforms import SPECS
from ...domain.rules import WARNING
from ..textsafe import one_line
from .variants import caption_label, pane_id

# the screen is compose.py's ComposeScreen; not imported, so the two modules form no cycle
ComposeScreen = Any


def _when(screen: ComposeScreen) -> str:
    c, s = screen.compose_state, screen.session
    if c.timestamp is None:
        return "no time"
    local = c.timestamp.astimezone(s.zone)
    text = f"{local:%a %d %b %Y %H:%M %Z} ({c.timestamp:%H:%M} UTC)"
    brand = s.brand_zone(c.brand_id)
    if brand is not None and brand.key != s.zone.key:
        there = c.timestamp.astimezone(brand)
        text += f", brand {there:%a %H:%M %Z}"
    return text


def summary_lines(screen: ComposeScreen) -> list[str]:
    c = screen.compose_state
    status = {"DRAFT": "as drafts", "SCHEDULED": "scheduled",
              "AUTOPUBLISHING": "published now"}.get(c.status, c.status)
    lines = [f"{len(c.platforms)} post(s), {status}, at {_when(screen)}",
             f"Media: {', '.join(map(str, c.media_ids)) or 'none'} · one group "
             f"{c.group_id[:8]}…"]
    if screen.created:
        lines.append(f"Joins the {len(screen.created)} already created in this group")
    lines.append("")
    for platform in c.platforms:
        whose = "own variant" if platform in c.variants else "the shared caption"
        text = one_line(c.caption_for(platform), 48) or "(no text)"
        lines.append(f"{SPECS[platform].label} · {caption_label(platform)} ({whose}): {text}")
    warnings = [(p, f) for p in c.platforms for f in screen.findings.get(p, [])
                if f.severity == WARNING]
    warnings.sort(key=lambda pf: pf[1].code != "timestamp.collision")
    if warnings:
        lines.append("")
        lines += [f"⚠ {SPECS[p].label}: {f.message}" for p, f in warnings[:6]]
        if len(warnings) > 6:
            lines.append(f"⚠ and {len(warnings) - 6} more")
    return lines


def start_save(screen: ComposeScreen) -> None:
    """ctrl+s: errors stop it (the first one's tab opens); else the summary, then send."""
    from ..screens.modals import ConfirmScreen

    s, c = screen.session, screen.compose_state
    if s.read_only:
        screen.notify("read-only: saving is disabled", severity="warning")
        return
    if screen.saving:
        screen.notify("Already saving…")
        return
    if not c.platforms:
        screen.notify("Choose at least one platform", severity="warning")
        screen.query_one("#platforms").focus()
        return
    errors = screen.errors(server=False)
    if errors:
        listed = "\n".join(f"{SPECS[p].label if p else 'All'}: {f.message}"
                           for p, f in errors[:4])
        more = f"\n(and {len(errors) - 4} more)" if len(errors) > 4 else ""
        screen.notify(listed + more, title=f"Can't save: {len(errors)} error(s) to fix",
                      severity="error", markup=False, timeout=10)
        first = next((p for p, _ in errors if p is not None), None)
        if first is not None:
            from textual.widgets import TabbedContent

            screen.query_one(TabbedContent).active = pane_id(first)
        return

    def confirmed(ok: bool | None) -> None:
        if ok:
            screen.send()

    n = len(c.platforms)
    screen.app.push_screen(ConfirmScreen(
        f"Create {n} post{'s' * (n != 1)} in one group?", summary_lines(screen),
        f"Create {n}", destructive=False), confirmed)


def after_save(screen: ComposeScreen, outcomes: dict[Any, Any]) -> None:
    """All made: close. Some refused: they stay, with the service's errors, in this group."""
    from textual.widgets import Input, TabbedContent

    lines = [outcome_line(p, o) for p, o in outcomes.items()]
    left = [p for p, o in outcomes.items() if not kept(o)]
    service = screen.session.service
    if not left:
        screen.drop_buffer()
        screen.notify("\n".join(lines), title=f"Created {len(outcomes)} post(s) in one group",
                      markup=False, timeout=10)
        screen.dismiss(screen.created)
        return
    made = len(outcomes) - len(left)
    screen.notify("\n".join(lines) + "\nThe rest stays here, in the same group: fix it and "
                  "save again.", title=f"{made} of {len(outcomes)} created; {service} "
                  "refused " + ", ".join(SPECS[p].label for p in left),
                  severity="error", markup=False, timeout=15)
    box = screen.query_one("#platforms", Input)
    box.value = " ".join(SPECS[p].short.lower() for p in screen.compose_state.platforms)
    screen.query_one(TabbedContent).active = pane_id(left[0])
    screen._recheck()
    screen.write_buffer()

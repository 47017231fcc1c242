"""Every glyph the UI draws, and what it means: one table for help and the legend overlay.

✗ always means an error (a failed post, a check that blocks saving) and ⚠ a warning or a
conflict (a check that does not block, two posts too close on one platform)."""

from __future__ import annotations

GLYPHS: list[tuple[str, str]] = [
    ("✓", "posted (or: done, no problems found)"),
    ("◷", "scheduled"),
    ("✎", "draft (undated: a draft without a time)"),
    ("↻", "publishing now (AUTOPUBLISHING)"),
    ("✗", "error: failed or expired post, or a check that blocks saving"),
    ("⚠", "warning, or a conflict (posts too close on one platform, changed meanwhile)"),
    ("⚠?", "the service sent a value dashtui could not read (the detail says which)"),
    ("?", "awaiting approval"),
    ("!", "users notified to post by hand"),
    ("•", "a status dashtui does not know yet"),
    ("⟳", "a change still queued for the service (4 lists them)"),
    ("▌", "marked for a bulk action (space)"),
    ("●", "unsaved changes in the editor"),
    ("…", "queued: will be retried"),
    ("⧉", "one of a group: the same post on other platforms (the detail lists them)"),
    ("·", "week grid: a free hour on that platform's lane"),
    ("I X F…", "week grid: a post that hour, by its platform's letter"),
    ("↑ ↓", "week grid: hours folded above or below the band shown (their posts still show)"),
]

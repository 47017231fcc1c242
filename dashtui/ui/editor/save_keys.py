"""The keys both editors (one post, compose for several) save and close with.

DESIGN's editor convention in one place: `ctrl+s` (and `f2`, for terminals that eat
ctrl+s) saves, which shows what will change first; `esc` closes, asking first when
something was typed. Ids are `prefix.save`, `prefix.save_f2`, `prefix.close` (keymaps).
"""

from __future__ import annotations

from textual.binding import Binding


def save_close_bindings(prefix: str, save: str, *, save_tip: str, close_tip: str
                        ) -> list[Binding]:
    """`save`: the footer's word for saving ("Save", "Create all")."""
    return [
        Binding("ctrl+s", "save", save, id=f"{prefix}.save", tooltip=save_tip),
        Binding("f2", "save", save, show=False, id=f"{prefix}.save_f2"),
        Binding("escape", "close", "Close", id=f"{prefix}.close", tooltip=close_tip),
    ]

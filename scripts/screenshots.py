"""Regenerate screenshots/*.svg: every screen of dashtui over the demo data.

    python scripts/screenshots.py            # all of them
    python scripts/screenshots.py help       # only names containing "help"

The app runs headless over the in-process demo sandbox with the clock frozen at NOW (the
same moment as tests/ui/conftest.py), in a throw-away cache dir, so the pictures repeat
exactly: a file is only rewritten when its content changed. Snapshot tests live elsewhere
(tests/ui/test_snapshots.py); these are for the README and for looking at.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
NOW = datetime(2026, 11, 22, 17, 0, tzinfo=timezone.utc)  # Sunday 09:00 in Los Angeles
ZONE = "America/Los_Angeles"
BIG = (120, 36)
SMALL = (80, 24)

TO_POSTS = ("2",)
FAILED = ("s", "s", "s")  # all -> scheduled -> drafts -> failed


def typed(text: str) -> tuple[str, ...]:
    return ("slash", *text, "enter")


@dataclass(frozen=True)
class Shot:
    name: str
    size: tuple[int, int]
    steps: tuple[tuple[str, ...], ...] = ()  # key steps; background work settles after each
    title: str = "dashtui"
    # the last N steps open modals whose workers wait for the user (a confirmation, a bulk
    # action's report): pause after them instead of waiting for every worker to finish
    modal_steps: int = 0
    kind: str = "dash"  # which service's demo (`--demo --backend KIND`)


SHOTS = [
    Shot("calendar-month", BIG),
    Shot("calendar-week", BIG, (("w",),)),
    Shot("posts", BIG, (TO_POSTS,)),
    Shot("posts-filtered", BIG, (TO_POSTS, typed("brew"))),
    Shot("posts-failed", BIG, (TO_POSTS, FAILED)),
    Shot("detail-failed", BIG, (TO_POSTS, typed("42 coffees"), FAILED, ("enter",))),
    Shot("detail-markup-caption", BIG, (TO_POSTS, typed("flash sale"), ("enter",))),
    Shot("detail-escape-sequences", BIG, (TO_POSTS, typed("red alert"), ("enter",))),
    Shot("help-calendar", BIG, (("question_mark",),)),
    Shot("help-posts", BIG, (TO_POSTS, ("question_mark",))),
    Shot("calendar-month-80x24", SMALL),
    Shot("posts-80x24", SMALL, (TO_POSTS,)),
    Shot("editor-x", BIG, (TO_POSTS, typed("wholesale team"), ("e",))),
    Shot("editor-instagram-80x24", SMALL, (TO_POSTS, ("p",), ("e",))),
    Shot("editor-diff", BIG, (TO_POSTS, typed("wholesale team"), ("e",),
                              ("end", *" Come say hi!"), ("ctrl+s",))),
    Shot("failed", BIG, (("3",),)),
    Shot("failed-80x24", SMALL, (("3",),)),
    Shot("failed-expanded", BIG, (("3",), ("enter",), ("j",))),
    Shot("failed-retried", BIG, (("3",), ("R",), ("y",)), modal_steps=2),
    Shot("failed-retry-question-80x24", SMALL, (("3",), ("R",)), modal_steps=1),
    Shot("failed-will-fail", BIG, (("3",), ("W",))),
    Shot("pending-writes", BIG, (("4",),)),
    Shot("calendar-week-80x24", SMALL, (("w",),)),
    Shot("views", BIG, (("5",),)),
    Shot("approvals-80x24", SMALL, (("6",),)),
    Shot("legend-80x24", SMALL, (("i",),)),
    Shot("command-line-80x24", SMALL, (("colon", *"filter s:failed p:i"), ("tab",)),
         modal_steps=2),
    Shot("genviral-calendar-80x24", SMALL, kind="genviral"),
    Shot("genviral-failed", BIG, (("3",),), kind="genviral"),
    Shot("genviral-detail", BIG, (("3",), ("j",), ("enter",), ("enter",)), kind="genviral"),
    Shot("infinipost-failed-80x24", SMALL, (("3",),), kind="infinipost"),
    Shot("infinipost-editor", BIG, (TO_POSTS, typed("behind the roaster"), ("e",)), kind="infinipost"),
]


def _isolate(tmp: Path) -> None:
    """Keep away from the user's config, data and token; pin the process zone."""
    os.environ["DASHTUI_CONFIG"] = str(tmp / "config" / "config.toml")
    os.environ["DASHTUI_DATA_DIR"] = str(tmp / "data")
    os.environ.pop("DASH_API_TOKEN", None)
    os.environ.pop("DASHTUI_API_ROOT", None)
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):
        time.tzset()


def _freeze() -> None:
    """What the snapshot tests freeze too: the Input cursor blink."""
    from textual.widgets import Input

    Input._toggle_cursor = lambda self: None


async def _settle(pilot) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def take(shot: Shot, cache_dir: Path) -> str:
    from dashtui.config import Config
    from dashtui.ui.launch import build_demo_app

    profile = "lenient" if shot.kind == "dash" else "strict"  # as --demo
    app = build_demo_app(Config(timezone=ZONE), cache_dir, now=NOW, profile=profile,
                         kind=shot.kind)
    async with app.run_test(size=shot.size) as pilot:
        await _settle(pilot)
        for i, step in enumerate(shot.steps):
            await pilot.press(*step)
            if i >= len(shot.steps) - shot.modal_steps:
                for _ in range(20):  # what the modal runs gets time to finish
                    await pilot.pause(0.1)
            else:
                await _settle(pilot)
        return app.export_screenshot(title=shot.title)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    wanted = [s for s in SHOTS if not argv or any(a in s.name for a in argv)]
    if not wanted:
        print(f"no screenshot matches {argv}; names: {', '.join(s.name for s in SHOTS)}")
        return 2
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dashtui-shots-") as tmp:
        _isolate(Path(tmp))
        _freeze()
        for i, shot in enumerate(wanted):
            cache_dir = Path(tmp) / f"cache-{i}"
            cache_dir.mkdir()
            svg = asyncio.run(take(shot, cache_dir))
            path = OUT / f"{shot.name}.svg"
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old == svg:
                state = "unchanged"
            else:
                path.write_text(svg, encoding="utf-8")
                state = "wrote" if old is None else "updated"
            w, h = shot.size
            print(f"{state:9} {path.relative_to(ROOT)}  ({w}x{h})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Resident memory with 100,000 cached posts loaded as the app loads them.

Budget (DESIGN.md): at most 150 MB resident.

A fresh process runs the real app headless (network down) over a cache of 100,000 bulk
posts, opens the posts screen and gives its list every cached post: Cache.rows (PostRows
for the list) and PostTable.set_rows (the PostIndex: search text, sort order), then types a
filter and clears it. The figure is the process's peak resident set (VmHWM), which includes
the interpreter, Textual and every import: what `top` would show for dashtui.

Stages are reported as RSS after each step, to show where memory goes; a bare Textual app's
peak is printed for scale.

    python benchmarks/memory.py [--posts 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

BUDGET_MB = 150.0


def _status_mb(field: str) -> float:
    """VmRSS / VmHWM from /proc/self/status, in MB (2**20 bytes)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def _peak_mb() -> float:
    try:
        return _status_mb("VmHWM")
    except (OSError, RuntimeError):  # not Linux: ru_maxrss is KB on Linux, bytes on macOS
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def child_bare() -> None:
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("Hello from a bare Textual app")

        def on_mount(self):
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=(120, 40))
    print(json.dumps({"peak": _peak_mb()}))


def child_dash(cache_dir: str) -> None:
    import asyncio
    import gc
    from pathlib import Path

    stages: list[tuple[str, float]] = [("interpreter", _status_mb("VmRSS"))]
    from _common import offline_client, settle_offline
    from dashtui.config import load_config
    from dashtui.ui.launch import build_app
    from dashtui.ui.screens.posts import PostsScreen
    from dashtui.ui.widgets.post_table import PostTable

    stages.append(("imports", _status_mb("VmRSS")))

    async def run() -> dict:
        config = load_config()
        app = build_app(config, client=offline_client(config),
                        cache_dir=Path(cache_dir))
        async with app.run_test(headless=True, size=(120, 40)) as pilot:
            await pilot.pause()
            stages.append(("app started, calendar painted", _status_mb("VmRSS")))
            await settle_offline(app, pilot)
            await pilot.press("2")
            # the refresh the screen started fails (network down) and then reloads the
            # screen from the cache: let that happen before the list is given every post
            await settle_offline(app, pilot)
            screen = app.screen
            assert isinstance(screen, PostsScreen)
            table = screen.query_one(PostTable)
            # as the posts screen does: rows stream from SQLite into the table's index, so
            # no list of every full caption ever exists
            table.set_rows(app.session.cache.iter_rows([144]), captions=app.session.cache.caption)
            await pilot.pause()
            stages.append((f"{table.total_count:,} posts streamed into the list",
                           _status_mb("VmRSS")))
            await pilot.press("slash", *"cold brew")
            await pilot.pause()
            await pilot.press(*["backspace"] * 9)
            await pilot.pause()
            stages.append(("after filtering", _status_mb("VmRSS")))
            total = table.total_count
            gc.collect()
            return {"total": total}

    out = asyncio.run(run())
    out.update(peak=_peak_mb(), stages=stages)
    print(json.dumps(out))


def main(argv: list[str]) -> int:
    from _common import Result, bench_env, closed_port, prefilled_cache, python, report

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=100_000)
    args = ap.parse_args(argv)

    print(f"memory: {args.posts:,} cached posts loaded into the post list")
    cache = prefilled_cache(args.posts)
    env = bench_env(DASH_API_TOKEN="bench-token-not-a-secret",
                    DASHTUI_API_ROOT=f"http://127.0.0.1:{closed_port()}")

    def child(*extra: str) -> dict:
        proc = subprocess.run([python(), __file__, "--child", *extra], env=env,
                              capture_output=True, text=True, timeout=300)
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr[-3000:]}")
        return json.loads(lines[-1])

    bare = child("bare")
    # the app opens its cache read-write; a copy of 100,000 posts is big, and the app only
    # reads here, so it uses the shared file
    dash = child("dash", str(cache.parent))
    if dash["total"] != args.posts:
        raise RuntimeError(f"the list held {dash['total']} posts, expected {args.posts}")
    previous = 0.0
    for name, mb in dash["stages"]:
        print(f"  {name:<40} RSS {mb:6.1f} MB  ({mb - previous:+.1f})")
        previous = mb
    peak = dash["peak"]
    print(f"  peak RSS (VmHWM) {peak:.1f} MB; a bare Textual app peaks at {bare['peak']:.1f} MB")
    report([Result(f"memory, {args.posts:,} cached posts in the list",
                   f"{peak:.0f} MB peak RSS (bare Textual app {bare['peak']:.0f} MB)",
                   f"≤ {BUDGET_MB:g} MB", peak <= BUDGET_MB,
                   {"peak_mb": peak, "bare_mb": bare["peak"], "stages": dash["stages"]})])
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_bare() if sys.argv[2] == "bare" else child_dash(sys.argv[3])
    else:
        sys.exit(main(sys.argv[1:]))

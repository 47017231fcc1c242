"""First paint of the calendar from a cache of 10,000 posts, against a bare Textual app.

Budget (DESIGN.md): at most 1.4x the first paint of a bare Textual app showing one Static,
same machine, same run.

What one sample is: the wall time from spawning a fresh `python` to the first compositor
refresh of the screen that shows the data, so interpreter start, imports, building the app,
reading the cache and composing the first frame all count. Both apps run headless at the
same size; the bare one is `App` + one `Static`. Samples alternate bare/dashtui so that
machine noise hits both alike; the figure is the ratio of the medians.

dashtui starts the way `dashtui` does (load_config, DashClient, build_app), with its API
root on a closed loopback port: the network is down, and first paint must not wait for it.
"Painted" is the end of the first compositor refresh after the screen mounted with its data
(for dashtui, after CalendarScreen.on_mount has read the cache; for the bare app, after
App.on_mount), timed inside Screen._compositor_refresh. A callback queued with
App.call_after_refresh then checks that the calendar really shows posts, so a
fast-but-empty paint can't pass, and ends the child.

    python benchmarks/first_paint.py [--runs 7] [--posts 10000] [--profile]

--profile adds, to see where the time goes: import time per package for both apps
(`-X importtime`), and one dashtui start under cProfile from the end of its imports to the
paint.
"""

# The top of this file is what both children import before their app: keep it to modules
# the interpreter has loaded anyway, so the bare baseline is not inflated.
import os
import sys
import time

SIZE = (120, 40)  # a common terminal; both apps paint the same area


# -- the children ------------------------------------------------------------------------------
def _say(line: str) -> None:
    # os.write on fd 1: Textual redirects sys.stdout while an app runs, not the descriptor
    os.write(1, (line + "\n").encode())


def _mark(name: str) -> None:
    """A phase boundary, reported to the parent with the wall time."""
    _say(f"mark {name} {time.time()!r}")


class FrameClock:
    """Times compositor refreshes. Once armed (the data is in the widgets), the end of the
    next refresh is the first paint. That time is taken inside the refresh, not when a
    callback runs later: work queued behind the frame (e.g. the refresh worker starting)
    must not be counted, and must not hide either."""

    def __init__(self, screen_cls) -> None:
        self.frames = 0
        self.armed = False
        self.painted: float | None = None
        original = screen_cls._compositor_refresh
        clock = self

        def timed(screen):
            original(screen)
            clock.frames += 1
            if clock.armed and clock.painted is None:
                clock.painted = time.time()

        screen_cls._compositor_refresh = timed


def child_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Static

    _mark("imports")
    clock = FrameClock(Screen)

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Static("Hello from a bare Textual app")

        def on_mount(self) -> None:
            _mark("mounted")
            clock.armed = True
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            _say(f"painted {clock.painted!r} frames {clock.frames} shown 1")
            self.exit()

    Bare().run(headless=True, size=SIZE)


def child_dash(cache_dir: str) -> None:
    from pathlib import Path

    from textual.screen import Screen

    from dashtui.backends.dash.client import DashClient
    from dashtui.backends.dash.urls import service_urls
    from dashtui.config import load_config
    from dashtui.ui.launch import build_app
    from dashtui.ui.screens.calendar import CalendarScreen

    _mark("imports")
    clock = FrameClock(Screen)
    original_mount = CalendarScreen.on_mount
    profiler = None
    if os.environ.get("DASHTUI_BENCH_PROFILE"):  # --profile: what happens after the imports
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()

    def on_mount(self) -> None:
        _mark("mounted")
        original_mount(self)  # reads the cache into the calendar
        _mark("data loaded")
        clock.armed = True
        self.app.call_after_refresh(painted, self)

    def painted(screen) -> None:
        status = str(screen.query_one("#status").content)
        shown = int(status.split()[0]) if status[:1].isdigit() else 0
        _say(f"painted {clock.painted!r} frames {clock.frames} shown {shown}")
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(os.environ["DASHTUI_BENCH_PROFILE"])
        screen.app.exit()

    CalendarScreen.on_mount = on_mount
    # as run_tui does it: config from file + env (token and api root come from the env)
    config = load_config()
    client = DashClient(config.token_value(), service_urls(config))
    _mark("client built")
    app = build_app(config, client=client, cache_dir=Path(cache_dir))
    _mark("app built")
    app.run(headless=True, size=SIZE)


# -- the parent --------------------------------------------------------------------------------
def spawn(kind: str, cache_dir: str, port: int) -> dict:
    """One cold start; seconds from spawn to each phase's end, the paint last."""
    import subprocess

    from _common import bench_env, python

    env = bench_env(DASH_API_TOKEN="bench-token-not-a-secret",
                    DASHTUI_API_ROOT=f"http://127.0.0.1:{port}")
    cmd = [python(), __file__, "--child", kind, cache_dir]
    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("painted ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} child failed ({proc.returncode}):\n{proc.stdout}\n"
                           f"{proc.stderr[-3000:]}")
    _, painted, _, frames, _, shown = lines[0].split()
    if painted == "None" or int(frames) < 1 or int(shown) < 1:
        raise RuntimeError(f"{kind}: painted with {frames} frames and {shown} posts shown")
    marks = {}  # phase name -> seconds since spawn
    for line in proc.stdout.splitlines():
        if line.startswith("mark "):
            name, _, when = line[5:].rpartition(" ")
            marks[name] = float(when) - start
    marks["painted"] = float(painted) - start
    return {"paint": marks["painted"], "marks": marks, "shown": int(shown),
            "stderr": proc.stderr}


def phases(samples: list[dict]) -> str:
    """Median time spent in each phase, in order: where a cold start goes."""
    from _common import median

    names = list(samples[0]["marks"])
    out, previous = [], 0.0
    for name in names:
        at = median(s["marks"][name] for s in samples)
        out.append(f"{name} +{(at - previous) * 1000:.0f}")
        previous = at
    return ", ".join(out) + " ms"


def profile(cache_dir: str, port: int) -> None:
    """Where a dashtui cold start spends its time: imports, then everything else."""
    import subprocess
    import tempfile

    from _common import bench_env, python

    env = bench_env(DASH_API_TOKEN="bench-token-not-a-secret",
                    DASHTUI_API_ROOT=f"http://127.0.0.1:{port}")
    print("\n-- import time by package, bare vs dashtui (-X importtime, own time, ms) --")
    by_kind = {}
    for kind in ("bare", "dash"):
        proc = subprocess.run([python(), "-X", "importtime", __file__, "--child", kind,
                               cache_dir], env=env, capture_output=True, text=True,
                              timeout=120)
        packages: dict[str, int] = {}
        for line in proc.stderr.splitlines():
            # "import time:  self [us] |  cumulative | <indent>name"
            if not line.startswith("import time:") or "|" not in line:
                continue
            own, _, name = line[len("import time:"):].split("|")
            if own.strip().isdigit():
                package = name.strip().split(".")[0]
                packages[package] = packages.get(package, 0) + int(own)
        by_kind[kind] = packages
    bare, dash = by_kind["bare"], by_kind["dash"]
    print(f"  {'package':<20} {'bare':>7} {'dashtui':>8}")
    for name in sorted(dash, key=lambda n: -dash[n])[:16]:
        print(f"  {name:<20} {bare.get(name, 0) / 1000:7.1f} {dash[name] / 1000:8.1f}")
    print(f"  {'all':<20} {sum(bare.values()) / 1000:7.1f} {sum(dash.values()) / 1000:8.1f}")

    print("\n-- one dashtui start under cProfile, from the end of imports to the paint --")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "prof")
        subprocess.run([python(), __file__, "--child", "dash", cache_dir],
                       env={**env, "DASHTUI_BENCH_PROFILE": out}, capture_output=True,
                       text=True, timeout=120)
        import pstats

        stats = pstats.Stats(out)
        print("by cumulative time:")
        stats.sort_stats("cumulative").print_stats(35)
        print("by own time:")
        stats.sort_stats("tottime").print_stats(15)


def main(argv: list[str]) -> int:
    import argparse
    import tempfile

    from _common import Result, closed_port, copy_cache, median, prefilled_cache, report

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="cold starts of each app (default 7)")
    ap.add_argument("--posts", type=int, default=10_000)
    ap.add_argument("--profile", action="store_true", help="also profile one dashtui start")
    args = ap.parse_args(argv)

    print(f"first paint: {args.posts:,} cached posts, {args.runs} cold starts each, "
          f"headless {SIZE[0]}x{SIZE[1]}")
    source = prefilled_cache(args.posts)
    with tempfile.TemporaryDirectory(prefix="dashtui-firstpaint-") as tmp:
        # a private copy: the app opens the cache read-write, as it would the user's
        copy_cache(source, tmp)
        port = closed_port()
        # one unmeasured start of each: the first run after a code change writes .pyc files
        spawn("bare", tmp, port)
        spawn("dash", tmp, port)
        bare, dash = [], []
        for i in range(args.runs):
            b = spawn("bare", tmp, port)
            d = spawn("dash", tmp, port)
            bare.append(b)
            dash.append(d)
            print(f"  run {i + 1}: bare {b['paint'] * 1000:6.0f} ms   dashtui "
                  f"{d['paint'] * 1000:6.0f} ms ({d['shown']} posts in the calendar)")
        if dash[-1]["stderr"].strip():
            print("  dashtui child stderr:", dash[-1]["stderr"].strip()[:500])
        mb = median(r["paint"] for r in bare)
        md = median(r["paint"] for r in dash)
        mbi = median(r["marks"]["imports"] for r in bare)
        mdi = median(r["marks"]["imports"] for r in dash)
        ratio = md / mb
        print(f"median first paint: bare {mb * 1000:.0f} ms, dashtui {md * 1000:.0f} ms "
              f"-> ratio {ratio:.2f} (budget 1.4)")
        print(f"  phases, bare:    {phases(bare)}")
        print(f"  phases, dashtui: {phases(dash)}")
        if args.profile:
            profile(tmp, port)
    report([Result(f"first paint, calendar from {args.posts:,} cached posts",
                   f"{ratio:.2f}x bare Textual ({md * 1000:.0f} vs {mb * 1000:.0f} ms)",
                   "≤ 1.4x", ratio <= 1.4,
                   {"ratio": ratio, "dash_ms": md * 1000, "bare_ms": mb * 1000,
                    "dash_imports_ms": mdi * 1000, "bare_imports_ms": mbi * 1000})])
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        (child_bare if sys.argv[2] == "bare" else lambda: child_dash(sys.argv[3]))()
    else:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        sys.exit(main(sys.argv[1:]))

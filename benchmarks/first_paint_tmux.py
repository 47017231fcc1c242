"""First paint in a real terminal (tmux): dashtui from a cached brand, network down, against
a bare Textual app.

Budget (DESIGN.md): at most 1.5x a bare Textual app, same machine, same run.

What one sample is: the wall time from asking tmux for a new window running the command
(`tmux new-session -d`, on a private tmux server started once beforehand) to the first
frame's text being on the terminal, seen by polling `tmux capture-pane -p` every few
milliseconds. So interpreter start, imports, the app, the cache, the first frame *and* its
bytes reaching a real terminal emulator all count, as a user starting `dashtui` would see.
Both commands run the same way, in the same size of pane (120x40), alternating, so noise and
the cost of polling hit both alike; the figure is the ratio of the medians.

- dashtui: `python -m dashtui.cli` as a user runs it, with a token and its API root on a
  closed loopback port (the network is down), and its data dir holding a cache of 10,000 posts
  whose last brand is the bulk brand, as a clean exit leaves it (its clean-close stamp too: a
  cache left by a crash is page-checked first, ~8 ms more at 10,000 posts). Painted = the calendar's status line ("N posts ...")
  is on screen with N > 0.
- bare: `App` + one `Static`. Painted = its text is on screen.

    python benchmarks/first_paint_tmux.py [--runs 7] [--posts 10000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (Result, bench_env, closed_port, copy_cache, median,  # noqa: E402
                     prefilled_cache, python, report)

BUDGET = 1.5
SIZE = (120, 40)
POLL_S = 0.004
TIMEOUT_S = 30.0
BARE_TEXT = "Hello from a bare Textual app"
BARE_APP = f'''
from textual.app import App, ComposeResult
from textual.widgets import Static

class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static({BARE_TEXT!r})

Bare().run()
'''
DASH_PAINTED = re.compile(r"\b([1-9]\d*) posts \d\d \w+ ")  # the calendar's status line


class Tmux:
    """A private tmux server (its own socket), so nothing of the user's tmux is touched."""

    def __init__(self) -> None:
        self.socket = f"dashtui-bench-{os.getpid()}"
        # the server's environment is every pane's: an installed app has its .pyc files, so
        # a shell's PYTHONDONTWRITEBYTECODE must not make each start compile dashtui again
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        # a session that just sleeps keeps the server up: server start is not measured
        self.run("new-session", "-d", "-s", "keepalive", "-x", "80", "-y", "24", "sleep 3600")

    def run(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=check, env=self.env)
        return proc.stdout

    def close(self) -> None:
        self.run("kill-server", check=False)


def sample(tmux: Tmux, name: str, cmd: list[str], env: dict[str, str], painted) -> float:
    """Seconds from starting `cmd` in a new pane to `painted(pane text)` being true."""
    env_args = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
    shell_cmd = " ".join(_quote(c) for c in cmd)
    start = time.perf_counter()
    # started in the temp dir, as a user starts it from anywhere: from the repository, `-m`
    # would import the checkout's dashtui before the one on PYTHONPATH (or installed)
    tmux.run("new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
             "-c", tempfile.gettempdir(), *env_args, shell_cmd)
    try:
        while True:
            text = tmux.run("capture-pane", "-p", "-t", name, check=False)
            if painted(text):
                return time.perf_counter() - start
            if time.perf_counter() - start > TIMEOUT_S:
                raise RuntimeError(f"{name}: nothing painted after {TIMEOUT_S:.0f} s; the "
                                   f"pane shows:\n{text}")
            time.sleep(POLL_S)
    finally:
        tmux.run("kill-session", "-t", name, check=False)
        time.sleep(0.2)  # let the app go down before the next start


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="starts of each app (default 7)")
    ap.add_argument("--posts", type=int, default=10_000)
    args = ap.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is not installed: nothing measured")
        return 0

    print(f"first paint in tmux: {args.posts:,} cached posts, {args.runs} starts each, "
          f"{SIZE[0]}x{SIZE[1]}")
    source = prefilled_cache(args.posts)
    with tempfile.TemporaryDirectory(prefix="dashtui-tmux-") as tmp:
        env = bench_env(DASH_API_TOKEN="bench-token-not-a-secret",
                        DASHTUI_API_ROOT=f"http://127.0.0.1:{closed_port()}",
                        DASHTUI_DATA_DIR=os.path.join(tmp, "data"),
                        DASHTUI_CONFIG=os.path.join(tmp, "config.toml"))
        os.makedirs(env["DASHTUI_DATA_DIR"])
        bare_py = os.path.join(tmp, "bare.py")
        with open(bare_py, "w", encoding="utf-8") as fh:
            fh.write(BARE_APP)
        # only what the apps need, so tmux's own environment doesn't leak in either
        keep = {k: env[k] for k in ("PATH", "HOME", "TZ", "LANG", "LC_ALL", "PYTHONPATH",
                                    "DASH_API_TOKEN", "DASHTUI_API_ROOT", "DASHTUI_DATA_DIR",
                                    "DASHTUI_CONFIG") if k in env}
        keep.setdefault("LANG", "C.UTF-8")
        dash_cmd = [python(), "-m", "dashtui.cli"]
        bare_cmd = [python(), bare_py]

        def dash_painted(text: str) -> bool:
            return DASH_PAINTED.search(text) is not None

        def bare_painted(text: str) -> bool:
            return BARE_TEXT in text

        tmux = Tmux()
        try:
            bare, dash = [], []
            for i in range(args.runs + 1):  # the first of each unmeasured: .pyc files
                # a fresh copy each time: the app opens the cache read-write, as a user's
                copy_cache(source, env["DASHTUI_DATA_DIR"])
                b = sample(tmux, f"bare{i}", bare_cmd, keep, bare_painted)
                d = sample(tmux, f"dash{i}", dash_cmd, keep, dash_painted)
                if i == 0:
                    continue
                bare.append(b)
                dash.append(d)
                print(f"  run {i}: bare {b * 1000:6.0f} ms   dashtui {d * 1000:6.0f} ms")
        finally:
            tmux.close()
    mb, md = median(bare), median(dash)
    ratio = md / mb
    print(f"median first paint in tmux: bare {mb * 1000:.0f} ms, dashtui {md * 1000:.0f} ms "
          f"-> ratio {ratio:.2f} (budget {BUDGET})")
    report([Result(f"first paint in tmux, cached brand ({args.posts:,} posts), network down",
                   f"{ratio:.2f}x bare Textual ({md * 1000:.0f} vs {mb * 1000:.0f} ms)",
                   f"≤ {BUDGET}x", ratio <= BUDGET,
                   {"ratio": ratio, "dash_ms": md * 1000, "bare_ms": mb * 1000})])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

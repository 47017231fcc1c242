"""What every benchmark shares: statistics, the prefilled cache, result reporting.

Rules the scripts follow (see README.md): figures are medians of repeated runs; anything
compared against a baseline is measured in the same run, alternating, because the machine is
shared and noisy; nothing here is a test and nothing asserts on time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BRAND_ID = 144  # build_bulk_state puts every post in Ember & Oak (144)
BULK_SEED = 1


# -- statistics --------------------------------------------------------------------------------
def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def spread(values: list[float]) -> str:
    """min..max, to show how noisy a run was next to its median."""
    return f"{min(values):.1f}..{max(values):.1f}"


# -- results -----------------------------------------------------------------------------------
@dataclass
class Result:
    """One budget line: what was measured, the figure, the budget, and whether it held."""

    what: str
    figure: str
    budget: str
    ok: bool
    detail: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return "PASS" if self.ok else "FAIL"


def report(results: list[Result]) -> None:
    """Print the results; with DASHTUI_BENCH_JSON set (run_all.py), also append them there."""
    for r in results:
        print(f"{r.verdict}  {r.what}: {r.figure} (budget {r.budget})")
    out = os.environ.get("DASHTUI_BENCH_JSON")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps(asdict(r)) + "\n")


# -- environment -------------------------------------------------------------------------------
def closed_port() -> int:
    """A loopback port nobody listens on: connections to it are refused at once, which is
    how "the network is down" looks to the app without waiting on a timeout."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(**extra: str) -> dict[str, str]:
    """Environment for child processes: no user config, token or data dir leaks in, and a
    fixed zone so every run shows the same calendar."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DASHTUI_", "DASH_API_", "TEXTUAL"))}
    if "DASHTUI_BENCH_JSON" in os.environ:
        env["DASHTUI_BENCH_JSON"] = os.environ["DASHTUI_BENCH_JSON"]
    scratch = Path(tempfile.gettempdir()) / "dashtui-bench" / "home"
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its .pyc files
    env.update(TZ="UTC", DASHTUI_CONFIG=str(scratch / "config.toml"),
               DASHTUI_DATA_DIR=str(scratch / "data"))
    env.update(extra)
    return env


# -- the prefilled cache -----------------------------------------------------------------------
def _source_hash() -> str:
    """Changes whenever code that shapes cached rows changes, so a stale cache is never used."""
    h = hashlib.sha256()
    for sub in ("domain", "store", "backends/dash", "backends/dash/sandbox"):
        folder = REPO / "dashtui" / sub
        if not folder.is_dir():  # a moved folder would silently stop keying the cache
            raise RuntimeError(f"benchmarks/_common.py: {folder} is gone; update the hash")
        for path in sorted(folder.glob("*.py")):
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def bulk_now() -> datetime:
    """Today's midnight UTC: the bulk data is centred on today (so the calendar's current
    month is full), yet stays identical all day and can be reused between runs."""
    return datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


def prefilled_cache(n_posts: int, *, log=print) -> Path:
    """Path of a cache.sqlite3 holding `n_posts` bulk posts of brand 144, with the brand
    metadata Session reads at start (meta "brands" and "last_brand").

    Posts go through the same code the app uses after a refresh: parse_post, then
    Cache.upsert with the app's finding counter. Building 100,000 takes a minute, so the
    file is kept in the temp dir, keyed by size, seed, day and a hash of the code.
    """
    now = bulk_now()
    root = Path(tempfile.gettempdir()) / "dashtui-bench"
    target = root / f"cache-{n_posts}-s{BULK_SEED}-{now:%Y%m%d}-{_source_hash()}" / \
        "cache.sqlite3"
    if target.exists():
        return target
    log(f"  building a cache of {n_posts:,} posts (kept for reuse in {target.parent}) ...")
    t0 = time.perf_counter()
    from dashtui.domain.posts import Brand, parse_post
    from dashtui.backends.dash.sandbox.demo import build_bulk_state
    from dashtui.store.cache import Cache

    state = build_bulk_state(n_posts, seed=BULK_SEED, now=now)
    building = target.parent.with_name(target.parent.name + f".building-{os.getpid()}")
    building.mkdir(parents=True, exist_ok=True)
    cache = Cache(building / "cache.sqlite3", count_findings=count_findings)
    stored = list(state.posts.values())
    del state
    chunk = 5000  # parsed models are big: keep only one chunk of them alive at a time
    for i in range(0, len(stored), chunk):
        cache.upsert(parse_post(s.platform, s.data) for s in stored[i:i + chunk])
    brand = Brand.model_validate({"id": BRAND_ID, "name": "Ember & Oak Coffee Roasters",
                                  "slug": "ember-oak-coffee"})
    cache.meta_set("brands", json.dumps([brand.to_json()]))
    cache.meta_set("last_brand", str(BRAND_ID))
    count = cache.count(BRAND_ID)
    cache.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.close()
    if count != n_posts:
        raise RuntimeError(f"cache holds {count} posts, expected {n_posts}")
    building.rename(target.parent)
    for old in root.glob(f"cache-{n_posts}-*"):  # older days or code: never used again
        if old != target.parent and ".building-" not in old.name:
            shutil.rmtree(old, ignore_errors=True)
    log(f"  built in {time.perf_counter() - t0:.0f} s")
    return target


def copy_cache(source: Path, directory: str | os.PathLike) -> Path:
    """The prefilled cache in `directory`, as a user's last clean exit left it: the file and
    its clean-close stamp, times kept (store/cache.py: such a file skips the page check)."""
    target = Path(directory) / "cache.sqlite3"
    for leftover in ("-wal", "-shm", ".clean"):
        Path(f"{target}{leftover}").unlink(missing_ok=True)
    shutil.copy2(source, target)
    stamp = source.with_name(source.name + ".clean")
    if stamp.exists():
        shutil.copy2(stamp, Path(f"{target}.clean"))
    return target


def count_findings(post) -> int:
    """What the app's cache counts per post (ui/launch.py: the backend's checks, here the
    Dash rules the bulk posts are checked by)."""
    from dashtui.domain import rules

    return len(rules.check(post))


def python() -> str:
    """The real interpreter (not a pyenv shim, which would add its own start-up time)."""
    return sys.executable


def offline_client(config):
    """The app's DashClient, for an API root nobody listens on, failing at once instead of
    retrying with backoff: for benchmarks where the network is not what is measured."""
    from dashtui.backends.dash.client import DashClient
    from dashtui.backends.dash.urls import service_urls
    from dashtui.backends.dash.retry import RetryPolicy

    return DashClient(config.token_value(), service_urls(config), retry=RetryPolicy.never())


async def settle_offline(app, pilot) -> None:
    """Let the app's failed refreshes finish, and close what they opened (the error panel
    "Dash unreachable"), as a user would before working from the cache."""
    from textual.screen import ModalScreen

    await app.workers.wait_for_complete()
    await pilot.pause()
    while isinstance(app.screen, ModalScreen):
        app.pop_screen()
        await pilot.pause()

"""Refresh of one month, 10 platforms, 200 ms latency per request, against one request.

Budget (DESIGN.md): at most 1.5x one request.

The sandbox serves a brand over real HTTP (uvicorn on loopback) with a 200 ms latency fault
on every request. It runs in its own process, as a real server would: in-process, its
request handling would share this process's GIL with the client and blur what is measured.

- one request: DashClient.list_posts for one platform over the month (request, JSON, parse).
- refresh: SyncService.refresh of the same month, which is what the app runs: all ten
  platforms' lists concurrently over the one shared client, each written to the SQLite
  cache as it lands (replace_window: finding counts, JSON, upsert).
- wire only (for diagnosis, no budget): the same ten GETs with a bare httpx client that
  only reads the bytes; it shows how much of a refresh is the server and the network (the
  sandbox is one Python process, so it answers ten lists one after another).

Both reuse one client (its connection pool is warm after an unmeasured first round, as in
the app after the first refresh), alternate, and are repeated; the figure is the ratio of the
medians. Two brands are measured: the bulk brand (10,000 posts a year, about 830 a month:
the heavy case, and the budget figure) and the demo's first brand (a normal one).

Not measured here: the app's first refresh of a brand also fetches every platform's
unbounded list (undated drafts, SyncService.refresh(undated=True)), which is much slower on
a big brand; the budget is about the month.

    python benchmarks/refresh.py [--runs 7] [--latency 200] [--posts 10000] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import BULK_SEED, Result, bulk_now, median, report, spread  # noqa: E402

TOKEN = "bench-sandbox-token"
ONE = "instagram"  # the platform of the single request


def serve(kind: str, n_posts: int, latency_ms: float, conn) -> None:
    """The sandbox process: build the data, serve it, send the URL, wait to be told to stop."""
    from dashtui.backends.dash.sandbox.app import create_app
    from dashtui.backends.dash.sandbox.demo import build_bulk_state, build_demo_state
    from dashtui.backends.dash.sandbox.server import serve_in_thread

    now = bulk_now()
    state = build_bulk_state(n_posts, seed=BULK_SEED, now=now) if kind == "bulk" \
        else build_demo_state(now=now)
    state.frozen_at = now.isoformat()  # the publisher must not change posts between rounds
    app = create_app(state, token=TOKEN, demo=False, faults={"latency_ms": latency_ms},
                     rate_limit=1_000_000)
    with serve_in_thread(app) as url:
        conn.send(url)
        conn.recv()


async def measure(url: str, runs: int, brand_id: int, profile: bool) -> dict:
    from zoneinfo import ZoneInfo

    import httpx

    from dashtui.backends.dash.client import DashClient, iso_utc
    from dashtui.backends.dash.urls import ServiceURLs
    from dashtui.domain.platforms import Platform
    from dashtui.domain.timeutil import month_of, span
    from _common import count_findings
    from dashtui.store.cache import Cache
    from dashtui.store.sync import SyncService

    start, end = span(*month_of(bulk_now().date()), ZoneInfo("UTC"))
    with tempfile.TemporaryDirectory(prefix="dashtui-refresh-") as tmp:
        cache = Cache(Path(tmp) / "cache.sqlite3", count_findings=count_findings)
        async with DashClient(TOKEN, ServiceURLs.from_root(url)) as client:
            sync = SyncService(client, cache)

            async def one() -> float:
                t0 = time.perf_counter()
                await client.list_posts(ONE, brand_id, start, end)
                return time.perf_counter() - t0

            async def refresh() -> float:
                t0 = time.perf_counter()
                result = await sync.refresh(brand_id, start, end)
                if not result.ok:
                    raise RuntimeError(result.summary())
                return time.perf_counter() - t0

            scheduler = ServiceURLs.from_root(url).scheduler
            params = {"brand_ids": str(brand_id), "sort": "TIMESTAMP", "media_v2": "true",
                      "start": iso_utc(start), "end": iso_utc(end)}
            wire = httpx.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"},
                                     limits=httpx.Limits(max_connections=20))

            async def wire_only() -> float:
                t0 = time.perf_counter()
                answers = await asyncio.gather(*(
                    wire.get(f"{scheduler}/{p.value}/scheduled_posts", params=params)
                    for p in Platform))
                if any(a.status_code != 200 for a in answers):
                    raise RuntimeError([a.status_code for a in answers])
                return time.perf_counter() - t0

            # unmeasured: opens the pools' connections and fills the cache
            first = await sync.refresh(brand_id, start, end)
            await one()
            await wire_only()
            singles, refreshes, wires = [], [], []
            for _ in range(runs):
                singles.append(await one())
                refreshes.append(await refresh())
                wires.append(await wire_only())
            await wire.aclose()
            prof_text = ""
            if profile:
                import cProfile
                import io
                import pstats

                prof = cProfile.Profile()
                prof.enable()
                await refresh()
                prof.disable()
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(15)
                pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(30)
                prof_text = out.getvalue()
        cache.close()
    return {"singles": singles, "refreshes": refreshes, "wires": wires, "landed": first.landed,
            "profile": prof_text}


def run_one(kind: str, n_posts: int, latency: float, runs: int, profile: bool) -> dict:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve, args=(kind, n_posts, latency, child), daemon=True)
    server.start()
    try:
        if not parent.poll(120):
            raise RuntimeError("the sandbox did not start")
        url = parent.recv()
        brand_id = 144  # both the bulk brand and the demo's first brand
        return asyncio.run(measure(url, runs, brand_id, profile))
    finally:
        parent.send("stop")
        server.join(10)
        if server.is_alive():
            server.terminate()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--latency", type=float, default=200.0, help="ms added to every request")
    ap.add_argument("--posts", type=int, default=10_000, help="posts of the bulk brand")
    ap.add_argument("--profile", action="store_true", help="cProfile one refresh (client side)")
    args = ap.parse_args(argv)

    print(f"refresh: one month, 10 platforms, {args.latency:g} ms latency, {args.runs} runs")
    results = []
    for kind, label in (("bulk", f"bulk brand, {args.posts:,} posts a year"),
                        ("demo", "demo brand 144")):
        m = run_one(kind, args.posts, args.latency, args.runs, args.profile and kind == "bulk")
        s = [v * 1000 for v in m["singles"]]
        r = [v * 1000 for v in m["refreshes"]]
        w = [v * 1000 for v in m["wires"]]
        ratio = median(r) / median(s)
        month = sum(m["landed"].values())
        print(f"  {label}: {month} posts in the month ({m['landed'].get(ONE, 0)} on {ONE})")
        print(f"    one request {median(s):.0f} ms ({spread(s)}), refresh {median(r):.0f} ms "
              f"({spread(r)}) -> {ratio:.2f}x")
        print(f"    wire only, ten GETs read as bytes: {median(w):.0f} ms ({spread(w)}); the "
              f"rest of the refresh, {median(r) - median(w):.0f} ms, is the client's work")
        if m["profile"]:
            print("\n-- one refresh under cProfile (client side) --")
            print(m["profile"])
        if kind == "bulk":
            results.append(Result(
                f"refresh one month ({month} posts), 10 platforms, {args.latency:g} ms latency",
                f"{ratio:.2f}x one request ({median(r):.0f} vs {median(s):.0f} ms)",
                "≤ 1.5x", ratio <= 1.5,
                {"ratio": ratio, "refresh_ms": median(r), "single_ms": median(s),
                 "posts_in_month": month}))
        else:
            results.append(Result(
                f"refresh one month of the demo brand ({month} posts), for reference",
                f"{ratio:.2f}x one request ({median(r):.0f} vs {median(s):.0f} ms)",
                "≤ 1.5x", ratio <= 1.5, {"ratio": ratio}))
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""All-brands on-call refresh: 50 brands, 10 platforms, 200 ms latency per request, against
one request.

Budget (DESIGN.md): at most 2x one request, inside the rate limit.

The sandbox serves the demo generated for 50 brands (`dashtui sandbox --brands 50`, about
11,000 posts) over real HTTP, in its own process, with a 200 ms latency fault on every
request and the documented budget of 1000 requests a minute.

- one request: DashClient.list_posts for one platform and one brand over the on-call window.
- all brands: Session.refresh_failed(all_brands=True), what the all-brands failed view and
  `dashtui failed --all-brands` run: each platform asked once for all 50 brands
  (`brand_ids` comma-separated), every brand's window written to the cache.
- fallback (no budget, for reference): the same against a server that refuses a list of
  brands, so each platform is asked once per brand, eight at a time, inside the rate limit.

"requests" is what one refresh spends of the per-minute budget (from x-ratelimit-remaining
after a reset of the sandbox's windows). The figure is the ratio of the medians.

    python benchmarks/all_brands.py [--runs 5] [--latency 200] [--brands 50]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import Result, bulk_now, median, report, spread  # noqa: E402

TOKEN = "bench-sandbox-token"
RATE_LIMIT = 1000  # the documented per-minute budget


def serve(n_brands: int, latency_ms: float, conn) -> None:
    from dashtui.backends.dash.sandbox.app import create_app
    from dashtui.backends.dash.sandbox.demo import build_demo_state
    from dashtui.backends.dash.sandbox.server import serve_in_thread

    now = bulk_now()
    state = build_demo_state(now=now, brands=n_brands)
    state.frozen_at = now.isoformat()  # the publisher must not change posts between rounds
    app = create_app(state, token=TOKEN, demo=False, faults={"latency_ms": latency_ms},
                     rate_limit=RATE_LIMIT)
    with serve_in_thread(app) as url:
        conn.send(url)
        conn.recv()


async def measure(url: str, runs: int) -> dict:
    import httpx

    from dashtui.backends.dash.client import DashClient
    from dashtui.backends.dash.urls import ServiceURLs
    from dashtui.config import Config
    from _common import count_findings
    from dashtui.session import Session
    from dashtui.store.cache import Cache
    from dashtui.store.outbox import Outbox

    control = httpx.AsyncClient(base_url=f"{url}/_sandbox",
                                headers={"Authorization": f"Bearer {TOKEN}"})

    async def reset_budget() -> None:
        (await control.post("/ratelimit", json={"limit": RATE_LIMIT})).raise_for_status()

    now = bulk_now()
    with tempfile.TemporaryDirectory(prefix="dashtui-all-brands-") as tmp:
        cache = Cache(Path(tmp) / "cache.sqlite3", count_findings=count_findings)
        outbox = Outbox(Path(tmp) / "outbox.sqlite3")
        async with DashClient(TOKEN, ServiceURLs.from_root(url)) as client:
            session = Session(Config(), client, cache, outbox, clock=lambda: now)
            await session.load_brands()
            start, end = session.failed_window()
            first = session.brands[0].id

            def spent() -> int:
                seen = client.rate_limit
                return RATE_LIMIT - (seen.remaining or 0) if seen else 0

            async def one() -> float:
                t0 = time.perf_counter()
                await client.list_posts("instagram", first, start, end)
                return time.perf_counter() - t0

            async def all_brands() -> tuple[float, int]:
                await reset_budget()
                t0 = time.perf_counter()
                results = await session.refresh_failed(all_brands=True)
                took = time.perf_counter() - t0
                bad = [r for r in results if not r.ok]
                if bad:
                    raise RuntimeError(bad[0].summary())
                return took, spent()

            await all_brands()  # unmeasured: warms the pool and fills the cache
            await one()
            singles, refreshes, used = [], [], []
            for _ in range(runs):
                singles.append(await one())
                took, n = await all_brands()
                refreshes.append(took)
                used.append(n)
            posts = cache.count()
            # the fallback, once: a server that takes one brand per list
            (await control.post("/profile", json={"multi_brand_lists": False})
             ).raise_for_status()
            fallback, fallback_used = await all_brands()
            assert client.multi_brand_refused
        outbox.close()
        cache.close()
    await control.aclose()
    return {"singles": singles, "refreshes": refreshes, "used": used, "posts": posts,
            "brands": len(session.brands), "fallback": fallback,
            "fallback_used": fallback_used, "window_days": (end - start) / timedelta(days=1)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--latency", type=float, default=200.0, help="ms added to every request")
    ap.add_argument("--brands", type=int, default=50)
    args = ap.parse_args(argv)

    print(f"all-brands refresh: {args.brands} brands, 10 platforms, {args.latency:g} ms "
          f"latency, {args.runs} runs")
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve, args=(args.brands, args.latency, child), daemon=True)
    server.start()
    try:
        if not parent.poll(180):
            raise RuntimeError("the sandbox did not start")
        m = asyncio.run(measure(parent.recv(), args.runs))
    finally:
        parent.send("stop")
        server.join(10)
        if server.is_alive():
            server.terminate()
    s = [v * 1000 for v in m["singles"]]
    r = [v * 1000 for v in m["refreshes"]]
    ratio = median(r) / median(s)
    used = max(m["used"])
    print(f"  {m['brands']} brands, {m['posts']} posts cached from the "
          f"{m['window_days']:.0f}-day on-call window")
    print(f"    one request {median(s):.0f} ms ({spread(s)}), all brands {median(r):.0f} ms "
          f"({spread(r)}) -> {ratio:.2f}x, {used} requests of {RATE_LIMIT}/min")
    fb = m["fallback"] * 1000
    print(f"    fallback (one call per brand): {fb:.0f} ms -> {fb / median(s):.1f}x, "
          f"{m['fallback_used']} requests of {RATE_LIMIT}/min")
    ok = ratio <= 2.0 and used <= RATE_LIMIT and m["fallback_used"] <= RATE_LIMIT
    report([
        Result(f"all-brands refresh, {m['brands']} brands x 10 platforms, "
               f"{args.latency:g} ms latency",
               f"{ratio:.2f}x one request ({median(r):.0f} vs {median(s):.0f} ms), "
               f"{used} requests", "≤ 2x, inside 1000 requests/min", ok,
               {"ratio": ratio, "refresh_ms": median(r), "single_ms": median(s),
                "requests": used, "fallback_ms": fb, "fallback_requests": m["fallback_used"]}),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

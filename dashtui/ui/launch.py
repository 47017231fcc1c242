"""Wire config -> client -> cache -> session -> app, for real use and for `--demo`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from ..api.client import DashClient
from ..demo import DEMO_TOKEN, demo_client, demo_home
from ..config import TOKEN_ENV, Config, config_path, data_dir
from ..session import Clock, Session, post_checks, utc_now
from ..store.cache import Cache
from ..store.outbox import Outbox
from .app import DashApp

def build_app(config: Config, *, client: DashClient, cache_dir: Path, demo: bool = False,
              clock: Clock = utc_now) -> DashApp:
    # findings are counted against the session's clock, so a frozen demo/test clock holds
    check = post_checks(config, clock)
    cache = Cache(cache_dir / "cache.sqlite3", count_findings=lambda post: len(check(post)))
    outbox = Outbox(cache_dir / "outbox.sqlite3")  # apart from the cache: never thrown away
    return DashApp(Session(config, client, cache, outbox, demo=demo, clock=clock))


def build_demo_app(config: Config, cache_dir: Path, *, now: datetime | None = None,
                   seed: int = 7, profile: str = "strict", brands: int | None = None
                   ) -> DashApp:
    """The app over an in-process sandbox; with `now`, the clock is frozen there (tests).
    profile: the sandbox's reading of the docs ("strict" or "lenient"); brands: demo data
    for that many brands instead of three."""
    from ..sandbox.app import create_app
    from ..sandbox.demo import build_demo_state

    if not config.brand_timezones:  # the demo brands post in their own local zones
        config = config.model_copy(update={"brand_timezones": {
            "144": "America/Los_Angeles", "2000": "America/Denver", "3100": "America/New_York"}})
    state = build_demo_state(seed=seed, now=now, brands=brands)
    if now is not None:
        state.frozen_at = now.isoformat()
    sandbox = create_app(state, token=DEMO_TOKEN, profile=profile)
    clock = (lambda: now) if now is not None else utc_now
    app = build_app(config, client=demo_client(sandbox), cache_dir=cache_dir, demo=True,
                    clock=clock)
    app.sandbox_app = sandbox  # tests reach the sandbox's state and faults through this
    return app


def run_tui(config: Config, *, demo: bool = False) -> int:
    if demo:
        with demo_home() as tmp:  # removed on SIGHUP/SIGTERM too
            # the showcase takes the lenient reading, so its undated drafts show too
            app = build_demo_app(config, tmp, profile="lenient")
            app.run()
        return app.return_code or 0
    token = config.token_value()
    if not token:
        print(f"dashtui: no API token. Set {TOKEN_ENV} or `token = \"...\"` in "
              f"{config_path()}, or try `dashtui --demo`.", file=sys.stderr)
        return 2
    client = DashClient(token, config.urls())
    app = build_app(config, client=client, cache_dir=data_dir())
    app.run()
    return app.return_code or 0

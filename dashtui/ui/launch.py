"""Wire config -> client -> cache -> session -> app, for real use and for `--demo`."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import datetime
from pathlib import Path

from .. import backends
from ..backend import Backend
from ..demo import demo_client, demo_home
from ..config import TOKEN_ENV, Config, ConfigError, check_keymap, config_path, data_dir
from ..session import Clock, Session, post_checks, utc_now
from ..store.cache import Cache
from ..store.outbox import Outbox
from .app import DashApp

def binding_ids() -> set[str]:
    """Every binding id of the app, its screens and widgets (what `[keymap]` may name).

    Imports every UI module, which start-up otherwise avoids: only done for a keymap."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    from . import screens, widgets

    for package in (screens, widgets):
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
    ids: set[str] = set()
    todo: list[type] = [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("dashtui."):
            for binding in cls.__dict__.get("BINDINGS", []):
                if getattr(binding, "id", None):
                    ids.add(binding.id)
    return ids


def validate(config: Config) -> None:
    """Config errors only the UI can find; raises ConfigError."""
    if config.keymap:
        check_keymap(config.keymap, binding_ids())


def build_app(config: Config, *, client: Backend, cache_dir: Path, demo: bool = False,
              clock: Clock = utc_now) -> DashApp:
    validate(config)
    # findings are counted against the session's clock, so a frozen demo/test clock holds
    check = post_checks(config, clock, client)
    cache = Cache(cache_dir / "cache.sqlite3", count_findings=lambda post: len(check(post)),
                  backend=client.name)
    # apart from the cache: never thrown away
    outbox = Outbox(cache_dir / "outbox.sqlite3", backend=client.name)
    return DashApp(Session(config, client, cache, outbox, demo=demo, clock=clock))


def build_demo_app(config: Config, cache_dir: Path, *, now: datetime | None = None,
                   seed: int = 7, profile: str = "strict", brands: int | None = None
                   ) -> DashApp:
    """The app over an in-process sandbox; with `now`, the clock is frozen there (tests).
    profile: the sandbox's reading of the docs ("strict" or "lenient"); brands: demo data
    for that many brands instead of three."""
    if not config.brand_timezones:  # the demo brands post in their own local zones
        config = config.model_copy(update={"brand_timezones": {
            "144": "America/Los_Angeles", "2000": "America/Denver", "3100": "America/New_York"}})
    sandbox = backends.demo_sandbox(now=now, seed=seed, profile=profile, brands=brands)
    clock = (lambda: now) if now is not None else utc_now
    app = build_app(config, client=demo_client(sandbox), cache_dir=cache_dir, demo=True,
                    clock=clock)
    app.sandbox_app = sandbox  # tests reach the sandbox's state and faults through this
    return app


def flush_buffers(app: DashApp) -> None:
    """Write every open editor's buffer now (it is written on each change already; this
    catches a change still in flight)."""
    for screen in list(app.screen_stack):
        write = getattr(screen, "write_buffer", None)
        if write is not None:
            try:
                write()
            except Exception:  # noqa: BLE001 - going down anyway; the last copy stays
                pass


def exit_on_hangup(app: DashApp) -> None:
    """SIGHUP (the terminal or SSH session went away) and SIGTERM: flush the editor's buffer
    and leave cleanly, so on_unmount closes the stores and --demo removes its directory."""

    def leave(signum: int) -> None:
        flush_buffers(app)
        app.exit(return_code=128 + signum)

    def handler(signum: int, frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not started yet, or already stopped: nothing open to flush
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(leave, signum)  # run in the loop, not inside whatever was interrupted

    for number in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(number, handler)


def run_tui(config: Config, *, demo: bool = False) -> int:
    try:
        validate(config)
    except ConfigError as exc:  # like every other config error: said, exit 2
        print(f"dashtui: {exc}", file=sys.stderr)
        return 2
    if demo:
        with demo_home() as tmp:  # removed on SIGHUP/SIGTERM too
            # the showcase takes the lenient reading, so its undated drafts show too
            app = build_demo_app(config, tmp, profile="lenient")
            exit_on_hangup(app)
            app.run()
        return app.return_code or 0
    token = config.token_value()
    if not token:
        print(f"dashtui: no API token. Set {TOKEN_ENV} or `token = \"...\"` in "
              f"{config_path()}, or try `dashtui --demo`.", file=sys.stderr)
        return 2
    client = backends.from_config(config)
    app = build_app(config, client=client, cache_dir=data_dir())
    exit_on_hangup(app)
    app.run()
    return app.return_code or 0

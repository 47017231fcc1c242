"""Wire config -> client -> cache -> session -> app, for real use and for `--demo`."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import backends
from ..accounts import account_dir, other_brands
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

    from . import command_line, editor, screens, widgets  # noqa: F401  (command_line: its keys)

    # every package of screens (the editor's too): an id known only once its module happened
    # to load would be an error on one run and fine on the next
    for package in (screens, widgets, editor):
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


def _tally(findings: list) -> int:
    """The list's check column (widgets/post_render.findings_cell): the errors when there
    are any (✗2), else minus the warnings (⚠1). Here, not in domain/rules, which loads the
    models: not before the first frame."""
    n_errors = sum(1 for f in findings if f.severity == "error")
    return n_errors if n_errors else -len(findings)


def build_app(config: Config, *, client: Backend, cache_dir: Path, demo: bool = False,
              clock: Clock = utc_now) -> DashApp:
    validate(config)
    cache_dir.mkdir(parents=True, exist_ok=True)  # an account's first run
    # findings are counted against the session's clock, so a frozen demo/test clock holds
    check = post_checks(config, clock, client)
    cache = Cache(cache_dir / "cache.sqlite3", count_findings=lambda post: _tally(check(post)),
                  backend=client.name)
    # apart from the cache: never thrown away
    outbox = Outbox(cache_dir / "outbox.sqlite3", backend=client.name)
    return DashApp(Session(config, client, cache, outbox, demo=demo, clock=clock))


def demo_config(config: Config, kind: str = "dash") -> Config:
    """The demo's config: one demo account of each backend, `kind`'s open first, so `b`
    can switch to the others' workspaces."""
    from ..config import BACKEND_LABELS as LABELS
    from ..config import Account

    accounts = [Account(name=f"{LABELS[k]} demo", backend=k) for k in backends.KINDS]  # type: ignore[arg-type]
    update: dict = {"accounts": accounts, "account": f"{LABELS[kind]} demo",
                    "token": None, "api_root": None}
    if not config.brand_timezones:  # the demo brands post in their own local zones
        update["brand_timezones"] = {
            "144": "America/Los_Angeles", "2000": "America/Denver", "3100": "America/New_York"}
    return config.model_copy(update=update)


def build_demo_app(config: Config, cache_dir: Path, *, now: datetime | None = None,
                   seed: int = 7, profile: str = "strict", brands: int | None = None,
                   kind: str = "dash", sandbox: Any = None) -> DashApp:
    """The app over an in-process sandbox of `kind`; with `now`, the clock is frozen there
    (tests). profile: the sandbox's reading of the docs ("strict" or "lenient"); brands:
    Dash demo data for that many brands instead of three; sandbox: one already running
    (the demo keeps each backend's across account switches)."""
    if not config.accounts:
        config = demo_config(config, kind)
    if sandbox is None:
        sandbox = backends.demo_sandbox(kind, now=now, seed=seed, profile=profile,
                                        brands=brands)
    clock = (lambda: now) if now is not None else utc_now
    app = build_app(config, client=demo_client(sandbox, kind),
                    cache_dir=cache_dir, demo=True, clock=clock)
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


def run_tui(config: Config, *, demo: bool = False, kind: str | None = None) -> int:
    """The TUI on the config's account (or the demo of `kind`); `b` may pick another
    account's brand, which ends that app and opens the next here."""
    try:
        validate(config)
    except ConfigError as exc:  # like every other config error: said, exit 2
        print(f"dashtui: {exc}", file=sys.stderr)
        return 2
    if demo:
        with demo_home() as tmp:  # removed on SIGHUP/SIGTERM too
            config = demo_config(config, kind or "dash")
            sandboxes: dict[str, Any] = {}

            def open_demo(config: Config) -> DashApp:
                account = config.active_account()
                if account.backend not in sandboxes:
                    # the Dash showcase takes the lenient reading, so its undated drafts show
                    sandboxes[account.backend] = backends.demo_sandbox(
                        account.backend,
                        profile="lenient" if account.backend == "dash" else "strict")
                return build_demo_app(config, account_dir(tmp / "demo", account),
                                      kind=account.backend,
                                      sandbox=sandboxes[account.backend])

            return _run_accounts(config, open_demo, tmp / "demo")
    if kind is not None:
        if config.find_account(kind) is None:
            print(f"dashtui: no {kind} account in {config_path()}: add an [[accounts]] entry "
                  f"with backend = \"{kind}\", or try `dashtui --demo --backend {kind}`.",
                  file=sys.stderr)
            return 2
        config = config.model_copy(update={"account": kind})
    account = config.active_account()
    if not account.token_value():
        where = (f"Set {TOKEN_ENV} or `token = \"...\"` in {config_path()}"
                 if account.implicit else
                 f"Set `token` or `token_env` in the [[accounts]] entry {account.name!r}")
        print(f"dashtui: no API token. {where}, or try `dashtui --demo`.", file=sys.stderr)
        return 2

    def open_real(config: Config) -> DashApp:
        account = config.active_account()
        return build_app(config, client=backends.from_account(account),
                         cache_dir=account_dir(data_dir(), account))

    return _run_accounts(config, open_real, data_dir())


def _run_accounts(config: Config, open_app: Callable[[Config], DashApp], root: Path) -> int:
    while True:
        app = open_app(config)
        app.other_accounts = lambda config=config: other_brands(config, root)
        exit_on_hangup(app)
        app.run()
        choice = app.switch_to
        if choice is None:
            return app.return_code or 0
        account = config.find_account(choice.account)
        brand = choice.brand_id if choice.brand_id is not None else \
            (account.brand if account is not None else None)
        config = config.model_copy(update={"account": choice.account, "brand": brand})

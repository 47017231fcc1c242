"""`dashtui doctor`: is this setup able to talk to Dash? Says what is wrong and how to fix it."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta, timezone
from typing import TextIO

from . import backends
from .backend import Backend
from .errors import AuthError, BackendError, ForbiddenError, NotFoundError
from .config import TOKEN_ENV, Config, config_path
from .domain.platforms import Platform
from .termsafe import say

OK, FAIL = "ok  ", "FAIL"


class _Report:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.failed = False

    def line(self, ok: bool, what: str, detail: str = "", fix: str = "") -> None:
        self.failed |= not ok
        # brand names and server messages are API text: escaped on a terminal
        say(self.out, f"[{OK if ok else FAIL}] {what}{': ' + detail if detail else ''}")
        if fix and not ok:
            say(self.out, f"       fix: {fix}")


def run_doctor(config: Config, *, config_file: str | None = None,
               out: TextIO | None = None, demo: bool = False, kind: str = "dash") -> int:
    report = _Report(out or sys.stdout)
    path = config_path(config_file)
    report.line(True, "config", str(path) if path.exists() else f"{path} (not present; defaults)")
    if demo:
        from .demo import demo_sandbox_client

        client = demo_sandbox_client(kind)
        report.line(True, "token", "--demo: the built-in sandbox's; no account is used")
    elif token := config.token_value():
        account = config.active_account()
        if len(config.all_accounts()) > 1 or not account.implicit:
            report.line(True, "account", f"{account.name} ({account.backend})")
        client = backends.from_config(config, timeout=10)
        report.line(True, "token", "set (hidden)")
    elif not config.active_account().implicit:
        report.line(False, "token", f"account {config.active_account().name!r} has no token",
                    "set `token` or `token_env` in its [[accounts]] entry")
        return 1
    else:
        report.line(False, "token", "no API token set",
                    f"export {TOKEN_ENV}=... or put `token = \"...\"` in {path}. The key is in "
                    "Dash Social's Developer section. To try dashtui without one: dashtui --demo")
        return 1
    report.line(True, "time zone", str(config.zone().key))
    asyncio.run(_check_services(client, config, report))
    return 1 if report.failed else 0


async def _check_services(client: Backend, config: Config, report: _Report) -> None:
    urls = client.endpoints()
    service = client.capabilities.label
    identity = f"auth service {urls['auth']}" if "auth" in urls else \
        f"{service} API {next(iter(urls.values()), '')}"
    async with client:
        try:
            me = await client.whoami()
        except BackendError as exc:
            fix = ("check the token: it may be expired or mistyped" if isinstance(exc, AuthError)
                   else "check your network, or api_root / [services] in the config")
            report.line(False, identity, str(exc), fix)
            return
        brands = me.brand_list()
        report.line(bool(brands), identity,
                    f"token reaches {len(brands)} brand(s): "
                    + ", ".join(f"{b.name} ({b.id})" for b in brands[:5]),
                    f"this token reaches no brand; ask a {service} admin for access")
        if not brands:
            return
        wanted = config.brand
        brand = me.find_brand(wanted) if wanted is not None else brands[0]
        if brand is None:
            report.line(False, "brand", f"{wanted!r} is not among the token's brands",
                        "set `brand` in the config to one of: "
                        + ", ".join(f"{b.id} ({b.slug})" for b in brands))
            brand = brands[0]
        now = datetime.now(timezone.utc)
        platform = (client.capabilities.platforms or (Platform.INSTAGRAM.value,))[0]
        where = f"scheduler service {urls['scheduler']}" if "scheduler" in urls else \
            f"{service} posts"
        await _probe(report, where, client.list_posts(
            platform, brand.id, now, now + timedelta(days=1)))
        if "pinterest" in urls:
            await _probe(report, f"pinterest service {urls['pinterest']}",
                         client.list_boards(brand.id))
        if "library" in urls:
            # a media id that can't exist: a 404 proves the service answered for this brand
            await _probe(report, f"library service {urls['library']}",
                         client.get_media(brand.id, 0), not_found_ok=True)


async def _probe(report: _Report, what: str, call, *, not_found_ok: bool = False) -> None:
    try:
        await call
    except NotFoundError:
        if not_found_ok:
            report.line(True, what, "reachable")
            return
        report.line(False, what, "not found", "check api_root / [services] in the config")
    except ForbiddenError as exc:
        report.line(False, what, str(exc), "the token can't reach this brand")
    except BackendError as exc:
        report.line(False, what, str(exc), "check your network, or api_root / [services]")
    else:
        report.line(True, what, "reachable")

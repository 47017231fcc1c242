"""`dashtui failed` and `dashtui export`: the same data as the TUI, for shells and scripts."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from .api.client import DashClient
from .api.errors import DashError
from .config import TOKEN_ENV, Config
from .domain.platforms import Platform
from .domain.posts import Status
from .domain.timeutil import span
from .report import failed_items, failed_json, failed_text, failed_window, fetch, render_export

EXIT_FAILED, EXIT_USAGE, EXIT_UNCHECKED = 1, 2, 3


def _client(config: Config, demo: bool) -> DashClient | None:
    if demo:
        from .demo import DEMO_TOKEN, demo_client
        from .sandbox.app import create_app

        return demo_client(create_app(token=DEMO_TOKEN))
    token = config.token_value()
    if not token:
        print(f"dashtui: no API token. Set {TOKEN_ENV} or `token` in the config "
              "(or try --demo).", file=sys.stderr)
        return None
    return DashClient(token, config.urls())


async def _brands(client: DashClient, config: Config, every: bool):
    me = await client.whoami()
    brands = me.brand_list()
    if config.brands:
        brands = [b for b in brands if b.id in config.brands]
    if every:
        return brands
    if config.brand is not None:
        brand = me.find_brand(config.brand)
        if brand is None:
            raise LookupError(f"brand {config.brand!r} is not among the token's brands")
        return [brand]
    return brands[:1]


def run_failed(config: Config, args: argparse.Namespace) -> int:
    client = _client(config, args.demo)
    if client is None:
        return EXIT_USAGE
    now = datetime.now(timezone.utc)

    async def go():
        async with client:
            brands = await _brands(client, config, args.all_brands)
            items, problems = await fetch(client, brands, *failed_window(
                now, args.days or config.failed_days))
            return failed_items(items), problems

    try:
        items, problems = asyncio.run(go())
    except (DashError, LookupError) as exc:
        print(f"dashtui: {exc}", file=sys.stderr)
        return EXIT_UNCHECKED
    if args.json:
        print(json.dumps(failed_json(items, now, problems), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(failed_text(items, now, config.zone(), problems))
    if items:
        return EXIT_FAILED
    return EXIT_UNCHECKED if problems else 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def _choices(text: str | None, known: set[str], what: str, upper: bool) -> set[str] | None:
    if not text:
        return None
    values = {v.strip().upper() if upper else v.strip().lower() for v in text.split(",")}
    unknown = values - known
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(sorted(unknown))} (known: "
                         f"{', '.join(sorted(known))})")
    return values


def run_export(config: Config, args: argparse.Namespace) -> int:
    try:
        first, last = _day(args.start), _day(args.end)
        if last < first:
            raise ValueError("--to is before --from")
        statuses = _choices(args.status, {s.value for s in Status}, "status", True)
        platforms = _choices(args.platform, {p.value for p in Platform}, "platform", False)
    except ValueError as exc:
        print(f"dashtui: {exc}", file=sys.stderr)
        return EXIT_USAGE
    client = _client(config, args.demo)
    if client is None:
        return EXIT_USAGE
    zone = config.zone()

    async def go():
        async with client:
            brands = await _brands(client, config, args.all_brands)
            chosen = [Platform(p) for p in sorted(platforms)] if platforms else list(Platform)
            return await fetch(client, brands, *span(first, last, zone), chosen)

    try:
        items, problems = asyncio.run(go())
    except (DashError, LookupError) as exc:
        print(f"dashtui: {exc}", file=sys.stderr)
        return EXIT_UNCHECKED
    if statuses:
        items = [i for i in items if i.status in statuses]
    text = render_export(items, args.format, zone)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {len(items)} post(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    for problem in problems:
        print(f"dashtui: could not export {problem}", file=sys.stderr)
    return EXIT_UNCHECKED if problems else 0
